import type { InboundContent } from '@kefu/contracts';
import { dedupKey, type WechatPush } from '@kefu/wechat';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { stringHash } from '../../../common/string-hash';
import { AgentsService, type RosterAgent } from '../../tenants/agents.service';
import type { ChannelCredentials } from '../../tenants/channels.service';
import { Session } from '../entities/session.entity';
import { SendWindowsService } from '../outbound/send-windows.service';
import { AgentRules } from './agent-rules.service';
import { agentAddressee, AssignmentService, customerAddressee, isIdle } from './assignment.service';
import type { BroadcastJob } from './broadcast-job';
import { findCustomer, touchSession } from './conversation-store';
import { CustomerRules, GOODBYE } from './customer-rules.service';
import { inboundContentOf, userActionOf } from './inbound-content';
import { storeInbound } from './inbound-store';
import { KeyedBatches, type Settled } from './keyed-batches';
import { Turn } from './turn';
import { DuplicateAt, TurnRunner, type TurnWork } from './turn-runner';

export type { BroadcastJob } from './broadcast-job';

const BINDING_CODE = /^\d{6}$/;
/** Lanes per tenant: pushes of different lanes are decided side by side, each lane's in order. */
const LANES = 8;
/** Pushes one transaction decides at most. */
const MAX_BATCH = 32;
/** Transactions deciding pushes at once per process (each holds a pool connection). */
const MAX_RUNNING_BATCHES = 16;

/**
 * WeChat gives up after 5 s and retries. A push not stored by then is answered 503 so the answer
 * still comes in time (D4); the retry is recognised as a duplicate if the first one did commit (D3).
 */
export const DISPATCH_DEADLINE_MS = 4_000;

interface PendingPush {
  channel: ChannelCredentials;
  push: WechatPush;
}

/**
 * behaviour.md A–E: each push is one turn of a Postgres transaction — the rules lock what they
 * touch, the push's own row is inserted last (unique per channel: a retried push (D3) rolls its
 * transaction back), and every message to send is written to the outbox in the same commit.
 * After the commit the outbox jobs are queued and the console told (TurnRunner).
 */
@Injectable()
export class ConversationEngine {
  private readonly pushes = new KeyedBatches<PendingPush, { duplicate: boolean }>(
    { maxBatch: MAX_BATCH, maxRunning: MAX_RUNNING_BATCHES, maxWaitMs: DISPATCH_DEADLINE_MS },
    (_lane, pushes) => this.handleBatch(pushes),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: TurnRunner,
    private readonly agents: AgentsService,
    private readonly windows: SendWindowsService,
    private readonly assignment: AssignmentService,
    private readonly customers: CustomerRules,
    private readonly agentRules: AgentRules,
  ) {}

  /**
   * Decides a push; resolves once its turn is committed. Pushes of one tenant are taken in
   * lanes by sender, so one sender's pushes are decided in the order they came, and whatever
   * arrives while a lane's transaction runs goes together in its next one.
   */
  handle(channel: ChannelCredentials, push: WechatPush): Promise<{ duplicate: boolean }> {
    return this.pushes.submit(`${channel.tenantId}:${laneOf(push.fromUserName)}`, { channel, push });
  }

