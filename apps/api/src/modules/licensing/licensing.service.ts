import type {
  LicenseApplication as ApplicationView,
  License as LicenseView,
  LicenseApplicationStatus,
  LicenseAuditAction,
  LicenseAuditEntry as AuditView,
  Page,
} from '@kefu/contracts';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuthUser } from '../../common/current-user.decorator';
import { AgentsService } from '../tenants/agents.service';
import { SeatsBelowAgentsException, isUniqueViolation } from '../tenants/errors';
import { TenantsService } from '../tenants/tenants.service';
import { LicenseApplication } from './entities/license-application.entity';
import { LicenseAuditEntry } from './entities/license-audit.entity';
import { License } from './entities/license.entity';
import { allowanceOf } from './seats.service';

/** Who did a step: a signed-in user, or the system itself (an expired grant). */
export type Actor = Pick<AuthUser, 'id' | 'username'> | 'system';

export interface AuditQuery {
  tenantId?: string;
  action?: LicenseAuditAction;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

type Snapshot = { mode: 'single' | 'multi'; seats: number | null; expiresAt: string | null };

function snapshot(license: License | null): Snapshot {
  const allowance = allowanceOf(license);
  return {
    mode: allowance.mode,
    seats: allowance.seats,
    expiresAt: allowance.mode === 'multi' ? (license?.expiresAt?.toISOString() ?? null) : null,
  };
}

function seatsText(seats: number | null): string {
  return seats === null ? 'unlimited seats' : `${seats} seat${seats === 1 ? '' : 's'}`;
}

/** Applications, grants, changes, revocations and expiry of seats (G2–G4), each step in the audit log. */
@Injectable()
export class LicensingService {
  private readonly logger = new Logger(LicensingService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(License) private readonly licenses: Repository<License>,
    @InjectRepository(LicenseApplication) private readonly applications: Repository<LicenseApplication>,
    @InjectRepository(LicenseAuditEntry) private readonly audit: Repository<LicenseAuditEntry>,
    private readonly tenants: TenantsService,
    private readonly agents: AgentsService,
  ) {}

  /** The tenant's licence as it applies now: an expired grant reads as single-agent mode. */
  async get(tenantId: string): Promise<LicenseView> {
    const [row, used, pending] = await Promise.all([
      this.licenses.findOneBy({ tenantId }),
      this.agents.count(tenantId),
      this.applications.findOneBy({ tenantId, status: 'pending' }),
    ]);
    const allowance = allowanceOf(row);
    const multi = allowance.mode === 'multi';
    return {
      tenantId,
      mode: allowance.mode,
      seats: allowance.seats,
      used,
      expiresAt: multi ? (row?.expiresAt?.toISOString() ?? null) : null,
      grantedAt: multi ? (row?.grantedAt.toISOString() ?? null) : null,
      pendingApplication: pending ? (await this.applicationViews([pending]))[0]! : null,
    };
  }

  /** 申请开通 (G2): one pending application per tenant. */
  async apply(tenantId: string, actor: AuthUser, input: { seats: number; note?: string }): Promise<ApplicationView> {
    const waiting = await this.applications.findOneBy({ tenantId, status: 'pending' });
    if (waiting) throw alreadyPending(waiting);
    const application = await this.dataSource
      .transaction(async (manager) => {
        const created = await manager.save(
          manager.create(LicenseApplication, {
            tenantId,
            seats: input.seats,
            note: input.note ?? '',
            status: 'pending',
            appliedBy: actor.id,
            appliedByName: actor.username,
          }),
        );
        await this.record(manager, tenantId, 'apply', actor, created.id, null, { seats: created.seats, note: created.note });
        return created;
      })
      .catch(async (error: unknown) => {
        if (!isUniqueViolation(error, 'license_applications_one_pending')) throw error;
        throw alreadyPending(await this.applications.findOneBy({ tenantId, status: 'pending' }));
      });
    return (await this.applicationViews([application]))[0]!;
  }

