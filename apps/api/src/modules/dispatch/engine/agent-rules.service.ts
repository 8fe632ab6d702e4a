import type { InboundContent, OutboundContent } from '@kefu/contracts';
import { Injectable } from '@nestjs/common';
import { KnowledgeService } from '../../knowledge/knowledge.service';
import type { RosterAgent } from '../../tenants/agents.service';
import { AgentCommand, CommandMessage, parseCommand } from '../commands/parse-command';
import { Customer } from '../entities/customer.entity';
import { Session } from '../entities/session.entity';
import { SendWindowsService } from '../outbound/send-windows.service';
import { label } from '../replies/engine-texts';
import { AssignmentService, agentAddressee, customerAddressee, LockedRoster } from './assignment.service';
import {
  activeSessionOf,
  countWaiting,
  findCustomer,
  findCustomerByNumber,
  servingOf,
  waitingSessions,
} from './conversation-store';
import { bundleLines } from './bundle-lines';
import { describe, relayContent } from './inbound-content';
import { Turn } from './turn';

const QUEUE_REPORT_LINES = 10;

/** Rules C: what an agent's message does — a command (C1–C10) or a reply to the current customer (C11). */
@Injectable()
export class AgentRules {
  constructor(
    private readonly assignment: AssignmentService,
    private readonly knowledge: KnowledgeService,
    private readonly windows: SendWindowsService,
  ) {}

  async apply(turn: Turn, agent: RosterAgent, content: InboundContent): Promise<void> {
    turn.inbound = { handling: 'command', agentId: agent.id, byAgent: true };
    const me = agentAddressee(turn, agent);
    if (!agent.active) {
      turn.say(me, turn.texts.inactiveSeat());
      return;
    }
    const command = content.type === 'text' ? parseCommand(content.text) : null;
    if (!command) return this.relay(turn, agent, content);
    switch (command.kind) {
      case 'next':
        return this.next(turn, agent);
      case 'queue':
        return this.queueReport(turn, agent);
      case 'clear':
        return this.clear(turn, agent);
      case 'offline_messages':
        return this.offlineMessages(turn, agent);
      case 'direct':
        return this.direct(turn, agent, command.customerNumber, command.message);
      case 'broadcast':
        return this.broadcast(turn, agent, command.message);
      case 'hide':
      case 'work':
      case 'off':
        return this.changeStatus(turn, agent, command);
      case 'rebuild_cache':
        return this.rebuildCache(turn, agent);
      case 'help':
        turn.say(me, turn.texts.help(agent.isAdmin));
        return;
    }
  }

  /** C1: closes the current session (farewell to the customer) and takes the next waiting one. */
  private async next(turn: Turn, me: RosterAgent): Promise<void> {
    const roster = await this.assignment.lockRoster(turn);
    const agent = lockedSelf(roster, me);
    const current = roster.serving.get(agent.id);
    if (current) {
      turn.inbound.sessionId = current.id;
      const customer = await findCustomer(turn.manager, current.customerId);
      await this.assignment.close(turn, roster, current, 'next');
      if (customer) await this.farewell(turn, customer, current);
    }
    if (agent.status === 'offline') {
      turn.say(agentAddressee(turn, agent), turn.texts.off(null));
      return;
    }
    await this.assignment.takeNext(turn, roster, agent, true);
  }

  /** The tenant's farewell push to a customer whose session an agent closed: a text or a knowledge item. */
  private async farewell(turn: Turn, customer: Customer, session: Session): Promise<void> {
    const farewell = turn.settings.farewell;
    if (!farewell) return;
    const to = customerAddressee(customer, session.id);
    if (farewell.type === 'text') return turn.say(to, farewell.text);
    const item = await this.knowledge.findByNumber(turn.tenantId, farewell.number);
    if (item) turn.send(to, { type: 'item', itemId: item.id, customer: { nickname: customer.nickname, number: customer.number } });
  }

