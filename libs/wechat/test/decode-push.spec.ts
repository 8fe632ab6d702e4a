import { describe, expect, it } from 'vitest';
import {
  answerHandshake,
  decodePush,
  dedupKey,
  encodePush,
  handshakeSignature,
  messageSignature,
  PushError,
  timestampWithin,
  writeXml,
  type DecodePushInput,
  type PushChannel,
  type PushErrorReason,
  type PushFormat,
  type PushMode,
  type WechatPush,
} from '../src';
import { randomEncodingAesKey } from './helpers';
import { changeOneDigit, HANDSHAKE, VECTOR_A, VECTOR_C } from './vectors';

const raw = Object.create(null);
const base = { toUserName: 'gh_abc', fromUserName: 'oUSER', createTime: 1482048670, raw };

/** One push of every modelled type. */
const SAMPLES: WechatPush[] = [
  { ...base, category: 'message', msgId: '4561255354251345929', type: 'text', content: '你好 😀 <a href="x">]]></a>' },
  { ...base, category: 'message', msgId: '1', type: 'text', content: '满意', bizMsgMenuId: '101' },
  { ...base, category: 'message', msgId: '2', type: 'image', picUrl: 'https://cdn/x.jpg', mediaId: 'm1' },
  {
    ...base,
    category: 'message',
    msgId: '3',
    type: 'miniprogrampage',
    title: 'title',
    appId: 'wx1234567890abcdef',
    pagePath: 'pages/index/index?x=1&y=2',
    thumbUrl: '',
    thumbMediaId: '',
  },
  { ...base, category: 'message', msgId: '4', type: 'voice', mediaId: 'v', format: 'amr', recognition: '你好' },
  { ...base, category: 'message', msgId: '5', type: 'voice', mediaId: 'v', format: 'amr' },
  { ...base, category: 'message', msgId: '6', type: 'video', mediaId: 'v', thumbMediaId: 't' },
  { ...base, category: 'message', msgId: '7', type: 'shortvideo', mediaId: 'v', thumbMediaId: 't' },
  { ...base, category: 'message', msgId: '8', type: 'location', latitude: 23.134521, longitude: 113.358803, scale: 20, label: '广州' },
  { ...base, category: 'message', msgId: '9', type: 'link', title: 't', description: 'd', url: 'https://x' },
  { ...base, category: 'event', type: 'user_enter_tempsession', sessionFrom: '{"v":1,"nick":"张三"}' },
  { ...base, category: 'event', type: 'subscribe', eventKey: 'qrscene_123', ticket: 'TICKET' },
  { ...base, category: 'event', type: 'subscribe' },
  { ...base, category: 'event', type: 'unsubscribe' },
  { ...base, category: 'event', type: 'click', eventKey: 'MENU_1' },
  { ...base, category: 'event', type: 'unknown', msgType: 'event', event: 'VIEW' },
  { ...base, category: 'message', type: 'unknown', msgType: 'file', msgId: '10' },
];

function withoutRaw(push: WechatPush): Omit<WechatPush, 'raw'> {
  const { raw: _raw, ...rest } = push;
  return rest;
}

function channel(mode: PushMode, format: PushFormat): PushChannel {
  return { token: 'tok-en', appId: 'wx1234567890abcdef', encodingAesKey: randomEncodingAesKey(), mode, format };
}

function reasonOf(input: DecodePushInput): PushErrorReason | 'no error' {
  try {
    decodePush(input);
    return 'no error';
  } catch (error) {
    if (error instanceof PushError) return error.reason;
    throw error;
  }
}