  async listApplications(status?: LicenseApplicationStatus): Promise<ApplicationView[]> {
    const rows = await this.applications.find({
      where: status ? { status } : {},
      order: { createdAt: status === 'pending' ? 'ASC' : 'DESC' },
      take: 500,
    });
    return this.applicationViews(rows);
  }

  /** Grants an application's tenant seats (null = unlimited); never fewer than its agents (G3). */
  async grant(applicationId: string, actor: AuthUser, input: { seats: number | null; expiresAt?: Date | null }): Promise<ApplicationView> {
    assertFuture(input.expiresAt);
    const application = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOne(LicenseApplication, { where: { id: applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundException('No such application');
      assertPending(found);
      await this.setSeats(manager, found.tenantId, actor, 'grant', input.seats, input.expiresAt ?? null, found.id);
      found.status = 'granted';
      found.decidedAt = new Date();
      found.decidedByName = actor.username;
      found.grantedSeats = input.seats;
      found.grantedExpiresAt = input.expiresAt ?? null;
      return manager.save(found);
    });
    return (await this.applicationViews([application]))[0]!;
  }

  async reject(applicationId: string, actor: AuthUser, reason?: string): Promise<ApplicationView> {
    const application = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOne(LicenseApplication, { where: { id: applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundException('No such application');
      assertPending(found);
      found.status = 'rejected';
      found.decidedAt = new Date();
      found.decidedByName = actor.username;
      found.rejectReason = reason ?? null;
      await manager.save(found);
      await this.record(manager, found.tenantId, 'reject', actor, found.id, { seats: found.seats }, { reason: reason ?? null });
      return found;
    });
    return (await this.applicationViews([application]))[0]!;
  }

  /** Changes a tenant's seats (or grants them without an application); refused below its agents (G3). */
  async change(tenantId: string, actor: AuthUser, input: { seats: number | null; expiresAt?: Date | null }): Promise<LicenseView> {
    assertFuture(input.expiresAt);
    await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOneBy(License, { tenantId });
      await this.setSeats(manager, tenantId, actor, current ? 'change' : 'grant', input.seats, input.expiresAt ?? null, null);
    });
    return this.get(tenantId);
  }

  /** Revokes the grant: single-agent mode, only the admin agent stays active, nothing deleted (G4). */
  async revoke(tenantId: string, actor: AuthUser): Promise<LicenseView> {
    await this.dataSource.transaction(async (manager) => {
      await this.tenants.lock(tenantId, manager);
      const current = await manager.findOneBy(License, { tenantId });
      if (!current) throw new NotFoundException('This tenant has no seats granted: it is in single-agent mode already');
      await this.returnToSingleAgent(manager, current, 'revoke', actor);
    });
    return this.get(tenantId);
  }

  /** Returns every tenant whose grant has expired to single-agent mode, as the system. */
  async expireDue(): Promise<number> {
    const due: { tenant_id: string }[] = await this.licenses.query(
      'SELECT tenant_id FROM licenses WHERE expires_at IS NOT NULL AND expires_at <= now()',
    );
    let expired = 0;
    for (const { tenant_id: tenantId } of due) {
      const done = await this.dataSource.transaction(async (manager) => {
        await this.tenants.lock(tenantId, manager);
        const current = await manager.findOneBy(License, { tenantId });
        if (!current?.expiresAt || current.expiresAt.getTime() > Date.now()) return false; // changed meanwhile
        await this.returnToSingleAgent(manager, current, 'expire', 'system');
        return true;
      });
      if (done) expired++;
    }
    if (expired > 0) this.logger.log(`Returned ${expired} tenant(s) with an expired grant to single-agent mode`);
    return expired;
  }