  /** C3: the queue with each customer's window (I1), and in multi-agent mode every agent's status. */
  private async queueReport(turn: Turn, agent: RosterAgent): Promise<void> {
    const waiting = await countWaiting(turn.manager, turn.tenantId);
    const sessions = await waitingSessions(turn.manager, turn.tenantId, QUEUE_REPORT_LINES);
    const lines = [];
    for (const session of sessions) {
      const customer = (await findCustomer(turn.manager, session.customerId))!;
      const [first] = await turn.manager.query(
        `SELECT content FROM messages WHERE session_id = $1 AND sender = 'customer' ORDER BY id LIMIT 1`,
        [session.id],
      );
      lines.push({
        number: customer.number,
        nickname: customer.nickname,
        waitedMs: turn.now.getTime() - session.queuedAt.getTime(),
        firstWords: first ? describe(first.content, turn.texts) : '',
        window: await this.windows.get(turn.manager, customer.channelId, customer.openid),
      });
    }
    const colleagues = turn.agents
      .filter((candidate) => candidate.active)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    let agents = null;
    if (colleagues.length > 1) {
      agents = [];
      for (const colleague of colleagues) {
        const serving = await activeSessionOf(turn.manager, colleague.id);
        const customer = serving ? await findCustomer(turn.manager, serving.customerId) : null;
        agents.push({ nickname: colleague.nickname, status: colleague.status, serving: customer });
      }
    }
    turn.say(agentAddressee(turn, agent), turn.texts.queueReport(waiting, lines, agents));
  }

  /** C4: closes every waiting session. Admins only. */
  private async clear(turn: Turn, agent: RosterAgent): Promise<void> {
    const me = agentAddressee(turn, agent);
    if (!agent.isAdmin) {
      turn.say(me, turn.texts.adminOnly());
      return;
    }
    await this.assignment.lockRoster(turn);
    const result = await turn.manager.query(
      `UPDATE sessions SET state = 'closed', closed_at = now(), close_reason = 'cleared'
       WHERE tenant_id = $1 AND state = 'waiting' RETURNING id`,
      [turn.tenantId],
    );
    turn.touch('queue', 'sessions');
    turn.say(me, turn.texts.cleared(result[0].length));
  }

