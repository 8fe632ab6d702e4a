import { randomBytes, randomUUID } from 'node:crypto';
import { handshakeSignature, messageSignature, type WechatPush } from '@kefu/wechat';
import { startWechatSim, type PushChannel, type WechatSim } from '@kefu/wechat-sim';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DispatchService } from '../src/modules/dispatch/dispatch.service';
import { ChannelsService } from '../src/modules/tenants/channels.service';
import { createTenant, signInSuperadmin, TenantFixture, wechatApp } from './tenant-fixtures';
import { createTestApp } from './test-app';

type Mode = PushChannel['mode'];
type Format = PushChannel['format'];
type Kind = 'miniprogram' | 'official_account';

interface Connected {
  id: string;
  url: string;
  /** What the merchant typed into WeChat's console, as the simulator needs it. */
  wechat: PushChannel;
}

/** Protocol §3.6, Vector A: a secure-mode JSON push from WeChat's mini-program documentation (2024). */
const VECTOR_A = {
  token: 'AAAAA',
  encodingAesKey: 'A'.repeat(43),
  appId: 'wxba5fad812f8e6fb9',
  originalId: 'gh_97417a04a28d',
  query:
    'signature=6c5c811b55cc85e0e1b54100749188c20beb3f5d&timestamp=1714112445&nonce=415670741&openid=o9AgO5Kd5ggOC-bXrbNODIiE3bGY&encrypt_type=aes&msg_signature=046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
  body: '{"ToUserName":"gh_97417a04a28d","Encrypt":"+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04="}',
};

