import type { AppKind } from '../state/apps';
import type { UserAction } from '../state/windows';

/** Where and how a relay receives pushes: the values typed into WeChat's console (protocol §1). */
export interface PushChannel {
  url: string;
  token: string;
  /** Needed for compatible and secure mode. */
  encodingAesKey?: string;
  appId: string;
  /** `gh_…` written as ToUserName (default: the registered app's). */
  originalId?: string;
  mode: 'plain' | 'compatible' | 'secure';
  /** Official accounts only support XML. */
  format: 'json' | 'xml';
}

/** A file a user sends; without one the sim makes up a small valid file. */
export interface PhoneFile {
  data: Buffer;
  contentType?: string;
  filename?: string;
}

interface FromUser {
  /** The sender's openid. */
  from: string;
}

export type PhoneMessage = FromUser &
  (
    | { type: 'text'; content: string }
    | { type: 'image'; file?: PhoneFile }
    | { type: 'voice'; file?: PhoneFile; format?: string; recognition?: string }
    | { type: 'video'; file?: PhoneFile; thumb?: PhoneFile }
    | { type: 'miniprogrampage'; title: string; appId: string; pagePath: string; thumb?: PhoneFile }
    | { type: 'user_enter_tempsession'; sessionFrom?: string }
    | { type: 'subscribe'; eventKey?: string; ticket?: string }
    | { type: 'unsubscribe' }
    | { type: 'CLICK'; eventKey: string }
    | { type: 'SCAN'; eventKey: string; ticket?: string }
  );

export type PhoneMessageType = PhoneMessage['type'];

const SUPPORTED: Record<AppKind, readonly PhoneMessageType[]> = {
  miniprogram: ['text', 'image', 'miniprogrampage', 'user_enter_tempsession'],
  official_account: ['text', 'image', 'voice', 'video', 'miniprogrampage', 'subscribe', 'unsubscribe', 'CLICK', 'SCAN'],
};

export function supportsMessage(kind: AppKind, type: string): type is PhoneMessageType {
  return SUPPORTED[kind].includes(type as PhoneMessageType);
}

export function actionOf(type: PhoneMessageType): UserAction {
  switch (type) {
    case 'user_enter_tempsession':
      return 'enter_session';
    case 'subscribe':
      return 'subscribe';
    case 'unsubscribe':
      return 'unsubscribe';
    case 'CLICK':
      return 'menu_click';
    case 'SCAN':
      return 'scan';
    default:
      return 'message';
  }
}
