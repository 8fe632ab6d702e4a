export type ServiceMode = 'human' | 'human_robot' | 'official_account';
export type ReplyLanguage = 'zh-CN' | 'en';

/** What a customer gets when an agent closes their session: a text, a knowledge item, or nothing (null). */
export type Farewell = { type: 'text'; text: string } | { type: 'item'; number: number } | null;

export interface TenantSettings {
  tenantId: string;
  mode: ServiceMode;
  /** The official-account channel agents use in official_account mode. */
  linkedChannelId: string | null;
  /** The knowledge item sent when a customer enters the chat. */
  welcomeItemNumber: number | null;
  farewell: Farewell;
  goodbyeText: string;
  offlineNotice: string;
  robotFallbackText: string;
  idleTimeoutMinutes: number;
  missedChatSeconds: number;
  replyLanguage: ReplyLanguage;
  updatedAt: string | null;
}

/** Fields left out keep their value. */
export type UpdateSettingsRequest = Partial<Omit<TenantSettings, 'tenantId' | 'updatedAt'>>;
