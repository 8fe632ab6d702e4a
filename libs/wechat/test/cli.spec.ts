import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli';
import { changeOneDigit, VECTOR_A, VECTOR_B, VECTOR_C } from './vectors';

async function run(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    readStdin: async () => stdin,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

const a = VECTOR_A;
const decryptA = [
  'decrypt',
  '--token', a.token,
  '--aes-key', a.encodingAesKey,
  '--app-id', a.appId,
  '--timestamp', a.query.timestamp,
  '--nonce', a.query.nonce,
  '--msg-signature', a.query.msg_signature,
];
const c = VECTOR_C;
const decryptC2 = [
  'decrypt',
  '--token', c.token,
  '--aes-key', c.encodingAesKey,
  '--app-id', c.corpId,
  '--timestamp', c.c2.timestamp,
  '--nonce', c.c2.nonce,
  '--msg-signature', c.c2.msgSignature,
];

function withOption(argv: string[], name: string, value: string): string[] {
  const copy = [...argv];
  copy[copy.indexOf(name) + 1] = value;
  return copy;
}

function expectOneLineFailure(result: { code: number; stdout: string; stderr: string }, cause: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(cause);
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe('kefu-wechat decrypt', () => {
  it('prints exactly the plaintext of Vector A (JSON body)', async () => {
    expect(await run(decryptA, a.body)).toEqual({ code: 0, stdout: `${a.plaintext}\n`, stderr: '' });
  });

  it('accepts the bare Encrypt string and an XML body', async () => {
    expect((await run(decryptA, `${a.encrypt}\n`)).stdout).toBe(`${a.plaintext}\n`);
    const xml = `<xml>\n  <ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n  <Encrypt><![CDATA[${a.encrypt}]]></Encrypt>\n</xml>\n`;
    expect((await run(decryptA, xml)).stdout).toBe(`${a.plaintext}\n`);
  });

  it('decrypts the WeCom vectors C1, C2 (XML) and C3 (JSON) byte for byte', async () => {
    expect(await run(decryptC2, `<xml><ToUserName><![CDATA[${c.corpId}]]></ToUserName><Encrypt><![CDATA[${c.c2.encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`)).toEqual({
      code: 0,
      stdout: `${c.c2.plaintext}\n`,
      stderr: '',
    });
    const c3 = withOption(decryptC2, '--msg-signature', c.c3.msgSignature);
    expect((await run(c3, `{"ToUserName":"${c.corpId}","Encrypt":"${c.c3.encrypt}","AgentID":218}`)).stdout).toBe(`${c.c3.plaintext}\n`);
    const c1 = withOption(withOption(withOption(decryptC2, '--msg-signature', c.c1.msgSignature), '--timestamp', c.c1.timestamp), '--nonce', c.c1.nonce);
    expect((await run(c1, c.c1.echostr)).stdout).toBe(`${c.c1.plaintext}\n`);
  });

  it('decrypts the echostr vector published with other WeChat libraries, key with or without its pad', async () => {
    const published = [
      'decrypt',
      '--token', '123456',
      '--aes-key', 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
      '--app-id', 'wx49f0ab532d5d035a',
      '--timestamp', '1411443780',
      '--nonce', '437374425',
      '--msg-signature', 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96',
    ];
    const echostr = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';
    expect(await run(published, echostr)).toEqual({ code: 0, stdout: '5927782489442352469\n', stderr: '' });
    const padded = withOption(published, '--aes-key', 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR=');
    expect((await run(padded, echostr)).stdout).toBe('5927782489442352469\n');
  });

  it('never judges the age of the timestamp', async () => {
    expect((await run(decryptA, a.body)).code).toBe(0);
  });

  it('signature mismatch: one nonce digit changed', async () => {
    expectOneLineFailure(await run(withOption(decryptA, '--nonce', changeOneDigit(a.query.nonce)), a.body), /signature mismatch/);
  });

  it('app id mismatch, naming the app id found', async () => {
    const result = await run(withOption(decryptA, '--app-id', 'wx0000000000000000'), a.body);
    expectOneLineFailure(result, /app id mismatch/);
    expect(result.stderr).toContain('wxba5fad812f8e6fb9');
  });

  it('bad key', async () => {
    expectOneLineFailure(await run(withOption(decryptA, '--aes-key', 'tooshort'), a.body), /bad key/);
  });

  it('bad padding: a wrong key; bad padding or length: truncated by 16 bytes', async () => {
    expectOneLineFailure(await run(withOption(decryptA, '--aes-key', 'B'.repeat(43)), a.body), /bad padding|bad length/);
    const truncated = Buffer.from(a.encrypt, 'base64').subarray(0, 208).toString('base64');
    const signature = (await run(['sign', '--token', a.token, '--timestamp', a.query.timestamp, '--nonce', a.query.nonce, '--encrypt', truncated])).stdout.trim();
    expectOneLineFailure(await run(withOption(decryptA, '--msg-signature', signature), truncated), /bad padding|bad length/);
  });

  it('bad length and bad base64', async () => {
    const short = Buffer.alloc(20).toString('base64');
    const sign = async (encrypt: string) =>
      (await run(['sign', '--token', a.token, '--timestamp', a.query.timestamp, '--nonce', a.query.nonce, '--encrypt', encrypt])).stdout.trim();
    expectOneLineFailure(await run(withOption(decryptA, '--msg-signature', await sign(short)), short), /bad length/);
    expectOneLineFailure(await run(withOption(decryptA, '--msg-signature', await sign('@@@@')), '@@@@'), /bad base64/);
  });

  it('no Encrypt field', async () => {
    expectOneLineFailure(await run(decryptA, '{"ToUserName":"gh"}'), /no Encrypt field/);
    expectOneLineFailure(await run(decryptA, '<xml><ToUserName>gh</ToUserName></xml>'), /no Encrypt field/);
    expectOneLineFailure(await run(decryptA, ''), /no Encrypt field/);
  });

  it('an unreadable body', async () => {
    expectOneLineFailure(await run(decryptA, '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml>&e;</xml>'), /unreadable body/);
  });

  it('missing or unknown options print the usage and exit 2', async () => {
    const missing = await run(['decrypt', '--token', 'T']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing --aes-key/);
    expect(missing.stderr).toMatch(/usage:/);
    expect((await run([...decryptA, '--bogus', 'x'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});

describe('kefu-wechat sign and encrypt', () => {
  it('prints the handshake signature and the msg_signature', async () => {
    expect(await run(['sign', '--token', 'AAAAA', '--timestamp', '1714036504', '--nonce', '1514711492'])).toEqual({
      code: 0,
      stdout: 'f464b24fc39322e44b38aa78f5edd27bd1441696\n',
      stderr: '',
    });
    const msg = await run(['sign', '--token', 'AAAAA', '--timestamp', a.query.timestamp, '--nonce', a.query.nonce, '--encrypt', a.encrypt]);
    expect(msg.stdout).toBe(`${a.query.msg_signature}\n`);
  });

  it('encrypts Vector B deterministically and the result decrypts', async () => {
    const b = VECTOR_B;
    const args = ['--token', b.token, '--aes-key', b.encodingAesKey, '--app-id', b.appId, '--timestamp', b.timestamp, '--nonce', b.nonce];
    const result = await run(['encrypt', ...args, '--random', b.random], `${b.plaintext}\n`);
    expect(result.code).toBe(0);
    const [body, query] = result.stdout.trimEnd().split('\n');
    expect(body).toBe(`{"Encrypt":"${b.encrypt}"}`);
    expect(new URLSearchParams(query).get('msg_signature')).toBe(b.msgSignature);
    const back = await run(['decrypt', ...args, '--msg-signature', b.msgSignature], body);
    expect(back.stdout).toBe(`${b.plaintext}\n`);
  });

  it('writes an XML body with the ToUserName of an XML plaintext', async () => {
    const args = ['--token', 't', '--aes-key', 'A'.repeat(43), '--app-id', 'wx1', '--timestamp', '1', '--nonce', '2'];
    const result = await run(['encrypt', ...args], '<xml><ToUserName><![CDATA[gh_x]]></ToUserName></xml>');
    expect(result.stdout).toMatch(/^<xml><ToUserName><!\[CDATA\[gh_x\]\]><\/ToUserName><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><\/xml>\n/);
    expect((await run(['encrypt', ...args, '--random', 'short'], 'x')).code).toBe(2);
  });
});

describe('as a process', () => {
  const root = join(__dirname, '..');

  function spawn(command: string[], stdin: string) {
    return spawnSync(process.execPath, command, { cwd: root, input: stdin, encoding: 'utf8', timeout: 50_000 });
  }

  // Spawning node (and tsx) can take seconds on a busy machine.
  const SPAWN_TIMEOUT = 60_000;

  it('reads stdin, writes stdout and exits 0', { timeout: SPAWN_TIMEOUT }, () => {
    const ok = spawn(['--import', 'tsx', 'test/run-cli.ts', ...decryptA], a.body);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${a.plaintext}\n`);
  });

  it('writes one line to stderr and exits 1 on failure', { timeout: SPAWN_TIMEOUT }, () => {
    const bad = spawn(['--import', 'tsx', 'test/run-cli.ts', ...withOption(decryptA, '--app-id', 'wxnope')], a.body);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^kefu-wechat: app id mismatch: .*wxba5fad812f8e6fb9/)]);
  });

  it.runIf(existsSync(join(root, 'dist/cli.js')))('works through the installed bin shim', { timeout: SPAWN_TIMEOUT }, () => {
    const ok = spawn(['bin/kefu-wechat.js', ...decryptA], a.body);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${a.plaintext}\n`);
    expect(spawn(['bin/kefu-wechat.js', 'decrypt'], '').status).toBe(2);
  });
});
