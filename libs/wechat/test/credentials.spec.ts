import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials, ipFromErrmsg } from '../src';
import { FakeWechat } from './fake-wechat';

let fake: FakeWechat;

beforeEach(async () => {
  fake = new FakeWechat();
  await fake.start();
});

afterEach(async () => {
  await fake.stop();
});

const check = () => checkCredentials('wx1234567890abcdef', 's', { baseUrl: fake.baseUrl });

describe('checkCredentials', () => {
  it('accepts a valid pair through stable_token without forcing a refresh', async () => {
    expect(await check()).toEqual({ ok: true });
    expect(JSON.parse(fake.calls('/cgi-bin/stable_token')[0].body.toString()).force_refresh).toBe(false);
  });

  it.each([
    [40013, 'invalid appid rid: x-1', 'invalid_app_id'],
    [40125, 'invalid appsecret rid: x-2', 'invalid_secret'],
    [40001, 'invalid credential, access_token is invalid or not latest rid: x-3', 'invalid_secret'],
    [40243, 'AppSecret已被冻结 rid: x-4', 'secret_frozen'],
    [-1, 'system error rid: x-5', 'try_again'],
    [41004, 'appsecret missing', 'unexpected'],
  ])('maps %i to %s', async (errcode, errmsg, problem) => {
    fake.tokenError = { errcode, errmsg };
    const result = await check();
    expect(result).toMatchObject({ ok: false, problem, errcode, errmsg });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
  });

  it('names the IP address to whitelist on 40164', async () => {
    fake.tokenError = { errcode: 40164, errmsg: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 65a-1' };
    const result = await check();
    expect(result).toMatchObject({ ok: false, problem: 'ip_not_whitelisted', ip: '203.0.113.7', rid: '65a-1' });
    if (!result.ok) expect(result.message).toContain('203.0.113.7');
  });

  it('asks to try again when WeChat cannot be reached', async () => {
    const result = await checkCredentials('wx1', 's', { baseUrl: 'http://127.0.0.1:1' });
    expect(result).toMatchObject({ ok: false, problem: 'try_again', errcode: null });
  });

  it('refuses an AppID that does not start with wx without calling WeChat', async () => {
    expect(await checkCredentials('gh_123', 's', { baseUrl: fake.baseUrl })).toMatchObject({ ok: false, problem: 'invalid_app_id' });
    expect(fake.tokenFetches).toBe(0);
  });
});

describe('ipFromErrmsg', () => {
  it('reads IPv4 and IPv6 addresses', () => {
    expect(ipFromErrmsg('invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist')).toBe('1.2.3.4');
    expect(ipFromErrmsg('invalid ip 2001:db8::1, not in whitelist')).toBe('2001:db8::1');
    expect(ipFromErrmsg('something else')).toBeUndefined();
  });
});