  /** C5: unread offline messages, oldest first, bundled into as few messages as fit; then read. */
  private async offlineMessages(turn: Turn, agent: RosterAgent): Promise<void> {
    const me = agentAddressee(turn, agent);
    const rows: { id: string; number: number; nickname: string | null; content: InboundContent; received_at: Date }[] = await turn.manager.query(
      `SELECT o.id, c.number, c.nickname, m.content, m.received_at
       FROM offline_messages o JOIN messages m ON m.id = o.message_id JOIN customers c ON c.id = o.customer_id
       WHERE o.tenant_id = $1 AND o.read_at IS NULL ORDER BY o.id FOR UPDATE OF o`,
      [turn.tenantId],
    );
    if (rows.length === 0) {
      turn.say(me, turn.texts.noOfflineMessages());
      return;
    }
    const lines = rows.map((row) => turn.texts.offlineMessageLine(row, row.received_at, describe(row.content, turn.texts)));
    for (const text of bundleLines(turn.texts.offlineMessagesHeader(rows.length), lines)) turn.say(me, text);
    await turn.manager.query(`UPDATE offline_messages SET read_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
    turn.touch('offline');
  }

  /** C6: to customer #n without changing the current session; the agent hears how it went. */
  private async direct(turn: Turn, agent: RosterAgent, number: number, message: CommandMessage): Promise<void> {
    const me = agentAddressee(turn, agent);
    const customer = await findCustomerByNumber(turn.manager, turn.tenantId, number);
    if (!customer) {
      turn.say(me, turn.texts.noSuchCustomer(number));
      return;
    }
    const content = await this.commandContent(turn, message, customer);
    if (!content) {
      if (message.kind === 'item') turn.say(me, turn.texts.noSuchItem(message.ref));
      return;
    }
    turn.send(customerAddressee(customer), content, {
      author: 'agent',
      reportTo: { channelId: me.channelId, openid: me.openid, agentId: agent.id, label: label(customer), always: true },
    });
    turn.touch('messages');
  }

  /** C7: in the background; admins only. */
  private async broadcast(turn: Turn, agent: RosterAgent, message: CommandMessage): Promise<void> {
    const me = agentAddressee(turn, agent);
    if (!agent.isAdmin) {
      turn.say(me, turn.texts.adminOnly());
      return;
    }
    if (message.kind === 'item' && !(await this.knowledge.match(turn.tenantId, message.ref))) {
      turn.say(me, turn.texts.noSuchItem(message.ref));
      return;
    }
    turn.broadcasts.push({ tenantId: turn.tenantId, agentId: agent.id, channelId: turn.channel.id, message });
    turn.say(me, turn.texts.broadcastStarted());
  }

  /** C8: 隐身 hidden, 上班 available (takes the next waiting at once), 下班 offline (current back to the queue head). */
  private async changeStatus(turn: Turn, me: RosterAgent, command: Extract<AgentCommand, { kind: 'hide' | 'work' | 'off' }>): Promise<void> {
    const roster = await this.assignment.lockRoster(turn);
    const agent = lockedSelf(roster, me);
    const to = agentAddressee(turn, agent);
    const current = roster.serving.get(agent.id);
    if (command.kind === 'hide') {
      await this.assignment.setStatus(turn, agent, 'hidden');
      turn.say(to, turn.texts.hidden());
      return;
    }
    if (command.kind === 'work') {
      await this.assignment.setStatus(turn, agent, current ? 'busy' : 'idle');
      turn.say(to, turn.texts.working());
      await this.assignment.takeNext(turn, roster, agent, false);
      return;
    }
    let returned: Customer | null = null;
    if (current) {
      returned = await findCustomer(turn.manager, current.customerId);
      const [head] = await turn.manager.query(
        `SELECT min(queued_at) AS at FROM sessions WHERE tenant_id = $1 AND state = 'waiting'`,
        [turn.tenantId],
      );
      const headAt = head?.at ? new Date(new Date(head.at).getTime() - 1) : current.queuedAt;
      await turn.manager.update(Session, { id: current.id }, {
        state: 'waiting',
        agentId: null,
        assignedAt: null,
        queuedAt: headAt < current.queuedAt ? headAt : current.queuedAt,
        toldPosition: null,
      });
      roster.serving.delete(agent.id);
      turn.touch('queue', 'sessions');
    }
    await this.assignment.setStatus(turn, agent, 'offline');
    turn.say(to, turn.texts.off(returned));
    await this.assignment.dispatchWaiting(turn, roster);
  }

  /** C9: rebuilds the tenant's cached knowledge (the system also does it on every change). */
  private async rebuildCache(turn: Turn, agent: RosterAgent): Promise<void> {
    const counts = await this.knowledge.rebuildCache(turn.tenantId);
    turn.say(agentAddressee(turn, agent), turn.texts.cacheRebuilt(counts.items, turn.agents.length));
  }

  /**
   * C11: anything else goes to the current customer as it is; undeliverable replies are reported.
   * The session's last activity moves on as the message is stored (storeInbound, E1).
   */
  private async relay(turn: Turn, agent: RosterAgent, content: InboundContent): Promise<void> {
    const me = agentAddressee(turn, agent);
    turn.inbound.handling = 'relayed';
    const serving = await servingOf(turn.manager, agent.id);
    const relayed = relayContent(content);
    if (!serving || !relayed) {
      if (!serving) turn.say(me, turn.texts.noCurrentCustomer(await countWaiting(turn.manager, turn.tenantId)));
      return;
    }
    const { session, customer } = serving;
    turn.inbound.sessionId = session.id;
    turn.inbound.customerId = customer.id;
    turn.send(customerAddressee(customer, session.id), relayed, {
      author: 'agent',
      reportTo: { channelId: me.channelId, openid: me.openid, agentId: agent.id, label: label(customer), always: false },
    });
    turn.touch('messages');
  }

  /** The content of `@…`: a text, or a knowledge item by number or keyword (`3#`). */
  async commandContent(turn: Turn, message: CommandMessage, customer: Pick<Customer, 'nickname' | 'number'>): Promise<OutboundContent | null> {
    if (message.kind === 'text') return { type: 'text', text: message.text };
    const item = await this.knowledge.match(turn.tenantId, message.ref);
    return item ? { type: 'item', itemId: item.id, customer: { nickname: customer.nickname, number: customer.number } } : null;
  }
}

function lockedSelf(roster: LockedRoster, me: RosterAgent): RosterAgent {
  return roster.agents.find((agent) => agent.id === me.id) ?? me;
}
