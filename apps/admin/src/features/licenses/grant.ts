import type { GrantRequest } from '@kefu/contracts';
import type { Dayjs } from 'dayjs';

export interface GrantFormValues {
  unlimited: boolean;
  seats?: number | null;
  /** The last day of the grant; none = no end. */
  expiresOn?: Dayjs | null;
}

/** Seats (or null for 不限) and the end of the chosen day, as the api wants them. */
export function toGrantRequest(values: GrantFormValues): GrantRequest {
  return {
    seats: values.unlimited ? null : (values.seats ?? 1),
    expiresAt: values.expiresOn ? values.expiresOn.endOf('day').toISOString() : null,
  };
}

/** A summary of an audit entry's before/after values ("3 → 5", "不限"). */
export function describeGrant(value: Record<string, unknown> | null, unlimited: string): string | null {
  if (!value) return null;
  const parts: string[] = [];
  if ('seats' in value) parts.push(value.seats === null ? unlimited : String(value.seats));
  if (typeof value.expiresAt === 'string') parts.push(value.expiresAt.slice(0, 10));
  if (typeof value.mode === 'string' && !('seats' in value)) parts.push(value.mode);
  return parts.length ? parts.join(' · ') : null;
}
