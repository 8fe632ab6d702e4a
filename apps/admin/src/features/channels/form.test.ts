import type { Channel } from '@kefu/contracts';
import { describe, expect, it } from 'vitest';
import { generateEncodingAesKey, toCreateRequest, toFormValues, toUpdateRequest } from './form';

const channel: Channel = {
  id: 'c1',
  tenantId: 't1',
  name: '道行商城',
  kind: 'miniprogram',
  originalId: 'gh_70775cca084e',
  appId: 'wx45bc6e74580b1f30',
  appSecretMasked: '775**************************536',
  webhookUrl: 'https://kefu.example.com/wechat/c1',
  token: 'xcxkefu',
  encodingAesKeyMasked: `aaa${'*'.repeat(37)}aaa`,
  mode: 'secure',
  format: 'json',
  checkStatus: 'ok',
  checkCode: 'ok',
  checkMessage: null,
  checkedAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('channel form → request', () => {
  it('trims the fields and forces XML for official accounts', () => {
    const body = toCreateRequest(
      {
        kind: 'official_account',
        name: ' 公众号 ',
        originalId: ' gh_70775cca084e',
        appId: 'wx45bc6e74580b1f30 ',
        appSecret: ' 77581356ebdcb5a5a43b61a20e62c536 ',
        mode: 'secure',
        format: 'json',
      },
      'IDIOFXT2rzSrNvQMuuV2uTg1xACB8Iq0zEdIDcGbqQq',
    );
    expect(body).toEqual({
      kind: 'official_account',
      name: '公众号',
      originalId: 'gh_70775cca084e',
      appId: 'wx45bc6e74580b1f30',
      appSecret: '77581356ebdcb5a5a43b61a20e62c536',
      mode: 'secure',
      format: 'xml',
      encodingAesKey: 'IDIOFXT2rzSrNvQMuuV2uTg1xACB8Iq0zEdIDcGbqQq',
    });
  });

  it('keeps the stored secret unless a new one is typed, and sends only changes', () => {
    expect(toUpdateRequest(channel, toFormValues(channel))).toEqual({});
    expect(toUpdateRequest(channel, { ...toFormValues(channel), name: '新名字', mode: 'compatible' })).toEqual({
      name: '新名字',
      mode: 'compatible',
    });
    expect(toUpdateRequest(channel, { ...toFormValues(channel), appSecret: 'b'.repeat(32) })).toEqual({ appSecret: 'b'.repeat(32) });
  });
});

describe('EncodingAESKey made in the browser', () => {
  it('is 43 letters or digits, as WeChat requires', () => {
    for (let i = 0; i < 50; i++) expect(generateEncodingAesKey()).toMatch(/^[A-Za-z0-9]{43}$/);
  });

  it('is new every time and uses the whole alphabet', () => {
    const keys = Array.from({ length: 200 }, generateEncodingAesKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys.join('')).size).toBe(62);
  });

  it('is never sent when a channel is only edited', () => {
    expect(toUpdateRequest(channel, { ...toFormValues(channel), name: '新名字' })).not.toHaveProperty('encodingAesKey');
  });
});
