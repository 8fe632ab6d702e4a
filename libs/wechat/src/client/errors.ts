/**
 * What the relay should do about a failed API call (protocol §7.3):
 * - `retry`: try again later with backoff (see `minBackoffMs`)
 * - `token`: the access token is stale; the client already renewed it and retried once
 * - `window_closed`: no sending window (45015, or 43004 not following); queue until the user acts
 * - `quota_used`: the window's allowance is used up (45047); queue until the user acts
 * - `daily_limit`: the daily API quota is used up (45009); alert
 * - `invalid_media`: the media_id expired or belongs elsewhere (40007); re-upload and retry once
 * - `setup`: credentials, whitelist or permissions need an admin
 * - `permanent`: this message will never go through as it is
 */
export type WechatErrorKind =
  | 'retry'
  | 'token'
  | 'window_closed'
  | 'quota_used'
  | 'daily_limit'
  | 'invalid_media'
  | 'setup'
  | 'permanent';

const KIND_BY_ERRCODE: Record<number, WechatErrorKind> = {
  [-1]: 'retry',
  45011: 'retry',
  40001: 'token',
  40014: 'token',
  42001: 'token',
  45015: 'window_closed',
  43004: 'window_closed',
  45047: 'quota_used',
  45009: 'daily_limit',
  40007: 'invalid_media',
  48001: 'setup',
  48004: 'setup',
  40164: 'setup',
  40013: 'setup',
  40125: 'setup',
  40243: 'setup',
};

export const TOKEN_ERRCODES: readonly number[] = [40001, 40014, 42001];

/** The class of a WeChat errcode; unknown codes are permanent. */
export function classifyErrcode(errcode: number): WechatErrorKind {
  return KIND_BY_ERRCODE[errcode] ?? 'permanent';
}

/** Shortest sensible wait before retrying, in milliseconds (45011 is a per-minute limit). */
export function minBackoffMs(errcode: number | null): number {
  return errcode === 45011 ? 60_000 : 1_000;
}

/** `rid` from an errmsg such as `invalid appid rid: 6581f3b2-0f2c1e4d-1f3a5b7c`. */
export function ridFromErrmsg(errmsg: string): string | undefined {
  return /\brid:\s*([\w-]+)/.exec(errmsg)?.[1];
}

export class WechatApiError extends Error {
  readonly kind: WechatErrorKind;
  readonly rid: string | undefined;
  /** For `retry`: wait at least this long before the next attempt. */
  readonly minBackoffMs: number;
  readonly httpStatus: number | undefined;
  constructor(
    /** WeChat's errcode; null for network failures and HTTP errors without a JSON body. */
    readonly errcode: number | null,
    readonly errmsg: string,
    options: { httpStatus?: number; cause?: unknown; kind?: WechatErrorKind } = {},
  ) {
    super(errcode === null ? errmsg : `WeChat API error ${errcode}: ${errmsg}`, { cause: options.cause });
    this.name = 'WechatApiError';
    this.httpStatus = options.httpStatus;
    this.kind = options.kind ?? (errcode === null ? 'retry' : classifyErrcode(errcode));
    this.rid = ridFromErrmsg(errmsg);
    this.minBackoffMs = minBackoffMs(errcode);
  }
}
