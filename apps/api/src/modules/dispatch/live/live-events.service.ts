import { LIVE_TOPICS, type LiveEvent, type LiveTopic } from '@kefu/contracts';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../../config';
import { REDIS, redisKey } from '../../../redis/redis.module';

/** One open stream of a console: told of each change of its tenant, and when to end. */
export interface LiveListener {
  event(event: LiveEvent): void;
  close(): void;
}

/** Announcements of one tenant within this window go out as one message. */
const COALESCE_MS = 100;

interface Announcement {
  tenantId: string;
  topics: LiveTopic[];
  at: string;
}

/**
 * Live updates of the console across every api instance. `notify` announces on one Redis channel
 * what changed for a tenant; each instance that has open streams subscribes to that channel (on a
 * connection of its own, as Redis requires) and hands the announcement to its tenant's listeners.
 * Nothing is kept: a console that was away refetches everything when it reconnects.
 */
@Injectable()
export class LiveEventsService implements OnModuleDestroy {
  private readonly logger = new Logger(LiveEventsService.name);
  private readonly channel: string;
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private readonly pending = new Map<string, Set<LiveTopic>>();
  private flushTimer: NodeJS.Timeout | null = null;
  private subscriber: Redis | null = null;
  private subscribed: Promise<void> | null = null;
  private closing = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = redisKey(config, 'live');
  }

  /**
   * Tells every console of the tenant that these views changed. Returns at once; call it after the
   * commit. A failed announcement is logged: consoles refetch on their own when they reconnect.
   */
  notify(tenantId: string, topics: LiveTopic[]): void {
    if (topics.length === 0) return;
    let set = this.pending.get(tenantId);
    if (!set) this.pending.set(tenantId, (set = new Set()));
    for (const topic of topics) set.add(topic);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.flush(), COALESCE_MS);
      this.flushTimer.unref();
    }
  }

  /** Starts delivering the tenant's announcements to the listener; resolves once subscribed. */
  async listen(tenantId: string, listener: LiveListener): Promise<() => void> {
    await this.ensureSubscribed();
    let set = this.listeners.get(tenantId);
    if (!set) this.listeners.set(tenantId, (set = new Set()));
    set.add(listener);
    return () => {
      const current = this.listeners.get(tenantId);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(tenantId);
    };
  }

  /** Open streams on this instance. */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    // Open streams would keep the HTTP server from closing.
    for (const set of this.listeners.values()) for (const listener of set) listener.close();
    this.listeners.clear();
    await this.flush();
    if (this.subscriber) await this.subscriber.quit().catch(() => this.subscriber?.disconnect());
  }

  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = [...this.pending.entries()];
    this.pending.clear();
    const at = new Date().toISOString();
    for (const [tenantId, topics] of batch) {
      const announcement: Announcement = { tenantId, topics: [...topics], at };
      await this.redis.publish(this.channel, JSON.stringify(announcement)).catch((error: unknown) => {
        this.logger.warn(`Could not announce a change of tenant ${tenantId}: ${String(error)}`);
      });
    }
  }

  private ensureSubscribed(): Promise<void> {
    if (this.closing) return Promise.reject(new Error('Shutting down'));
    if (!this.subscribed) {
      const subscriber = this.redis.duplicate({ maxRetriesPerRequest: null });
      this.subscriber = subscriber;
      let connectedBefore = false;
      subscriber.on('ready', () => {
        // Announcements made while the connection was down are lost: every view may be stale.
        if (connectedBefore) this.deliverToAll({ topics: [...LIVE_TOPICS], at: new Date().toISOString() });
        connectedBefore = true;
      });
      subscriber.on('error', (error) => this.logger.warn(`Live updates subscriber: ${error.message}`));
      subscriber.on('message', (_channel: string, raw: string) => this.deliver(raw));
      this.subscribed = subscriber.subscribe(this.channel).then(
        () => undefined,
        (error: unknown) => {
          this.subscribed = null;
          this.subscriber = null;
          subscriber.disconnect();
          throw error;
        },
      );
    }
    return this.subscribed;
  }

  private deliver(raw: string): void {
    let announcement: Announcement;
    try {
      announcement = JSON.parse(raw) as Announcement;
    } catch {
      return;
    }
    const set = this.listeners.get(announcement.tenantId);
    if (!set) return;
    const event: LiveEvent = { topics: announcement.topics.filter(isTopic), at: announcement.at };
    for (const listener of set) listener.event(event);
  }

  private deliverToAll(event: LiveEvent): void {
    for (const set of this.listeners.values()) for (const listener of set) listener.event(event);
  }
}

function isTopic(value: unknown): value is LiveTopic {
  return (LIVE_TOPICS as readonly unknown[]).includes(value);
}
