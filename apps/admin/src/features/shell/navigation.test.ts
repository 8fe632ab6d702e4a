import { describe, expect, it } from 'vitest';
import i18n from '../../app/i18n';
import { homePathFor, navItemForPath, navItemsFor } from './navigation';

const zh = i18n.getFixedT('zh-CN');

describe('navigation', () => {
  it('gives the superadmin the platform areas', () => {
    expect(navItemsFor('superadmin').map((item) => zh(`nav.${item.key}`))).toEqual(['商户', '授权管理']);
    expect(homePathFor('superadmin')).toBe('/tenants');
  });

  it('gives a merchant admin the merchant areas', () => {
    expect(navItemsFor('tenant_admin').map((item) => zh(`nav.${item.key}`))).toEqual([
      '概览',
      '会话',
      '排队',
      '留言',
      '客服',
      '知识库',
      '渠道接入',
      '设置',
      '授权',
      '沙盒',
    ]);
    expect(homePathFor('tenant_admin')).toBe('/dashboard');
  });

  it('finds the menu entry of nested pages', () => {
    expect(navItemForPath('/conversations/123')?.key).toBe('conversations');
    expect(navItemForPath('/license')?.key).toBe('license');
    expect(navItemForPath('/licenses')?.key).toBe('licenses');
    expect(navItemForPath('/nowhere')).toBeUndefined();
  });
});
