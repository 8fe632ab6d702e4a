import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { SINGLE_AGENT, SeatAllowance, SeatPolicy } from '../tenants/seat-policy';
import { License } from './entities/license.entity';

/** The seats a licence row allows right now: an expired grant counts as none (G4), before any job runs. */
export function allowanceOf(license: Pick<License, 'seats' | 'expiresAt'> | null, now = Date.now()): SeatAllowance {
  if (!license) return SINGLE_AGENT;
  if (license.expiresAt && license.expiresAt.getTime() <= now) return SINGLE_AGENT;
  return { mode: 'multi', seats: license.seats };
}

/** Answers the tenants module's SEAT_POLICY port from the licences table. */
@Injectable()
export class SeatsService implements SeatPolicy {
  constructor(@InjectRepository(License) private readonly licenses: Repository<License>) {}

  /** Read with the agents in every engine transaction: a prepared statement. */
  async allowance(tenantId: string, manager?: EntityManager): Promise<SeatAllowance> {
    const [row] = await preparedQuery<Pick<License, 'seats' | 'expiresAt'>>(
      manager ?? this.licenses.manager,
      `SELECT seats, expires_at AS "expiresAt" FROM licenses WHERE tenant_id = $1`,
      [tenantId],
    );
    return allowanceOf(row ?? null);
  }

  async allowances(tenantIds: string[]): Promise<Map<string, SeatAllowance>> {
    const rows = tenantIds.length ? await this.licenses.findBy({ tenantId: In(tenantIds) }) : [];
    const byTenant = new Map(rows.map((row) => [row.tenantId, row]));
    return new Map(tenantIds.map((id) => [id, allowanceOf(byTenant.get(id) ?? null)]));
  }
}
