import type { InboundContent, KnowledgeItemView } from '@kefu/contracts';
import type { WechatPush } from '@kefu/wechat';
import { Injectable } from '@nestjs/common';
import { KnowledgeService } from '../../knowledge/knowledge.service';
import type { RosterAgent } from '../../tenants/agents.service';
import { foldNickname } from '../commands/fold-nickname';
import { Customer } from '../entities/customer.entity';
import { Session } from '../entities/session.entity';
import { AssignmentService, agentAddressee, customerAddressee, isIdle, isOnline } from './assignment.service';
import {
  lastAgentIdOf,
  lockOrCreateCustomer,
  nicknameFromSessionFrom,
  openSessionOf,
  touchCustomer,
  touchOpenSession,
  type TouchedSession,
} from './conversation-store';
import { relayContent } from './inbound-content';
import { Turn } from './turn';

/** B3: the customer's goodbye. */
export const GOODBYE = '再见';

/** Rules B: what a customer's message or event does. */
@Injectable()
export class CustomerRules {
  constructor(
    private readonly assignment: AssignmentService,
    private readonly knowledge: KnowledgeService,
  ) {}

  async apply(turn: Turn, push: WechatPush, content: InboundContent): Promise<void> {
    const roster = turn.agents;
    const { customer, openSession: session } = await lockOrCreateCustomer(turn.manager, turn.tenantId, turn.channel.id, push.fromUserName);
    turn.inbound = { handling: 'event', customerId: customer.id };

    if (push.type === 'user_enter_tempsession') {
      await touchCustomer(turn.manager, customer, nicknameFromSessionFrom(push.sessionFrom));
      return this.welcome(turn, customer, roster);
    }
    await touchCustomer(turn.manager, customer);
    if (push.category === 'event') return;

    if (content.type === 'text') {
      const text = content.text.trim();
      if (text === GOODBYE) return this.goodbye(turn, customer);
      const item = await this.knowledge.match(turn.tenantId, text);
      if (item) return this.answerWithItem(turn, customer, session, item, roster);
      const named = this.agentNamed(roster, text);
      if (named) return this.routeTo(turn, customer, named, 'routed');
    }
    if (!relayContent(content)) {
      turn.inbound = { handling: 'ignored', customerId: customer.id, sessionId: session?.id ?? null };
      return;
    }
    return this.forHuman(turn, customer, session, content);
  }

  /** B2: the welcome item, and to a returning customer the agent who served them last. */
  private async welcome(turn: Turn, customer: Customer, roster: RosterAgent[]): Promise<void> {
    const to = customerAddressee(customer);
    const number = turn.settings.welcomeItemNumber;
    const item = number ? await this.knowledge.findByNumber(turn.tenantId, number) : null;
    if (item) turn.send(to, { type: 'item', itemId: item.id, customer: { nickname: customer.nickname, number: customer.number } });
    const lastAgentId = await lastAgentIdOf(turn.manager, customer.id);
    const lastAgent = lastAgentId ? roster.find((agent) => agent.id === lastAgentId) : undefined;
    if (lastAgent) turn.say(to, turn.texts.lastAgent(lastAgent.nickname));
  }

  /** B3: 再见 closes the session, queued or active; the agent is told and becomes available (C2). */
  private async goodbye(turn: Turn, customer: Customer): Promise<void> {
    const locked = await this.assignment.lockRoster(turn);
    const session = await openSessionOf(turn.manager, customer.id, true);
    turn.inbound = { handling: 'goodbye', customerId: customer.id, sessionId: session?.id ?? null };
    turn.say(customerAddressee(customer, session?.id), turn.settings.goodbyeText);
    if (!session) return;
    const agent = session.agentId ? locked.agents.find((candidate) => candidate.id === session.agentId) : undefined;
    await this.assignment.close(turn, locked, session, 'goodbye');
    if (agent?.openid && session.agentId) {
      turn.say(agentAddressee(turn, agent, session.id), turn.texts.customerLeft(customer));
      await this.assignment.takeNext(turn, locked, agent, false);
    }
  }

  /** B4: a knowledge item answers; an item that names an agent also routes the customer there (B5). */
  private async answerWithItem(turn: Turn, customer: Customer, session: Session | null, item: KnowledgeItemView, roster: RosterAgent[]): Promise<void> {
    turn.inbound = { handling: 'knowledge', customerId: customer.id, sessionId: session?.id ?? null };
    turn.send(customerAddressee(customer, session?.id), {
      type: 'item',
      itemId: item.id,
      customer: { nickname: customer.nickname, number: customer.number },
    });
    const agent = item.agentId ? roster.find((candidate) => candidate.id === item.agentId) : undefined;
    if (agent && isOnline(agent)) await this.routeTo(turn, customer, agent, 'knowledge');
  }

