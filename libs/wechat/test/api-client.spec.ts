import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { imageMessage, textMessage, WechatApiClient, WechatApiError, type WechatApiClientOptions } from '../src';
import { FakeWechat, json } from './fake-wechat';

const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
const runPrefix = `kefu-test:${randomUUID()}:`;
let fake: FakeWechat;
let prefix: string;

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  const keys = await redis.keys(`${runPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

beforeEach(async () => {
  fake = new FakeWechat();
  await fake.start();
  prefix = `${runPrefix}${randomUUID()}:`;
});

afterEach(async () => {
  await fake.stop();
});

function client(options: Partial<WechatApiClientOptions> = {}): WechatApiClient {
  return new WechatApiClient({
    appId: 'wxapp0000000000001',
    appSecret: 'secret',
    redis,
    keyPrefix: prefix,
    baseUrl: fake.baseUrl,
    tokenCache: { pollIntervalMs: 10 },
    ...options,
  });
}

async function apiErrorOf(promise: Promise<unknown>): Promise<WechatApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WechatApiError) return error;
    throw error;
  }
  throw new Error('expected a WechatApiError');
}

describe('access tokens', () => {
  it('are fetched from stable_token without forcing a refresh', async () => {
    expect(await client().getAccessToken()).toBe('TOKEN_1');
    const [request] = fake.calls('/cgi-bin/stable_token');
    expect(request.method).toBe('POST');
    expect(JSON.parse(request.body.toString())).toEqual({
      grant_type: 'client_credential',
      appid: 'wxapp0000000000001',
      secret: 'secret',
      force_refresh: false,
    });
  });

  it('are fetched once for many concurrent callers in one process', async () => {
    fake.tokenDelayMs = 100;
    const c = client();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => c.getAccessToken()));
    expect(new Set(tokens)).toEqual(new Set(['TOKEN_1']));
    expect(fake.tokenFetches).toBe(1);
  });

  it('are fetched once for two processes sharing Redis', async () => {
    fake.tokenDelayMs = 200;
    const a = client();
    const b = client();
    await Promise.all([
      ...Array.from({ length: 5 }, () => a.sendCustomMessage(textMessage('o1', 'hi'))),
      ...Array.from({ length: 5 }, () => b.sendCustomMessage(textMessage('o2', 'hi'))),
    ]);
    expect(fake.tokenFetches).toBe(1);
    expect(fake.calls('/cgi-bin/message/custom/send')).toHaveLength(10);
    expect(new Set(fake.calls('/cgi-bin/message/custom/send').map((r) => r.query.get('access_token')))).toEqual(new Set(['TOKEN_1']));
  });

  it('are reused by a process started later', async () => {
    await client().getAccessToken();
    expect(await client().getAccessToken()).toBe('TOKEN_1');
    expect(fake.tokenFetches).toBe(1);
  });

  it('are renewed 300 s before they expire', async () => {
    let now = 1_700_000_000_000;
    const c = client({ now: () => now });
    expect(await c.getAccessToken()).toBe('TOKEN_1');
    now += (7200 - 300 - 1) * 1000;
    expect(await c.getAccessToken()).toBe('TOKEN_1');
    now += 2000;
    expect(await c.getAccessToken()).toBe('TOKEN_2');
    expect(fake.tokenFetches).toBe(2);
  });

  it('surface token-endpoint errors as setup problems (40001 there means a wrong secret)', async () => {
    fake.tokenError = { errcode: 40001, errmsg: 'invalid credential rid: a-b' };
    const error = await apiErrorOf(client().sendCustomMessage(textMessage('o', 'x')));
    expect(error).toMatchObject({ errcode: 40001, kind: 'setup', rid: 'a-b' });
    expect(fake.tokenFetches).toBe(1);
    expect(fake.calls('/cgi-bin/message/custom/send')).toHaveLength(0);
  });
});

describe('sendCustomMessage', () => {
  it('posts the exact UTF-8 JSON with the token in the query', async () => {
    await client().sendCustomMessage(textMessage('OPENID', '你好 😀'));
    const [request] = fake.calls('/cgi-bin/message/custom/send');
    expect(request.query.get('access_token')).toBe('TOKEN_1');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.body.toString('utf8')).toBe('{"touser":"OPENID","msgtype":"text","text":{"content":"你好 😀"}}');
  });

  it.each([40001, 40014, 42001])('renews the token at once on %i and retries exactly once', async (errcode) => {
    const c = client();
    await c.getAccessToken();
    fake.scriptJson('/cgi-bin/message/custom/send', { errcode, errmsg: 'stale' });
    await c.sendCustomMessage(imageMessage('o', 'm'));
    const sends = fake.calls('/cgi-bin/message/custom/send');
    expect(sends.map((r) => r.query.get('access_token'))).toEqual(['TOKEN_1', 'TOKEN_2']);
    expect(fake.tokenFetches).toBe(2);
  });

  it('gives up after the one retry', async () => {
    fake.scriptJson('/cgi-bin/message/custom/send', { errcode: 40001, errmsg: 'stale' });
    fake.scriptJson('/cgi-bin/message/custom/send', { errcode: 40001, errmsg: 'stale' });
    const error = await apiErrorOf(client().sendCustomMessage(textMessage('o', 'x')));
    expect(error.kind).toBe('token');
    expect(fake.calls('/cgi-bin/message/custom/send')).toHaveLength(2);
  });

  it('shares the renewed token: another process does not fetch again', async () => {
    const a = client();
    const b = client();
    await a.getAccessToken();
    await b.getAccessToken();
    fake.revokeAllTokens();
    await a.sendCustomMessage(textMessage('o', 'x'));
    await b.sendCustomMessage(textMessage('o', 'y'));
    expect(fake.tokenFetches).toBe(2);
    expect(fake.calls('/cgi-bin/message/custom/send').map((r) => r.query.get('access_token'))).toEqual(['TOKEN_1', 'TOKEN_2', 'TOKEN_1', 'TOKEN_2']);
  });

  it.each([
    [45015, 'window_closed'],
    [45047, 'quota_used'],
    [40003, 'permanent'],
    [-1, 'retry'],
  ])('throws %i classified as %s without retrying', async (errcode, kind) => {
    fake.scriptJson('/cgi-bin/message/custom/send', { errcode, errmsg: `failed rid: r-${errcode}` });
    const error = await apiErrorOf(client().sendCustomMessage(textMessage('o', 'x')));
    expect(error).toMatchObject({ errcode, kind, rid: `r-${errcode}` });
    expect(fake.calls('/cgi-bin/message/custom/send')).toHaveLength(1);
  });

  it('treats HTTP 5xx and network failures as retryable', async () => {
    fake.script('/cgi-bin/message/custom/send', (_, response) => {
      response.writeHead(502);
      response.end('bad gateway');
    });
    expect(await apiErrorOf(client().sendCustomMessage(textMessage('o', 'x')))).toMatchObject({ errcode: null, kind: 'retry', httpStatus: 502 });
    fake.script('/cgi-bin/message/custom/send', (_, response) => response.socket?.destroy());
    expect(await apiErrorOf(client().sendCustomMessage(textMessage('o', 'x')))).toMatchObject({ errcode: null, kind: 'retry' });
    const down = new WechatApiClient({ appId: 'wxdown', appSecret: 's', redis, keyPrefix: prefix, baseUrl: 'http://127.0.0.1:1' });
    expect(await apiErrorOf(down.getAccessToken())).toMatchObject({ errcode: null, kind: 'retry' });
  });
});

describe('typing', () => {
  it('posts the command', async () => {
    await client().setTyping('OPENID', 'Typing');
    await client().setTyping('OPENID', 'CancelTyping');
    expect(fake.calls('/cgi-bin/message/custom/typing').map((r) => r.body.toString())).toEqual([
      '{"touser":"OPENID","command":"Typing"}',
      '{"touser":"OPENID","command":"CancelTyping"}',
    ]);
  });
});

describe('temporary media', () => {
  it('uploads as multipart field "media" with the type in the query', async () => {
    fake.scriptJson('/cgi-bin/media/upload', { type: 'image', media_id: 'MEDIA_1', created_at: 1672500000 });
    const uploaded = await client().uploadTempMedia({ type: 'image', data: Buffer.from('PNGDATA'), filename: 'a.png', contentType: 'image/png' });
    expect(uploaded).toEqual({ type: 'image', mediaId: 'MEDIA_1', createdAt: 1672500000 });
    const [request] = fake.calls('/cgi-bin/media/upload');
    expect(request.query.get('type')).toBe('image');
    expect(request.query.get('access_token')).toBe('TOKEN_1');
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const body = request.body.toString();
    expect(body).toContain('name="media"; filename="a.png"');
    expect(body).toContain('Content-Type: image/png');
    expect(body).toContain('PNGDATA');
  });

  it('reports an upload error', async () => {
    fake.scriptJson('/cgi-bin/media/upload', { errcode: 40004, errmsg: 'invalid media type' });
    const error = await apiErrorOf(client().uploadTempMedia({ type: 'voice', data: Buffer.from('x'), filename: 'a.txt', contentType: 'text/plain' }));
    expect(error).toMatchObject({ errcode: 40004, kind: 'permanent' });
  });

  it('downloads a file with its content type and name', async () => {
    fake.script('/cgi-bin/media/get', (request, response) => {
      expect(request.query.get('media_id')).toBe('M1');
      response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-disposition': 'attachment; filename="pic.jpg"' });
      response.end(Buffer.from([0xff, 0xd8, 0xff]));
    });
    const media = await client().downloadTempMedia('M1');
    expect(media).toEqual({ kind: 'file', data: Buffer.from([0xff, 0xd8, 0xff]), contentType: 'image/jpeg', filename: 'pic.jpg' });
  });

  it('treats a JSON answer as an error, or a video link', async () => {
    fake.scriptJson('/cgi-bin/media/get', { errcode: 40007, errmsg: 'invalid media_id' });
    expect(await apiErrorOf(client().downloadTempMedia('M1'))).toMatchObject({ errcode: 40007, kind: 'invalid_media' });
    fake.script('/cgi-bin/media/get', (_, response) => json(response, { video_url: 'https://v/x.mp4' }));
    expect(await client().downloadTempMedia('M2')).toEqual({ kind: 'video_url', videoUrl: 'https://v/x.mp4' });
  });

  it('renews the token and retries a download once', async () => {
    const c = client();
    await c.getAccessToken();
    fake.scriptJson('/cgi-bin/media/get', { errcode: 42001, errmsg: 'access_token expired' });
    fake.script('/cgi-bin/media/get', (_, response) => {
      response.writeHead(200, { 'Content-Type': 'image/png' });
      response.end('png');
    });
    expect(await c.downloadTempMedia('M')).toMatchObject({ kind: 'file', contentType: 'image/png' });
    expect(fake.tokenFetches).toBe(2);
  });
});
