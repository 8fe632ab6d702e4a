import { describe, expect, it } from 'vitest';
import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  it('keeps a value for its TTL, shares one lookup between concurrent gets, then looks up again', async () => {
    const cache = new ExpiringCache<number>(1000);
    let lookups = 0;
    const load = async () => ++lookups;
    expect(await Promise.all([cache.get('a', load, 0), cache.get('a', load, 10)])).toEqual([1, 1]);
    expect(await cache.get('a', load, 999)).toBe(1);
    expect(await cache.get('a', load, 1000)).toBe(2);
    expect(await cache.get('a', load, 1001, 0)).toBe(3);
    expect(cache.loadedWithin('a', 100, 1050)).toBe(true);
    expect(cache.loadedWithin('a', 10, 1050)).toBe(false);
  });

  it('does not keep a failed lookup, and drops the oldest entry past its size', async () => {
    const cache = new ExpiringCache<string>(1000, 2);
    await expect(cache.get('a', () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
    expect(await cache.get('a', async () => 'up', 1)).toBe('up');
    await cache.get('b', async () => 'b', 2);
    await cache.get('c', async () => 'c', 3);
    expect(cache.loadedWithin('a', 1000, 4)).toBe(false);
    expect(cache.loadedWithin('c', 1000, 4)).toBe(true);
  });
});
