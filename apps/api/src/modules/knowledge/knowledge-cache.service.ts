import type { KnowledgeItemView } from '@kefu/contracts';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';
import { REDIS, redisKey } from '../../redis/redis.module';
import { KnowledgeItem } from './entities/knowledge-item.entity';
import { toView } from './knowledge-item.view';
import { foldText } from './match/fold-text';
import { KnowledgeSearchIndex } from './search/knowledge-search';

/** One tenant's items as the engine reads them: by number, by folded keyword, and searchable. */
export class TenantKnowledge {
  readonly byId = new Map<string, KnowledgeItemView>();
  readonly byNumber = new Map<number, KnowledgeItemView>();
  readonly byKeyword = new Map<string, KnowledgeItemView>();
  private searchIndex?: KnowledgeSearchIndex<KnowledgeItemView>;

  constructor(
    readonly items: readonly KnowledgeItemView[],
    /** The tenant's change stamp in Redis when these items were read. */
    readonly version: string | null,
    readonly loadedAt: number,
  ) {
    for (const item of items) {
      this.byId.set(item.id, item);
      this.byNumber.set(item.number, item);
      this.byKeyword.set(foldText(item.keyword), item);
    }
  }

  /** Built on the first search, so tenants that never use the robot do not pay for it. */
  get index(): KnowledgeSearchIndex<KnowledgeItemView> {
    this.searchIndex ??= new KnowledgeSearchIndex(this.items);
    return this.searchIndex;
  }
}

/** A loaded tenant is read again after this long even without a change notice (a lost notice heals). */
const MAX_AGE_MS = 10 * 60 * 1000;

/**
 * F4: each instance keeps every tenant's items in memory, and every change reaches every instance
 * before its next message:
 *
 * - a change bumps the tenant's stamp in Redis (`<prefix>:knowledge:version:<tenantId>`) and is
 *   announced on the channel `<prefix>:knowledge:changed`; each instance drops that tenant's entry
 *   when the announcement arrives;
 * - each lookup also compares the entry's stamp with Redis (one GET), which closes the short gap
 *   between a commit and the announcement's arrival, and covers an instance whose subscription was
 *   down. If Redis does not answer, the entry in memory is used.
 */
@Injectable()
export class KnowledgeCacheService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KnowledgeCacheService.name);
  private readonly entries = new Map<string, TenantKnowledge>();
  private readonly loads = new Map<string, Promise<TenantKnowledge>>();
  private readonly listeners = new Set<(tenantId: string) => void>();
  private subscriber?: Redis;
  readonly channel: string;

  constructor(
    @InjectRepository(KnowledgeItem) private readonly items: Repository<KnowledgeItem>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.channel = redisKey(config, 'knowledge', 'changed');
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (channel: string, tenantId: string) => {
      if (channel !== this.channel) return;
      this.entries.delete(tenantId);
      for (const listener of this.listeners) listener(tenantId);
    });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Knowledge change channel: ${error.message}`));
    await this.subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** The tenant's items, from memory when they are current. */
  async get(tenantId: string): Promise<TenantKnowledge> {
    const version = await this.currentVersion(tenantId);
    const entry = this.entries.get(tenantId);
    if (entry && (version === undefined || entry.version === version) && Date.now() - entry.loadedAt < MAX_AGE_MS) {
      return entry;
    }
    return this.load(tenantId, version ?? null);
  }

  /** Reads the tenant's items again now, on this instance. */
  reload(tenantId: string): Promise<TenantKnowledge> {
    this.entries.delete(tenantId);
    return this.currentVersion(tenantId).then((version) => this.load(tenantId, version ?? null));
  }

  /** After a committed change: every instance reads the tenant's items again before using them. */
  async changed(tenantId: string): Promise<void> {
    this.entries.delete(tenantId);
    try {
      await this.redis.incr(this.versionKey(tenantId));
      await this.redis.publish(this.channel, tenantId);
    } catch (error) {
      this.logger.error(`Could not announce a knowledge change of tenant ${tenantId}: ${(error as Error).message}`);
    }
  }

  /** Called with the tenant id whenever a change notice arrives (for tests and metrics). */
  onChangeNotice(listener: (tenantId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private versionKey(tenantId: string): string {
    return redisKey(this.config, 'knowledge', 'version', tenantId);
  }

  /** The tenant's stamp; undefined when Redis could not be asked. */
  private async currentVersion(tenantId: string): Promise<string | null | undefined> {
    try {
      return await this.redis.get(this.versionKey(tenantId));
    } catch (error) {
      this.logger.warn(`Knowledge change stamp unavailable, using memory: ${(error as Error).message}`);
      return undefined;
    }
  }

  private load(tenantId: string, version: string | null): Promise<TenantKnowledge> {
    const key = `${tenantId}:${version}`;
    let loading = this.loads.get(key);
    if (!loading) {
      loading = this.items
        .find({ where: { tenantId }, order: { sortOrder: 'ASC', number: 'ASC' } })
        .then((rows) => {
          const entry = new TenantKnowledge(rows.map(toView), version, Date.now());
          this.entries.set(tenantId, entry);
          return entry;
        })
        .finally(() => this.loads.delete(key));
      this.loads.set(key, loading);
    }
    return loading;
  }
}