describe('decodePush round trips', () => {
  const modes: PushMode[] = ['plain', 'compatible', 'secure'];
  const formats: PushFormat[] = ['json', 'xml'];
  for (const mode of modes) {
    for (const format of formats) {
      it(`decodes every push type in ${mode} mode, ${format}`, () => {
        const ch = channel(mode, format);
        for (const push of SAMPLES) {
          const { body, query } = encodePush({ push, channel: ch, timestamp: '1700000000', nonce: 'abc' });
          expect(body.trimStart()[0]).toBe(format === 'json' ? '{' : '<');
          const decoded = decodePush({ body, query, channel: ch });
          expect(withoutRaw(decoded.event)).toEqual(withoutRaw(push));
          expect(decoded.encrypted).toBe(mode !== 'plain');
          expect(decoded.format).toBe(format);
        }
      });
    }
  }

  it('in compatible mode uses the plaintext when the push is not marked encrypt_type=aes', () => {
    const ch = channel('compatible', 'xml');
    const { body, query } = encodePush({ push: SAMPLES[0], channel: ch, timestamp: '1', nonce: 'n' });
    const decoded = decodePush({ body, query: { signature: query.signature, timestamp: '1', nonce: 'n' }, channel: ch });
    expect(decoded.encrypted).toBe(false);
    expect(decoded.event.type).toBe('text');
  });

  it('opens pushes encrypted with the previous key after a rotation', () => {
    const old = channel('secure', 'json');
    const { body, query } = encodePush({ push: SAMPLES[0], channel: old, timestamp: '1', nonce: 'n' });
    const rotated = { ...old, encodingAesKey: randomEncodingAesKey(), previousEncodingAesKey: old.encodingAesKey };
    const decoded = decodePush({ body, query, channel: rotated });
    expect(decoded.keyUsed).toBe('previous');
    expect(reasonOf({ body, query, channel: { ...rotated, previousEncodingAesKey: undefined } })).toBe('decrypt_failed');
  });
});

describe('decodePush with the known-answer vectors', () => {
  it('Vector A: secure JSON push', () => {
    const decoded = decodePush({
      body: VECTOR_A.body,
      query: VECTOR_A.query,
      channel: { token: VECTOR_A.token, appId: VECTOR_A.appId, encodingAesKey: VECTOR_A.encodingAesKey, mode: 'secure', format: 'json' },
    });
    expect(decoded.plaintext).toBe(VECTOR_A.plaintext);
    expect(decoded.encrypted).toBe(true);
    expect(decoded.event).toMatchObject({
      type: 'unknown',
      category: 'event',
      event: 'debug_demo',
      fromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      createTime: 1714112445,
    });
    expect(decoded.event.raw.debug_str).toBe('hello world');
  });

  const wecom = { token: VECTOR_C.token, appId: VECTOR_C.corpId, encodingAesKey: VECTOR_C.encodingAesKey, mode: 'secure' as const };

  it('Vector C2: secure XML push with a 64-bit MsgId', () => {
    const { c2 } = VECTOR_C;
    const body = writeXml({ ToUserName: VECTOR_C.corpId, Encrypt: c2.encrypt, AgentID: 218 });
    const decoded = decodePush({
      body,
      query: { timestamp: c2.timestamp, nonce: c2.nonce, msg_signature: c2.msgSignature, encrypt_type: 'aes' },
      channel: { ...wecom, format: 'xml' },
    });
    expect(decoded.plaintext).toBe(c2.plaintext);
    expect(decoded.event).toMatchObject({ type: 'text', content: 'hello', msgId: '4561255354251345929', fromUserName: 'mycreate' });
  });

  it('Vector C3: secure JSON push keeps the MsgId digits JSON.parse would lose', () => {
    const { c3 } = VECTOR_C;
    const decoded = decodePush({
      body: `{"ToUserName":"${VECTOR_C.corpId}","Encrypt":"${c3.encrypt}","AgentID":218}`,
      query: { timestamp: c3.timestamp, nonce: c3.nonce, msg_signature: c3.msgSignature, encrypt_type: 'aes' },
      channel: { ...wecom, format: 'json' },
    });
    expect(decoded.plaintext).toBe(c3.plaintext);
    expect(decoded.event).toMatchObject({ type: 'text', msgId: '4561255354251345929', createTime: 1409659813 });
  });
});

