import { startWechatSim, type WechatSim } from '@kefu/wechat-sim';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelsService } from '../src/modules/tenants/channels.service';
import { createTenant, signInSuperadmin, TenantFixture, wechatApp } from './tenant-fixtures';
import { createTestApp } from './test-app';

/** Channels against the WeChat simulator (an app of its own, so this lives with the integration tests). */
describe('channels', () => {
  let app: NestFastifyApplication;
  let sim: WechatSim;
  let tenant: TenantFixture;
  let other: TenantFixture;
  const url = () => `/api/tenants/${tenant.id}/channels`;

  /** A WeChat app the simulator knows, as a channel body. */
  function registered(kind: 'miniprogram' | 'official_account' = 'miniprogram', ipWhitelist?: string[]) {
    const credentials = wechatApp();
    sim.registerApp({ appId: credentials.appId, secret: credentials.appSecret, kind, originalId: credentials.originalId, ipWhitelist });
    return { name: `店铺 ${credentials.appId.slice(-4)}`, kind, ...credentials };
  }

  beforeAll(async () => {
    sim = await startWechatSim();
    app = await createTestApp({ WECHAT_API_BASE_URL: sim.url, PUBLIC_BASE_URL: 'https://kefu.example.com' });
    const superadmin = await signInSuperadmin(app);
    [tenant, other] = await Promise.all([createTenant(app, superadmin), createTenant(app, superadmin)]);
  });
  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('connects a mini-program, checks it with WeChat and shows what to paste into 消息推送', async () => {
    const body = registered();
    const response = await tenant.admin.call('POST', url(), body);
    expect(response.statusCode).toBe(201);
    const channel = response.json();
    expect(channel).toMatchObject({
      tenantId: tenant.id,
      name: body.name,
      kind: 'miniprogram',
      appId: body.appId,
      originalId: body.originalId,
      mode: 'secure',
      format: 'json',
      checkStatus: 'ok',
      checkCode: 'ok',
      webhookUrl: `https://kefu.example.com/wechat/${channel.id}`,
    });
    expect(channel.checkedAt).toBeTruthy();
    expect(channel.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(channel.encodingAesKeyMasked).toMatch(/^[A-Za-z0-9]{3}\*{37}[A-Za-z0-9]{3}$/);
    expect(channel).not.toHaveProperty('encodingAesKey');
    expect(channel.appSecretMasked).toBe(`${body.appSecret.slice(0, 3)}${'*'.repeat(26)}${body.appSecret.slice(-3)}`);
    expect(response.body).not.toContain(body.appSecret);
    // No key was sent, so one was generated: stored, and never returned.
    const key = (await app.get(ChannelsService).credentials(channel.id))!.encodingAesKey;
    expect(key).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(channel.encodingAesKeyMasked).toBe(`${key.slice(0, 3)}${'*'.repeat(37)}${key.slice(-3)}`);
    expect(response.body).not.toContain(key);

    const listed = await tenant.admin.call('GET', url());
    expect(listed.json().map((c: { id: string }) => c.id)).toContain(channel.id);
    expect(listed.body).not.toContain(body.appSecret);
    expect(listed.body).not.toContain(key);
  });

  it('never returns the EncodingAESKey it was sent, only its ends', async () => {
    const key = 'IDIOFXT2rzSrNvQMuuV2uTg1xACB8Iq0zEdIDcGbqQq';
    const masked = `IDI${'*'.repeat(37)}qQq`;
    const created = await tenant.admin.call('POST', url(), { ...registered(), encodingAesKey: key });
    expect(created.statusCode).toBe(201);
    expect(created.json().encodingAesKeyMasked).toBe(masked);
    const id = created.json().id;
    const responses = [
      created,
      await tenant.admin.call('GET', url()),
      await tenant.admin.call('GET', `${url()}/${id}`),
      await tenant.admin.call('PATCH', `${url()}/${id}`, { name: '改名' }),
      await tenant.admin.call('POST', `${url()}/${id}/check`),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBeLessThan(300);
      expect(response.body).not.toContain(key);
    }

    const next = 'ZZZOFXT2rzSrNvQMuuV2uTg1xACB8Iq0zEdIDcGbyyy';
    const changed = await tenant.admin.call('PATCH', `${url()}/${id}`, { encodingAesKey: next });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().encodingAesKeyMasked).toBe(`ZZZ${'*'.repeat(37)}yyy`);
    expect(changed.body).not.toContain(next);
    expect(changed.body).not.toContain(key);
    expect((await app.get(ChannelsService).credentials(id))?.encodingAesKey).toBe(next);
  });

  it('stores the AppSecret and EncodingAESKey sealed, never in plain text', async () => {
    const body = { ...registered(), token: 'xcxkefu', encodingAesKey: 'IDIOFXT2rzSrNvQMuuV2uTg1xACB8Iq0zEdIDcGbqQq' };
    const response = await tenant.admin.call('POST', url(), body);
    const created = response.json();
    expect(created).toMatchObject({ token: 'xcxkefu', encodingAesKeyMasked: `IDI${'*'.repeat(37)}qQq` });
    expect(response.body).not.toContain(body.encodingAesKey);
    const [row] = await app
      .get<DataSource>(getDataSourceToken())
      .query('SELECT app_secret_sealed, encoding_aes_key_sealed, token FROM channels WHERE id = $1', [created.id]);
    expect(row.app_secret_sealed).toMatch(/^v1:/);
    expect(row.app_secret_sealed).not.toContain(body.appSecret);
    expect(row.encoding_aes_key_sealed).toMatch(/^v1:/);
    expect(row.encoding_aes_key_sealed).not.toContain(body.encodingAesKey);
  });

  it.each([
    ['wrong_app_id', 40013],
    ['wrong_secret', 40125],
  ])('saves a channel WeChat refuses and says exactly what is wrong (%s, errcode %i)', async (code) => {
    const body = registered();
    const sent = code === 'wrong_app_id' ? { ...body, appId: wechatApp().appId } : { ...body, appSecret: wechatApp().appSecret };
    const response = await tenant.admin.call('POST', url(), sent);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ checkStatus: 'failed', checkCode: code });
    expect(response.json().checkMessage).toMatch(code === 'wrong_app_id' ? /AppID/ : /AppSecret/);
    const stored = await tenant.admin.call('GET', `${url()}/${response.json().id}`);
    expect(stored.json()).toMatchObject({ checkStatus: 'failed', checkCode: code });
  });

  it("names this server's IP address when WeChat's whitelist refuses it (40164)", async () => {
    const response = await tenant.admin.call('POST', url(), registered('miniprogram', ['203.0.113.9']));
    expect(response.json()).toMatchObject({ checkStatus: 'failed', checkCode: 'ip_not_whitelisted' });
    expect(response.json().checkMessage).toContain('127.0.0.1');
    expect(response.json().checkMessage).toMatch(/IP白名单/);
  });

  it('reports a frozen AppSecret (40243) and an unreachable WeChat, then passes on a new check', async () => {
    const created = (await tenant.admin.call('POST', url(), registered())).json();
    sim.injectFault({ endpoint: 'stable_token', errcode: 40243, errmsg: 'appsecret is frozen rid: 1-2-3' });
    const frozen = await tenant.admin.call('POST', `${url()}/${created.id}/check`);
    expect(frozen.statusCode).toBe(200);
    expect(frozen.json()).toMatchObject({ checkStatus: 'failed', checkCode: 'secret_frozen' });

    sim.injectFault({ endpoint: 'stable_token', httpStatus: 502 });
    const unreachable = (await tenant.admin.call('POST', `${url()}/${created.id}/check`)).json();
    expect(unreachable).toMatchObject({ checkStatus: 'failed', checkCode: 'wechat_unreachable' });

    const again = (await tenant.admin.call('POST', `${url()}/${created.id}/check`)).json();
    expect(again).toMatchObject({ checkStatus: 'ok', checkCode: 'ok' });
  });

  it('checks again when the AppSecret changes, not when only the name does', async () => {
    const body = registered();
    const created = (await tenant.admin.call('POST', url(), body)).json();
    const renamed = (await tenant.admin.call('PATCH', `${url()}/${created.id}`, { name: '新名字' })).json();
    expect(renamed).toMatchObject({ name: '新名字', checkedAt: created.checkedAt, checkStatus: 'ok' });
    const wrong = (await tenant.admin.call('PATCH', `${url()}/${created.id}`, { appSecret: wechatApp().appSecret })).json();
    expect(wrong).toMatchObject({ checkStatus: 'failed', checkCode: 'wrong_secret' });
    const fixed = (await tenant.admin.call('PATCH', `${url()}/${created.id}`, { appSecret: body.appSecret })).json();
    expect(fixed).toMatchObject({ checkStatus: 'ok' });
  });

  it('refuses malformed ids with a message saying what they look like', async () => {
    const response = await tenant.admin.call('POST', url(), {
      ...registered(),
      originalId: 'gh_123',
      appId: 'wy45bc6e74580b1f30',
      appSecret: 'short',
      token: 'a!',
      encodingAesKey: 'too-short',
    });
    expect(response.statusCode).toBe(400);
    const messages: string[] = response.json().message;
    expect(messages.join('\n')).toMatch(/originalId .*gh_/);
    expect(messages.join('\n')).toMatch(/appId .*"wx" and 16/);
    expect(messages.join('\n')).toMatch(/appSecret .*32/);
    expect(messages.join('\n')).toMatch(/token .*3 to 32/);
    expect(messages.join('\n')).toMatch(/encodingAesKey .*43/);
  });

  it('lets official accounts push XML only, with a 400 naming the rule', async () => {
    const oa = registered('official_account');
    const json = await tenant.admin.call('POST', url(), { ...oa, format: 'json' });
    expect(json.statusCode).toBe(400);
    expect(json.json().message.join(' ')).toMatch(/official account.*XML only/);
    const created = await tenant.admin.call('POST', url(), oa);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'official_account', format: 'xml' });
    const mini = await tenant.admin.call('POST', url(), { ...registered(), format: 'xml' });
    expect(mini.json()).toMatchObject({ kind: 'miniprogram', format: 'xml' });
  });

  it('connects an AppID once in the whole system, without naming the other tenant', async () => {
    const body = registered();
    expect((await tenant.admin.call('POST', url(), body)).statusCode).toBe(201);
    const same = await tenant.admin.call('POST', url(), { ...body, name: 'again' });
    expect(same.statusCode).toBe(409);
    expect(same.json().message).toContain(body.name);
    const elsewhere = await other.admin.call('POST', `/api/tenants/${other.id}/channels`, {
      ...body,
      appId: body.appId.toUpperCase().replace(/^WX/, 'wx'),
    });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().message).toContain('another account');
    expect(elsewhere.json().message).not.toContain(tenant.name);
    expect(elsewhere.json().message).not.toContain(body.name);
  });

  it("deletes a channel, and another tenant's channel is not found", async () => {
    const created = (await tenant.admin.call('POST', url(), registered())).json();
    const foreign = await other.admin.call('DELETE', `/api/tenants/${other.id}/channels/${created.id}`);
    expect(foreign.statusCode).toBe(404);
    expect((await tenant.admin.call('DELETE', `${url()}/${created.id}`)).statusCode).toBe(204);
    expect((await tenant.admin.call('GET', `${url()}/${created.id}`)).statusCode).toBe(404);
  });
});
