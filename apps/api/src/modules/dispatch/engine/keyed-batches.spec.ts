import { describe, expect, it } from 'vitest';
import { KeyedBatches, type Settled, WaitedTooLong } from './keyed-batches';

function deferred(): { promise: Promise<void>; release(): void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

const ok = <T>(value: T): Settled<T> => ({ ok: true, value });

describe('KeyedBatches', () => {
  it('takes what arrives while a key is busy as the next batch, in arrival order', async () => {
    const batches: string[][] = [];
    const gate = deferred();
    const batcher = new KeyedBatches<string, string>({ maxBatch: 10, maxRunning: 4, maxWaitMs: 1000 }, async (_key, items) => {
      batches.push(items);
      if (batches.length === 1) await gate.promise;
      return items.map((item) => ok(item.toUpperCase()));
    });
    const first = batcher.submit('t', 'a');
    const rest = ['b', 'c', 'd'].map((item) => batcher.submit('t', item));
    gate.release();
    expect(await Promise.all([first, ...rest])).toEqual(['A', 'B', 'C', 'D']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('runs different keys side by side, at most maxRunning at once', async () => {
    let running = 0;
    let most = 0;
    const batcher = new KeyedBatches<number, number>({ maxBatch: 10, maxRunning: 2, maxWaitMs: 1000 }, async (_key, items) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return items.map(ok);
    });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key, index) => batcher.submit(key, index)));
    expect(most).toBe(2);
  });

  it('cuts batches at maxBatch and lets a waiting key go before a busy one goes again', async () => {
    const order: string[] = [];
    const gate = deferred();
    const batcher = new KeyedBatches<string, string>({ maxBatch: 2, maxRunning: 1, maxWaitMs: 1000 }, async (key, items) => {
      order.push(`${key}:${items.join('')}`);
      if (order.length === 1) await gate.promise;
      return items.map(ok);
    });
    const pending = [batcher.submit('x', '1'), batcher.submit('x', '2'), batcher.submit('x', '3'), batcher.submit('x', '4'), batcher.submit('y', '5')];
    gate.release();
    await Promise.all(pending);
    expect(order).toEqual(['x:1', 'y:5', 'x:23', 'x:4']);
  });

  it('gives each item its own outcome, and a thrown batch fails all of its items', async () => {
    const batcher = new KeyedBatches<number, number>({ maxBatch: 10, maxRunning: 1, maxWaitMs: 1000 }, async (_key, items) => {
      if (items.includes(0)) throw new Error('broken');
      return items.map((item) => (item % 2 ? ok(item) : { ok: false, error: new Error(`even ${item}`) }));
    });
    await expect(batcher.submit('a', 1)).resolves.toBe(1);
    await expect(batcher.submit('a', 2)).rejects.toThrow('even 2');
    await expect(batcher.submit('b', 0)).rejects.toThrow('broken');
  });

  it('drops items that waited longer than maxWaitMs without working on them', async () => {
    let now = 0;
    const seen: number[] = [];
    const gate = deferred();
    const batcher = new KeyedBatches<number, number>(
      { maxBatch: 10, maxRunning: 1, maxWaitMs: 100 },
      async (_key, items) => {
        seen.push(...items);
        if (items.includes(1)) await gate.promise;
        return items.map(ok);
      },
      () => now,
    );
    const first = batcher.submit('a', 1);
    const late = batcher.submit('a', 2);
    now = 500;
    const fresh = batcher.submit('a', 3);
    gate.release();
    await first;
    await expect(late).rejects.toBeInstanceOf(WaitedTooLong);
    await expect(fresh).resolves.toBe(3);
    expect(seen).toEqual([1, 3]);
  });
});
