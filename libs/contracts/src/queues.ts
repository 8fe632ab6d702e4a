/** Bull queue names and their job names. */
export const QUEUES = {
  maintenance: 'maintenance',
  licensing: 'licensing',
} as const;

export const MAINTENANCE_JOBS = {
  purgeRefreshTokens: 'purge-refresh-tokens',
} as const;

export const LICENSING_JOBS = {
  expireGrants: 'expire-grants',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