  /**
   * The pushes of a lane, each its own turn in arrival order, as few transactions as the roster
   * allows: a push that will lock the tenant's roster runs in a transaction of its own (guessed
   * from the agents at the tenant's last transaction; the runner corrects a wrong guess). A retried
   * push (D3) is answered as such and the others run again without it; should a transaction fail
   * for another reason, its pushes run one by one, so one broken push fails only itself.
   */
  private async handleBatch(pushes: PendingPush[]): Promise<Settled<{ duplicate: boolean }>[]> {
    const outcomes: Settled<{ duplicate: boolean }>[] = [];
    // Two copies of one push in the same batch: the first decides, the copy shares its outcome.
    const firstIndex = new Map<string, number>();
    const copyOf = pushes.map(({ channel, push }, index) => {
      const key = `${channel.id}:${dedupKey(channel.appId, push)}`;
      const first = firstIndex.get(key);
      if (first === undefined) firstIndex.set(key, index);
      return first ?? null;
    });
    let todo = pushes.map((_, index) => index).filter((index) => copyOf[index] === null);
    const tenantId = pushes[0].channel.tenantId;
    const roster = this.runner.lastRoster(tenantId);
    const locksRoster = (index: number) => !roster || this.locksRoster(pushes[index].push, roster);
    while (todo.length > 0) {
      const end = locksRoster(todo[0]) ? 1 : todo.findIndex((index, position) => position > 0 && locksRoster(index));
      const chunk = end < 0 ? todo : todo.slice(0, end);
      try {
        const done = await this.runner.runAll(
          tenantId,
          chunk.map((index) => this.pushTurn(pushes[index])),
        );
        for (const index of chunk.slice(0, done)) outcomes[index] = { ok: true, value: { duplicate: false } };
        todo = todo.slice(done);
      } catch (error) {
        if (error instanceof DuplicateAt) {
          const index = chunk[error.position];
          outcomes[index] = { ok: true, value: { duplicate: true } };
          todo = todo.filter((other) => other !== index);
        } else if (chunk.length === 1) {
          outcomes[chunk[0]] = { ok: false, error };
          todo = todo.slice(1);
        } else {
          for (const index of chunk) outcomes[index] = await this.handleAlone(pushes[index]);
          todo = todo.slice(chunk.length);
        }
      }
    }
    return pushes.map((_, index) => outcomes[copyOf[index] ?? index]);
  }

  /**
   * Whether the push will likely take the roster lock: an agent's command, a binding code, a
   * goodbye, or a customer's message while an agent is free to be assigned.
   */
  private locksRoster(push: WechatPush, roster: RosterAgent[]): boolean {
    if (roster.some((agent) => agent.openid === push.fromUserName)) return true;
    if (push.category !== 'message') return false;
    const text = push.type === 'text' ? push.content.trim() : null;
    return (text !== null && (BINDING_CODE.test(text) || text === GOODBYE)) || roster.some(isIdle);
  }

  private async handleAlone(pending: PendingPush): Promise<Settled<{ duplicate: boolean }>> {
    try {
      await this.runner.runAll(pending.channel.tenantId, [this.pushTurn(pending)]);
      return { ok: true, value: { duplicate: false } };
    } catch (error) {
      if (error instanceof DuplicateAt) return { ok: true, value: { duplicate: true } };
      return { ok: false, error };
    }
  }

  private pushTurn({ channel, push }: PendingPush): TurnWork {
    return {
      channel,
      work: async (turn) => {
        const content = inboundContentOf(push);
        const action = userActionOf(push);
        const at = new Date(push.createTime * 1000);
        if (action) {
          const recorded = await this.windows.recordAction(turn.manager, { tenantId: channel.tenantId, channelId: channel.id, openid: push.fromUserName, kind: channel.kind }, action, at);
          // The sender's held messages may fit their window now (D2).
          if (recorded.messagesWaiting) turn.wake({ channelId: channel.id, openid: push.fromUserName });
        }
        await this.route(turn, push, content);
        await storeInbound(turn, {
          channelId: channel.id,
          dedupKey: dedupKey(channel.appId, push),
          openid: push.fromUserName,
          type: push.type,
          content,
          wechatCreatedAt: at,
        });
      },
    };
  }

  private async route(turn: Turn, push: WechatPush, content: InboundContent): Promise<void> {
    const openid = push.fromUserName;
    const text = content.type === 'text' ? content.text.trim() : null;
    // A1: anyone, agent or not.
    const agent = turn.agents.find((candidate) => candidate.openid === openid);
    if (text !== null && text.toLowerCase() === 'openid') {
      turn.inbound = { handling: 'openid', byAgent: Boolean(agent) };
      turn.say({ kind: agent ? 'agent' : 'customer', channelId: turn.channel.id, openid }, turn.texts.openid(openid));
      return;
    }
    if (agent) return this.agentRules.apply(turn, agent, content);
    // A2: a live binding code makes the sender an agent.
    if (text !== null && BINDING_CODE.test(text)) {
      turn.claimRoster();
      const bound = await this.agents.bindByCode(turn.tenantId, text, openid, turn.manager);
      if (bound) {
        turn.inbound = { handling: 'binding', agentId: bound.id, byAgent: true };
        turn.say({ kind: 'agent', channelId: turn.channel.id, openid, agentId: bound.id }, turn.texts.bound(bound.nickname));
        turn.touch('agents');
        return;
      }
    }
    return this.customers.apply(turn, push, content);
  }

