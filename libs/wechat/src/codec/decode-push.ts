import { cachedCrypto } from '../crypto-cache';
import { WechatCryptoError, type CryptoFailure } from '../errors';
import { handshakeSignature, messageSignature, signaturesEqual } from '../signature';
import { pushFromFields, PushFieldsError, type WechatPush } from './events';
import {
  assertWithinSize,
  BodyParseError,
  DEFAULT_PARSE_LIMITS,
  stringField,
  type ParseLimits,
  type WireRecord,
} from './fields';
import { extractJsonEncrypt, parseJsonFields } from './json';
import { parseXmlFields } from './xml';

/** 明文模式 / 兼容模式 / 安全模式 of the push configuration. */
export type PushMode = 'plain' | 'compatible' | 'secure';
/** Data format chosen in the console (official accounts: always XML). */
export type PushFormat = 'json' | 'xml';

/** What the relay knows about one account's push configuration. */
export interface PushChannel {
  token: string;
  appId: string;
  mode: PushMode;
  format: PushFormat;
  /** Required in compatible and secure mode. */
  encodingAesKey?: string;
  /** The key before the last rotation in the console; tried when the current one fails. */
  previousEncodingAesKey?: string;
}

/** The push's query string (values exactly as received, already URL-decoded). */
export interface PushQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  encrypt_type?: string;
  msg_signature?: string;
  openid?: string;
}

export type PushErrorReason =
  /** `signature` or `msg_signature` missing or wrong: answer 401. */
  | 'bad_signature'
  /** Rejected by `verifyTimestamp`: answer 401. */
  | 'stale_timestamp'
  | 'too_large'
  /** DTD/entity declarations or nesting beyond the limit. */
  | 'unsafe_body'
  /** Not XML/JSON, or not a WeChat push. */
  | 'undecodable'
  /** Secure mode, but the body carries no `Encrypt`. */
  | 'not_encrypted'
  /** Signed correctly but could not be decrypted; see `cryptoFailure`. */
  | 'decrypt_failed'
  /** The channel itself is unusable (e.g. secure mode without an EncodingAESKey). */
  | 'misconfigured';

const HTTP_STATUS: Record<PushErrorReason, number> = {
  bad_signature: 401,
  stale_timestamp: 401,
  too_large: 413,
  unsafe_body: 400,
  undecodable: 400,
  not_encrypted: 400,
  decrypt_failed: 400,
  misconfigured: 500,
};

export class PushError extends Error {
  /** The HTTP status a webhook should answer with. */
  readonly httpStatus: number;
  constructor(
    readonly reason: PushErrorReason,
    message: string,
    readonly cryptoFailure?: CryptoFailure,
  ) {
    super(message);
    this.name = 'PushError';
    this.httpStatus = HTTP_STATUS[reason];
  }
}

export interface DecodePushInput {
  body: string;
  query: PushQuery;
  channel: PushChannel;
  /**
   * Optional replay check on the query `timestamp` (Unix seconds); return false to reject.
   * WeChat documents no maximum skew and retries reuse the original push, so keep it generous.
   */
  verifyTimestamp?: (timestampSeconds: number) => boolean;
  limits?: Partial<ParseLimits>;
}

export interface DecodedPush {
  event: WechatPush;
  /** True when the push was decrypted (the reply must then be encrypted too). */
  encrypted: boolean;
  /** Format of the (decrypted) message. */
  format: PushFormat;
  /** The message text that was decoded: the decrypted plaintext, or the body in plaintext mode. */
  plaintext: string;
  /** Which EncodingAESKey opened the push, so a reply can be encrypted with the same one. */
  keyUsed?: 'current' | 'previous';
}

/**
 * Verifies, decrypts and decodes one push. The signature is checked before anything but `Encrypt` is
 * read from the body: `msg_signature` when the push is encrypted, the plain `signature` otherwise.
 */
