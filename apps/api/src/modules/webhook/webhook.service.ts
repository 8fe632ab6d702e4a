import {
  answerHandshake,
  decodePush,
  PushError,
  SUCCESS_REPLY,
  timestampWithin,
  type DecodedPush,
  type PushErrorReason,
  type PushQuery,
} from '@kefu/wechat';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config';
import { MetricsService } from '../../metrics/metrics.service';
import { DISPATCH_DEADLINE_MS, DispatchService } from '../dispatch/dispatch.service';
import { ChannelCredentialsCache, WebhookChannel } from './channel-credentials.cache';
import { DeadlineExceeded, DispatchGate } from './dispatch-gate';

/** What the webhook answers: always text/plain. */
export interface WebhookAnswer {
  status: number;
  body: string;
}

export type PushResult =
  | 'accepted'
  | 'duplicate'
  | PushErrorReason
  | 'unknown_channel'
  | 'lookup_failed'
  | 'dispatch_failed'
  | 'dispatch_timeout'
  | 'bad_request'
  | 'internal_error';

type QueryValues = Record<string, unknown> | undefined;

const CHANNEL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Refusals the channel's current settings might not give: the cached copy is read again once. */
const RELOADABLE = new Set<PushErrorReason>(['bad_signature', 'not_encrypted', 'decrypt_failed', 'undecodable', 'misconfigured']);
/**
 * Pushes one process holds at once; beyond this a push is answered 503 after the deadline (WeChat
 * retries). Dispatch decides them a batch per transaction with a bounded number of transactions,
 * so this bounds memory, not database connections.
 */
const DISPATCH_CONCURRENCY = 4096;

