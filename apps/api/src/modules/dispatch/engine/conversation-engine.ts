import { DISPATCH_JOBS, QUEUES, type InboundContent } from '@kefu/contracts';
import { dedupKey, type WechatPush } from '@kefu/wechat';
import { InjectQueue } from '@nestjs/bull';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { DataSource } from 'typeorm';
import { AgentsService } from '../../tenants/agents.service';
import type { ChannelCredentials } from '../../tenants/channels.service';
import { SettingsService } from '../../tenants/settings.service';
import { Session } from '../entities/session.entity';
import { LiveEventsService } from '../live/live-events.service';
import { OutboxService } from '../outbound/outbox.service';
import { SendWindowsService } from '../outbound/send-windows.service';
import { engineTexts } from '../replies/engine-texts';
import { AgentRules } from './agent-rules.service';
import { agentAddressee, AssignmentService, customerAddressee } from './assignment.service';
import type { BroadcastJob } from './broadcast-job';
import { findCustomer, hasHeldMessages, touchSession } from './conversation-store';
import { CustomerRules } from './customer-rules.service';
import { inboundContentOf, userActionOf } from './inbound-content';
import { defaultChannel, DuplicatePush, storeInbound } from './inbound-store';
import { Turn } from './turn';

export type { BroadcastJob } from './broadcast-job';

/** Postgres errors after which the whole transaction is simply tried again. */
const RETRYABLE = new Set(['40P01', '40001']);
/** Unique indexes that catch two decisions racing for one customer or one agent. */
const RACE_INDEXES = ['sessions_open_customer_key', 'sessions_active_agent_key', 'customers_channel_openid_key'];
const ATTEMPTS = 5;
const BINDING_CODE = /^\d{6}$/;

/**
 * behaviour.md A–E: each push is one Postgres transaction — the rules lock what they touch, the
 * push's own row is inserted last (unique per channel: a retried push (D3) rolls everything back),
 * and every message to send is written to the outbox in the same commit. After the commit the
 * outbox jobs are queued and the console told.
 */
@Injectable()
export class ConversationEngine {
  private readonly logger = new Logger(ConversationEngine.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.dispatch) private readonly dispatchQueue: Queue<BroadcastJob>,
    private readonly agents: AgentsService,
    private readonly settings: SettingsService,
    private readonly windows: SendWindowsService,
    private readonly outbox: OutboxService,
    private readonly live: LiveEventsService,
    private readonly assignment: AssignmentService,
    private readonly customers: CustomerRules,
    private readonly agentRules: AgentRules,
  ) {}

  async handle(channel: ChannelCredentials, push: WechatPush): Promise<{ duplicate: boolean }> {
    const now = new Date();
    try {
      await this.run(channel.tenantId, channel, now, async (turn) => {
        const content = inboundContentOf(push);
        const action = userActionOf(push);
        const at = new Date(push.createTime * 1000);
        if (action) {
          await this.windows.recordAction(turn.manager, { tenantId: channel.tenantId, channelId: channel.id, openid: push.fromUserName, kind: channel.kind }, action, at);
        }
        // The sender's held messages may fit their window now (D2).
        if (action && (await hasHeldMessages(turn.manager, channel.id, push.fromUserName))) {
          turn.wake({ channelId: channel.id, openid: push.fromUserName });
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
      });
      return { duplicate: false };
    } catch (error) {
      if (error instanceof DuplicatePush) return { duplicate: true };
      throw error;
    }
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
      await this.run(row.tenant_id, null, now, async (turn) => {
        if (await this.closeExpired(turn, row.id)) expiredCount++;
      });
    }
    for (const row of idle) {
      await this.run(row.tenant_id, null, now, async (turn) => {
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
      await this.run(row.tenant_id, null, now, async (turn) => {
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
    await this.run(job.tenantId, { id: job.channelId, kind: 'miniprogram' }, new Date(), async (turn) => {
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
    await this.run(tenantId, null, new Date(), async (turn) => {
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
    await this.run(tenantId, null, new Date(), async (turn) => {
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

  /**
   * Runs one turn in a transaction, tried again when Postgres reports a deadlock or two decisions
   * raced for one customer or agent; then queues what the turn wrote and tells the console.
   */
  private async run(
    tenantId: string,
    channel: Pick<ChannelCredentials, 'id' | 'kind'> | null,
    now: Date,
    work: (turn: Turn) => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const turn = await this.dataSource.transaction(async (manager) => {
          // One connection per turn: the settings and agents are read inside its transaction.
          const settings = await this.settings.get(tenantId, manager);
          const agents = await this.agents.roster(tenantId, manager);
          const turnChannel = channel ?? (await defaultChannel(manager, tenantId));
          const turn = new Turn(manager, tenantId, turnChannel, settings, engineTexts(settings.replyLanguage), now, agents);
          await work(turn);
          await this.outbox.write(manager, turn.outbox);
          return turn;
        });
        await this.afterCommit(turn);
        return;
      } catch (error) {
        if (error instanceof DuplicatePush || attempt >= ATTEMPTS || !isRace(error)) throw error;
        this.logger.debug(`Retrying a conversation turn after ${String((error as { code?: string }).code)}`);
      }
    }
  }

  private async afterCommit(turn: Turn): Promise<void> {
    await this.outbox.enqueue(turn.recipients());
    for (const job of turn.broadcasts) {
      await this.dispatchQueue.add(DISPATCH_JOBS.broadcast, job, { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true });
    }
    if (turn.topics.size) this.live.notify(turn.tenantId, [...turn.topics]);
  }
}

function isRace(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  if (!driver?.code) return false;
  return RETRYABLE.has(driver.code) || (driver.code === '23505' && RACE_INDEXES.includes(driver.constraint ?? ''));
}
