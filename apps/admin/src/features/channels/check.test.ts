import { beforeEach, describe, expect, it } from 'vitest';
import i18n from '../../app/i18n';
import { describeCheck, refusedIp } from './check';

const base = { appId: 'wx45bc6e74580b1f30', checkStatus: 'failed' as const, checkMessage: null };

describe('describeCheck', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('zh-CN');
  });

  it('says ok in words', () => {
    const result = describeCheck({ ...base, checkStatus: 'ok', checkCode: 'ok' }, i18n.t);
    expect(result).toMatchObject({ type: 'success', title: '连接正常' });
  });

  it('names the wrong AppID and the wrong secret', () => {
    expect(describeCheck({ ...base, checkCode: 'wrong_app_id' }, i18n.t).description).toContain('wx45bc6e74580b1f30');
    expect(describeCheck({ ...base, checkCode: 'wrong_secret' }, i18n.t).title).toBe('AppSecret 不正确');
  });

  it('tells which IP to whitelist', () => {
    const checkMessage =
      "WeChat refused this server's IP address 203.0.113.7: add 203.0.113.7 to the IP whitelist (开发 → 基本配置 → IP白名单) and check again.";
    const result = describeCheck({ ...base, checkCode: 'ip_not_whitelisted', checkMessage }, i18n.t);
    expect(result.title).toBe('IP 不在白名单');
    expect(result.description).toContain('203.0.113.7');
  });

  it('warns, rather than fails, when WeChat cannot be reached', () => {
    expect(describeCheck({ ...base, checkCode: 'wechat_unreachable' }, i18n.t)).toMatchObject({ type: 'warning', title: '无法连接微信' });
    expect(describeCheck({ ...base, checkCode: 'secret_frozen' }, i18n.t).title).toBe('AppSecret 已冻结');
    expect(describeCheck({ ...base, checkStatus: 'unchecked', checkCode: null }, i18n.t).type).toBe('info');
  });
});

describe('refusedIp', () => {
  it('finds the address in either wording', () => {
    expect(refusedIp("this server's IP address 10.1.2.3: add")).toBe('10.1.2.3');
    expect(refusedIp('invalid ip 2001:db8::1 ipv6 ::ffff:1.2.3.4, not in whitelist')).toBe('2001:db8::1');
    expect(refusedIp(null)).toBeNull();
  });
});