  /** An agent's nickname as the whole text (B5); agents off duty or without a seat cannot be called. */
  private agentNamed(roster: RosterAgent[], text: string): RosterAgent | undefined {
    const wanted = foldNickname(text);
    return roster.find((agent) => isOnline(agent) && foldNickname(agent.nickname) === wanted);
  }

  /**
   * B5: routes the customer to this agent: at once when the agent is free (hidden counts as free),
   * otherwise queued with the agent preferred. The customer is told whom they reach or wait for.
   */
  private async routeTo(turn: Turn, customer: Customer, wanted: RosterAgent, handling: 'routed' | 'knowledge'): Promise<void> {
    const roster = await this.assignment.lockRoster(turn);
    const agent = roster.agents.find((candidate) => candidate.id === wanted.id)!;
    let session = await openSessionOf(turn.manager, customer.id, true);
    turn.inbound = { handling, customerId: customer.id, sessionId: session?.id ?? null };
    const to = customerAddressee(customer, session?.id);

    if (session?.state === 'active' && session.agentId === agent.id) {
      turn.say(to, turn.texts.connected(agent.nickname));
      return;
    }
    if (!this.assignment.isFreeForName(roster, agent)) {
      if (session?.state === 'active') {
        // Served by someone else: stays there, and goes to the wanted agent when they are free.
        await turn.manager.update(Session, { id: session.id }, { preferredAgentId: agent.id });
        turn.say(to, turn.texts.waitingFor(agent.nickname, 0));
        return;
      }
      if (!session) {
        turn.inbound.sessionId = (await this.assignment.joinQueue(turn, customer, agent)).id;
        return;
      }
      if (session.preferredAgentId !== agent.id) await turn.manager.update(Session, { id: session.id }, { preferredAgentId: agent.id });
      turn.inbound.sessionId = session.id;
      await this.assignment.tellPlace(turn, session, customer, agent, true);
      return;
    }

    if (session?.state === 'active') {
      // Moving from one agent to the one asked for: the first is told and becomes available.
      const previous = roster.agents.find((candidate) => candidate.id === session!.agentId);
      await this.assignment.close(turn, roster, session, 'admin');
      if (previous?.openid) turn.say(agentAddressee(turn, previous, session.id), turn.texts.customerLeft(customer));
      session = null;
    }
    if (session) {
      await this.assignment.pickUp(turn, roster, session, agent);
    } else {
      const opened = await this.assignment.openActive(turn, roster, customer, agent, agent.id);
      turn.inbound.sessionId = opened.id;
      turn.say(agentAddressee(turn, agent, opened.id), turn.texts.newCustomer(customer, turn.texts.connected(agent.nickname)));
      turn.say(customerAddressee(customer, opened.id), turn.texts.connected(agent.nickname));
    }
    await this.assignment.dispatchWaiting(turn, roster);
  }

  /** B6, B7: a message for a human. */
  private async forHuman(turn: Turn, customer: Customer, unlocked: Session | null, content: InboundContent): Promise<void> {
    if (unlocked?.state === 'active') return this.forward(turn, customer, unlocked, content);
    const someoneIdle = turn.agents.some(isIdle);
    // Still waiting and nobody free to take it: no decision to make, so no tenant-wide lock. The
    // session row is locked instead, so an agent picking it up meanwhile sees this message (C1).
    if (unlocked?.state === 'waiting' && !someoneIdle) {
      const waiting = await this.touchWaiting(turn, customer, turn.agents);
      if (waiting) return this.whileWaiting(turn, customer, waiting, content, turn.agents);
    }

    // Agents on duty and all busy: the customer joins the queue without the tenant-wide lock, since
    // no one is assigned. Should an agent become free at this very moment and find the queue empty
    // before this commits, the sweeper hands the session over within seconds (C2).
    if (!unlocked && turn.agents.some(isOnline) && !someoneIdle) return this.joinQueue(turn, customer, content);

    const roster = await this.assignment.lockRoster(turn);
    const online = roster.agents.filter(isOnline);
    const [free] = this.assignment.freeAgents(roster);
    if (unlocked && !free) {
      // Nobody free to take the waiting session after all.
      const waiting = await this.touchWaiting(turn, customer, roster.agents);
      if (waiting) return this.whileWaiting(turn, customer, waiting, content, roster.agents);
    }
    // Sessions open only under the customer's lock, which this turn holds: with none when it was
    // taken there is none now (should one race in, sessions_open_customer_key has the turn retried).
    const session = unlocked ? await openSessionOf(turn.manager, customer.id, true) : null;
    if (session?.state === 'active') return this.forward(turn, customer, session, content);

    if (session && free) {
      // An agent is free while this customer waits: hand over at once (C2), this message included.
      turn.inbound = { handling: 'assigned', customerId: customer.id, sessionId: session.id };
      await this.assignment.pickUp(turn, roster, session, free, content);
      return;
    }

    if (!online.length) {
      // B6.5: a new session owes the offline notice, so it opens with the notice marked as sent.
      const waiting = await this.assignment.openWaiting(turn, customer, null, true);
      turn.inbound = { handling: 'offline', customerId: customer.id, sessionId: waiting.id, offline: true };
      turn.touch('offline');
      turn.say(customerAddressee(customer, waiting.id), turn.settings.offlineNotice);
      return;
    }

    if (free) {
      const opened = await this.assignment.openActive(turn, roster, customer, free);
      turn.inbound = { handling: 'assigned', customerId: customer.id, sessionId: opened.id };
      const agent = agentAddressee(turn, free, opened.id);
      turn.say(agent, turn.texts.newCustomer(customer, content.type === 'text' ? content.text : ''));
      if (content.type !== 'text') turn.send(agent, relayContent(content)!);
      turn.say(customerAddressee(customer, opened.id), turn.texts.connected(free.nickname));
      return;
    }

    return this.joinQueue(turn, customer, content);
  }

