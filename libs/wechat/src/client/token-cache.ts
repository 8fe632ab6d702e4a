import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { WechatApiError } from './errors';

export interface FetchedToken {
  accessToken: string;
  /** Seconds, as returned by WeChat (at most 7200). */
  expiresIn: number;
}

export interface SharedTokenCacheOptions {
  redis: Redis;
  appId: string;
  /** Fetches a token from WeChat; called by at most one process at a time per app id. */
  fetchToken: () => Promise<FetchedToken>;
  /** Prefix of every Redis key; default `kefu:wechat:`. */
  keyPrefix?: string;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  /** Renew this long before WeChat's expiry; default 300 s (a stable token overlaps its successor by 5 min). */
  renewBeforeMs?: number;
  /** Lifetime of the refresh lock, longer than a token fetch can take; default 10 s. */
  lockTtlMs?: number;
  /** How often a waiting process looks for the token another one is fetching; default 50 ms. */
  pollIntervalMs?: number;
  /** Give up waiting after this long; default 15 s. */
  waitTimeoutMs?: number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const DROP_IF_TOKEN = `local v = redis.call('GET', KEYS[1])
if v then
  local ok, entry = pcall(cjson.decode, v)
  if ok and type(entry) == 'table' and entry.token == ARGV[1] then return redis.call('DEL', KEYS[1]) end
end
return 0`;

/**
 * One access token per app id shared by every process through Redis. Refreshes are single-flight:
 * within a process callers share one promise; across processes a `SET NX PX` lock elects the one
 * that fetches while the others poll Redis for its result.
 */
export class SharedTokenCache {
  private readonly tokenKey: string;
  private readonly lockKey: string;
  private readonly now: () => number;
  private local: CachedToken | undefined;
  private inflight: Promise<string> | undefined;

  constructor(private readonly options: SharedTokenCacheOptions) {
    const prefix = options.keyPrefix ?? 'kefu:wechat:';
    this.tokenKey = `${prefix}access_token:${options.appId}`;
    this.lockKey = `${prefix}access_token_lock:${options.appId}`;
    this.now = options.now ?? Date.now;
  }

  /** A token valid for at least a few more minutes. */
  async get(): Promise<string> {
    if (this.local && this.local.expiresAt > this.now()) return this.local.token;
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops `token` here and in Redis, unless another process already replaced it. */
  async invalidate(token: string): Promise<void> {
    if (this.local?.token === token) this.local = undefined;
    await this.options.redis.eval(DROP_IF_TOKEN, 1, this.tokenKey, token);
  }

  private async load(): Promise<string> {
    const { redis, lockTtlMs = 10_000, pollIntervalMs = 50, waitTimeoutMs = 15_000 } = this.options;
    const giveUpAt = Date.now() + waitTimeoutMs;
    for (;;) {
      const shared = await this.readShared();
      if (shared) return this.remember(shared);
      const lockValue = randomUUID();
      if ((await redis.set(this.lockKey, lockValue, 'PX', lockTtlMs, 'NX')) === 'OK') {
        try {
          return this.remember((await this.readShared()) ?? (await this.fetchAndStore()));
        } finally {
          await redis.eval(RELEASE_LOCK, 1, this.lockKey, lockValue);
        }
      }
      if (Date.now() > giveUpAt) {
        throw new WechatApiError(null, 'timed out waiting for another process to refresh the access token');
      }
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }

  private async readShared(): Promise<CachedToken | undefined> {
    const value = await this.options.redis.get(this.tokenKey);
    if (!value) return undefined;
    try {
      const entry = JSON.parse(value) as Partial<CachedToken>;
      if (typeof entry.token !== 'string' || typeof entry.expiresAt !== 'number') return undefined;
      return entry.expiresAt > this.now() ? { token: entry.token, expiresAt: entry.expiresAt } : undefined;
    } catch {
      return undefined;
    }
  }

  private async fetchAndStore(): Promise<CachedToken> {
    const fetched = await this.options.fetchToken();
    const lifetimeMs = fetched.expiresIn * 1000;
    const renewBeforeMs = this.options.renewBeforeMs ?? 300_000;
    // A short-lived token (never seen from the stable endpoint) is renewed halfway instead.
    const usableMs = lifetimeMs > 2 * renewBeforeMs ? lifetimeMs - renewBeforeMs : lifetimeMs / 2;
    const entry: CachedToken = { token: fetched.accessToken, expiresAt: this.now() + usableMs };
    await this.options.redis.set(this.tokenKey, JSON.stringify(entry), 'PX', Math.max(1, Math.round(usableMs)));
    return entry;
  }

  private remember(entry: CachedToken): string {
    this.local = entry;
    return entry.token;
  }
}
