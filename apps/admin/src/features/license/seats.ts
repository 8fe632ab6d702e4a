import type { License, SeatsExhaustedError } from '@kefu/contracts';
import { AxiosError } from 'axios';
import type { TFunction } from 'i18next';

type SeatState = Pick<License, 'mode' | 'seats' | 'used'>;

/** 「坐席 3 · 已用 2」, 「坐席 不限 · 已用 2」 or 「单客服模式 · 已用 1 / 1」. */
export function seatMeterText(license: SeatState, t: TFunction): string {
  if (license.mode === 'single') return t('license.meterSingle', { used: license.used });
  const seats = license.seats === null ? t('license.unlimited') : String(license.seats);
  return t('license.meter', { seats, used: license.used });
}

/** Share of the seats in use, 0–100; null when unlimited. */
export function seatPercent(license: SeatState): number | null {
  if (license.seats === null) return null;
  if (license.seats <= 0) return 100;
  return Math.min(100, Math.round((license.used / license.seats) * 100));
}

/** Whether one more agent fits. */
export function hasFreeSeat(license: SeatState): boolean {
  return license.seats === null || license.used < license.seats;
}

/** The body of a 409 seats answer (seats_exhausted or seats_below_agents), else null. */
export function seatsProblem(error: unknown): (Omit<SeatsExhaustedError, 'code'> & { code: string }) | null {
  if (!(error instanceof AxiosError) || error.response?.status !== 409) return null;
  const body = error.response.data as Partial<SeatsExhaustedError> | undefined;
  if (!body || typeof body.code !== 'string' || !body.code.startsWith('seats_')) return null;
  return body as SeatsExhaustedError;
}
