export type ChannelKind = 'miniprogram' | 'official_account';
export type ChannelMode = 'plain' | 'compatible' | 'secure';
export type ChannelFormat = 'json' | 'xml';
export type ChannelCheckStatus = 'ok' | 'failed' | 'unchecked';

/** Why WeChat refused (or accepted) a channel's AppID and AppSecret. */
export type ChannelCheckCode =
  | 'ok'
  | 'wrong_app_id'
  | 'wrong_secret'
  | 'ip_not_whitelisted'
  | 'secret_frozen'
  | 'wechat_unreachable'
  | 'wechat_refused';

export interface CreateChannelRequest {
  name: string;
  kind: ChannelKind;
  originalId: string;
  appId: string;
  appSecret: string;
  /** Generated when left out. */
  token?: string;
  /**
   * Sent once: the API stores it sealed and returns only its ends. Generated when left out, but then
   * nobody can read it to paste into WeChat, so the console always sends one of its own.
   */
  encodingAesKey?: string;
  /** Default secure. */
  mode?: ChannelMode;
  /** Default json for mini-programs; official accounts push XML only. */
  format?: ChannelFormat;
}

export type UpdateChannelRequest = Partial<CreateChannelRequest>;

export interface Channel {
  id: string;
  tenantId: string;
  name: string;
  kind: ChannelKind;
  originalId: string;
  appId: string;
  /** Only the ends of the AppSecret; it is never shown again in full. */
  appSecretMasked: string;
  /** To copy into WeChat's 消息推送 form. */
  webhookUrl: string;
  token: string;
  /** Only the ends of the EncodingAESKey; the full key is seen only by whoever sent it. */
  encodingAesKeyMasked: string;
  mode: ChannelMode;
  format: ChannelFormat;
  checkStatus: ChannelCheckStatus;
  checkCode: ChannelCheckCode | null;
  checkMessage: string | null;
  checkedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
