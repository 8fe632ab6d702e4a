import { encryptAndSign, type MessageCrypto } from '../crypto';
import { cachedCrypto } from '../crypto-cache';
import { PushError, type PushChannel, type PushFormat } from './decode-push';
import type { WechatPush } from './events';
import { writeJson } from './json';
import { writeXml, type OutRecord } from './xml';

/** The body that acknowledges a push without replying; it is never encrypted. */
export const SUCCESS_REPLY = 'success';

/** A synchronous answer to a push (protocol §4). Mini-programs only accept `transfer_customer_service`. */
export type PassiveReply =
  | { type: 'transfer_customer_service'; kfAccount?: string }
  | { type: 'text'; content: string }
  | { type: 'image'; mediaId: string }
  | { type: 'voice'; mediaId: string }
  | { type: 'video'; mediaId: string; title?: string; description?: string }
  | { type: 'news'; articles: { title: string; description: string; picUrl: string; url: string }[] };

export interface EncodeReplyInput {
  reply: PassiveReply;
  /** The push being answered; the reply goes back to its sender. */
  push: Pick<WechatPush, 'toUserName' | 'fromUserName'>;
  channel: PushChannel;
  /** Encrypt the reply: pass `DecodedPush.encrypted`. */
  encrypt: boolean;
  /** Defaults to the channel's format. */
  format?: PushFormat;
  /** Echo the push's `nonce` (any string is allowed). */
  nonce: string;
  /** Unix seconds for CreateTime and TimeStamp. */
  timestamp: number;
  /** Which key opened the push (`DecodedPush.keyUsed`); the reply uses the same one. */
  keyUsed?: 'current' | 'previous';
  /** Fixed 16-byte random prefix, for deterministic tests only. */
  random?: Buffer;
}

export interface EncodedReply {
  body: string;
  contentType: string;
}

/** The wire fields of a passive reply, in WeChat's element order. */
export function replyFields(
  reply: PassiveReply,
  address: { toUserName: string; fromUserName: string; createTime: number },
): OutRecord {
  const fields: OutRecord = {
    ToUserName: address.toUserName,
    FromUserName: address.fromUserName,
    CreateTime: address.createTime,
    MsgType: reply.type,
  };
  switch (reply.type) {
    case 'transfer_customer_service':
      if (reply.kfAccount !== undefined) fields.TransInfo = { KfAccount: reply.kfAccount };
      break;
    case 'text':
      fields.Content = reply.content;
      break;
    case 'image':
      fields.Image = { MediaId: reply.mediaId };
      break;
    case 'voice':
      fields.Voice = { MediaId: reply.mediaId };
      break;
    case 'video':
      fields.Video = { MediaId: reply.mediaId, Title: reply.title, Description: reply.description };
      break;
    case 'news':
      fields.ArticleCount = reply.articles.length;
      fields.Articles = {
        item: reply.articles.map((a) => ({ Title: a.title, Description: a.description, PicUrl: a.picUrl, Url: a.url })),
      };
      break;
  }
  return fields;
}

/** Encodes a passive reply in the channel's format, encrypted and signed when the push was (§3.5). */
export function encodeReply(input: EncodeReplyInput): EncodedReply {
  const format = input.format ?? input.channel.format;
  const fields = replyFields(input.reply, {
    toUserName: input.push.fromUserName,
    fromUserName: input.push.toUserName,
    createTime: input.timestamp,
  });
  const plaintext = writeFields(fields, format);
  if (!input.encrypt) return { body: plaintext, contentType: contentTypeOf(format) };

  const key = input.keyUsed === 'previous' ? input.channel.previousEncodingAesKey : input.channel.encodingAesKey;
  if (!key) throw new PushError('misconfigured', 'encrypted reply, but no EncodingAESKey configured');
  return encryptedReply(plaintext, {
    crypto: cachedCrypto(key, input.channel.appId),
    token: input.channel.token,
    timestamp: input.timestamp,
    nonce: input.nonce,
    format,
    random: input.random,
  });
}

/** Wraps an already encoded message in the secure-mode envelope `{Encrypt, MsgSignature, TimeStamp, Nonce}`. */
export function encryptedReply(
  plaintext: string,
  options: { crypto: MessageCrypto; token: string; timestamp: number; nonce: string; format: PushFormat; random?: Buffer },
): EncodedReply {
  const { crypto, token, timestamp, nonce, format, random } = options;
  const { encrypt, msgSignature } = encryptAndSign(crypto, token, plaintext, String(timestamp), nonce, random);
  const envelope: OutRecord = { Encrypt: encrypt, MsgSignature: msgSignature, TimeStamp: timestamp, Nonce: nonce };
  return { body: writeFields(envelope, format), contentType: contentTypeOf(format) };
}

/** Writes flat or nested fields as a WeChat XML (`<xml>…</xml>`, CDATA strings) or JSON body. */
export function writeFields(fields: OutRecord, format: PushFormat): string {
  return format === 'json' ? writeJson(fields) : writeXml(fields);
}

function contentTypeOf(format: PushFormat): string {
  return format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8';
}
