import type { InboundContent, SessionCloseReason } from '@kefu/contracts';
import { Injectable } from '@nestjs/common';
import { AgentsService, RosterAgent } from '../../tenants/agents.service';
import { Customer } from '../entities/customer.entity';
import { Session } from '../entities/session.entity';
import { SendWindowsService } from '../outbound/send-windows.service';
import {
  activeSessionsByAgent,
  findCustomer,
  insertQueuedSession,
  insertSession,
  nextWaitingFor,
  storePlaceInQueue,
  waitingMessagesOf,
} from './conversation-store';
import { describe, relayContent } from './inbound-content';
import { Addressee, Turn } from './turn';

/** The tenant's agents, locked for this transaction, with who serves whom. */
export interface LockedRoster {
  agents: RosterAgent[];
  serving: Map<string, Session>;
}

export function agentAddressee(turn: Turn, agent: Pick<RosterAgent, 'id' | 'openid'>, sessionId?: string | null): Addressee {
  return { kind: 'agent', channelId: turn.channel.id, openid: agent.openid!, agentId: agent.id, sessionId: sessionId ?? null };
}

export function customerAddressee(customer: Customer, sessionId?: string | null): Addressee {
  return { kind: 'customer', channelId: customer.channelId, openid: customer.openid, customerId: customer.id, sessionId: sessionId ?? null };
}

/** Can work at all: its seat is covered, its phone bound, and it is not off duty. */
export function isOnline(agent: RosterAgent): boolean {
  return agent.active && agent.openid !== null && agent.status !== 'offline';
}

/** Online and idle: free to be assigned, as far as the roster tells (B6.2). */
export function isIdle(agent: RosterAgent): boolean {
  return isOnline(agent) && agent.status === 'idle';
}

