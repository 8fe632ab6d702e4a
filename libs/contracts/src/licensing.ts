import type { LicenseMode } from './tenants';

export type LicenseApplicationStatus = 'pending' | 'granted' | 'rejected';
export type LicenseAuditAction = 'apply' | 'grant' | 'reject' | 'change' | 'revoke' | 'expire';

export interface ApplyForSeatsRequest {
  seats: number;
  note?: string;
}

export interface LicenseApplication {
  id: string;
  tenantId: string;
  tenantName: string;
  seats: number;
  note: string;
  status: LicenseApplicationStatus;
  appliedBy: string;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  /** Seats granted (null = unlimited), when granted. */
  grantedSeats: number | null;
  grantedExpiresAt: string | null;
  rejectReason: string | null;
}

export interface License {
  tenantId: string;
  mode: LicenseMode;
  /** Seats allowed: 1 in single mode, null = unlimited. */
  seats: number | null;
  /** Agents registered. */
  used: number;
  expiresAt: string | null;
  grantedAt: string | null;
  pendingApplication: LicenseApplication | null;
}

export interface GrantRequest {
  /** null = unlimited. */
  seats: number | null;
  /** ISO date in the future; left out = no end. */
  expiresAt?: string | null;
}

export interface RejectRequest {
  reason?: string;
}

export interface LicenseAuditEntry {
  id: string;
  tenantId: string;
  tenantName: string;
  action: LicenseAuditAction;
  /** User id, or null for the system (an expired grant). */
  actorId: string | null;
  /** Username, or 'system'. */
  actorName: string;
  applicationId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
