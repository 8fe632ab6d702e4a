import type { TenantStatus, TenantSummary } from '@kefu/contracts';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';
import { REDIS, redisKey } from '../../redis/redis.module';
import { Agent } from './entities/agent.entity';
import { Tenant } from './entities/tenant.entity';
import { User } from './entities/user.entity';
import { isUniqueViolation } from './errors';
import { hashPassword } from './passwords';
import { SEAT_POLICY, SINGLE_AGENT, SeatPolicy } from './seat-policy';
import { usernameTaken, UsersService } from './users.service';

/** How long an instance may trust a cached tenant status; a change also clears the cache at once. */
const STATUS_CACHE_SECONDS = 5;

@Injectable()
export class TenantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Tenant) private readonly tenants: Repository<Tenant>,
    @InjectRepository(Agent) private readonly agents: Repository<Agent>,
    @Inject(SEAT_POLICY) private readonly seats: SeatPolicy,
    private readonly users: UsersService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a tenant with its first admin user, in one transaction. */
  async create(input: { name: string; adminUsername: string; adminPassword: string }): Promise<TenantSummary> {
    if (await this.users.findForLogin(input.adminUsername)) throw usernameTaken(input.adminUsername);
    const passwordHash = await hashPassword(input.adminPassword);
    const tenant = await this.dataSource
      .transaction(async (manager) => {
        const created = await manager.save(manager.create(Tenant, { name: input.name, status: 'active' }));
        await manager.insert(User, {
          tenantId: created.id,
          username: input.adminUsername,
          passwordHash,
          role: 'tenant_admin',
        });
        return created;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'users_username_key')) {
          throw usernameTaken(input.adminUsername);
        }
        throw error;
      });
    return (await this.summaries([tenant]))[0]!;
  }

  async list(): Promise<TenantSummary[]> {
    return this.summaries(await this.tenants.find({ order: { createdAt: 'ASC' } }));
  }

  async get(tenantId: string): Promise<TenantSummary> {
    return (await this.summaries([await this.require(tenantId)]))[0]!;
  }

  async update(tenantId: string, changes: { name?: string; status?: TenantStatus }): Promise<TenantSummary> {
    const tenant = await this.require(tenantId);
    if (changes.name !== undefined) tenant.name = changes.name;
    if (changes.status !== undefined) tenant.status = changes.status;
    await this.tenants.save(tenant);
    await this.redis.del(this.statusKey(tenantId));
    return this.get(tenantId);
  }

  /** Whether the tenant may use the system (not suspended). Cached in Redis for a few seconds. */
  async isActive(tenantId: string): Promise<boolean> {
    const key = this.statusKey(tenantId);
    const cached = await this.redis.get(key);
    if (cached) return cached === 'active';
    const tenant = await this.tenants.findOne({ where: { id: tenantId }, select: { id: true, status: true } });
    const status = tenant?.status ?? 'missing';
    await this.redis.set(key, status, 'EX', STATUS_CACHE_SECONDS);
    return status === 'active';
  }

  /**
   * Locks the tenant's row until the transaction ends. Everything that changes how many agents a
   * tenant has or may have takes this lock first, so counts and limits never race.
   */
  async lock(tenantId: string, manager: EntityManager): Promise<void> {
    const rows: unknown[] = await manager.query('SELECT id FROM tenants WHERE id = $1 FOR UPDATE', [tenantId]);
    if (rows.length === 0) throw new NotFoundException('No such tenant');
  }

  /** Tenant names by id, for lists that show them. */
  async names(tenantIds: string[]): Promise<Map<string, string>> {
    if (tenantIds.length === 0) return new Map();
    const rows = await this.tenants.find({ where: { id: In([...new Set(tenantIds)]) }, select: { id: true, name: true } });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async exists(tenantId: string): Promise<boolean> {
    return this.tenants.existsBy({ id: tenantId });
  }

  private async require(tenantId: string): Promise<Tenant> {
    const tenant = await this.tenants.findOneBy({ id: tenantId });
    if (!tenant) throw new NotFoundException('No such tenant');
    return tenant;
  }

  private async summaries(tenants: Tenant[]): Promise<TenantSummary[]> {
    const ids = tenants.map((tenant) => tenant.id);
    if (ids.length === 0) return [];
    const counts: { tenant_id: string; count: string }[] = await this.agents
      .createQueryBuilder('agent')
      .select('agent.tenant_id', 'tenant_id')
      .addSelect('count(*)', 'count')
      .where('agent.tenant_id IN (:...ids)', { ids })
      .groupBy('agent.tenant_id')
      .getRawMany();
    const countById = new Map(counts.map((row) => [row.tenant_id, Number(row.count)]));
    const allowances = await this.seats.allowances(ids);
    return tenants.map((tenant) => {
      const allowance = allowances.get(tenant.id) ?? SINGLE_AGENT;
      return {
        id: tenant.id,
        name: tenant.name,
        status: tenant.status,
        licenseMode: allowance.mode,
        seats: allowance.seats,
        agentCount: countById.get(tenant.id) ?? 0,
        createdAt: tenant.createdAt.toISOString(),
      };
    });
  }

  private statusKey(tenantId: string): string {
    return redisKey(this.config, 'tenant-status', tenantId);
  }
}
