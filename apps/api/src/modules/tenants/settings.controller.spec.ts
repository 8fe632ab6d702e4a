import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, signInSuperadmin, TenantFixture, wechatApp } from '../../../test/tenant-fixtures';
import { createTestApp } from '../../../test/test-app';
import { SettingsService } from './settings.service';

describe('settings', () => {
  let app: NestFastifyApplication;
  let tenant: TenantFixture;
  let other: TenantFixture;
  const url = () => `/api/tenants/${tenant.id}/settings`;

  const channel = async (owner: TenantFixture, kind: 'miniprogram' | 'official_account') => {
    const credentials = wechatApp();
    const response = await owner.admin.call('POST', `/api/tenants/${owner.id}/channels`, { name: kind, kind, ...credentials });
    return response.json().id as string;
  };

  beforeAll(async () => {
    // Nothing answers at port 1: channels are saved with the check marked unreachable.
    app = await createTestApp({ WECHAT_API_BASE_URL: 'http://127.0.0.1:1' });
    const superadmin = await signInSuperadmin(app);
    [tenant, other] = await Promise.all([createTenant(app, superadmin), createTenant(app, superadmin)]);
  });
  afterAll(() => app?.close());

  it('starts from Chinese defaults', async () => {
    const response = await tenant.admin.call('GET', url());
    expect(response.json()).toEqual({
      tenantId: tenant.id,
      mode: 'human',
      linkedChannelId: null,
      welcomeItemNumber: null,
      farewell: null,
      goodbyeText: '感谢您的咨询，再见！',
      offlineNotice: '客服暂时不在线，您的留言我们会尽快回复。',
      robotFallbackText: expect.any(String),
      idleTimeoutMinutes: 30,
      missedChatSeconds: 180,
      replyLanguage: 'zh-CN',
      updatedAt: null,
    });
  });

  it('saves the fields given and keeps the others, for the engine too', async () => {
    const saved = await tenant.admin.call('PUT', url(), {
      mode: 'human_robot',
      welcomeItemNumber: 1,
      farewell: { type: 'text', text: '请关注我们的公众号：www17cheng' },
      idleTimeoutMinutes: 45,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      mode: 'human_robot',
      welcomeItemNumber: 1,
      farewell: { type: 'text', text: '请关注我们的公众号：www17cheng' },
      idleTimeoutMinutes: 45,
      goodbyeText: '感谢您的咨询，再见！',
    });
    const item = (await tenant.admin.call('PUT', url(), { farewell: { type: 'item', number: 3 }, replyLanguage: 'en' })).json();
    expect(item).toMatchObject({ farewell: { type: 'item', number: 3 }, replyLanguage: 'en', idleTimeoutMinutes: 45 });
    expect(await app.get(SettingsService).get(tenant.id)).toMatchObject({ farewell: { type: 'item', number: 3 }, mode: 'human_robot' });
    const cleared = (await tenant.admin.call('PUT', url(), { farewell: null, welcomeItemNumber: null })).json();
    expect(cleared).toMatchObject({ farewell: null, welcomeItemNumber: null });
  });

  it('refuses values out of range with what is allowed', async () => {
    const response = await tenant.admin.call('PUT', url(), {
      mode: 'robot',
      idleTimeoutMinutes: 0,
      replyLanguage: 'fr',
      farewell: { type: 'item' },
      goodbyeText: '',
    });
    expect(response.statusCode).toBe(400);
    const message = response.json().message.join('\n');
    expect(message).toMatch(/mode must be "human", "human_robot" or "official_account"/);
    expect(message).toMatch(/idleTimeoutMinutes must be a whole number of minutes from 1 to 1440/);
    expect(message).toMatch(/replyLanguage must be "zh-CN" or "en"/);
    expect(message).toMatch(/farewell.number/);
    expect(message).toMatch(/goodbyeText must be 1 to 600/);
  });

  it('links an official-account channel of the tenant in official-account mode, and nothing else', async () => {
    const missing = await tenant.admin.call('PUT', url(), { mode: 'official_account' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message.join(' ')).toMatch(/linkedChannelId is required/);

    const mini = await channel(tenant, 'miniprogram');
    const wrongKind = await tenant.admin.call('PUT', url(), { mode: 'official_account', linkedChannelId: mini });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().message.join(' ')).toMatch(/official-account channel/);

    const foreign = await channel(other, 'official_account');
    const notOurs = await tenant.admin.call('PUT', url(), { mode: 'official_account', linkedChannelId: foreign });
    expect(notOurs.statusCode).toBe(400);

    const oa = await channel(tenant, 'official_account');
    const linked = await tenant.admin.call('PUT', url(), { mode: 'official_account', linkedChannelId: oa });
    expect(linked.json()).toMatchObject({ mode: 'official_account', linkedChannelId: oa });

    const becomingMini = await tenant.admin.call('PATCH', `/api/tenants/${tenant.id}/channels/${oa}`, { kind: 'miniprogram' });
    expect(becomingMini.statusCode).toBe(409);
    const deleting = await tenant.admin.call('DELETE', `/api/tenants/${tenant.id}/channels/${oa}`);
    expect(deleting.statusCode).toBe(409);
    expect(deleting.json().message).toMatch(/linked in the settings/);

    const human = (await tenant.admin.call('PUT', url(), { mode: 'human' })).json();
    expect(human).toMatchObject({ mode: 'human', linkedChannelId: null });
    expect((await tenant.admin.call('DELETE', `/api/tenants/${tenant.id}/channels/${oa}`)).statusCode).toBe(204);
  });
});
