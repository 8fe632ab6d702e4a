import { DISPATCH_JOBS, QUEUES } from '@kefu/contracts';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { DataSource } from 'typeorm';
import { AgentsService, type RosterAgent } from '../../tenants/agents.service';
import type { ChannelCredentials } from '../../tenants/channels.service';
import { SettingsService } from '../../tenants/settings.service';
import { LiveEventsService } from '../live/live-events.service';
import { distinctRecipients, OutboxService } from '../outbound/outbox.service';
import { engineTexts } from '../replies/engine-texts';
import type { BroadcastJob } from './broadcast-job';
import { defaultChannel, DuplicatePush } from './inbound-store';
import { RosterWanted, Turn } from './turn';

/** Postgres errors after which the whole transaction is simply tried again. */
const RETRYABLE = new Set(['40P01', '40001']);
/** Unique indexes that catch two decisions racing for one customer or one agent. */
const RACE_INDEXES = ['sessions_open_customer_key', 'sessions_active_agent_key', 'customers_channel_openid_key'];
const ATTEMPTS = 5;

/** One turn of a transaction: through which channel (null: the tenant's default), and what it does. */
export interface TurnWork {
  channel: Pick<ChannelCredentials, 'id' | 'kind'> | null;
  work: (turn: Turn) => Promise<void>;
  /** The turn's time; by default when it starts. */
  now?: Date;
}

/** The turn at this position of a transaction found its push handled before (D3). */
export class DuplicateAt extends Error {
  constructor(readonly position: number) {
    super('A push of the transaction was handled before');
    this.name = 'DuplicateAt';
  }
}

/**
 * Runs the engine's turns in transactions: the turns one after the other in one transaction,
 * the settings and agents read in it, every outbox row written before the commit; after the
 * commit the deliveries are queued and the console told.
 */
@Injectable()
export class TurnRunner {
  private readonly logger = new Logger(TurnRunner.name);
  /** The agents each tenant had at its last transaction, to guess which pushes will lock them. */
  private readonly lastRosters = new Map<string, RosterAgent[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.dispatch) private readonly dispatchQueue: Queue<BroadcastJob>,
    private readonly agents: AgentsService,
    private readonly settings: SettingsService,
    private readonly outbox: OutboxService,
    private readonly live: LiveEventsService,
  ) {}

  lastRoster(tenantId: string): RosterAgent[] | undefined {
    return this.lastRosters.get(tenantId);
  }

  /**
   * Runs the turns from the first, in one transaction, and returns how many it committed: all of
   * them, unless a turn takes the tenant's roster lock — a first turn that does is committed on
   * its own, and a later turn that wants to is left for the caller's next transaction. Tried again
   * when Postgres reports a deadlock or two decisions raced for one customer or agent.
   */
  async runAll(tenantId: string, works: TurnWork[]): Promise<number> {
    let count = works.length;
    for (let attempt = 1; ; attempt++) {
      try {
        const turns = await this.dataSource.transaction(async (manager) => {
          const settings = await this.settings.get(tenantId, manager);
          const texts = engineTexts(settings.replyLanguage);
          // Turns after the first change no agent (only a first turn may lock them), so one read serves all.
          const agents = await this.agents.roster(tenantId, manager);
          this.lastRosters.set(tenantId, agents);
          const turns: Turn[] = [];
          for (const [position, { channel, work, now }] of works.slice(0, count).entries()) {
            const turnChannel = channel ?? (await defaultChannel(manager, tenantId));
            const turn = new Turn(manager, tenantId, turnChannel, settings, texts, now ?? new Date(), agents, position === 0);
            try {
              await work(turn);
            } catch (error) {
              if (error instanceof DuplicatePush) throw new DuplicateAt(position);
              if (error instanceof RosterWanted) throw new RosterWantedAt(position);
              throw error;
            }
            turns.push(turn);
            if (turn.rosterLocked && position < count - 1) {
              count = position + 1;
              break;
            }
          }
          await this.outbox.write(
            manager,
            turns.flatMap((turn) => turn.outbox),
          );
          return turns;
        });
        await this.afterCommit(tenantId, turns);
        return count;
      } catch (error) {
        if (error instanceof RosterWantedAt) {
          count = error.position;
          attempt--;
          continue;
        }
        if (error instanceof DuplicateAt || attempt >= ATTEMPTS || !isRace(error)) throw error;
        this.logger.debug(`Retrying a conversation turn after ${String((error as { code?: string }).code)}`);
      }
    }
  }

  /** One turn in a transaction of its own. */
  async run(tenantId: string, channel: TurnWork['channel'], now: Date, work: (turn: Turn) => Promise<void>): Promise<void> {
    await this.runAll(tenantId, [{ channel, work, now }]);
  }

  private async afterCommit(tenantId: string, turns: Turn[]): Promise<void> {
    await this.outbox.enqueue(distinctRecipients(turns.flatMap((turn) => turn.recipients())));
    for (const job of turns.flatMap((turn) => turn.broadcasts)) {
      await this.dispatchQueue.add(DISPATCH_JOBS.broadcast, job, { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true });
    }
    const topics = new Set(turns.flatMap((turn) => [...turn.topics]));
    if (topics.size) this.live.notify(tenantId, [...topics]);
  }
}

/** The turn at this position wants the roster lock and was not first: the transaction ends before it. */
class RosterWantedAt extends Error {
  constructor(readonly position: number) {
    super('A later turn of the transaction wants the roster lock');
    this.name = 'RosterWantedAt';
  }
}

function isRace(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  if (!driver?.code) return false;
  return RETRYABLE.has(driver.code) || (driver.code === '23505' && RACE_INDEXES.includes(driver.constraint ?? ''));
}
