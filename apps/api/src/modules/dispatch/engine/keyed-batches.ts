/** An item's outcome, as its batch reports it. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface KeyedBatchesOptions {
  /** Items one batch takes at most. */
  maxBatch: number;
  /** Batches running at once, over all keys. */
  maxRunning: number;
  /** An item that waited longer than this for its batch is dropped, not worked on. */
  maxWaitMs: number;
}

/** The item waited longer than `maxWaitMs` and was never worked on. */
export class WaitedTooLong extends Error {
  constructor() {
    super('waited too long for its turn');
    this.name = 'WaitedTooLong';
  }
}

interface Entry<Item, Result> {
  item: Item;
  since: number;
  resolve(value: Result): void;
  reject(error: unknown): void;
}

/**
 * Works on items in batches per key: whatever arrives for a key while its batch runs waits and
 * goes together in the next one, so each key has one batch at a time and its items are taken in
 * arrival order. Keys waiting for a free slot are served in turn, so a busy key cannot starve
 * the others.
 */
export class KeyedBatches<Item, Result> {
  private readonly waiting = new Map<string, Entry<Item, Result>[]>();
  private readonly busy = new Set<string>();
  private readonly ready: string[] = [];
  private running = 0;

  constructor(
    private readonly options: KeyedBatchesOptions,
    private readonly work: (key: string, items: Item[]) => Promise<Settled<Result>[]>,
    private readonly clock: () => number = Date.now,
  ) {}

  submit(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const entries = this.waiting.get(key);
      const entry = { item, since: this.clock(), resolve, reject };
      if (entries) entries.push(entry);
      else {
        this.waiting.set(key, [entry]);
        if (!this.busy.has(key)) this.ready.push(key);
      }
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.maxRunning && this.ready.length > 0) {
      const key = this.ready.shift()!;
      const entries = this.take(key);
      if (entries.length > 0) void this.runBatch(key, entries);
      else if (this.waiting.has(key)) this.ready.push(key);
    }
  }

  /** The key's next batch; items that waited too long are dropped on the way. */
  private take(key: string): Entry<Item, Result>[] {
    const entries = this.waiting.get(key) ?? [];
    const now = this.clock();
    const batch: Entry<Item, Result>[] = [];
    while (entries.length > 0 && batch.length < this.options.maxBatch) {
      const entry = entries.shift()!;
      if (now - entry.since > this.options.maxWaitMs) entry.reject(new WaitedTooLong());
      else batch.push(entry);
    }
    if (entries.length === 0) this.waiting.delete(key);
    return batch;
  }

  private async runBatch(key: string, entries: Entry<Item, Result>[]): Promise<void> {
    this.running++;
    this.busy.add(key);
    try {
      const outcomes = await this.work(
        key,
        entries.map((entry) => entry.item),
      );
      entries.forEach((entry, index) => {
        const outcome = outcomes[index];
        if (outcome?.ok) entry.resolve(outcome.value);
        else entry.reject(outcome ? outcome.error : new Error('The batch gave no outcome for this item'));
      });
    } catch (error) {
      for (const entry of entries) entry.reject(error);
    } finally {
      this.running--;
      this.busy.delete(key);
      if (this.waiting.has(key)) this.ready.push(key);
      this.pump();
    }
  }
}
