import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { WechatApiError, type WechatErrorKind } from './errors';

export const DEFAULT_API_BASE_URL = 'https://api.weixin.qq.com';

export function createHttp(baseUrl = DEFAULT_API_BASE_URL, timeoutMs = 10_000): AxiosInstance {
  return axios.create({
    baseURL: baseUrl.replace(/\/+$/, ''),
    timeout: timeoutMs,
    // WeChat answers errors with HTTP 200 and an errcode; statuses are judged in `resultOf`.
    validateStatus: () => true,
    // Parse ourselves: strings and buffers pass through untouched.
    transformResponse: [(data: unknown) => data],
  });
}

/** Serialises a request body; JSON.stringify keeps non-ASCII as raw UTF-8 (WeChat refuses `\uXXXX`: 40033). */
export function jsonBody(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

/** Runs a request, turning network failures into retryable `WechatApiError`s. */
export async function send<T>(request: () => Promise<AxiosResponse<T>>): Promise<AxiosResponse<T>> {
  try {
    return await request();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new WechatApiError(null, `network error: ${message}`, { cause: error });
  }
}

/**
 * The JSON result of a call; throws `WechatApiError` for HTTP 5xx, a non-JSON answer or errcode ≠ 0.
 * `kindOverride` re-classifies codes whose meaning depends on the endpoint.
 */
export function resultOf<T extends object>(
  response: AxiosResponse<unknown>,
  kindOverride?: (errcode: number) => WechatErrorKind | undefined,
): T {
  const status = response.status;
  const text = typeof response.data === 'string' ? response.data : Buffer.isBuffer(response.data) ? response.data.toString('utf8') : '';
  if (status >= 500) throw new WechatApiError(null, `HTTP ${status}`, { httpStatus: status, kind: 'retry' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WechatApiError(null, `HTTP ${status} with a non-JSON body`, {
      httpStatus: status,
      kind: status >= 400 ? 'permanent' : 'retry',
    });
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new WechatApiError(null, `HTTP ${status} with an unexpected body`, { httpStatus: status, kind: 'permanent' });
  }
  return checkErrcode(parsed as T & { errcode?: unknown; errmsg?: unknown }, status, kindOverride);
}

export function checkErrcode<T extends object>(
  body: T & { errcode?: unknown; errmsg?: unknown },
  httpStatus: number,
  kindOverride?: (errcode: number) => WechatErrorKind | undefined,
): T {
  const errcode = typeof body.errcode === 'number' ? body.errcode : Number(body.errcode ?? 0);
  if (errcode !== 0 && !Number.isNaN(errcode)) {
    const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
    throw new WechatApiError(errcode, errmsg, { httpStatus, kind: kindOverride?.(errcode) });
  }
  if (httpStatus >= 400) throw new WechatApiError(null, `HTTP ${httpStatus}`, { httpStatus, kind: 'permanent' });
  return body;
}
