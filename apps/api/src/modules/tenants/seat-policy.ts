import type { LicenseMode } from '@kefu/contracts';
import type { EntityManager } from 'typeorm';

/** How many agents a tenant may have: 1 in single-agent mode, the granted seats (null = unlimited) otherwise. */
export interface SeatAllowance {
  mode: LicenseMode;
  seats: number | null;
}

/**
 * The seats a tenant's licence allows. Provided by the licensing module, which owns licences;
 * the tenants module asks through this port so neither module reaches into the other's tables.
 */
export interface SeatPolicy {
  /** Read with `manager` inside the transaction that holds the tenant's lock. Expired grants count as none. */
  allowance(tenantId: string, manager?: EntityManager): Promise<SeatAllowance>;
  allowances(tenantIds: string[]): Promise<Map<string, SeatAllowance>>;
}

export const SEAT_POLICY = Symbol('SEAT_POLICY');

export const SINGLE_AGENT: SeatAllowance = { mode: 'single', seats: 1 };
