import { describe, expect, it } from 'vitest';
import i18n from '../../app/i18n';
import { loginErrorMessage } from './loginError';
import { redirectTarget } from './redirect';

const zh = i18n.getFixedT('zh-CN');
const en = i18n.getFixedT('en');

describe('loginErrorMessage', () => {
  it('says the credentials are wrong on 401, whatever the server says', () => {
    expect(loginErrorMessage({ network: false, status: 401, messages: ['User not found'] }, zh)).toBe('用户名或密码错误');
    expect(loginErrorMessage({ network: false, status: 401, messages: [] }, en)).toBe('Incorrect username or password');
  });

  it('tells how long to wait when locked out', () => {
    const locked = { network: false, status: 429, messages: [], retryAfter: 300 };
    expect(loginErrorMessage(locked, zh)).toBe('尝试次数过多，请在 300 秒后重试');
    expect(loginErrorMessage(locked, zh, 42)).toBe('尝试次数过多，请在 42 秒后重试');
    expect(loginErrorMessage({ network: false, status: 429, messages: [] }, zh)).toBe('尝试次数过多，请稍后重试');
  });

  it('explains network and server failures', () => {
    expect(loginErrorMessage({ network: true, messages: [] }, zh)).toBe('无法连接服务器，请检查网络后重试');
    expect(loginErrorMessage({ network: false, status: 503, messages: [] }, zh)).toBe('服务暂时不可用，请稍后重试');
  });

  it('lists validation messages', () => {
    const invalid = { network: false, status: 400, messages: ['username must be a string', 'password should not be empty'] };
    expect(loginErrorMessage(invalid, en)).toBe(
      'Please check your input: username must be a string; password should not be empty',
    );
  });
});

describe('redirectTarget', () => {
  it('returns to the page first asked for', () => {
    expect(redirectTarget({ from: { pathname: '/queue', search: '?page=2', hash: '#top' } })).toBe('/queue?page=2#top');
  });

  it('falls back to the home page', () => {
    expect(redirectTarget(null)).toBe('/');
    expect(redirectTarget({})).toBe('/');
    expect(redirectTarget({ from: { pathname: '/login', search: '', hash: '' } })).toBe('/');
  });

  it('never leaves the console', () => {
    expect(redirectTarget({ from: { pathname: '//evil.example', search: '', hash: '' } })).toBe('/');
    expect(redirectTarget({ from: { pathname: 'https://evil.example', search: '', hash: '' } })).toBe('/');
  });
});