describe('webhook', () => {
  let sim: WechatSim;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let tenant: TenantFixture;
  let dispatch: DispatchService;

  beforeAll(async () => {
    sim = await startWechatSim();
    app = await createTestApp({ WECHAT_API_BASE_URL: sim.url });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    tenant = await createTenant(app, await signInSuperadmin(app));
    dispatch = app.get(DispatchService);
  });
  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A channel in the console and the same app registered in the simulator. */
  async function connect(
    options: { kind?: Kind; mode?: Mode; format?: Format; token?: string; encodingAesKey?: string; appId?: string; originalId?: string } = {},
  ): Promise<Connected> {
    const kind = options.kind ?? 'miniprogram';
    const generated = wechatApp();
    const appId = options.appId ?? generated.appId;
    const originalId = options.originalId ?? generated.originalId;
    sim.registerApp({ appId, secret: generated.appSecret, kind, originalId });
    // The api never returns the EncodingAESKey, so the test sends its own, as the console does.
    const encodingAesKey = options.encodingAesKey ?? randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'a').slice(0, 43);
    const response = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/channels`, {
      name: `webhook ${appId.slice(-4)}`,
      kind,
      appId,
      appSecret: generated.appSecret,
      originalId,
      mode: options.mode ?? 'secure',
      format: options.format ?? (kind === 'official_account' ? 'xml' : 'json'),
      ...(options.token ? { token: options.token } : {}),
      encodingAesKey,
    });
    if (response.statusCode !== 201) throw new Error(`creating the channel failed: ${response.statusCode} ${response.body}`);
    const channel = response.json();
    const url = `${baseUrl}/wechat/${channel.id}`;
    return {
      id: channel.id,
      url,
      wechat: { url, token: channel.token, encodingAesKey, appId, originalId, mode: channel.mode, format: channel.format },
    };
  }

  const openid = () => `o${randomBytes(13).toString('base64url')}`;

  async function metric(name: string, result: string): Promise<number> {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const line = new RegExp(`^${name}\\{result="${result}"\\} (\\d+)$`, 'm').exec(text);
    return line ? Number(line[1]) : 0;
  }
  const pushes = (result: string) => metric('kefu_webhook_pushes_total', result);

  /** The change of `kefu_webhook_pushes_total{result}` while `run` runs. */
  async function counted(result: string, run: () => Promise<unknown>): Promise<number> {
    const before = await pushes(result);
    await run();
    return (await pushes(result)) - before;
  }

  /** A signed query for a push to `channel`, as WeChat would send it. */
  function signedQuery(channel: Connected, options: { timestamp?: string; encrypt?: string } = {}): string {
    const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = String(100000 + Math.floor(Math.random() * 900000));
    const params = new URLSearchParams({ signature: handshakeSignature(channel.wechat.token, timestamp, nonce), timestamp, nonce });
    if (options.encrypt !== undefined) {
      params.set('encrypt_type', 'aes');
      params.set('msg_signature', messageSignature(channel.wechat.token, timestamp, nonce, options.encrypt));
    }
    return params.toString();
  }

  function post(channel: Connected | string, query: string, body: string, contentType = 'application/json') {
    const id = typeof channel === 'string' ? channel : channel.id;
    return app.inject({ method: 'POST', url: `/wechat/${id}?${query}`, payload: body, headers: { 'content-type': contentType } });
  }

  describe('handshake', () => {
    it("answers WeChat's check of the push URL with echostr, byte for byte, as text/plain", async () => {
      const channel = await connect();
      const result = await sim.handshake(channel.url, channel.wechat.token);
      expect(result).toMatchObject({ ok: true, status: 200, body: result.echostr });

      const direct = await app.inject({
        method: 'GET',
        url: `/wechat/${channel.id}?${new URLSearchParams({ signature: handshakeSignature(channel.wechat.token, '1714036504', '1'), timestamp: '1714036504', nonce: '1', echostr: 'a+b c%' })}`,
      });
      expect(direct.statusCode).toBe(200);
      expect(direct.headers['content-type']).toMatch(/^text\/plain/);
      // Browser headers are left out (WeChat's servers are the only callers), except nosniff for a reflected text.
      expect(direct.headers['x-content-type-options']).toBe('nosniff');
      expect(direct.headers['content-security-policy']).toBeUndefined();
      expect(direct.rawPayload.equals(Buffer.from('a+b c%'))).toBe(true);
    });

    it('answers the published example (protocol §1) for a channel with token AAAAA', async () => {
      const channel = await connect({ token: 'AAAAA' });
      expect(handshakeSignature('AAAAA', '1714036504', '1514711492')).toBe('f464b24fc39322e44b38aa78f5edd27bd1441696');
      const response = await app.inject({
        method: 'GET',
        url: `/wechat/${channel.id}?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&echostr=4375120948345356249&timestamp=1714036504&nonce=1514711492`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('4375120948345356249');
    });

    it('refuses a wrong signature (401) and an unknown or malformed channel (404)', async () => {
      const channel = await connect();
      const wrong = await sim.handshake(channel.url, 'notTheToken');
      expect(wrong).toMatchObject({ ok: false, status: 401 });
      expect((await sim.handshake(`${baseUrl}/wechat/${randomUUID()}`, channel.wechat.token)).status).toBe(404);
      expect((await sim.handshake(`${baseUrl}/wechat/not-a-channel`, channel.wechat.token)).status).toBe(404);
      const noSignature = await app.inject({ method: 'GET', url: `/wechat/${channel.id}?echostr=1&timestamp=1&nonce=1` });
      expect(noSignature.statusCode).toBe(401);
      expect(await metric('kefu_webhook_handshakes_total', 'bad_signature')).toBeGreaterThanOrEqual(2);
    });
  });

  describe('pushes', () => {
    const combinations: [Kind, Mode, Format][] = [
      ['miniprogram', 'plain', 'json'],
      ['miniprogram', 'compatible', 'json'],
      ['miniprogram', 'secure', 'json'],
      ['miniprogram', 'plain', 'xml'],
      ['miniprogram', 'compatible', 'xml'],
      ['miniprogram', 'secure', 'xml'],
      ['official_account', 'plain', 'xml'],
      ['official_account', 'secure', 'xml'],
    ];

    it.each(combinations)('delivers a %s push in %s mode, %s, to dispatch and answers success', async (kind, mode, format) => {
      const channel = await connect({ kind, mode, format });
      const handled = vi.spyOn(dispatch, 'handle');
      const content = '你好 😀 <b>&amp;</b> ]]> "quoted" \\ end';
      const from = openid();
      const accepted = await pushes('accepted');

      const result = await sim.push(channel.wechat, { type: 'text', from, content });

      expect(result).toMatchObject({ delivered: true, status: 200, body: 'success' });
      expect(result.attempts).toHaveLength(1);
      expect(handled).toHaveBeenCalledTimes(1);
      const [credentials, push] = handled.mock.calls[0] as [{ id: string }, WechatPush];
      expect(credentials.id).toBe(channel.id);
      // MsgId is above 2^53: it arrives with every digit, so nothing parsed the JSON as numbers on the way.
      expect(push).toMatchObject({ type: 'text', fromUserName: from, content, msgId: result.msgId });
      expect(BigInt(result.msgId ?? '0') > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(await pushes('accepted')).toBe(accepted + 1);
    });

    it('passes events along too (a customer entering the chat)', async () => {
      const channel = await connect();
      const handled = vi.spyOn(dispatch, 'handle');
      const result = await sim.push(channel.wechat, { type: 'user_enter_tempsession', from: openid(), sessionFrom: 'order-42' });
      expect(result.delivered).toBe(true);
      expect(handled.mock.calls[0][1]).toMatchObject({ type: 'user_enter_tempsession', sessionFrom: 'order-42' });
    });

    it('accepts whatever Content-Type the push comes with', async () => {
      const channel = await connect({ mode: 'plain' });
      const body = `{"ToUserName":"${channel.wechat.originalId}","FromUserName":"oAbc","CreateTime":${Math.floor(Date.now() / 1000)},"MsgType":"text","Content":"hi","MsgId":24512553542513459291}`;
      for (const type of ['application/json', 'text/plain', 'application/octet-stream', 'text/xml; charset=utf-8']) {
        const response = await post(channel, signedQuery(channel), body, type);
        expect([type, response.statusCode, response.body]).toEqual([type, 200, 'success']);
      }
      const untyped = await app.inject({ method: 'POST', url: `/wechat/${channel.id}?${signedQuery(channel)}`, payload: Buffer.from(body) });
      expect(untyped.statusCode).toBe(200);
    });

    it('counts a push dispatch already had as a duplicate and still answers success', async () => {
      const channel = await connect();
      vi.spyOn(dispatch, 'handle').mockResolvedValueOnce({ duplicate: true });
      let result: Awaited<ReturnType<WechatSim['push']>> | undefined;
      expect(await counted('duplicate', async () => (result = await sim.push(channel.wechat, { type: 'text', from: openid(), content: 'again' })))).toBe(1);
      expect(result).toMatchObject({ delivered: true, body: 'success' });
    });

    it('answers 500 when dispatch cannot store the push, so WeChat delivers it again', async () => {
      const channel = await connect();
      const handled = vi.spyOn(dispatch, 'handle').mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
      let result: Awaited<ReturnType<WechatSim['push']>> | undefined;
      const failed = await counted('dispatch_failed', async () => {
        result = await sim.push(channel.wechat, { type: 'text', from: openid(), content: 'not lost' });
      });
      expect(failed).toBe(1);
      expect(result?.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
      expect(result?.delivered).toBe(true);
      expect(handled).toHaveBeenCalledTimes(2);
      expect((handled.mock.calls[1][1] as WechatPush & { content: string }).content).toBe('not lost');
    });

    it('reads a channel once for a burst of pushes, not once per push', async () => {
      const channel = await connect();
      const lookups = vi.spyOn(app.get(ChannelsService), 'credentials');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => sim.push(channel.wechat, { type: 'text', from: openid(), content: `burst ${i}` })),
      );
      expect(results.every((result) => result.delivered)).toBe(true);
      expect(lookups).toHaveBeenCalledTimes(1);
    });

    it('answers 500 when the channel cannot be read, and reads it again for the retry', async () => {
      const channel = await connect();
      vi.spyOn(app.get(ChannelsService), 'credentials').mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      let result: Awaited<ReturnType<WechatSim['push']>> | undefined;
      const failed = await counted('lookup_failed', async () => {
        result = await sim.push(channel.wechat, { type: 'text', from: openid(), content: 'still here' }, { retries: 1 });
      });
      expect(failed).toBe(1);
      expect(result?.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    });

    it('uses a token changed in the console at once', async () => {
      const channel = await connect();
      expect((await sim.push(channel.wechat, { type: 'text', from: openid(), content: 'before' })).delivered).toBe(true);
      const changed = await tenant.admin.call('PATCH', `/api/tenants/${tenant.id}/channels/${channel.id}`, { token: 'newToken42' });
      expect(changed.statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const renewed = { ...channel.wechat, token: 'newToken42' };
      expect((await sim.push(renewed, { type: 'text', from: openid(), content: 'after' })).delivered).toBe(true);
      expect((await sim.push(channel.wechat, { type: 'text', from: openid(), content: 'old' }, { retries: 0 })).status).toBe(401);
    });
  });

  describe('published vector', () => {
    let lenient: NestFastifyApplication;
    let channel: Connected;

    beforeAll(async () => {
      channel = await connect({ ...VECTOR_A, mode: 'secure', format: 'json' });
      lenient = await createTestApp({ WECHAT_API_BASE_URL: sim.url, WEBHOOK_MAX_SKEW_SECONDS: '0' });
    });
    afterAll(async () => {
      await lenient?.close();
    });

    it('accepts Vector A (protocol §3.6) when the replay window is off', async () => {
      const handled = vi.spyOn(lenient.get(DispatchService), 'handle');
      const response = await lenient.inject({
        method: 'POST',
        url: `/wechat/${channel.id}?${VECTOR_A.query}`,
        payload: VECTOR_A.body,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('success');
      expect(handled.mock.calls[0][1]).toMatchObject({
        category: 'event',
        fromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
        toUserName: 'gh_97417a04a28d',
        createTime: 1714112445,
      });
    });

    it('refuses the same push as a replay with the default window of 5 minutes', async () => {
      const handled = vi.spyOn(dispatch, 'handle');
      let response: Awaited<ReturnType<typeof post>> | undefined;
      expect(await counted('stale_timestamp', async () => (response = await post(channel, VECTOR_A.query, VECTOR_A.body)))).toBe(1);
      expect(response?.statusCode).toBe(401);
      expect(handled).not.toHaveBeenCalled();
    });
  });

  describe('refusals', () => {
    let secure: Connected;
    let plain: Connected;
    beforeAll(async () => {
      [secure, plain] = await Promise.all([connect({ mode: 'secure', format: 'json' }), connect({ mode: 'plain', format: 'xml' })]);
    });

    /** The refusals logged while `run` ran. */
    async function refusalsLogged(run: () => Promise<unknown>): Promise<unknown[][]> {
      const warnings = vi.spyOn(Logger.prototype, 'warn');
      await run();
      return warnings.mock.calls.filter((call: unknown[]) => call[1] === 'push refused');
    }

    it('refuses a wrong signature with 401, logs it once with the channel and reason, and counts it', async () => {
      const content = 'secret-looking content 12345';
      let status: number | undefined;
      const logged = await refusalsLogged(async () => {
        const delta = await counted('bad_signature', async () => {
          status = (await sim.push({ ...secure.wechat, token: 'forgedToken' }, { type: 'text', from: openid(), content }, { retries: 0 })).status;
        });
        expect(delta).toBe(1);
      });
      expect(status).toBe(401);
      expect(logged).toHaveLength(1);
      expect(logged[0][0]).toMatchObject({ channelId: secure.id, reason: 'bad_signature', status: 401 });
      const written = JSON.stringify(logged);
      expect(written).not.toContain(content);
      expect(written).not.toContain(secure.wechat.token);
      expect(written).not.toContain(secure.wechat.encodingAesKey);
    });

    it('refuses an unknown or malformed channel id with 404', async () => {
      const message = { type: 'text' as const, from: openid(), content: 'hello' };
      const statuses: (number | undefined)[] = [];
      const delta = await counted('unknown_channel', async () => {
        statuses.push((await sim.push({ ...secure.wechat, url: `${baseUrl}/wechat/${randomUUID()}` }, message, { retries: 0 })).status);
        statuses.push((await sim.push({ ...secure.wechat, url: `${baseUrl}/wechat/123'--` }, message, { retries: 0 })).status);
      });
      expect(statuses).toEqual([404, 404]);
      expect(delta).toBe(2);
    });

    it('refuses a push older than the replay window with 401', async () => {
      const old = String(Math.floor(Date.now() / 1000) - 301);
      let status: number | undefined;
      const delta = await counted('stale_timestamp', async () => {
        status = (await sim.push(secure.wechat, { type: 'text', from: openid(), content: 'replayed' }, { timestamp: old, retries: 0 })).status;
      });
      expect([status, delta]).toEqual([401, 1]);
      const recent = String(Math.floor(Date.now() / 1000) - 200);
      expect((await sim.push(secure.wechat, { type: 'text', from: openid(), content: 'late' }, { timestamp: recent })).delivered).toBe(true);
    });

    it.each([
      ['undecodable', 'a signed body that is neither XML nor JSON', () => [plain, signedQuery(plain), 'hello there', 'text/plain'] as const],
      [
        'undecodable',
        'signed XML that is not a WeChat push',
        () => [plain, signedQuery(plain), '<xml><Content>no type</Content></xml>', 'text/xml'] as const,
      ],
      [
        'not_encrypted',
        'a plaintext push to a secure-mode channel',
        () => [secure, signedQuery(secure), '{"ToUserName":"gh_0","FromUserName":"o1","CreateTime":1,"MsgType":"text","Content":"x","MsgId":1}', 'application/json'] as const,
      ],
      [
        'decrypt_failed',
        'a correctly signed Encrypt that does not decrypt',
        () => {
          const encrypt = randomBytes(64).toString('base64');
          return [secure, signedQuery(secure, { encrypt }), JSON.stringify({ ToUserName: 'gh_0', Encrypt: encrypt }), 'application/json'] as const;
        },
      ],
      [
        'unsafe_body',
        'XML with an entity declaration',
        () => [plain, signedQuery(plain), '<!DOCTYPE xml [<!ENTITY big "boom">]><xml><Content>&big;</Content></xml>', 'application/xml'] as const,
      ],
    ])('refuses %s with 400: %s', async (reason, _what, build) => {
      const [channel, query, body, type] = build();
      let response: Awaited<ReturnType<typeof post>> | undefined;
      const logged = await refusalsLogged(async () => {
        expect(await counted(reason, async () => (response = await post(channel, query, body, type)))).toBe(1);
      });
      expect(response?.statusCode).toBe(400);
      expect(logged).toHaveLength(1);
      expect(logged[0][0]).toMatchObject({ channelId: channel.id, reason });
      expect(JSON.stringify(logged)).not.toContain(body);
    });

    it('refuses a body above 64 KB with 413 before reading it all', async () => {
      const big = JSON.stringify({ ToUserName: 'gh_0', Encrypt: 'A'.repeat(70 * 1024) });
      let response: Awaited<ReturnType<typeof post>> | undefined;
      const logged = await refusalsLogged(async () => {
        expect(await counted('too_large', async () => (response = await post(secure, signedQuery(secure), big)))).toBe(1);
      });
      expect(response?.statusCode).toBe(413);
      expect(logged).toHaveLength(1);
      expect(logged[0][0]).toMatchObject({ channelId: secure.id, reason: 'too_large', status: 413 });
      // Just under the limit is read and judged on its merits (here: not a valid ciphertext).
      const fits = JSON.stringify({ ToUserName: 'gh_0', Encrypt: 'A'.repeat(60 * 1024) });
      expect((await post(secure, signedQuery(secure), fits)).statusCode).not.toBe(413);
    });

    it('leaves the other routes their own body parsing and limit', async () => {
      const xml = await app.inject({ method: 'POST', url: '/api/auth/login', payload: '<xml/>', headers: { 'content-type': 'text/xml' } });
      expect(xml.statusCode).toBe(415);
      const large = JSON.stringify({ username: 'nobody-here', password: 'p'.repeat(70 * 1024) });
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: large, headers: { 'content-type': 'application/json' } });
      expect(login.statusCode).not.toBe(413);
      expect(login.statusCode).toBeLessThan(500);
    });

    it('needs no sign-in and is not part of the OpenAPI document', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/docs-json' })).json();
      expect(Object.keys(document.paths).filter((path) => path.startsWith('/wechat'))).toEqual([]);
    });

    it('leaves other traffic untouched while refusing pushes', async () => {
      const good = await Promise.all([connect(), connect({ format: 'xml' })]);
      const big = JSON.stringify({ ToUserName: 'gh_0', Encrypt: 'A'.repeat(80 * 1024) });
      const bad = Array.from({ length: 30 }, (_, i) => {
        switch (i % 5) {
          case 0:
            return sim.push({ ...secure.wechat, token: 'forgedToken' }, { type: 'text', from: openid(), content: 'x' }, { retries: 0 });
          case 1:
            return fetch(`${baseUrl}/wechat/${secure.id}?${signedQuery(secure)}`, { method: 'POST', body: big }).then((r) => r.text());
          case 2:
            return fetch(`${baseUrl}/wechat/${plain.id}?${signedQuery(plain)}`, { method: 'POST', body: '<xml><' }).then((r) => r.text());
          case 3:
            return fetch(`${baseUrl}/wechat/${randomUUID()}`, { method: 'POST', body: '{}' }).then((r) => r.text());
          default:
            return sim.push(secure.wechat, { type: 'text', from: openid(), content: 'stale' }, { timestamp: '1714112445', retries: 0 });
        }
      });
      const fine = Array.from({ length: 30 }, (_, i) =>
        sim.push(good[i % 2].wechat, { type: 'text', from: openid(), content: `message ${i}` }, { retries: 0 }),
      );
      // A refused upload may see its connection closed before it has sent everything: that is fine here.
      const [results] = await Promise.all([Promise.all(fine), Promise.allSettled(bad)]);
      expect(results.map((result) => result.delivered)).toEqual(results.map(() => true));
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    });
  });
});