/**
 * Queue and assignment (B5, B6, C1, C2, C8). Every method runs inside a transaction that holds
 * the tenant's roster lock (lockRoster), so two decisions of one tenant never interleave; the
 * partial unique indexes on sessions back this up.
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly agents: AgentsService,
    private readonly windows: SendWindowsService,
  ) {}

  async lockRoster(turn: Turn): Promise<LockedRoster> {
    turn.claimRoster();
    const agents = await this.agents.lockRoster(turn.tenantId, turn.manager);
    turn.now = new Date(Math.max(turn.now.getTime(), Date.now()));
    return { agents, serving: await activeSessionsByAgent(turn.manager, turn.tenantId) };
  }

  /** Free for automatic assignment (B6.2): online, idle, serving nobody; the one idle longest first. */
  freeAgents(roster: LockedRoster): RosterAgent[] {
    return roster.agents
      .filter((agent) => isIdle(agent) && !roster.serving.has(agent.id))
      .sort((a, b) => a.statusChangedAt.getTime() - b.statusChangedAt.getTime());
  }

  /** Free for a customer who asks for this agent by name (B5): a hidden agent counts as free. */
  isFreeForName(roster: LockedRoster, agent: RosterAgent): boolean {
    return isOnline(agent) && !roster.serving.has(agent.id);
  }

  /** Opens a session between a customer and a free agent at once (B6.2, B5). */
  async openActive(turn: Turn, roster: LockedRoster, customer: Customer, agent: RosterAgent, preferredAgentId: string | null = null): Promise<Session> {
    const session = await insertSession(turn.manager, {
      tenantId: turn.tenantId,
      customerId: customer.id,
      agentId: agent.id,
      preferredAgentId,
      state: 'active',
      queuedAt: turn.now,
      assignedAt: turn.now,
      lastActivityAt: turn.now,
    });
    await this.markServing(turn, roster, agent, session);
    return session;
  }

  /**
   * B6.3: the customer joins the queue (with the agent they asked for preferred) and is told
   * their place, as for the first time.
   */
  async joinQueue(turn: Turn, customer: Customer, preferred: RosterAgent | null): Promise<Session> {
    turn.touch('queue');
    const session = await insertQueuedSession(turn.manager, {
      tenantId: turn.tenantId,
      customerId: customer.id,
      preferredAgentId: preferred?.id ?? null,
      queuedAt: turn.now,
    });
    this.sayPlace(turn, session, customer, preferred, null);
    return session;
  }

  async openWaiting(turn: Turn, customer: Customer, preferredAgentId: string | null, offlineNoticeSent = false): Promise<Session> {
    turn.touch('queue');
    return insertSession(turn.manager, {
      tenantId: turn.tenantId,
      customerId: customer.id,
      agentId: null,
      preferredAgentId,
      state: 'waiting',
      queuedAt: turn.now,
      lastActivityAt: turn.now,
      offlineNoticeSent,
    });
  }

  /**
   * Gives a waiting session to an agent (C1, C2): the agent gets one message with the customer's
   * number, nickname, waiting time, window (I1) and everything written while waiting; pictures and
   * cards follow as themselves. The customer is told who serves them.
   */
  async pickUp(turn: Turn, roster: LockedRoster, session: Session, agent: RosterAgent, writingNow?: InboundContent): Promise<void> {
    const customer = (await findCustomer(turn.manager, session.customerId))!;
    await turn.manager.update(Session, { id: session.id }, { state: 'active', agentId: agent.id, assignedAt: turn.now, lastActivityAt: turn.now });
    session.state = 'active';
    session.agentId = agent.id;
    await this.markServing(turn, roster, agent, session);
    // What the agent got in the pickup message no longer waits as an unread offline message.
    await turn.manager.query(
      `UPDATE offline_messages SET read_at = now() WHERE read_at IS NULL AND message_id IN (SELECT id FROM messages WHERE session_id = $1)`,
      [session.id],
    );

    // The push being handled is stored at the end of the turn: it joins what was written before.
    const waited = [...(await waitingMessagesOf(turn.manager, session.id)), ...(writingNow ? [writingNow] : [])];
    const window = await this.windows.get(turn.manager, customer.channelId, customer.openid);
    const to = agentAddressee(turn, agent, session.id);
    turn.say(
      to,
      turn.texts.pickup(customer, turn.now.getTime() - session.queuedAt.getTime(), window, waited.map((content) => describe(content, turn.texts)).filter(Boolean)),
    );
    for (const content of waited) {
      if (content.type === 'text') continue;
      const relayed = relayContent(content);
      if (relayed) turn.send(to, relayed, { author: 'system' });
    }
    turn.say(customerAddressee(customer, session.id), turn.texts.connected(agent.nickname));
  }

  /**
   * C2: every free agent takes the next waiting session, the one idle longest first. Called
   * whenever agents may have become available or sessions started waiting.
   */
  async dispatchWaiting(turn: Turn, roster: LockedRoster): Promise<void> {
    for (const agent of this.freeAgents(roster)) {
      const next = await nextWaitingFor(turn.manager, turn.tenantId, agent.id);
      if (!next) return;
      await this.pickUp(turn, roster, next, agent);
    }
  }

  /** C1 for one agent: the next waiting session, or idle and told so. */
  async takeNext(turn: Turn, roster: LockedRoster, agent: RosterAgent, tellWhenNothing: boolean): Promise<boolean> {
    if (isOnline(agent) && !roster.serving.has(agent.id)) {
      const next = await nextWaitingFor(turn.manager, turn.tenantId, agent.id);
      if (next) {
        await this.pickUp(turn, roster, next, agent);
        return true;
      }
    }
    if (tellWhenNothing) turn.say(agentAddressee(turn, agent), turn.texts.nothingWaiting());
    return false;
  }

  /** Closes a session; its agent (if any) becomes available again, without taking the next one yet. */
  async close(turn: Turn, roster: LockedRoster | null, session: Session, reason: SessionCloseReason): Promise<void> {
    await turn.manager.update(Session, { id: session.id }, { state: 'closed', closedAt: turn.now, closeReason: reason });
    const wasActive = session.state === 'active';
    session.state = 'closed';
    turn.touch('sessions', 'queue');
    if (!wasActive || !session.agentId || !roster) return;
    roster.serving.delete(session.agentId);
    const agent = roster.agents.find((candidate) => candidate.id === session.agentId);
    if (agent?.status === 'busy') await this.setStatus(turn, agent, 'idle');
  }

  async setStatus(turn: Turn, agent: RosterAgent, status: RosterAgent['status']): Promise<void> {
    if (agent.status === status) return;
    await this.agents.setStatus(turn.tenantId, agent.id, status, turn.manager);
    agent.status = status;
    agent.statusChangedAt = turn.now;
    turn.touch('agents');
  }

  /** B6.3: tells a waiting customer their place when it is new or has changed. */
  async tellPlace(turn: Turn, session: Session, customer: Customer, preferred: RosterAgent | null, always = false): Promise<void> {
    const told = session.toldPosition;
    session.toldPosition = await storePlaceInQueue(turn.manager, session.id);
    this.sayPlace(turn, session, customer, preferred, told, always);
  }

  /**
   * B6.3 for a place just stored as `session.toldPosition`: said when it is new or has changed
   * since `told`, or `always`.
   */
  sayPlace(turn: Turn, session: Session, customer: Customer, preferred: RosterAgent | null, told: number | null, always = false): void {
    const ahead = session.toldPosition!;
    if (told === ahead && !always) return;
    const first = told === null || always;
    const text = first
      ? preferred
        ? turn.texts.waitingFor(preferred.nickname, ahead)
        : turn.texts.queued(ahead)
      : turn.texts.queueMoved(ahead);
    turn.say(customerAddressee(customer, session.id), text);
  }

  private async markServing(turn: Turn, roster: LockedRoster, agent: RosterAgent, session: Session): Promise<void> {
    roster.serving.set(agent.id, session);
    if (agent.status === 'idle') await this.setStatus(turn, agent, 'busy');
    turn.touch('sessions', 'queue', 'agents');
  }
}
