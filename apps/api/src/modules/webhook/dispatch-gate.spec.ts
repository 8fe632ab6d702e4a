import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceeded, DispatchGate } from './dispatch-gate';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('DispatchGate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at most `limit` calls at once and the others in arrival order', async () => {
    const gate = new DispatchGate(2);
    const works = [deferred<number>(), deferred<number>(), deferred<number>(), deferred<number>()];
    const started: number[] = [];
    const results = works.map((work, i) =>
      gate.run(() => {
        started.push(i);
        return work.promise;
      }, 60_000),
    );
    const settledAll = Promise.allSettled(results);
    expect(started).toEqual([0, 1]);
    expect(gate.queued).toBe(2);

    works[1].resolve(1);
    await flush();
    expect(started).toEqual([0, 1, 2]);
    works[0].reject(new Error('database down'));
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    works[2].resolve(2);
    works[3].resolve(3);

    const settled = await settledAll;
    expect(settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual([
      'database down',
      1,
      2,
      3,
    ]);
    expect(gate.queued).toBe(0);
  });

  it('drops a call whose deadline passes while it waits, and answers one that overruns without freeing its slot', async () => {
    vi.useFakeTimers();
    const gate = new DispatchGate(1);
    const slow = deferred<string>();
    const next = deferred<string>();
    const neverRun = vi.fn(() => Promise.resolve('too late'));

    const first = gate.run(() => slow.promise, 1_000);
    const waiting = gate.run(neverRun, 500);
    const firstOutcome = first.catch((error: unknown) => error);
    const waitingOutcome = waiting.catch((error: unknown) => error);

    await vi.advanceTimersByTimeAsync(500);
    expect(await waitingOutcome).toBeInstanceOf(DeadlineExceeded);
    expect(gate.queued).toBe(0);

    const after = gate.run(() => next.promise, 10_000);
    await vi.advanceTimersByTimeAsync(500);
    expect(await firstOutcome).toBeInstanceOf(DeadlineExceeded);
    expect(gate.queued).toBe(1);

    slow.resolve('finally');
    await vi.advanceTimersByTimeAsync(0);
    next.resolve('next');
    expect(await after).toBe('next');
    expect(neverRun).not.toHaveBeenCalled();
  });

  it('turns a call that throws at once into a rejection and frees its slot', async () => {
    const gate = new DispatchGate(1);
    await expect(
      gate.run(() => {
        throw new Error('boom');
      }, 1_000),
    ).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve('ok'), 1_000)).resolves.toBe('ok');
  });
});
