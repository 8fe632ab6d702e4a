/**
 * Throughput of the push hot path: signature check + decrypt + decode of a ~600-byte secure-mode
 * JSON push, against node's raw AES-256-CBC decryption of the same ciphertext bytes.
 * Run: npx tsx bench/wechat-decode.ts
 */
import { createDecipheriv } from 'node:crypto';
import { aesKeyFrom, decodePush, encodePush, type PushChannel, type WechatPush } from '../libs/wechat/src';

const channel: PushChannel = {
  token: 'benchToken123',
  appId: 'wx1234567890abcdef',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  mode: 'secure',
  format: 'json',
};

const push: WechatPush = {
  category: 'message',
  type: 'text',
  toUserName: 'gh_97417a04a28d',
  fromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
  createTime: 1714112445,
  msgId: '24512553542513459291',
  content: '你好，我想查询一下订单 #20240426-0001 的物流状态，昨天下单的，到现在还没有发货，麻烦帮忙看一下。Thanks! 😀 Order placed via the mini-program, paid by WeChat Pay.',
  raw: Object.create(null),
};

const { body, query } = encodePush({ push, channel, timestamp: '1714112445', nonce: '415670741' });
const encrypt = JSON.parse(body).Encrypt as string;
const ciphertext = Buffer.from(encrypt, 'base64');
const key = aesKeyFrom(channel.encodingAesKey ?? '');
const iv = key.subarray(0, 16);

/** Operations per second of `run` over a slice of `durationMs`. */
function rate(run: () => void, durationMs: number): number {
  let operations = 0;
  const started = performance.now();
  let now = started;
  while (now - started < durationMs) {
    for (let i = 0; i < 50; i++) run();
    operations += 50;
    now = performance.now();
  }
  return (operations * 1000) / (now - started);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Results are summed into `sink` and checked at the end so the work cannot be optimised away. */
let sink = 0;
const decode = () => {
  const { event } = decodePush({ body, query, channel });
  sink += event.createTime;
};
const rawAes = () => {
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  decipher.setAutoPadding(false);
  sink += decipher.update(ciphertext).length + decipher.final().length;
};

if (decodePush({ body, query, channel }).event.type !== 'text') throw new Error('bench push did not decode');

for (let i = 0; i < 5000; i++) {
  decode();
  rawAes();
}
// Alternating rounds long enough for each side to pay for its own garbage collection (short slices
// would charge the cipher objects freed by the raw side to the decoder); medians ignore rounds
// disturbed by other processes.
const wechatRates: number[] = [];
const rawRates: number[] = [];
const ratios: number[] = [];
for (let round = 0; round < 7; round++) {
  const wechat = rate(decode, 300);
  const raw = rate(rawAes, 300);
  wechatRates.push(wechat);
  rawRates.push(raw);
  ratios.push(wechat / raw);
}
const wechatOps = median(wechatRates);
const rawOps = median(rawRates);
const ratio = median(ratios);
console.log(`body: ${Buffer.byteLength(body)} bytes, ciphertext: ${ciphertext.length} bytes`);
console.log(`wechat-decode: ${Math.round(wechatOps)} ops/s, raw aes: ${Math.round(rawOps)} ops/s, ratio ${ratio.toFixed(2)}`);
if (sink === 0) throw new Error('no work was measured');