export function decodePush(input: DecodePushInput): DecodedPush {
  const { body, query, channel } = input;
  const limits: ParseLimits = input.limits
    ? {
        maxBytes: input.limits.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes,
        maxDepth: input.limits.maxDepth ?? DEFAULT_PARSE_LIMITS.maxDepth,
      }
    : DEFAULT_PARSE_LIMITS;
  if (body.length * 3 > limits.maxBytes) guard(() => assertWithinSize(body, limits.maxBytes));

  const timestamp = query.timestamp ?? '';
  const nonce = query.nonce ?? '';
  if (!timestamp || !nonce) throw new PushError('bad_signature', 'timestamp or nonce missing from the query');
  if (input.verifyTimestamp && !input.verifyTimestamp(Number(timestamp))) {
    throw new PushError('stale_timestamp', `timestamp ${timestamp} is outside the accepted window`);
  }

  let bodyFormat: PushFormat | undefined;
  let envelope: WireRecord | undefined;
  let encrypt: string | undefined;
  if (channel.mode !== 'plain') {
    bodyFormat = sniffFormat(body);
    if (bodyFormat === 'json') {
      encrypt = extractJsonEncrypt(body);
    } else {
      envelope = guard(() => parseXmlFields(body, limits));
      encrypt = stringField(envelope, 'Encrypt')?.trim();
    }
  }
  const useEncrypted =
    encrypt !== undefined && (channel.mode === 'secure' || (query.encrypt_type ?? '').toLowerCase() === 'aes');
  if (channel.mode === 'secure' && encrypt === undefined) {
    throw new PushError('not_encrypted', 'secure mode, but the body has no Encrypt field');
  }

  if (!useEncrypted || encrypt === undefined) {
    if (!signaturesEqual(handshakeSignature(channel.token, timestamp, nonce), query.signature)) {
      throw new PushError('bad_signature', 'signature does not match');
    }
    const format = bodyFormat ?? sniffFormat(body);
    const fields = envelope ?? parseFields(body, format, limits);
    if (channel.mode === 'plain' && stringField(fields, 'Encrypt') !== undefined && stringField(fields, 'MsgType') === undefined) {
      throw new PushError('undecodable', 'the push is encrypted, but the channel is configured for plaintext mode');
    }
    return { event: toPush(fields), encrypted: false, format, plaintext: body };
  }

  if (!signaturesEqual(messageSignature(channel.token, timestamp, nonce, encrypt), query.msg_signature)) {
    throw new PushError('bad_signature', 'msg_signature does not match');
  }
  const { plaintext, keyUsed } = decrypt(channel, encrypt);
  const format = sniffFormat(plaintext);
  const fields = parseFields(plaintext, format, limits);
  return { event: toPush(fields), encrypted: true, format, plaintext, keyUsed };
}

/** `verifyTimestamp` that accepts timestamps within `maxSkewSeconds` of `now()` (milliseconds). */
export function timestampWithin(maxSkewSeconds: number, now: () => number = Date.now): (ts: number) => boolean {
  return (ts) => Number.isFinite(ts) && Math.abs(now() / 1000 - ts) <= maxSkewSeconds;
}

/** XML or JSON, by the first non-blank character (WeChat documents no Content-Type). */
export function sniffFormat(text: string): PushFormat {
  const first = text.charCodeAt(0);
  if (first === 0x7b) return 'json';
  if (first === 0x3c) return 'xml';
  const match = /\S/.exec(text);
  if (match?.[0] === '<') return 'xml';
  if (match?.[0] === '{') return 'json';
  throw new PushError('undecodable', 'body is neither XML nor JSON');
}

function parseFields(text: string, format: PushFormat, limits: ParseLimits): WireRecord {
  try {
    return format === 'json' ? parseJsonFields(text, limits) : parseXmlFields(text, limits);
  } catch (error) {
    throw asPushError(error);
  }
}

function toPush(fields: WireRecord): WechatPush {
  try {
    return pushFromFields(fields);
  } catch (error) {
    if (error instanceof PushFieldsError) throw new PushError('undecodable', `not a WeChat push: ${error.message}`);
    throw error;
  }
}

function guard<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw asPushError(error);
  }
}

function asPushError(error: unknown): unknown {
  if (!(error instanceof BodyParseError)) return error;
  const reason: PushErrorReason =
    error.rejection === 'too_large' ? 'too_large' : error.rejection === 'malformed' ? 'undecodable' : 'unsafe_body';
  return new PushError(reason, error.message);
}

function decrypt(channel: PushChannel, encrypt: string): { plaintext: string; keyUsed: 'current' | 'previous' } {
  if (!channel.encodingAesKey) throw new PushError('misconfigured', 'encrypted push, but no EncodingAESKey configured');
  try {
    return { plaintext: cachedCrypto(channel.encodingAesKey, channel.appId).decrypt(encrypt), keyUsed: 'current' };
  } catch (error) {
    if (!(error instanceof WechatCryptoError)) throw error;
    if (channel.previousEncodingAesKey && error.failure !== 'bad_base64') {
      try {
        const crypto = cachedCrypto(channel.previousEncodingAesKey, channel.appId);
        return { plaintext: crypto.decrypt(encrypt), keyUsed: 'previous' };
      } catch {
        // Report the failure with the current key: that is the one the admin is expected to fix.
      }
    }
    if (error.failure === 'bad_key') throw new PushError('misconfigured', error.message, error.failure);
    throw new PushError('decrypt_failed', error.message, error.failure);
  }
}
