import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WechatSim } from '../src';
import { getJson, MP, postJson, send, startTestSim, text, tokenFor } from './helpers';
import { Receiver } from './receiver';

describe('control API (/__sim)', () => {
  let sim: WechatSim;
  beforeEach(async () => {
    sim = await startTestSim({ apps: [] });
  });
  afterEach(() => sim.close());

  const del = (path: string) => fetch(`${sim.url}${path}`, { method: 'DELETE' }).then((r) => r.json());

  it('registers apps, records interactions and reads the inbox', async () => {
    const app = await postJson(sim, '/__sim/apps', { ...MP, originalId: 'gh_0123456789ab' });
    expect(app).toMatchObject({ appId: MP.appId, kind: 'miniprogram', originalId: 'gh_0123456789ab' });
    expect(await getJson(sim, '/__sim/apps')).toHaveLength(1);
    const user = await postJson(sim, '/__sim/interactions', { appid: MP.appId, openid: 'oA', action: 'message' });
    expect(user['window']).toMatchObject({ remaining: 5 });

    const token = await tokenFor(sim, MP);
    await send(sim, token, text('oA', 'one'));
    await send(sim, token, text('oA', 'two'));
    const inbox = (await getJson(sim, `/__sim/inbox?appid=${MP.appId}&openid=oA`)) as unknown as unknown[];
    expect(inbox).toEqual([
      expect.objectContaining({ openid: 'oA', msgtype: 'text', message: text('oA', 'one') }),
      expect.objectContaining({ message: text('oA', 'two') }),
    ]);
    expect(await getJson(sim, `/__sim/users?appid=${MP.appId}&openid=oA`)).toMatchObject({ window: { remaining: 3 } });
    await del('/__sim/inbox');
    expect(await getJson(sim, `/__sim/inbox?appid=${MP.appId}`)).toEqual([]);
  });

  it('moves the clock', async () => {
    const before = (await getJson(sim, '/__sim/clock'))['now'] as number;
    const after = await postJson(sim, '/__sim/clock/advance', { ms: 48 * 3600_000 });
    expect(after['now']).toBe(before + 48 * 3600_000);
    expect(sim.clock.now()).toBe(after['now']);
    const bad = await fetch(`${sim.url}/__sim/clock/advance`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ms: -1 }),
    });
    expect(bad.status).toBe(400);
  });

  it('injects faults and revokes tokens', async () => {
    sim.registerApp(MP);
    sim.interact(MP.appId, 'oA', 'message');
    const token = await tokenFor(sim, MP);
    await postJson(sim, '/__sim/faults', { endpoint: 'send', errcode: 45011 });
    expect(await getJson(sim, '/__sim/faults')).toEqual([expect.objectContaining({ endpoint: 'send', remaining: 1 })]);
    expect((await send(sim, token, text('oA'))).errcode).toBe(45011);
    await postJson(sim, '/__sim/faults', { endpoint: 'send', errcode: -1, times: 5 });
    await del('/__sim/faults');
    expect((await send(sim, token, text('oA'))).errcode).toBe(0);

    expect(await postJson(sim, '/__sim/tokens/revoke', { access_token: token })).toEqual({ revoked: 1 });
    expect((await send(sim, token, text('oA'))).errcode).toBe(40001);
    const other = await tokenFor(sim, MP);
    expect(await postJson(sim, '/__sim/tokens/revoke', { appid: MP.appId })).toEqual({ revoked: 1 });
    expect((await send(sim, other, text('oA'))).errcode).toBe(40001);
  });

  it('answers 400 with a reason for bad control requests', async () => {
    const response = await fetch(`${sim.url}/__sim/apps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ appId: 'wx1', secret: 's', kind: 'website' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/kind/);
  });

  it('reset forgets users, tokens and the inbox but keeps apps', async () => {
    sim.registerApp(MP);
    sim.interact(MP.appId, 'oA', 'message');
    const token = await tokenFor(sim, MP);
    await send(sim, token, text('oA'));
    await postJson(sim, '/__sim/reset', {});
    expect(sim.inbox()).toEqual([]);
    expect(sim.user(MP.appId, 'oA')).toBeUndefined();
    expect((await send(sim, token, text('oA'))).errcode).toBe(40001);
    expect(await getJson(sim, '/__sim/apps')).toHaveLength(1);
  });

  it('drives pushes and handshakes for the sandbox page', async () => {
    sim.registerApp(MP);
    const receiver = await new Receiver((request) => (request.method === 'GET' ? { body: request.query['echostr'] } : undefined)).start();
    try {
      const channel = { url: receiver.url, token: 't', appId: MP.appId, mode: 'plain', format: 'json' };
      const result = await postJson(sim, '/__sim/push', {
        channel,
        message: { type: 'text', from: 'oA', content: 'from the sandbox' },
      });
      expect(result).toMatchObject({ delivered: true, status: 200, body: 'success' });
      expect(JSON.parse(receiver.received[0].body)).toMatchObject({ Content: 'from the sandbox' });
      expect(sim.window(MP.appId, 'oA')?.remaining).toBe(5);
      expect(await postJson(sim, '/__sim/handshake', { url: receiver.url, token: 't' })).toMatchObject({ ok: true });
      const bad = await fetch(`${sim.url}/__sim/push`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel: { ...channel, appId: 'wxnope' }, message: { type: 'text', from: 'o', content: 'x' } }),
      });
      expect(bad.status).toBe(400);

      const image = await postJson(sim, '/__sim/push', {
        channel,
        message: { type: 'image', from: 'oA', file: { base64: Buffer.from('img').toString('base64'), contentType: 'image/gif' } },
      });
      const picUrl = (JSON.parse(receiver.received[2].body) as Record<string, string>)['PicUrl'];
      expect(image).toMatchObject({ delivered: true });
      const file = await fetch(picUrl);
      expect(file.headers.get('content-type')).toBe('image/gif');
      expect(await file.text()).toBe('img');
    } finally {
      await receiver.close();
    }
  });
});
