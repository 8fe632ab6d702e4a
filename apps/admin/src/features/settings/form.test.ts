import type { TenantSettings } from '@kefu/contracts';
import { describe, expect, it } from 'vitest';
import { toSettingsForm, toSettingsRequest } from './form';

const settings: TenantSettings = {
  tenantId: 't1',
  mode: 'human',
  linkedChannelId: null,
  welcomeItemNumber: null,
  farewell: { type: 'text', text: '请关注我们的公众号' },
  goodbyeText: '感谢您的咨询，再见！',
  offlineNotice: '客服暂时不在线',
  robotFallbackText: '没有找到答案',
  idleTimeoutMinutes: 30,
  missedChatSeconds: 180,
  replyLanguage: 'zh-CN',
  updatedAt: null,
};

describe('settings form ↔ request', () => {
  it('round-trips every field', () => {
    const { tenantId: _tenantId, updatedAt: _updatedAt, ...fields } = settings;
    expect(toSettingsRequest(toSettingsForm(settings))).toEqual(fields);
  });

  it('maps the farewell choice to text, item or none', () => {
    const form = toSettingsForm(settings);
    expect(toSettingsRequest({ ...form, farewellType: 'item', farewellNumber: 3 }).farewell).toEqual({ type: 'item', number: 3 });
    expect(toSettingsRequest({ ...form, farewellType: 'none' }).farewell).toBeNull();
    expect(toSettingsForm({ ...settings, farewell: { type: 'item', number: 4 } })).toMatchObject({ farewellType: 'item', farewellNumber: 4 });
  });

  it('sends the linked official account only in official-account mode', () => {
    const form = { ...toSettingsForm(settings), linkedChannelId: 'c9' };
    expect(toSettingsRequest(form).linkedChannelId).toBeNull();
    expect(toSettingsRequest({ ...form, mode: 'official_account' }).linkedChannelId).toBe('c9');
  });
});
