import { randomInt } from 'node:crypto';
import type { Agent as AgentView, AgentStatus, CreateAgentRequest, UpdateAgentRequest } from '@kefu/contracts';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { Agent } from './entities/agent.entity';
import { isUniqueViolation, SeatsExhaustedException } from './errors';
import { SEAT_POLICY, SeatAllowance, SeatPolicy } from './seat-policy';
import { TenantsService } from './tenants.service';

/** An agent as the conversation engine sees it. `active`: its seat is covered (G1, G4). */
export interface RosterAgent {
  id: string;
  nickname: string;
  openid: string | null;
  isAdmin: boolean;
  status: AgentStatus;
  statusChangedAt: Date;
  createdAt: Date;
  active: boolean;
}

interface RosterRow {
  id: string;
  nickname: string;
  openid: string | null;
  is_admin: boolean;
  status: AgentStatus;
  status_changed_at: Date;
  created_at: Date;
}

/** A binding code works for 30 minutes (A2). */
export const BINDING_CODE_TTL_MS = 30 * 60 * 1000;
const CODE_ATTEMPTS = 20;

@Injectable()
export class AgentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Agent) private readonly agents: Repository<Agent>,
    private readonly tenants: TenantsService,
    @Inject(SEAT_POLICY) private readonly seats: SeatPolicy,
  ) {}

  async list(tenantId: string): Promise<AgentView[]> {
    const [rows, allowance] = await Promise.all([this.ordered(tenantId), this.seats.allowance(tenantId)]);
    const keptId = keptAgentId(rows, allowance);
    return rows.map((row) => view(row, keptId));
  }

  async get(tenantId: string, agentId: string): Promise<AgentView> {
    const [rows, allowance] = await Promise.all([this.ordered(tenantId), this.seats.allowance(tenantId)]);
    const row = rows.find((agent) => agent.id === agentId);
    if (!row) throw new NotFoundException('No such agent');
    return view(row, keptAgentId(rows, allowance));
  }

  /**
   * Adds an agent within the tenant's seats (G1, G3). The tenant's row is locked while agents are
   * counted and the new one inserted, so agents added at the same moment never exceed the seats.
   */
  async create(tenantId: string, input: CreateAgentRequest): Promise<AgentView> {
    const id = await this.dataSource.transaction(async (manager) => {
      await this.tenants.lock(tenantId, manager);
      const allowance = await this.seats.allowance(tenantId, manager);
      const used = await manager.count(Agent, { where: { tenantId } });
      if (allowance.seats !== null && used >= allowance.seats) throw new SeatsExhaustedException(allowance.seats, used);
      await this.assertNicknameFree(manager, tenantId, input.nickname);
      if (input.openid) await this.assertOpenidFree(manager, tenantId, input.openid);
      const agent = manager.create(Agent, {
        tenantId,
        nickname: input.nickname,
        openid: input.openid ?? null,
        // In single-agent mode the one agent is the admin (G1).
        isAdmin: allowance.mode === 'single' ? true : (input.isAdmin ?? false),
        status: 'idle',
        bindingCode: null,
        bindingCodeExpiresAt: null,
      });
      await this.insertOrExplain(manager, agent);
      if (!agent.openid) await this.issueCode(manager, agent.id);
      return agent.id;
    });
    return this.get(tenantId, id);
  }

  async update(tenantId: string, agentId: string, changes: UpdateAgentRequest): Promise<AgentView> {
    await this.dataSource.transaction(async (manager) => {
      await this.tenants.lock(tenantId, manager);
      const agent = await manager.findOneBy(Agent, { id: agentId, tenantId });
      if (!agent) throw new NotFoundException('No such agent');
      const allowance = await this.seats.allowance(tenantId, manager);
      const rows = await manager.find(Agent, { where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
      const keptId = keptAgentId(rows, allowance);

      if (changes.nickname !== undefined && changes.nickname.toLowerCase() !== agent.nickname.toLowerCase()) {
        await this.assertNicknameFree(manager, tenantId, changes.nickname);
      }
      if (changes.nickname !== undefined) agent.nickname = changes.nickname;
      if (changes.openid && changes.openid !== agent.openid) {
        await this.assertOpenidFree(manager, tenantId, changes.openid);
        agent.openid = changes.openid;
        agent.bindingCode = null;
        agent.bindingCodeExpiresAt = null;
      }
      const unbinds = changes.openid === null && agent.openid !== null;
      if (changes.openid === null) agent.openid = null;
      if (changes.isAdmin !== undefined) {
        // The single agent of single-agent mode stays the admin (G1).
        agent.isAdmin = allowance.mode === 'single' && agent.id === keptId ? true : changes.isAdmin;
      }
      if (changes.status !== undefined) {
        if (changes.status !== 'offline' && keptId !== null && agent.id !== keptId) {
          const kept = rows.find((row) => row.id === keptId);
          throw new ConflictException(
            `Single-agent mode: only ${kept ? `"${kept.nickname}"` : 'the admin agent'} can work until seats are granted. ` +
              `Apply for seats to bring "${agent.nickname}" back.`,
          );
        }
        agent.status = changes.status;
      }
      await this.insertOrExplain(manager, agent);
      if (unbinds) await this.issueCode(manager, agent.id);
    });
    return this.get(tenantId, agentId);
  }

  async remove(tenantId: string, agentId: string): Promise<void> {
    const result = await this.agents.delete({ id: agentId, tenantId });
    if (!result.affected) throw new NotFoundException('No such agent');
  }

  /** A new binding code for the agent (A2); the previous one stops working. */
  async newBindingCode(tenantId: string, agentId: string): Promise<AgentView> {
    await this.dataSource.transaction(async (manager) => {
      const agent = await manager.findOne(Agent, { where: { id: agentId, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!agent) throw new NotFoundException('No such agent');
      await this.issueCode(manager, agent.id);
    });
    return this.get(tenantId, agentId);
  }

  /**
   * Binds the sender's openid to the agent whose live binding code this is (A2). The code works
   * once. Null when the code is unknown, used or expired, or the openid already belongs to
   * another agent of the tenant.
   */
  async bindByCode(tenantId: string, code: string, openid: string, outer?: EntityManager): Promise<AgentView | null> {
    const bind = async (manager: EntityManager) => {
      const agent = await manager
        .createQueryBuilder(Agent, 'agent')
        .setLock('pessimistic_write')
        .where('agent.tenant_id = :tenantId', { tenantId })
        .andWhere('agent.binding_code = :code', { code: code.trim() })
        .andWhere('agent.binding_code_expires_at > now()')
        .getOne();
      if (!agent) return null;
      const holder = await manager.findOneBy(Agent, { tenantId, openid });
      if (holder && holder.id !== agent.id) return null;
      await manager.update(Agent, { id: agent.id }, { openid, bindingCode: null, bindingCodeExpiresAt: null });
      return agent.id;
    };
    const boundId = outer ? await bind(outer) : await this.dataSource.transaction(bind);
    if (!boundId) return null;
    const rows = await (outer ?? this.agents.manager).find(Agent, { where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const row = rows.find((agent) => agent.id === boundId)!;
    return view(row, keptAgentId(rows, await this.seats.allowance(tenantId, outer)));
  }

  /**
   * For the conversation engine: every agent of the tenant, locked in id order inside the caller's
   * transaction, so assignments of one tenant never race (and never deadlock among themselves).
   */
  async lockRoster(tenantId: string, manager: EntityManager): Promise<RosterAgent[]> {
    return this.readRoster(tenantId, manager, true);
  }

  /** For the conversation engine: every agent of the tenant, unlocked (A3: is this sender an agent?). */
  async roster(tenantId: string, manager?: EntityManager): Promise<RosterAgent[]> {
    return this.readRoster(tenantId, manager ?? this.agents.manager, false);
  }

  /** For the conversation engine (C8, B6.2): an agent's status, and since when. */
  async setStatus(tenantId: string, agentId: string, status: AgentStatus, manager: EntityManager): Promise<void> {
    await manager.update(Agent, { id: agentId, tenantId }, { status, statusChangedAt: () => 'now()' });
  }

  /** Agents registered; each uses a seat. */
  count(tenantId: string, manager?: EntityManager): Promise<number> {
    return (manager ?? this.agents.manager).count(Agent, { where: { tenantId } });
  }

  /**
   * Returns the tenant to single-agent mode (G4): its oldest admin agent (or, with no admin, its
   * oldest agent, made admin) stays; every other agent goes offline. Nothing is deleted. Call
   * inside the transaction that holds the tenant's lock.
   */
  async enterSingleAgentMode(
    tenantId: string,
    manager: EntityManager,
  ): Promise<{ keptAgentId: string | null; offline: number }> {
    const rows = await manager.find(Agent, { where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const keptId = keptAgentId(rows, { mode: 'single', seats: 1 });
    if (keptId) await manager.update(Agent, { id: keptId }, { isAdmin: true });
    const others = rows.filter((row) => row.id !== keptId && row.status !== 'offline').map((row) => row.id);
    if (others.length > 0) {
      await manager
        .createQueryBuilder()
        .update(Agent)
        .set({ status: 'offline' as AgentStatus })
        .where('id IN (:...others)', { others })
        .execute();
    }
    return { keptAgentId: keptId, offline: others.length };
  }

  /** Read on every push, so in plain SQL: the roster is the engine's hottest query. */
  private async readRoster(tenantId: string, manager: EntityManager, lock: boolean): Promise<RosterAgent[]> {
    const rows = await preparedQuery<RosterRow>(
      manager,
      `SELECT id, nickname, openid, is_admin, status, status_changed_at, created_at
       FROM agents WHERE tenant_id = $1 ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
      [tenantId],
    );
    const agents = rows.map((row) => ({
      id: row.id,
      nickname: row.nickname,
      openid: row.openid,
      isAdmin: row.is_admin,
      status: row.status,
      statusChangedAt: row.status_changed_at,
      createdAt: row.created_at,
      active: true,
    }));
    const byAge = [...agents].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    const keptId = keptAgentId(byAge, await this.seats.allowance(tenantId, manager));
    for (const agent of agents) agent.active = keptId === null || agent.id === keptId;
    return agents;
  }

  private ordered(tenantId: string): Promise<Agent[]> {
    return this.agents.find({ where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  private async assertNicknameFree(manager: EntityManager, tenantId: string, nickname: string): Promise<void> {
    const taken = await manager
      .createQueryBuilder(Agent, 'agent')
      .where('agent.tenant_id = :tenantId AND lower(agent.nickname) = lower(:nickname)', { tenantId, nickname })
      .getExists();
    if (taken) throw nicknameTaken(nickname);
  }

  private async assertOpenidFree(manager: EntityManager, tenantId: string, openid: string): Promise<void> {
    const holder = await manager.findOne(Agent, { where: { tenantId, openid }, select: { id: true, nickname: true } });
    if (holder) throw new ConflictException(`The openid ${openid} already belongs to the agent "${holder.nickname}".`);
  }

  private async insertOrExplain(manager: EntityManager, agent: Agent): Promise<void> {
    try {
      await manager.save(agent);
    } catch (error) {
      if (isUniqueViolation(error, 'agents_nickname_key')) throw nicknameTaken(agent.nickname);
      if (isUniqueViolation(error, 'agents_openid_key')) {
        throw new ConflictException(`The openid ${agent.openid} already belongs to another agent.`);
      }
      throw error;
    }
  }

  /**
   * Gives the agent a fresh 6-digit code, unique among live codes. An expired code with the same
   * digits is cleared first; a clash with a live one (or a concurrent pick) tries other digits.
   */
  private async issueCode(manager: EntityManager, agentId: string): Promise<void> {
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await manager.query(
        `UPDATE agents SET binding_code = NULL, binding_code_expires_at = NULL
         WHERE binding_code = $1 AND binding_code_expires_at <= now()`,
        [code],
      );
      await manager.query('SAVEPOINT binding_code');
      try {
        await manager.query(
          `UPDATE agents SET binding_code = $1, binding_code_expires_at = now() + make_interval(secs => $2)
           WHERE id = $3`,
          [code, BINDING_CODE_TTL_MS / 1000, agentId],
        );
        await manager.query('RELEASE SAVEPOINT binding_code');
        return;
      } catch (error) {
        await manager.query('ROLLBACK TO SAVEPOINT binding_code');
        if (!isUniqueViolation(error, 'agents_binding_code_key')) throw error;
      }
    }
    throw new ConflictException('Could not find a free binding code; try again.');
  }
}

/** In single-agent mode the one agent allowed to work: the oldest admin, else the oldest agent. */
function keptAgentId(rows: Pick<Agent, 'id' | 'isAdmin'>[], allowance: SeatAllowance): string | null {
  if (allowance.mode !== 'single') return null;
  return (rows.find((row) => row.isAdmin) ?? rows[0])?.id ?? null;
}

function view(row: Agent, keptId: string | null): AgentView {
  const live = row.bindingCode && row.bindingCodeExpiresAt && row.bindingCodeExpiresAt.getTime() > Date.now();
  return {
    id: row.id,
    tenantId: row.tenantId,
    nickname: row.nickname,
    openid: row.openid,
    isAdmin: row.isAdmin,
    status: row.status,
    active: keptId === null || row.id === keptId,
    bindingCode: live ? row.bindingCode : null,
    bindingCodeExpiresAt: live ? row.bindingCodeExpiresAt!.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function nicknameTaken(nickname: string): ConflictException {
  return new ConflictException(`An agent named "${nickname}" already exists. Choose another nickname.`);
}
