import type { JobOptions, QueueOptions } from 'bull';

/** Bull's backoff for `deliver` jobs: doubling from 1 s, at least what WeChat asked for (45011: 60 s). */
export const DELIVERY_BACKOFF = 'delivery';

const MAX_BACKOFF_MS = 5 * 60_000;

/** Thrown by a delivery run that stopped on a transient WeChat error; the recipient's later rows wait. */
export class DeliveryRetryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'DeliveryRetryError';
  }
}

export function deliveryBackoff(attemptsMade: number, error?: unknown): number {
  const doubling = Math.min(1000 * 2 ** Math.max(attemptsMade - 1, 0), MAX_BACKOFF_MS);
  return error instanceof DeliveryRetryError ? Math.max(doubling, error.retryAfterMs) : doubling;
}

/** The outbound queue's settings; every registration of the queue must carry them. */
export const OUTBOUND_QUEUE_SETTINGS: QueueOptions['settings'] = {
  backoffStrategies: { [DELIVERY_BACKOFF]: deliveryBackoff },
};

export const DELIVER_JOB_OPTIONS: JobOptions = {
  attempts: 8,
  backoff: { type: DELIVERY_BACKOFF },
  removeOnComplete: true,
  removeOnFail: 1000,
};
