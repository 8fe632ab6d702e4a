import { stringField, type WireRecord } from './fields';
import type { OutRecord } from './xml';

/** Fields every push carries. `createTime` is Unix seconds. */
export interface PushBase {
  /** Original id of the mini-program / official account (`gh_…`). */
  toUserName: string;
  /** The user's openid. */
  fromUserName: string;
  createTime: number;
  /** Every field of the decoded body, scalars as strings (useful for logging and fields not modelled here). */
  raw: WireRecord;
}

/** A user message; `msgId` is kept as the exact string sent (it exceeds 2^53, and cloud pushes use non-numeric ids). */
export interface MessageBase extends PushBase {
  category: 'message';
  msgId: string;
}

export interface EventBase extends PushBase {
  category: 'event';
}

export interface TextMessage extends MessageBase {
  type: 'text';
  content: string;
  /** Id of the chosen option when the text answers a `msgmenu` (official accounts). */
  bizMsgMenuId?: string;
}
export interface ImageMessage extends MessageBase {
  type: 'image';
  picUrl: string;
  mediaId: string;
}
export interface MiniProgramPageMessage extends MessageBase {
  type: 'miniprogrampage';
  title: string;
  appId: string;
  pagePath: string;
  thumbUrl: string;
  thumbMediaId: string;
}
export interface VoiceMessage extends MessageBase {
  type: 'voice';
  mediaId: string;
  format: string;
  /** Speech-to-text, only when the account enabled it. */
  recognition?: string;
}
export interface VideoMessage extends MessageBase {
  type: 'video' | 'shortvideo';
  mediaId: string;
  thumbMediaId: string;
}
export interface LocationMessage extends MessageBase {
  type: 'location';
  latitude: number;
  longitude: number;
  scale: number;
  label: string;
}
export interface LinkMessage extends MessageBase {
  type: 'link';
  title: string;
  description: string;
  url: string;
}

export interface EnterSessionEvent extends EventBase {
  type: 'user_enter_tempsession';
  /** The contact button's `session-from`: user-controlled, treat as untrusted text. */
  sessionFrom: string;
}
export interface SubscribeEvent extends EventBase {
  type: 'subscribe';
  /** `qrscene_<scene>` when the user followed through a parameter QR code. */
  eventKey?: string;
  ticket?: string;
}
export interface UnsubscribeEvent extends EventBase {
  type: 'unsubscribe';
}
export interface MenuClickEvent extends EventBase {
  type: 'click';
  eventKey: string;
}

/** Anything not modelled above; nothing is lost, see `raw`. */
export interface UnknownPush extends PushBase {
  type: 'unknown';
  category: 'message' | 'event';
  msgType: string;
  /** The `Event` field for events. */
  event?: string;
  msgId?: string;
}

export type WechatMessage =
  | TextMessage
  | ImageMessage
  | MiniProgramPageMessage
  | VoiceMessage
  | VideoMessage
  | LocationMessage
  | LinkMessage;

export type WechatEventPush = EnterSessionEvent | SubscribeEvent | UnsubscribeEvent | MenuClickEvent;

/** Every push the relay can receive, discriminated by `type`. */
export type WechatPush = WechatMessage | WechatEventPush | UnknownPush;

export class PushFieldsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushFieldsError';
  }
}

/** Turns decoded body fields into a typed push; throws `PushFieldsError` when a common field is missing. */
export function pushFromFields(raw: WireRecord): WechatPush {
  const createTimeText = required(raw, 'CreateTime').trim();
  if (!/^\d{1,12}$/.test(createTimeText)) throw new PushFieldsError('CreateTime is not a number');
  const toUserName = required(raw, 'ToUserName');
  const fromUserName = required(raw, 'FromUserName');
  const createTime = Number(createTimeText);
  const msgType = required(raw, 'MsgType');

  if (msgType === 'event') {
    const base: EventBase = { category: 'event', toUserName, fromUserName, createTime, raw };
    return eventFromFields(base, raw, stringField(raw, 'Event') ?? '');
  }
  const msgId = stringField(raw, 'MsgId')?.trim();
  if (msgId === undefined || msgId === '') {
    return { category: 'message', type: 'unknown', msgType, toUserName, fromUserName, createTime, raw };
  }
  return messageFromFields({ category: 'message', toUserName, fromUserName, createTime, raw, msgId }, raw, msgType);
}

function eventFromFields(base: EventBase, raw: WireRecord, event: string): WechatPush {
  switch (event) {
    case 'user_enter_tempsession':
      return withBase(base, { type: 'user_enter_tempsession' as const, sessionFrom: optional(raw, 'SessionFrom') });
    case 'subscribe': {
      const push: SubscribeEvent = withBase(base, { type: 'subscribe' as const });
      const eventKey = stringField(raw, 'EventKey');
      const ticket = stringField(raw, 'Ticket');
      if (eventKey !== undefined) push.eventKey = eventKey;
      if (ticket !== undefined) push.ticket = ticket;
      return push;
    }
    case 'unsubscribe':
      return withBase(base, { type: 'unsubscribe' as const });
    case 'CLICK':
      return withBase(base, { type: 'click' as const, eventKey: optional(raw, 'EventKey') });
    default:
      return withBase(base, { type: 'unknown' as const, msgType: 'event', event });
  }
}