  async auditLog(query: AuditQuery): Promise<Page<AuditView>> {
    const builder = this.audit.createQueryBuilder('entry');
    if (query.tenantId) builder.andWhere('entry.tenant_id = :tenantId', { tenantId: query.tenantId });
    if (query.action) builder.andWhere('entry.action = :action', { action: query.action });
    if (query.from) builder.andWhere('entry.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('entry.created_at <= :to', { to: query.to });
    const [rows, total] = await builder
      .orderBy('entry.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const names = await this.tenants.names(rows.map((row) => row.tenantId));
    return {
      items: rows.map((row) => ({
        id: String(row.id),
        tenantId: row.tenantId,
        tenantName: names.get(row.tenantId) ?? '',
        action: row.action,
        actorId: row.actorId,
        actorName: row.actorName,
        applicationId: row.applicationId,
        before: row.before,
        after: row.after,
        createdAt: row.createdAt.toISOString(),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Sets seats under the tenant's lock, so agents added at the same moment are counted (G3). */
  private async setSeats(
    manager: EntityManager,
    tenantId: string,
    actor: Actor,
    action: 'grant' | 'change',
    seats: number | null,
    expiresAt: Date | null,
    applicationId: string | null,
  ): Promise<void> {
    await this.tenants.lock(tenantId, manager);
    const used = await this.agents.count(tenantId, manager);
    if (seats !== null && seats < used) throw new SeatsBelowAgentsException(seats, used);
    const current = await manager.findOneBy(License, { tenantId });
    const before = snapshot(current);
    const next = manager.create(License, {
      tenantId,
      seats,
      expiresAt,
      grantedAt: current && allowanceOf(current).mode === 'multi' ? current.grantedAt : new Date(),
    });
    await manager.save(next);
    await this.record(manager, tenantId, action, actor, applicationId, before, { ...snapshot(next), used });
  }

  private async returnToSingleAgent(manager: EntityManager, current: License, action: 'revoke' | 'expire', actor: Actor): Promise<void> {
    const before = { mode: 'multi', seats: current.seats, expiresAt: current.expiresAt?.toISOString() ?? null };
    await manager.delete(License, { tenantId: current.tenantId });
    const { keptAgentId, offline } = await this.agents.enterSingleAgentMode(current.tenantId, manager);
    await this.record(manager, current.tenantId, action, actor, null, before, {
      mode: 'single',
      seats: 1,
      keptAgentId,
      agentsSetOffline: offline,
    });
  }

  private async record(
    manager: EntityManager,
    tenantId: string,
    action: LicenseAuditAction,
    actor: Actor,
    applicationId: string | null,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    await manager.save(
      manager.create(LicenseAuditEntry, {
        tenantId,
        action,
        actorId: actor === 'system' ? null : actor.id,
        actorName: actor === 'system' ? 'system' : actor.username,
        applicationId,
        before: before as Record<string, unknown> | null,
        after: after as Record<string, unknown> | null,
      }),
    );
  }

  private async applicationViews(rows: LicenseApplication[]): Promise<ApplicationView[]> {
    const names = await this.tenants.names(rows.map((row) => row.tenantId));
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenantId,
      tenantName: names.get(row.tenantId) ?? '',
      seats: row.seats,
      note: row.note,
      status: row.status,
      appliedBy: row.appliedByName,
      createdAt: row.createdAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
      decidedBy: row.decidedByName,
      grantedSeats: row.grantedSeats,
      grantedExpiresAt: row.grantedExpiresAt?.toISOString() ?? null,
      rejectReason: row.rejectReason,
    }));
  }
}

function alreadyPending(pending: LicenseApplication | null): ConflictException {
  return new ConflictException(
    `An application for ${pending ? seatsText(pending.seats) : 'seats'} is already waiting for the operator` +
      `${pending ? ` (sent ${pending.createdAt.toISOString()})` : ''}. Wait for the answer before applying again.`,
  );
}

function assertPending(application: LicenseApplication): void {
  if (application.status !== 'pending') {
    throw new ConflictException(`This application was already ${application.status}${application.decidedByName ? ` by ${application.decidedByName}` : ''}.`);
  }
}

function assertFuture(expiresAt: Date | null | undefined): void {
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['expiresAt must be in the future, or left out for a grant without end'] });
  }
}
