import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Redis } from 'ioredis';
import { WechatApiError } from './errors';
import { createHttp, DEFAULT_API_BASE_URL, JSON_HEADERS, jsonBody, resultOf, send } from './http';
import type { CustomMessage } from './messages';
import { fetchStableToken } from './stable-token';
import { SharedTokenCache, type SharedTokenCacheOptions } from './token-cache';

export interface WechatApiClientOptions {
  appId: string;
  appSecret: string;
  /** Shared token cache; every process of the relay must use the same Redis. */
  redis: Redis;
  /** Prefix of the Redis keys; default `kefu:wechat:`. */
  keyPrefix?: string;
  /** WeChat API origin (the relay's WECHAT_API_BASE_URL); default https://api.weixin.qq.com. */
  baseUrl?: string;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  timeoutMs?: number;
  /** Fine-tuning of the token cache's lock and polling. */
  tokenCache?: Pick<SharedTokenCacheOptions, 'renewBeforeMs' | 'lockTtlMs' | 'pollIntervalMs' | 'waitTimeoutMs'>;
}

export type TempMediaType = 'image' | 'voice' | 'video' | 'thumb';

export interface UploadedMedia {
  type: string;
  mediaId: string;
  /** Unix seconds; the media id is valid for 3 days from then. */
  createdAt: number;
}

export type DownloadedMedia =
  | { kind: 'file'; data: Buffer; contentType: string; filename?: string }
  /** Video media come back as a link instead of the file. */
  | { kind: 'video_url'; videoUrl: string };

/**
 * Customer-service API of one mini-program or official account. Calls that fail with a stale token
 * (40001/40014/42001) renew it at once and are retried exactly once; every other failure is thrown as
 * a classified `WechatApiError` for the caller's queue to handle.
 */
export class WechatApiClient {
  readonly appId: string;
  private readonly http: AxiosInstance;
  private readonly tokens: SharedTokenCache;

  constructor(options: WechatApiClientOptions) {
    this.appId = options.appId;
    this.http = createHttp(options.baseUrl ?? DEFAULT_API_BASE_URL, options.timeoutMs);
    this.tokens = new SharedTokenCache({
      ...options.tokenCache,
      redis: options.redis,
      appId: options.appId,
      keyPrefix: options.keyPrefix,
      now: options.now,
      fetchToken: () => fetchStableToken(this.http, options.appId, options.appSecret),
    });
  }

  /** The shared access token (fetched through `stable_token` when missing or due for renewal). */
  getAccessToken(): Promise<string> {
    return this.tokens.get();
  }

  /** `POST /cgi-bin/message/custom/send`. Success means WeChat accepted it, not that it was delivered. */
  async sendCustomMessage(message: CustomMessage): Promise<void> {
    await this.postJson('/cgi-bin/message/custom/send', message);
  }

  /** Typing indicator; the relay should ignore failures (45080 no recent interaction, 45081 already typing). */
  async setTyping(touser: string, command: 'Typing' | 'CancelTyping'): Promise<void> {
    await this.postJson('/cgi-bin/message/custom/typing', { touser, command });
  }

  /** `POST /cgi-bin/media/upload` (multipart field `media`). Mini-programs accept only `image`. */
  async uploadTempMedia(media: {
    type: TempMediaType;
    data: Buffer | Uint8Array;
    filename: string;
    contentType: string;
  }): Promise<UploadedMedia> {
    const body = await this.withToken(async (token) => {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(media.data)], { type: media.contentType }), media.filename);
      const response = await send(() =>
        this.http.post('/cgi-bin/media/upload', form, {
          params: { access_token: token, type: media.type },
          responseType: 'text',
        }),
      );
      return resultOf<{ type?: unknown; media_id?: unknown; created_at?: unknown }>(response);
    });
    if (typeof body.media_id !== 'string') throw new WechatApiError(null, 'upload response without media_id', { kind: 'permanent' });
    return { type: String(body.type ?? media.type), mediaId: body.media_id, createdAt: Number(body.created_at ?? 0) };
  }

  /** `GET /cgi-bin/media/get`; a JSON answer is an error (or a video link), anything else the file. */
  async downloadTempMedia(mediaId: string): Promise<DownloadedMedia> {
    return this.withToken(async (token) => {
      const response = await send(() =>
        this.http.get<Buffer>('/cgi-bin/media/get', {
          params: { access_token: token, media_id: mediaId },
          responseType: 'arraybuffer',
        }),
      );
      const contentType = String(response.headers['content-type'] ?? '');
      if (response.status >= 400 || /json|text\/plain/i.test(contentType)) {
        const body = resultOf<{ video_url?: unknown }>(response as AxiosResponse<unknown>);
        if (typeof body.video_url === 'string') return { kind: 'video_url', videoUrl: body.video_url };
        throw new WechatApiError(null, 'media/get answered JSON without a file', { kind: 'permanent' });
      }
      const disposition = String(response.headers['content-disposition'] ?? '');
      const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
      return { kind: 'file', data: Buffer.from(response.data), contentType, ...(filename ? { filename } : {}) };
    });
  }

  /** Any JSON `POST /cgi-bin/…?access_token=` call, with the same token handling. */
  async postJson<T extends object = Record<string, unknown>>(path: string, payload: unknown): Promise<T> {
    return this.withToken(async (token) => {
      const response = await send(() =>
        this.http.post(path, jsonBody(payload), {
          params: { access_token: token },
          headers: JSON_HEADERS,
          responseType: 'text',
        }),
      );
      return resultOf<T>(response);
    });
  }

  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WechatApiError) || error.kind !== 'token') throw error;
      await this.tokens.invalidate(token);
      return call(await this.tokens.get());
    }
  }
}
