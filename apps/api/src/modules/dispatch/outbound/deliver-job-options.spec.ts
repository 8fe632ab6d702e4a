import { WechatApiError } from '@kefu/wechat';
import { describe, expect, it } from 'vitest';
import { DeliveryRetryError, deliveryBackoff } from './deliver-job-options';

describe('delivery backoff (D1)', () => {
  it('doubles from one second up to five minutes', () => {
    expect([1, 2, 3, 4, 10, 20].map((attempt) => deliveryBackoff(attempt))).toEqual([1000, 2000, 4000, 8000, 300_000, 300_000]);
  });

  it('waits at least what WeChat asked for (45011: a minute)', () => {
    const tooOften = new WechatApiError(45011, 'api freq out of limit');
    expect(deliveryBackoff(1, new DeliveryRetryError('45011', tooOften.minBackoffMs))).toBe(60_000);
    expect(deliveryBackoff(8, new DeliveryRetryError('-1', 1000))).toBe(128_000);
  });
});
