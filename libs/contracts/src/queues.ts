/** Bull queue names and their job names. */
export const QUEUES = {
  maintenance: 'maintenance',
  licensing: 'licensing',
  /** Outbound messages, one job per recipient to deliver (D1). */
  outbound: 'outbound',
  /** The conversation engine's timers and background work: sweeper, broadcasts. */
  dispatch: 'dispatch',
  /** Knowledge media: WeChat media ids renewed before they expire (F3). */
  media: 'media',
} as const;

export const MAINTENANCE_JOBS = {
  purgeRefreshTokens: 'purge-refresh-tokens',
} as const;

export const LICENSING_JOBS = {
  expireGrants: 'expire-grants',
} as const;

export const OUTBOUND_JOBS = {
  deliver: 'deliver',
} as const;

export const DISPATCH_JOBS = {
  /** Repeatable: re-enqueue outbound messages Redis lost, close idle sessions (E1, E2). */
  sweep: 'sweep',
  /** @所有人 (C7): one message to every customer whose window is open. */
  broadcast: 'broadcast',
} as const;

export const MEDIA_JOBS = {
  /** Repeatable: upload again media ids that expire soon (F3). */
  renew: 'renew',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
