/**
 * The sandbox: a demo tenant whose WeChat is a simulator inside the api process, so the console can
 * show customers' and agents' phones and type on them.
 */

/** `GET /api/sandbox`. `tenantId` is set for whom the demo is visible (its admins and the superadmin). */
export interface SandboxStatus {
  enabled: boolean;
  /** `starting` until the demo is seeded and its agents are on duty. */
  state: 'off' | 'starting' | 'ready' | 'failed';
  tenantId: string | null;
  /** The demo's console sign-in name. */
  username: string | null;
}

export type SandboxPhoneRole = 'customer' | 'agent';

/**
 * One message on a phone, as WeChat shows it. `direction`: `sent` by the phone's owner (right, green),
 * `received` from the relay (left, white). Pictures are read through `GET …/sandbox/media/:mediaId`.
 */
export type SandboxBubble =
  | { type: 'text'; text: string }
  | { type: 'image'; mediaId: string }
  | { type: 'link'; title: string; description: string; url: string; pictureUrl: string | null }
  | { type: 'miniprogram'; title: string; pagePath: string; thumbMediaId: string | null }
  | { type: 'enter' }
  | { type: 'other'; msgtype: string };

export interface SandboxMessage {
  /** Stable within the phone, for list keys. */
  id: string;
  direction: 'sent' | 'received';
  at: string;
  content: SandboxBubble;
}

export interface SandboxPhone {
  openid: string;
  name: string;
  role: SandboxPhoneRole;
  /** The customer's number (#n) once the relay knows them. */
  number: number | null;
  isAdmin: boolean;
  messages: SandboxMessage[];
}

export interface SandboxPhones {
  phones: SandboxPhone[];
}

/** `POST …/sandbox/phones`: a new customer who enters the chat with this nickname. */
export interface AddSandboxCustomerRequest {
  nickname: string;
}

/** `POST …/sandbox/phones/:openid/messages`: text, or `picture: true` for a photo. */
export interface SandboxTypeRequest {
  text?: string;
  picture?: boolean;
}