  /** E1 and E2, for the sweeper: closes idle active sessions and waiting sessions whose window closed. */
  async sweepSessions(now: Date = new Date()): Promise<{ idleClosed: number; expired: number }> {
    const idle: { id: string; tenant_id: string }[] = await this.dataSource.query(
      `SELECT s.id, s.tenant_id FROM sessions s LEFT JOIN tenant_settings t ON t.tenant_id = s.tenant_id
       WHERE s.state = 'active' AND s.last_activity_at < $1::timestamptz - make_interval(mins => COALESCE(t.idle_timeout_minutes, 30))
       ORDER BY s.last_activity_at LIMIT 500`,
      [now],
    );
    const expired: { id: string; tenant_id: string }[] = await this.dataSource.query(
      `SELECT s.id, s.tenant_id FROM sessions s
       JOIN customers c ON c.id = s.customer_id
       LEFT JOIN send_windows w ON w.channel_id = c.channel_id AND w.openid = c.openid
       WHERE s.state = 'waiting' AND (w.expires_at IS NULL OR w.expires_at <= $1)
       ORDER BY s.queued_at LIMIT 500`,
      [now],
    );
    let idleClosed = 0;
    let expiredCount = 0;
    // Waiting sessions whose window closed leave first, so an agent freed below does not pick them up.
    for (const row of expired) {
      await this.runner.run(row.tenant_id, null, now, async (turn) => {
        if (await this.closeExpired(turn, row.id)) expiredCount++;
      });
    }
    for (const row of idle) {
      await this.runner.run(row.tenant_id, null, now, async (turn) => {
        if (await this.closeIdle(turn, row.id)) idleClosed++;
      });
    }
    // C2's safety net: a customer who joined the queue while an agent became free at the same moment.
    const stranded: { tenant_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT s.tenant_id FROM sessions s
       WHERE s.state = 'waiting' AND EXISTS (
         SELECT 1 FROM agents a WHERE a.tenant_id = s.tenant_id AND a.status = 'idle' AND a.openid IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM sessions x WHERE x.agent_id = a.id AND x.state = 'active'))
       LIMIT 100`,
    );
    for (const row of stranded) {
      await this.runner.run(row.tenant_id, null, now, async (turn) => {
        await this.assignment.dispatchWaiting(turn, await this.assignment.lockRoster(turn));
      });
    }
    return { idleClosed, expired: expiredCount };
  }

  /** E1: idle for the tenant's timeout: closed, the agent told and available again (C2). */
  private async closeIdle(turn: Turn, sessionId: string): Promise<boolean> {
    const roster = await this.assignment.lockRoster(turn);
    const session = await turn.manager.findOne(Session, { where: { id: sessionId }, lock: { mode: 'pessimistic_write' } });
    const limit = turn.now.getTime() - turn.settings.idleTimeoutMinutes * 60_000;
    if (!session || session.state !== 'active' || session.lastActivityAt.getTime() >= limit) return false;
    const agent = roster.agents.find((candidate) => candidate.id === session.agentId);
    const customer = await findCustomer(turn.manager, session.customerId);
    await this.assignment.close(turn, roster, session, 'idle');
    if (agent?.openid && customer) {
      turn.say(agentAddressee(turn, agent, session.id), turn.texts.sessionTimedOut(customer));
      await this.assignment.takeNext(turn, roster, agent, false);
    }
    return true;
  }

  /** E2: the customer's window closed while waiting: out of the queue, its messages kept as offline messages. */
  private async closeExpired(turn: Turn, sessionId: string): Promise<boolean> {
    await this.assignment.lockRoster(turn);
    const session = await turn.manager.findOne(Session, { where: { id: sessionId }, lock: { mode: 'pessimistic_write' } });
    if (!session || session.state !== 'waiting') return false;
    await this.assignment.close(turn, null, session, 'window_closed');
    await turn.manager.query(
      `INSERT INTO offline_messages (tenant_id, customer_id, message_id)
       SELECT tenant_id, customer_id, id FROM messages WHERE session_id = $1 AND sender = 'customer'
       ON CONFLICT (message_id) DO NOTHING`,
      [session.id],
    );
    turn.touch('offline');
    return true;
  }

  /** C7, for the dispatch queue's `broadcast` job: every customer whose window is open gets it. */
  async runBroadcast(job: BroadcastJob): Promise<{ sent: number; skipped: number }> {
    let sent = 0;
    let skipped = 0;
    await this.runner.run(job.tenantId, { id: job.channelId, kind: 'miniprogram' }, new Date(), async (turn) => {
      const customers: { id: string; channel_id: string; openid: string; number: number; nickname: string | null; open: boolean }[] =
        await turn.manager.query(
          `SELECT c.id, c.channel_id, c.openid, c.number, c.nickname,
                  COALESCE(w.remaining > 0 AND w.expires_at > now(), false) AS open
           FROM customers c LEFT JOIN send_windows w ON w.channel_id = c.channel_id AND w.openid = c.openid
           WHERE c.tenant_id = $1 ORDER BY c.number`,
          [job.tenantId],
        );
      for (const customer of customers) {
        if (!customer.open) {
          skipped++;
          continue;
        }
        const content = await this.agentRules.commandContent(turn, job.message, customer);
        if (!content) {
          skipped++;
          continue;
        }
        sent++;
        turn.send({ kind: 'customer', channelId: customer.channel_id, openid: customer.openid, customerId: customer.id }, content, { author: 'agent' });
      }
      const agent = turn.agents.find((candidate) => candidate.id === job.agentId);
      if (agent?.openid) turn.say(agentAddressee(turn, agent), turn.texts.broadcastDone(sent, skipped));
    });
    return { sent, skipped };
  }

  /** The console hands a waiting session to an agent. */
  async assignFromConsole(tenantId: string, sessionId: string, agentId: string): Promise<void> {
    await this.runner.run(tenantId, null, new Date(), async (turn) => {
      const roster = await this.assignment.lockRoster(turn);
      const session = await turn.manager.findOne(Session, { where: { id: sessionId, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!session) throw new NotFoundException('No such session');
      if (session.state !== 'waiting') throw new ConflictException('This customer is no longer waiting: refresh the queue.');
      const agent = roster.agents.find((candidate) => candidate.id === agentId);
      if (!agent) throw new NotFoundException('No such agent');
      if (!agent.active || !agent.openid || agent.status === 'offline') {
        throw new ConflictException(`"${agent.nickname}" cannot take customers now (off duty, no seat or no phone bound).`);
      }
      if (roster.serving.has(agent.id)) {
        throw new ConflictException(`"${agent.nickname}" is serving another customer; they must finish (下一个) first.`);
      }
      await this.assignment.pickUp(turn, roster, session, agent);
    });
  }

  /** A console admin answers the customer of a session; the agent on duty sees it too. */
  async replyFromConsole(tenantId: string, sessionId: string, text: string): Promise<void> {
    await this.runner.run(tenantId, null, new Date(), async (turn) => {
      const session = await turn.manager.findOne(Session, { where: { id: sessionId, tenantId } });
      if (!session) throw new NotFoundException('No such session');
      const customer = (await findCustomer(turn.manager, session.customerId))!;
      if (session.state !== 'closed') await touchSession(turn.manager, session.id, turn.now);
      turn.send(customerAddressee(customer, session.id), { type: 'text', text }, { author: 'admin' });
      const agent = session.state === 'active' ? turn.agents.find((candidate) => candidate.id === session.agentId) : undefined;
      if (agent?.openid) turn.say({ ...agentAddressee(turn, agent, session.id), channelId: customer.channelId }, turn.texts.consoleReply(customer, text));
      turn.touch('messages');
    });
  }
}

/** The sender's lane. */
function laneOf(openid: string): number {
  return stringHash(openid) % LANES;
}
