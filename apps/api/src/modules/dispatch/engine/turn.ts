import type { LiveTopic, MessageHandling, OutboundContent, TenantSettings } from '@kefu/contracts';
import type { EntityManager } from 'typeorm';
import type { RosterAgent } from '../../tenants/agents.service';
import type { ChannelCredentials } from '../../tenants/channels.service';
import type { DeliveryReport, Recipient } from '../outbound/outbound-content';
import { distinctRecipients, type OutboxEntry } from '../outbound/outbox.service';
import type { EngineTexts } from '../replies/engine-texts';
import type { BroadcastJob } from './broadcast-job';

/** Someone the engine writes to: a customer or an agent, on a channel. */
export interface Addressee {
  kind: 'customer' | 'agent';
  channelId: string;
  openid: string;
  customerId?: string | null;
  agentId?: string | null;
  sessionId?: string | null;
}

/** What becomes of the push's own inbound row, decided by the rules. */
export interface InboundOutcome {
  handling: MessageHandling;
  /** Written by an agent (rules C, or a binding code); otherwise by a customer. */
  byAgent?: boolean;
  customerId?: string | null;
  agentId?: string | null;
  sessionId?: string | null;
  /** Kept as an offline message (B6.5). */
  offline?: boolean;
}

/**
 * A turn that is not the first of its transaction wants the tenant's roster lock: the transaction
 * stops before it, so that lock is never held while the turns of a whole batch run.
 */
export class RosterWanted extends Error {
  constructor() {
    super('This turn takes the roster lock and must open its transaction');
    this.name = 'RosterWanted';
  }
}

/**
 * One transaction's work: the rules read and lock through `manager`, and collect here what to
 * send and whom to notify; the engine writes it all before the commit and queues it after.
 */
export class Turn {
  readonly outbox: OutboxEntry[] = [];
  readonly topics = new Set<LiveTopic>();
  readonly broadcasts: BroadcastJob[] = [];
  inbound: InboundOutcome = { handling: 'ignored' };
  /** Whether this turn took the tenant's roster lock. */
  rosterLocked = false;
  private readonly woken: Recipient[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly tenantId: string,
    /** The channel the push came through; agents are reached through the same app. */
    readonly channel: Pick<ChannelCredentials, 'id' | 'kind'>,
    readonly settings: TenantSettings,
    readonly texts: EngineTexts,
    /** Moved on when the turn takes the roster lock, so session times follow the order decisions were made in. */
    public now: Date,
    /** The tenant's agents as read (unlocked) at the start of the turn. */
    readonly agents: RosterAgent[],
    /** Only the first turn of a transaction may lock the roster (or an agent's row). */
    private readonly first = true,
  ) {}

  /** Call before taking the roster lock or locking an agent's row; throws RosterWanted when this turn may not. */
  claimRoster(): void {
    if (!this.first) throw new RosterWanted();
    this.rosterLocked = true;
  }

  send(to: Addressee, content: OutboundContent, options: { author?: OutboxEntry['author']; reportTo?: DeliveryReport } = {}): void {
    this.outbox.push({
      tenantId: this.tenantId,
      channelId: to.channelId,
      openid: to.openid,
      recipient: to.kind,
      author: options.author ?? 'system',
      content,
      customerId: to.customerId ?? null,
      agentId: to.agentId ?? null,
      sessionId: to.sessionId ?? null,
      reportTo: options.reportTo ?? null,
    });
  }

  say(to: Addressee, text: string, author: OutboxEntry['author'] = 'system'): void {
    if (text) this.send(to, { type: 'text', text }, { author });
  }

  /** Queues delivery for someone even when the turn writes them nothing: their held messages may fit now (D2). */
  wake(recipient: { channelId: string; openid: string }): void {
    this.woken.push({ tenantId: this.tenantId, ...recipient });
  }

  /** Everyone with something to deliver after the commit. */
  recipients(): Recipient[] {
    return distinctRecipients([...this.outbox, ...this.woken]);
  }

  touch(...topics: LiveTopic[]): void {
    for (const topic of topics) this.topics.add(topic);
  }
}
