export type TenantStatus = 'active' | 'suspended';

/** Single-agent mode (no grant, or an expired or revoked one) or multi-agent mode (a grant of seats). */
export type LicenseMode = 'single' | 'multi';

export interface CreateTenantRequest {
  name: string;
  adminUsername: string;
  adminPassword: string;
}

export interface UpdateTenantRequest {
  name?: string;
  status?: TenantStatus;
}

export interface TenantSummary {
  id: string;
  name: string;
  status: TenantStatus;
  licenseMode: LicenseMode;
  /** Seats granted; null = unlimited in multi mode, 1 in single mode. */
  seats: number | null;
  /** Agents registered (they all use a seat). */
  agentCount: number;
  createdAt: string;
}

export interface TenantUser {
  id: string;
  username: string;
  role: 'tenant_admin';
  tenantId: string;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface CreateTenantUserRequest {
  username: string;
  password: string;
}