describe('decodePush errors', () => {
  const a = {
    body: VECTOR_A.body,
    query: VECTOR_A.query,
    channel: { token: VECTOR_A.token, appId: VECTOR_A.appId, encodingAesKey: VECTOR_A.encodingAesKey, mode: 'secure', format: 'json' } as PushChannel,
  };

  it('bad_signature: nonce changed, msg_signature missing, timestamp missing', () => {
    expect(reasonOf({ ...a, query: { ...a.query, nonce: changeOneDigit(a.query.nonce) } })).toBe('bad_signature');
    expect(reasonOf({ ...a, query: { ...a.query, msg_signature: undefined } })).toBe('bad_signature');
    expect(reasonOf({ ...a, query: { ...a.query, timestamp: undefined } })).toBe('bad_signature');
  });

  it('bad_signature: the plain signature does not authenticate an encrypted push', () => {
    expect(reasonOf({ ...a, query: { ...a.query, msg_signature: a.query.signature } })).toBe('bad_signature');
  });

  it('decrypt_failed with the crypto failure: app id mismatch and bad padding', () => {
    try {
      decodePush({ ...a, channel: { ...a.channel, appId: 'wx0000000000000000' } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PushError);
      expect((error as PushError).reason).toBe('decrypt_failed');
      expect((error as PushError).cryptoFailure).toBe('app_id_mismatch');
      expect((error as PushError).httpStatus).toBe(400);
    }
    const truncated = Buffer.from(VECTOR_A.encrypt, 'base64').subarray(0, 208).toString('base64');
    const query = { ...a.query, msg_signature: messageSignature(VECTOR_A.token, a.query.timestamp, a.query.nonce, truncated) };
    expect(reasonOf({ ...a, query, body: `{"Encrypt":"${truncated}"}` })).toBe('decrypt_failed');
  });

  it('misconfigured: a malformed EncodingAESKey', () => {
    expect(reasonOf({ ...a, channel: { ...a.channel, encodingAesKey: 'short' } })).toBe('misconfigured');
    expect(reasonOf({ ...a, channel: { ...a.channel, encodingAesKey: undefined } })).toBe('misconfigured');
  });

  it('not_encrypted: a plaintext body in secure mode', () => {
    const body = '{"ToUserName":"gh","FromUserName":"o","CreateTime":1,"MsgType":"text","Content":"x","MsgId":1}';
    expect(reasonOf({ ...a, body })).toBe('not_encrypted');
  });

  it('stale_timestamp only when a check is given', () => {
    const now = () => 1714112445_000 + 10 * 60_000;
    expect(reasonOf({ ...a, verifyTimestamp: timestampWithin(300, now) })).toBe('stale_timestamp');
    expect(reasonOf({ ...a, verifyTimestamp: timestampWithin(3600, now) })).toBe('no error');
  });

  const plain: PushChannel = { token: 'tok', appId: 'wx1', mode: 'plain', format: 'xml' };
  const plainQuery = { timestamp: '1', nonce: '2', signature: handshakeSignature('tok', '1', '2') };

  it.each([
    ['neither XML nor JSON', 'hello', 'undecodable'],
    ['malformed XML', '<xml><a></xml>', 'undecodable'],
    ['malformed JSON', '{"a":', 'undecodable'],
    ['missing FromUserName', '<xml><ToUserName>gh</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>', 'undecodable'],
    ['non-numeric CreateTime', '<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>x</CreateTime><MsgType>text</MsgType></xml>', 'undecodable'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>', 'unsafe_body'],
    ['deep nesting', `<xml>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</xml>`, 'too_large'],
    ['a 1 MB body', `<xml><a>${'x'.repeat(1 << 20)}</a></xml>`, 'too_large'],
  ])('plain mode: %s', (_, body, reason) => {
    expect(reasonOf({ body, query: plainQuery, channel: plain })).toBe(reason);
  });

  it('unsafe_body: nesting beyond the depth limit within the size limit', () => {
    const body = `<xml>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</xml>`;
    expect(reasonOf({ body, query: plainQuery, channel: plain })).toBe('unsafe_body');
  });

  it('a configurable size limit', () => {
    const body = `<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>x</MsgType></xml>`;
    expect(reasonOf({ body, query: plainQuery, channel: plain, limits: { maxBytes: 50 } })).toBe('too_large');
    expect(reasonOf({ body, query: plainQuery, channel: plain })).toBe('no error');
  });

  it('bad_signature in plain mode, checked before the body is parsed', () => {
    expect(reasonOf({ body: 'garbage', query: { ...plainQuery, signature: 'x' }, channel: plain })).toBe('bad_signature');
    expect(reasonOf({ body: '<xml><a>1</a></xml>', query: { ...plainQuery, signature: 'x' }, channel: plain })).toBe('bad_signature');
  });

  it('says so when an encrypted push reaches a channel configured for plaintext', () => {
    const secure: PushChannel = { ...plain, mode: 'secure', encodingAesKey: randomEncodingAesKey() };
    const { body, query } = encodePush({ push: SAMPLES[0], channel: secure, timestamp: '1', nonce: '2' });
    try {
      decodePush({ body, query, channel: plain });
      expect.unreachable();
    } catch (error) {
      expect((error as PushError).reason).toBe('undecodable');
      expect((error as PushError).message).toMatch(/plaintext mode/);
    }
  });

  it('maps reasons to HTTP statuses', () => {
    expect(new PushError('bad_signature', '').httpStatus).toBe(401);
    expect(new PushError('too_large', '').httpStatus).toBe(413);
    expect(new PushError('undecodable', '').httpStatus).toBe(400);
  });

  it('an unknown MsgType or Event is never an error', () => {
    const body = '<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>LOCATION</Event><Latitude>1.5</Latitude></xml>';
    const { event } = decodePush({ body, query: plainQuery, channel: plain });
    expect(event).toMatchObject({ type: 'unknown', category: 'event', event: 'LOCATION' });
    expect(event.raw.Latitude).toBe('1.5');
  });
});

describe('answerHandshake', () => {
  it('returns echostr for the worked example of the docs', () => {
    const query = { signature: HANDSHAKE.signature, timestamp: HANDSHAKE.timestamp, nonce: HANDSHAKE.nonce, echostr: HANDSHAKE.echostr };
    expect(answerHandshake(query, HANDSHAKE.token)).toBe('4375120948345356249');
  });

  it('refuses a wrong or missing signature and missing parameters', () => {
    const query = { signature: HANDSHAKE.signature, timestamp: HANDSHAKE.timestamp, nonce: changeOneDigit(HANDSHAKE.nonce), echostr: 'x' };
    expect(() => answerHandshake(query, HANDSHAKE.token)).toThrow(PushError);
    expect(() => answerHandshake({ ...query, nonce: HANDSHAKE.nonce, signature: undefined }, HANDSHAKE.token)).toThrow(/signature/);
    expect(() => answerHandshake({ timestamp: '1', nonce: '2' }, 'tok')).toThrow(/missing/);
  });
});

describe('dedupKey', () => {
  it('uses MsgId for messages and CreateTime + Event for events', () => {
    expect(dedupKey('wxA', SAMPLES[0])).toBe('wxA|oUSER|4561255354251345929');
    expect(dedupKey('wxA', SAMPLES[10])).toBe('wxA|oUSER|1482048670|user_enter_tempsession');
    expect(dedupKey('wxA', SAMPLES[14])).toBe('wxA|oUSER|1482048670|CLICK');
    expect(dedupKey('wxA', SAMPLES[15])).toBe('wxA|oUSER|1482048670|VIEW');
    expect(dedupKey('wxA', SAMPLES[16])).toBe('wxA|oUSER|10');
  });

  it('falls back to CreateTime + MsgType for a message without MsgId', () => {
    const push: WechatPush = { ...base, category: 'message', type: 'unknown', msgType: 'text' };
    expect(dedupKey('wxA', push)).toBe('wxA|oUSER|1482048670|text');
  });
});
