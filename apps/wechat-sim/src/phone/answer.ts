import { MessageCrypto, messageSignature } from '@kefu/wechat';
import type { PushChannel } from './messages';

/** A real reply instead of `success`: an OA passive reply or `transfer_customer_service` (protocol §4). */
export interface PushReply {
  msgType: string;
  /** The reply message, decrypted when it came encrypted. */
  message: string;
  encrypted: boolean;
}

export type AnswerVerdict =
  | { accepted: true; kind: 'success' | 'empty' }
  | { accepted: true; kind: 'reply'; reply: PushReply }
  | { accepted: false; reason: string };

function xmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2]) : undefined;
}

function readFields(body: string, format: 'json' | 'xml'): ((name: string) => string | undefined) | undefined {
  if (format === 'xml') return body.trimStart().startsWith('<xml>') ? (name) => xmlField(body, name) : undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const record = parsed as Record<string, unknown>;
    return (name) => (record[name] === undefined ? undefined : String(record[name]));
  } catch {
    return undefined;
  }
}

/**
 * Judges a relay's answer the way WeChat does: `success` or an empty body end the push; so does a
 * well-formed reply in the push's format (encrypted and signed in secure mode). Anything else is retried.
 */
export function judgeAnswer(status: number, body: string, channel: PushChannel): AnswerVerdict {
  if (status !== 200) return { accepted: false, reason: `HTTP ${status}` };
  if (body === '') return { accepted: true, kind: 'empty' };
  if (body === 'success') return { accepted: true, kind: 'success' };
  const outer = readFields(body, channel.format);
  if (!outer) return { accepted: false, reason: `answer is neither success, empty nor a ${channel.format} reply` };
  const encrypt = outer('Encrypt');
  if (encrypt !== undefined) {
    if (channel.mode === 'plain' || !channel.encodingAesKey) {
      return { accepted: false, reason: 'encrypted reply in plain mode' };
    }
    const expected = messageSignature(channel.token, outer('TimeStamp') ?? '', outer('Nonce') ?? '', encrypt);
    if (expected !== outer('MsgSignature')) return { accepted: false, reason: 'reply MsgSignature does not verify' };
    let message: string;
    try {
      message = new MessageCrypto(channel.encodingAesKey, channel.appId).decrypt(encrypt);
    } catch (error) {
      return { accepted: false, reason: `reply does not decrypt: ${(error as Error).message}` };
    }
    const inner = readFields(message, channel.format);
    const msgType = inner?.('MsgType');
    if (!msgType) return { accepted: false, reason: 'decrypted reply has no MsgType' };
    return { accepted: true, kind: 'reply', reply: { msgType, message, encrypted: true } };
  }
  if (channel.mode === 'secure') return { accepted: false, reason: 'secure mode needs an encrypted reply' };
  const msgType = outer('MsgType');
  if (!msgType) return { accepted: false, reason: 'reply has no MsgType' };
  return { accepted: true, kind: 'reply', reply: { msgType, message: body, encrypted: false } };
}
