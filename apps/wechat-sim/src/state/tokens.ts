import type { SimClock } from '../clock';
import { newAccessToken } from '../ids';

export type TokenSource = 'classic' | 'stable';

export interface IssuedToken {
  value: string;
  appId: string;
  source: TokenSource;
  issuedAt: number;
  expiresAt: number;
  /** Set when a newer token replaced this one (classic) or it was revoked; it stops working then. */
  invalidAfter?: number;
}

export type TokenCheck = { ok: true; token: IssuedToken } | { ok: false; errcode: 40001 | 42001 };

export interface TokenPolicy {
  ttlSeconds: number;
  overlapSeconds: number;
  forceRefreshPerDay: number;
  forceRefreshMinGapSeconds: number;
}

export const DEFAULT_TOKEN_POLICY: TokenPolicy = {
  ttlSeconds: 7200,
  overlapSeconds: 300,
  forceRefreshPerDay: 20,
  forceRefreshMinGapSeconds: 30,
};

export type StableTokenResult =
  | { ok: true; token: IssuedToken }
  | { ok: false; reason: 'daily_limit' | 'too_frequent' };

// WeChat's day is Beijing time (UTC+8).
const beijingDay = (ms: number) => Math.floor((ms + 8 * 3600_000) / 86_400_000);

/** Classic and stable tokens of every app; the two sources never affect each other. */
export class TokenStore {
  private readonly byValue = new Map<string, IssuedToken>();
  private readonly latestClassic = new Map<string, IssuedToken>();
  private readonly currentStable = new Map<string, IssuedToken>();
  private readonly forceRefreshes = new Map<string, number[]>();

  constructor(
    private readonly clock: SimClock,
    readonly policy: TokenPolicy = DEFAULT_TOKEN_POLICY,
  ) {}

  /** `/cgi-bin/token`: always a new token; the previous one keeps working for the overlap only. */
  issueClassic(appId: string): IssuedToken {
    const now = this.clock.now();
    const previous = this.latestClassic.get(appId);
    if (previous) this.invalidate(previous, now + this.policy.overlapSeconds * 1000);
    const token = this.mint(appId, 'classic', now);
    this.latestClassic.set(appId, token);
    return token;
  }

  /**
   * `/cgi-bin/stable_token`: the current token while it has more than the overlap left; in its last
   * minutes a successor is issued while the old one lives out its time. force_refresh kills the old one.
   */
  stable(appId: string, forceRefresh: boolean): StableTokenResult {
    const now = this.clock.now();
    const current = this.currentStable.get(appId);
    if (forceRefresh) {
      const today = beijingDay(now);
      const history = (this.forceRefreshes.get(appId) ?? []).filter((at) => beijingDay(at) === today);
      if (history.length >= this.policy.forceRefreshPerDay) return { ok: false, reason: 'daily_limit' };
      const last = history[history.length - 1];
      if (last !== undefined && now - last < this.policy.forceRefreshMinGapSeconds * 1000) {
        return { ok: false, reason: 'too_frequent' };
      }
      history.push(now);
      this.forceRefreshes.set(appId, history);
      if (current) this.invalidate(current, now);
      return { ok: true, token: this.replaceStable(appId, now) };
    }
    const usable = current && this.isUsable(current, now) ? current : undefined;
    if (usable && usable.expiresAt - now > this.policy.overlapSeconds * 1000) return { ok: true, token: usable };
    return { ok: true, token: this.replaceStable(appId, now) };
  }

  check(value: string): TokenCheck {
    const token = this.byValue.get(value);
    if (!token) return { ok: false, errcode: 40001 };
    const now = this.clock.now();
    if (token.invalidAfter !== undefined && now >= token.invalidAfter) return { ok: false, errcode: 40001 };
    if (now >= token.expiresAt) return { ok: false, errcode: 42001 };
    return { ok: true, token };
  }

  /** The token's next use answers 40001. */
  revoke(value: string): boolean {
    const token = this.byValue.get(value);
    if (!token) return false;
    this.invalidate(token, this.clock.now());
    return true;
  }

  revokeAll(appId: string): number {
    let count = 0;
    for (const token of this.byValue.values()) {
      if (token.appId === appId && this.isUsable(token, this.clock.now())) {
        this.invalidate(token, this.clock.now());
        count++;
      }
    }
    return count;
  }

  clear(): void {
    this.byValue.clear();
    this.latestClassic.clear();
    this.currentStable.clear();
    this.forceRefreshes.clear();
  }

  private replaceStable(appId: string, now: number): IssuedToken {
    const token = this.mint(appId, 'stable', now);
    this.currentStable.set(appId, token);
    return token;
  }

  private mint(appId: string, source: TokenSource, now: number): IssuedToken {
    const token: IssuedToken = {
      value: newAccessToken(),
      appId,
      source,
      issuedAt: now,
      expiresAt: now + this.policy.ttlSeconds * 1000,
    };
    this.byValue.set(token.value, token);
    return token;
  }

  private invalidate(token: IssuedToken, at: number): void {
    token.invalidAfter = Math.min(token.invalidAfter ?? Infinity, at);
  }

  private isUsable(token: IssuedToken, now: number): boolean {
    return (token.invalidAfter === undefined || now < token.invalidAfter) && now < token.expiresAt;
  }
}