  /** B6.3, B6.4: a new waiting session, the customer told their place and answered by the robot. */
  private async joinQueue(turn: Turn, customer: Customer, content: InboundContent): Promise<void> {
    const waiting = await this.assignment.joinQueue(turn, customer, null);
    turn.inbound = { handling: 'queued', customerId: customer.id, sessionId: waiting.id };
    return this.robotAnswer(turn, customer, waiting, content);
  }

  /**
   * Locks and touches the customer's open session (waiting as far as this turn knows); its place
   * in the queue is counted when an agent is online to serve it.
   */
  private touchWaiting(turn: Turn, customer: Customer, agents: RosterAgent[]): Promise<TouchedSession | null> {
    return touchOpenSession(turn.manager, customer.id, turn.now, agents.some(isOnline));
  }

  /**
   * B6.3–B6.5 for a customer already in the queue, their session locked and touched; B6.1 should
   * an agent have picked it up meanwhile.
   */
  private async whileWaiting(turn: Turn, customer: Customer, waiting: TouchedSession, content: InboundContent, agents: RosterAgent[]): Promise<void> {
    const { session, toldBefore } = waiting;
    if (session.state === 'active') return this.forward(turn, customer, session, content);
    const online = agents.some(isOnline);
    turn.inbound = { handling: online ? 'queued' : 'offline', customerId: customer.id, sessionId: session.id, offline: !online };
    if (!online) return this.offlineNotice(turn, customer, session);
    const preferred = session.preferredAgentId ? (agents.find((agent) => agent.id === session.preferredAgentId) ?? null) : null;
    this.assignment.sayPlace(turn, session, customer, preferred, toldBefore);
    return this.robotAnswer(turn, customer, session, content);
  }

  /**
   * B6.1: to the agent serving the customer; text as `[#12 张三] text`, pictures and cards as
   * themselves. The session's last activity moves on as the message is stored (storeInbound, E1).
   */
  private forward(turn: Turn, customer: Customer, session: Session, content: InboundContent): void {
    turn.inbound = { handling: 'forwarded', customerId: customer.id, sessionId: session.id };
    const agent = turn.agents.find((candidate) => candidate.id === session.agentId && candidate.openid);
    if (!agent) return;
    const to = agentAddressee(turn, agent, session.id);
    if (content.type === 'text') turn.say(to, turn.texts.forwarded(customer, content.text));
    else turn.send(to, relayContent(content)!);
    turn.touch('messages');
  }

  /** B6.5: once per session. */
  private async offlineNotice(turn: Turn, customer: Customer, session: Session): Promise<void> {
    turn.touch('offline');
    if (session.offlineNoticeSent) return;
    await turn.manager.update(Session, { id: session.id }, { offlineNoticeSent: true });
    turn.say(customerAddressee(customer, session.id), turn.settings.offlineNotice);
  }

  /** B6.4 (H2): while the customer waits, the robot answers each message. */
  private async robotAnswer(turn: Turn, customer: Customer, session: Session, content: InboundContent): Promise<void> {
    if (turn.settings.mode !== 'human_robot' || content.type !== 'text') return;
    const to = customerAddressee(customer, session.id);
    const answer = await this.knowledge.search(turn.tenantId, content.text);
    if (answer.confident && answer.item) {
      turn.send(to, { type: 'item', itemId: answer.item.id, customer: { nickname: customer.nickname, number: customer.number } }, { author: 'robot' });
    } else {
      turn.say(to, turn.settings.robotFallbackText, 'robot');
    }
  }
}
