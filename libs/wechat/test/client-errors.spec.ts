import { describe, expect, it } from 'vitest';
import { classifyErrcode, ridFromErrmsg, WechatApiError } from '../src';

describe('classifyErrcode', () => {
  it.each([
    [-1, 'retry'],
    [45011, 'retry'],
    [40001, 'token'],
    [40014, 'token'],
    [42001, 'token'],
    [45015, 'window_closed'],
    [43004, 'window_closed'],
    [45047, 'quota_used'],
    [45009, 'daily_limit'],
    [40007, 'invalid_media'],
    [48001, 'setup'],
    [48004, 'setup'],
    [40164, 'setup'],
    [40013, 'setup'],
    [40125, 'setup'],
    [40243, 'setup'],
    [40003, 'permanent'],
    [45002, 'permanent'],
    [45162, 'permanent'],
    [50002, 'permanent'],
    [99999, 'permanent'],
  ])('%i → %s', (errcode, kind) => {
    expect(classifyErrcode(errcode)).toBe(kind);
  });
});

describe('WechatApiError', () => {
  it('carries errcode, errmsg, rid and kind', () => {
    const error = new WechatApiError(45015, 'response out of time limit or subscription is canceled rid: 6581f3b2-0f2c1e4d-1f3a5b7c');
    expect(error).toMatchObject({ errcode: 45015, kind: 'window_closed', rid: '6581f3b2-0f2c1e4d-1f3a5b7c' });
    expect(error.message).toContain('45015');
  });

  it('backs off at least a minute on 45011, a second on other retryable errors', () => {
    expect(new WechatApiError(45011, 'api freq out of limit').minBackoffMs).toBe(60_000);
    expect(new WechatApiError(-1, 'system error').minBackoffMs).toBe(1_000);
    expect(new WechatApiError(null, 'network error')).toMatchObject({ kind: 'retry', minBackoffMs: 1_000 });
  });

  it('reads no rid when there is none', () => {
    expect(ridFromErrmsg('invalid appid')).toBeUndefined();
  });
});
