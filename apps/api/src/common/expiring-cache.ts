interface Entry<V> {
  loadedAt: number;
  value: Promise<V>;
}

/**
 * Values looked up by key and kept for a few seconds per process. Concurrent gets of one key share
 * one lookup; a failed lookup is not kept (the next get asks again); past `maxEntries` the oldest
 * entry goes first.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The kept value while it is younger than `maxAgeMs` (the TTL unless given), else a fresh lookup. */
  get(key: string, load: () => Promise<V>, now = Date.now(), maxAgeMs = this.ttlMs): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && now - entry.loadedAt < maxAgeMs) return entry.value;
    const fresh: Entry<V> = { loadedAt: now, value: load() };
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, fresh);
    fresh.value.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    return fresh.value;
  }

  /** Whether the key was looked up less than `ms` ago. */
  loadedWithin(key: string, ms: number, now = Date.now()): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && now - entry.loadedAt < ms;
  }

  clear(): void {
    this.entries.clear();
  }
}
