import { handshakeSignature, MessageCrypto, messageSignature } from '@kefu/wechat';
import { newCryptoRandom } from '../ids';
import type { PushField } from './bodies';
import { encodeFields } from './bodies';
import type { PhoneMessage, PushChannel } from './messages';

/** Media the sim stored for a user message, already turned into ids and links. */
export interface PushMedia {
  mediaId?: string;
  url?: string;
  thumbMediaId?: string;
  thumbUrl?: string;
}

export interface ComposeInput {
  channel: PushChannel;
  originalId: string;
  message: PhoneMessage;
  createTime: number;
  /** Messages only; events carry no MsgId. */
  msgId?: string;
  media: PushMedia;
}

const num = (value: number | string) => ({ number: String(value) });

/** The message fields in WeChat's order (protocol §2.3, §2.4). */
export function messageFields(input: ComposeInput): PushField[] {
  const { message, media } = input;
  const fields: PushField[] = [
    ['ToUserName', input.originalId],
    ['FromUserName', message.from],
    ['CreateTime', num(input.createTime)],
  ];
  const msgId: PushField = ['MsgId', num(input.msgId ?? '0')];
  const event = (name: string): PushField[] => [
    ['MsgType', 'event'],
    ['Event', name],
  ];
  switch (message.type) {
    case 'text':
      return [...fields, ['MsgType', 'text'], ['Content', message.content], msgId];
    case 'image':
      return [...fields, ['MsgType', 'image'], ['PicUrl', media.url ?? ''], ['MediaId', media.mediaId ?? ''], msgId];
    case 'voice': {
      const voice: PushField[] = [
        ...fields,
        ['MsgType', 'voice'],
        ['MediaId', media.mediaId ?? ''],
        ['Format', message.format ?? 'amr'],
      ];
      if (message.recognition !== undefined) voice.push(['Recognition', message.recognition]);
      return [...voice, msgId];
    }
    case 'video':
      return [
        ...fields,
        ['MsgType', 'video'],
        ['MediaId', media.mediaId ?? ''],
        ['ThumbMediaId', media.thumbMediaId ?? ''],
        msgId,
      ];
    case 'miniprogrampage':
      return [
        ...fields,
        ['MsgType', 'miniprogrampage'],
        msgId,
        ['Title', message.title],
        ['AppId', message.appId],
        ['PagePath', message.pagePath],
        ['ThumbUrl', media.thumbUrl ?? ''],
        ['ThumbMediaId', media.thumbMediaId ?? ''],
      ];
    case 'user_enter_tempsession':
      return [...fields, ...event('user_enter_tempsession'), ['SessionFrom', message.sessionFrom ?? '']];
    case 'subscribe': {
      const subscribe = [...fields, ...event('subscribe')];
      if (message.eventKey !== undefined) subscribe.push(['EventKey', message.eventKey]);
      if (message.ticket !== undefined) subscribe.push(['Ticket', message.ticket]);
      return subscribe;
    }
    case 'unsubscribe':
      return [...fields, ...event('unsubscribe')];
    case 'CLICK':
      return [...fields, ...event('CLICK'), ['EventKey', message.eventKey]];
    case 'SCAN': {
      const scan = [...fields, ...event('SCAN'), ['EventKey', message.eventKey] as PushField];
      if (message.ticket !== undefined) scan.push(['Ticket', message.ticket]);
      return scan;
    }
  }
}

export interface ComposedPush {
  /** The message as plaintext mode would carry it (and what Encrypt decrypts to). */
  plaintext: string;
  body: string;
  query: Record<string, string>;
}

/** Wraps the message for the channel's mode and signs it (protocol §2.1, §2.2, §3). */
export function composePush(input: ComposeInput, timestamp: string, nonce: string): ComposedPush {
  const { channel } = input;
  const fields = messageFields(input);
  const plaintext = encodeFields(fields, channel.format);
  const query: Record<string, string> = {
    signature: handshakeSignature(channel.token, timestamp, nonce),
    timestamp,
    nonce,
    openid: input.message.from,
  };
  if (channel.mode === 'plain') return { plaintext, body: plaintext, query };

  if (!channel.encodingAesKey) throw new TypeError(`${channel.mode} mode needs the channel's encodingAesKey`);
  const crypto = new MessageCrypto(channel.encodingAesKey, channel.appId);
  const encrypt = crypto.encrypt(plaintext, newCryptoRandom());
  query['encrypt_type'] = 'aes';
  query['msg_signature'] = messageSignature(channel.token, timestamp, nonce, encrypt);
  const envelope: PushField[] =
    channel.mode === 'secure'
      ? [
          ['ToUserName', input.originalId],
          ['Encrypt', encrypt],
        ]
      : [...fields, ['Encrypt', encrypt]];
  return { plaintext, body: encodeFields(envelope, channel.format), query };
}