function messageFromFields(base: MessageBase, raw: WireRecord, msgType: string): WechatPush {
  switch (msgType) {
    case 'text': {
      const push: TextMessage = withBase(base, { type: 'text' as const, content: optional(raw, 'Content') });
      const menuId = stringField(raw, 'bizmsgmenuid');
      if (menuId !== undefined) push.bizMsgMenuId = menuId;
      return push;
    }
    case 'image':
      return withBase(base, { type: 'image' as const, picUrl: optional(raw, 'PicUrl'), mediaId: optional(raw, 'MediaId') });
    case 'miniprogrampage':
      return withBase(base, {
        type: 'miniprogrampage' as const,
        title: optional(raw, 'Title'),
        appId: optional(raw, 'AppId'),
        pagePath: optional(raw, 'PagePath'),
        thumbUrl: optional(raw, 'ThumbUrl'),
        thumbMediaId: optional(raw, 'ThumbMediaId'),
      });
    case 'voice': {
      const push: VoiceMessage = withBase(base, { type: 'voice' as const, mediaId: optional(raw, 'MediaId'), format: optional(raw, 'Format') });
      const recognition = stringField(raw, 'Recognition');
      if (recognition !== undefined) push.recognition = recognition;
      return push;
    }
    case 'video':
    case 'shortvideo':
      return withBase(base, { type: msgType, mediaId: optional(raw, 'MediaId'), thumbMediaId: optional(raw, 'ThumbMediaId') });
    case 'location':
      return withBase(base, {
        type: 'location' as const,
        latitude: Number(optional(raw, 'Location_X')),
        longitude: Number(optional(raw, 'Location_Y')),
        scale: Number(optional(raw, 'Scale')),
        label: optional(raw, 'Label'),
      });
    case 'link':
      return withBase(base, { type: 'link' as const, title: optional(raw, 'Title'), description: optional(raw, 'Description'), url: optional(raw, 'Url') });
    default:
      return withBase(base, { type: 'unknown' as const, msgType });
  }
}

/** Adds the common fields to a type's own fields (Object.assign: object spread is slow on this hot path). */
function withBase<B extends PushBase, T extends object>(base: B, own: T): T & B {
  return Object.assign(own, base);
}

function required(raw: WireRecord, name: string): string {
  const value = stringField(raw, name);
  if (value === undefined) throw new PushFieldsError(`missing ${name}`);
  return value;
}

function optional(raw: WireRecord, name: string): string {
  return stringField(raw, name) ?? '';
}

/**
 * The de-duplication key of a push (protocol §4): `appid|from|MsgId` for messages,
 * `appid|from|CreateTime|Event` for events (and for a message without MsgId, its MsgType).
 */
export function dedupKey(appId: string, push: WechatPush): string {
  const msgId = push.type === 'unknown' ? push.msgId : push.category === 'message' ? push.msgId : undefined;
  if (msgId) return `${appId}|${push.fromUserName}|${msgId}`;
  const what = push.type === 'unknown' ? (push.event ?? push.msgType) : push.type === 'click' ? 'CLICK' : push.type;
  return `${appId}|${push.fromUserName}|${push.createTime}|${what}`;
}

/**
 * The wire fields WeChat would send for a push, in WeChat's order (used by simulators and tests).
 * MsgId is written as a bare number when it is all digits, as WeChat does.
 */
export function pushToFields(push: WechatPush): OutRecord {
  const fields: OutRecord = {
    ToUserName: push.toUserName,
    FromUserName: push.fromUserName,
    CreateTime: push.createTime,
    MsgType: push.type === 'unknown' ? push.msgType : push.category === 'event' ? 'event' : push.type,
  };
  switch (push.type) {
    case 'text':
      fields.Content = push.content;
      fields.bizmsgmenuid = push.bizMsgMenuId;
      break;
    case 'image':
      Object.assign(fields, { PicUrl: push.picUrl, MediaId: push.mediaId });
      break;
    case 'miniprogrampage':
      Object.assign(fields, {
        Title: push.title,
        AppId: push.appId,
        PagePath: push.pagePath,
        ThumbUrl: push.thumbUrl,
        ThumbMediaId: push.thumbMediaId,
      });
      break;
    case 'voice':
      Object.assign(fields, { MediaId: push.mediaId, Format: push.format, Recognition: push.recognition });
      break;
    case 'video':
    case 'shortvideo':
      Object.assign(fields, { MediaId: push.mediaId, ThumbMediaId: push.thumbMediaId });
      break;
    case 'location':
      Object.assign(fields, {
        Location_X: push.latitude,
        Location_Y: push.longitude,
        Scale: push.scale,
        Label: push.label,
      });
      break;
    case 'link':
      Object.assign(fields, { Title: push.title, Description: push.description, Url: push.url });
      break;
    case 'user_enter_tempsession':
      Object.assign(fields, { Event: 'user_enter_tempsession', SessionFrom: push.sessionFrom });
      break;
    case 'subscribe':
      Object.assign(fields, { Event: 'subscribe', EventKey: push.eventKey, Ticket: push.ticket });
      break;
    case 'unsubscribe':
      fields.Event = 'unsubscribe';
      break;
    case 'click':
      Object.assign(fields, { Event: 'CLICK', EventKey: push.eventKey });
      break;
    case 'unknown':
      fields.Event = push.event;
      break;
  }
  const msgId = push.category === 'message' ? push.msgId : undefined;
  if (msgId !== undefined) fields.MsgId = /^(?:0|[1-9]\d{0,19})$/.test(msgId) ? BigInt(msgId) : msgId;
  return fields;
}