/** The push URL's work: verify, decrypt and decode each push, hand it to dispatch, answer WeChat. */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);
  private readonly verifyTimestamp: ((seconds: number) => boolean) | undefined;
  private readonly gate = new DispatchGate(DISPATCH_CONCURRENCY);

  constructor(
    private readonly channels: ChannelCredentialsCache,
    private readonly dispatch: DispatchService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const skew = config.webhook.maxSkewSeconds;
    this.verifyTimestamp = skew > 0 ? timestampWithin(skew) : undefined;
  }

  /** GET: WeChat checks the URL when the merchant saves the push settings (protocol §1). */
  async handshake(channelId: string, query: QueryValues): Promise<WebhookAnswer> {
    let channel: WebhookChannel | null;
    try {
      channel = await this.lookup(channelId);
    } catch (error) {
      return this.handshakeRefused(channelId, 'lookup_failed', 500, error);
    }
    if (!channel) return this.handshakeRefused(channelId, 'unknown_channel', 404);
    const handshakeQuery = {
      signature: text(query, 'signature'),
      timestamp: text(query, 'timestamp'),
      nonce: text(query, 'nonce'),
      echostr: text(query, 'echostr'),
    };
    const answer = (token: string) => {
      try {
        return answerHandshake(handshakeQuery, token);
      } catch (error) {
        if (error instanceof PushError) return undefined;
        throw error;
      }
    };
    let echostr = answer(channel.push.token);
    if (echostr === undefined) {
      // The merchant may just have saved a new token in the console and pressed 提交 in WeChat's.
      const fresh = await this.channels.reload(channelId.toLowerCase())?.catch(() => undefined);
      if (fresh) echostr = answer(fresh.push.token);
    }
    if (echostr === undefined) return this.handshakeRefused(channelId, 'bad_signature', 401);
    this.metrics.webhookHandshakes.inc({ result: 'ok' });
    return { status: 200, body: echostr };
  }

  /** POST: one push; `success` once dispatch holds it, otherwise a status that makes WeChat retry. */
  async push(channelId: string, query: QueryValues, body: unknown, startedAt = performance.now()): Promise<WebhookAnswer> {
    let answer: WebhookAnswer;
    try {
      answer = await this.receive(channelId, query, typeof body === 'string' ? body : '');
    } catch (error) {
      answer = this.refused(channelId, 'internal_error', 500, error);
    }
    const outcome = answer.status < 300 ? 'accepted' : answer.status < 500 ? 'refused' : 'failed';
    this.metrics.webhookDuration.observe({ outcome }, (performance.now() - startedAt) / 1000);
    return answer;
  }

  /** A push fastify refused before it reached the controller (a body over the route's limit). */
  refusedBeforeHandling(channelId: string | undefined, status: number): void {
    const result: PushResult = status === 413 ? 'too_large' : 'bad_request';
    this.refused(channelId ?? '', result, status);
  }

  private async receive(channelId: string, query: QueryValues, body: string): Promise<WebhookAnswer> {
    let channel: WebhookChannel | null;
    try {
      channel = await this.lookup(channelId);
    } catch (error) {
      return this.refused(channelId, 'lookup_failed', 500, error);
    }
    if (!channel) return this.refused(channelId, 'unknown_channel', 404);

    const pushQuery: PushQuery = {
      signature: text(query, 'signature'),
      timestamp: text(query, 'timestamp'),
      nonce: text(query, 'nonce'),
      encrypt_type: text(query, 'encrypt_type'),
      msg_signature: text(query, 'msg_signature'),
    };
    let decoded: DecodedPush;
    try {
      decoded = this.decode(channel, pushQuery, body);
    } catch (error) {
      if (!(error instanceof PushError)) throw error;
      const reloaded = RELOADABLE.has(error.reason) ? this.channels.reload(channelId.toLowerCase()) : undefined;
      const fresh = await reloaded?.catch(() => undefined);
      if (fresh === null) return this.refused(channelId, 'unknown_channel', 404);
      if (!fresh) return this.refused(channelId, error.reason, error.httpStatus, error);
      channel = fresh;
      try {
        decoded = this.decode(channel, pushQuery, body);
      } catch (retried) {
        if (!(retried instanceof PushError)) throw retried;
        return this.refused(channelId, retried.reason, retried.httpStatus, retried);
      }
    }

    let duplicate: boolean;
    try {
      const { credentials } = channel;
      ({ duplicate } = await this.gate.run(() => this.dispatch.handle(credentials, decoded.event), DISPATCH_DEADLINE_MS));
    } catch (error) {
      if (error instanceof DeadlineExceeded) return this.refused(channelId, 'dispatch_timeout', 503);
      return this.refused(channelId, 'dispatch_failed', 500, error);
    }
    this.metrics.webhookPushes.inc({ result: duplicate ? 'duplicate' : 'accepted' });
    return { status: 200, body: SUCCESS_REPLY };
  }

  private decode(channel: WebhookChannel, query: PushQuery, body: string): DecodedPush {
    return decodePush({ body, query, channel: channel.push, verifyTimestamp: this.verifyTimestamp });
  }

  private lookup(channelId: string): Promise<WebhookChannel | null> {
    return CHANNEL_ID.test(channelId) ? this.channels.get(channelId.toLowerCase()) : Promise.resolve(null);
  }

  /** Counts and logs one refusal: the channel and the reason, never the body or a secret. */
  private refused(channelId: string, result: PushResult, status: number, error?: unknown): WebhookAnswer {
    this.metrics.webhookPushes.inc({ result });
    this.log(status, { channelId: channelId.slice(0, 64), reason: result, status, ...describe(error) }, 'push refused');
    return { status, body: result };
  }

  private handshakeRefused(channelId: string, result: string, status: number, error?: unknown): WebhookAnswer {
    this.metrics.webhookHandshakes.inc({ result });
    this.log(status, { channelId: channelId.slice(0, 64), reason: result, status, ...describe(error) }, 'handshake refused');
    return { status, body: result };
  }

  private log(status: number, fields: Record<string, unknown>, message: string): void {
    if (status >= 500) this.logger.error(fields, message);
    else this.logger.warn(fields, message);
  }
}

/** A query value as sent; a repeated parameter counts as missing. */
function text(query: QueryValues, name: string): string | undefined {
  const value = query?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * What a log line may say about an error: which decryption step failed, or an error's name and code
 * and its message unless it comes from a database query, whose text can quote the values.
 */
function describe(error: unknown): { cryptoFailure?: string; error?: Record<string, unknown> } {
  if (error instanceof PushError) return error.cryptoFailure ? { cryptoFailure: error.cryptoFailure } : {};
  if (!(error instanceof Error)) return {};
  const code = (error as { code?: unknown }).code;
  const fromQuery = error.name === 'QueryFailedError';
  return { error: { name: error.name, ...(code === undefined ? {} : { code }), ...(fromQuery ? {} : { message: error.message }) } };
}
