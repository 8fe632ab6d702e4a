import type {
  Agent,
  AgentRef,
  CustomerRef,
  CustomerView,
  Dashboard,
  DashboardAgent,
  DashboardPoint,
  DeliveryState,
  InboundContent,
  KnowledgeItemView,
  MarkOfflineReadResult,
  MessageAuthor,
  MessageHandling,
  OfflineMessagePage,
  OfflineMessageStatus,
  OutboundContent,
  Page,
  Queue,
  QueueEntry,
  SessionCloseReason,
  SessionDetail,
  SessionListQuery,
  SessionState,
  SessionSummary,
  Transcript,
  TranscriptContent,
  TranscriptEntry,
  WindowMeter,
} from '@kefu/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { AgentsService } from '../tenants/agents.service';
import { DispatchService } from './dispatch.service';
import { LiveEventsService } from './live/live-events.service';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const QUEUE_MESSAGES = 20;
const TRANSCRIPT_LIMIT = 1000;

interface PageRequest {
  page?: number;
  pageSize?: number;
}

interface CustomerRow {
  id: string;
  channel_id: string;
  openid: string;
  number: number;
  nickname: string | null;
  created_at: Date;
  last_seen_at: Date;
  remaining: number | null;
  expires_at: Date | null;
}

interface SessionRow {
  id: string;
  state: SessionState;
  customer_id: string;
  agent_id: string | null;
  preferred_agent_id: string | null;
  queued_at: Date;
  assigned_at: Date | null;
  closed_at: Date | null;
  close_reason: SessionCloseReason | null;
  last_activity_at: Date;
  created_at: Date;
  number: number;
  nickname: string | null;
  message_count: string;
  last_content: InboundContent | null;
}

interface InboundRow {
  id: string;
  sender: 'customer' | 'agent';
  content: InboundContent;
  handling: MessageHandling | null;
  received_at: Date;
}

interface OutboundRow {
  id: string;
  author: MessageAuthor;
  agent_id: string | null;
  content: OutboundContent;
  state: DeliveryState;
  reason: string | null;
  reason_detail: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/**
 * What the console reads of conversations: the dashboard, sessions and their transcripts, the
 * queue, offline messages and customers. It reads; what changes a conversation goes through the
 * engine (DispatchService), except marking offline messages read, which is shared with 看留言 (C5).
 */
@Injectable()
export class ConversationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agents: AgentsService,
    private readonly knowledge: KnowledgeService,
    private readonly dispatch: DispatchService,
    private readonly live: LiveEventsService,
  ) {}

  // ---- dashboard -----------------------------------------------------------------------------------

  async dashboard(tenantId: string, timeZone = DEFAULT_TIME_ZONE): Promise<Dashboard> {
    const db = this.dataSource;
    const [[bounds], agents, active] = await Promise.all([
      db.query<{ day_start: Date; week_start: Date; now: Date }[]>(
        `SELECT date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1 AS day_start,
                date_trunc('week', now() AT TIME ZONE $1) AT TIME ZONE $1 AS week_start,
                now() AS now`,
        [timeZone],
      ),
      this.agents.list(tenantId),
      this.activeSessions(tenantId),
    ]);
    const { day_start: dayStart, week_start: weekStart, now } = bounds;

    const [[online], [queue], [today], [firstResponse], [offline], hours, days, sessionCounts, messageCounts] = await Promise.all([
      db.query<{ count: string }[]>(
        `SELECT count(*) FROM send_windows w
          WHERE w.tenant_id = $1 AND w.remaining > 0 AND w.expires_at > now()
            AND EXISTS (SELECT 1 FROM customers c WHERE c.channel_id = w.channel_id AND c.openid = w.openid)`,
        [tenantId],
      ),
      db.query<{ count: string; oldest: Date | null }[]>(
        `SELECT count(*), min(queued_at) AS oldest FROM sessions WHERE tenant_id = $1 AND state = 'waiting'`,
        [tenantId],
      ),
      db.query<{ opened: string; average_wait: number | null }[]>(
        `SELECT count(*) FILTER (WHERE created_at >= $2) AS opened,
                avg(extract(epoch FROM assigned_at - queued_at)) FILTER (WHERE assigned_at >= $2)::float8 AS average_wait
           FROM sessions WHERE tenant_id = $1 AND (created_at >= $2 OR assigned_at >= $2)`,
        [tenantId, dayStart],
      ),
      db.query<{ average: number | null }[]>(
        `SELECT avg(extract(epoch FROM first.at - s.assigned_at))::float8 AS average
           FROM sessions s
           CROSS JOIN LATERAL (
             SELECT min(o.created_at) AS at FROM outbound_messages o
              WHERE o.session_id = s.id AND o.author = 'agent' AND o.created_at >= s.assigned_at
           ) first
          WHERE s.tenant_id = $1 AND s.assigned_at >= $2 AND first.at IS NOT NULL`,
        [tenantId, dayStart],
      ),
      db.query<{ count: string }[]>(`SELECT count(*) FROM offline_messages WHERE tenant_id = $1 AND read_at IS NULL`, [tenantId]),
      db.query<{ key: string; start: Date }[]>(
        `SELECT to_char(h, 'YYYY-MM-DD"T"HH24') AS key, h AT TIME ZONE $1 AS start
           FROM generate_series(date_trunc('day', now() AT TIME ZONE $1), date_trunc('day', now() AT TIME ZONE $1) + interval '23 hours', interval '1 hour') h`,
        [timeZone],
      ),
      db.query<{ key: string; start: Date }[]>(
        `SELECT to_char(d, 'YYYY-MM-DD') AS key, d AT TIME ZONE $1 AS start
           FROM generate_series(date_trunc('week', now() AT TIME ZONE $1), date_trunc('week', now() AT TIME ZONE $1) + interval '6 days', interval '1 day') d`,
        [timeZone],
      ),
      db.query<{ key: string; count: string }[]>(
        `SELECT to_char(date_trunc('hour', created_at AT TIME ZONE $2), 'YYYY-MM-DD"T"HH24') AS key, count(*)
           FROM sessions WHERE tenant_id = $1 AND created_at >= $3 GROUP BY 1`,
        [tenantId, timeZone, weekStart],
      ),
      db.query<{ key: string; count: string }[]>(
        `SELECT to_char(date_trunc('hour', received_at AT TIME ZONE $2), 'YYYY-MM-DD"T"HH24') AS key, count(*)
           FROM messages WHERE tenant_id = $1 AND sender = 'customer' AND type <> 'event' AND received_at >= $3 GROUP BY 1`,
        [tenantId, timeZone, weekStart],
      ),
    ]);

    const bucket = (rows: { key: string; count: string }[], keyLength: number) => {
      const totals = new Map<string, number>();
      for (const row of rows) {
        const key = row.key.slice(0, keyLength);
        totals.set(key, (totals.get(key) ?? 0) + Number(row.count));
      }
      return totals;
    };
    const series = (slots: { key: string; start: Date }[], keyLength: number): DashboardPoint[] => {
      const sessions = bucket(sessionCounts, keyLength);
      const messages = bucket(messageCounts, keyLength);
      return slots.map((slot) => ({
        start: slot.start.toISOString(),
        sessions: sessions.get(slot.key) ?? 0,
        messages: messages.get(slot.key) ?? 0,
      }));
    };

    return {
      generatedAt: now.toISOString(),
      timeZone,
      customersOnline: Number(online.count),
      waiting: Number(queue.count),
      longestWaitSeconds: queue.oldest ? secondsBetween(queue.oldest, now) : null,
      activeSessions: active.size,
      agents: agents.map((agent) => dashboardAgent(agent, active)),
      sessionsToday: Number(today.opened),
      averageWaitSeconds: roundOrNull(today.average_wait),
      averageFirstResponseSeconds: roundOrNull(firstResponse.average),
      unreadOfflineMessages: Number(offline.count),
      hourly: series(hours, 13),
      daily: series(days, 10),
    };
  }

  // ---- sessions ------------------------------------------------------------------------------------

  async listSessions(tenantId: string, query: SessionListQuery): Promise<Page<SessionSummary>> {
    const { page, pageSize, offset } = paging(query, 20);
    const params: unknown[] = [tenantId];
    const where = ['s.tenant_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.agentId) where.push(`s.agent_id = ${param(query.agentId)}`);
    if (query.state) where.push(`s.state = ${param(query.state)}`);
    if (query.from) where.push(`s.created_at >= ${param(query.from)}::timestamptz`);
    if (query.to) where.push(`s.created_at <= ${endOf(query.to, param)}`);
    const q = query.q?.trim();
    if (q) {
      const like = param(`%${escapeLike(q)}%`);
      const number = customerNumber(q);
      where.push(`(
        EXISTS (SELECT 1 FROM messages m WHERE m.session_id = s.id AND m.content->>'text' ILIKE ${like})
        OR EXISTS (SELECT 1 FROM outbound_messages o WHERE o.session_id = s.id AND o.content->>'text' ILIKE ${like})
        OR c.nickname ILIKE ${like}
        ${number === null ? '' : `OR c.number = ${param(number)}`}
      )`);
    }
    const rows = await this.dataSource.query<(SessionRow & { total: string })[]>(
      `${SESSION_SELECT}, count(*) OVER () AS total
         FROM sessions s JOIN customers c ON c.id = s.customer_id
        WHERE ${where.join(' AND ')}
        ORDER BY s.created_at DESC, s.id DESC
        LIMIT ${param(pageSize)} OFFSET ${param(offset)}`,
      params,
    );
    const names = await this.agentNames(tenantId);
    return {
      items: rows.map((row) => sessionSummary(row, names)),
      total: rows.length ? Number(rows[0].total) : await this.countSessions(where, params.slice(0, -2)),
      page,
      pageSize,
    };
  }

  async getSession(tenantId: string, sessionId: string): Promise<SessionDetail> {
    const [row] = await this.dataSource.query<SessionRow[]>(
      `${SESSION_SELECT} FROM sessions s JOIN customers c ON c.id = s.customer_id WHERE s.tenant_id = $1 AND s.id = $2`,
      [tenantId, sessionId],
    );
    if (!row) throw new NotFoundException('No such session');
    const [names, [customer]] = await Promise.all([this.agentNames(tenantId), this.customersById(tenantId, [row.customer_id])]);
    return { ...sessionSummary(row, names), customer };
  }

  async transcript(tenantId: string, sessionId: string): Promise<Transcript> {
    const [session] = await this.dataSource.query<{ customer_id: string; number: number; nickname: string | null }[]>(
      `SELECT s.customer_id, c.number, c.nickname FROM sessions s JOIN customers c ON c.id = s.customer_id
        WHERE s.tenant_id = $1 AND s.id = $2`,
      [tenantId, sessionId],
    );
    if (!session) throw new NotFoundException('No such session');
    const [inbound, outbound, names] = await Promise.all([
      this.dataSource.query<InboundRow[]>(
        `SELECT * FROM (
           SELECT id, sender, content, handling, received_at FROM messages
            WHERE tenant_id = $1 AND session_id = $2 ORDER BY id DESC LIMIT ${TRANSCRIPT_LIMIT}
         ) recent ORDER BY id`,
        [tenantId, sessionId],
      ),
      this.dataSource.query<OutboundRow[]>(
        `SELECT * FROM (
           SELECT id, author, agent_id, content, state, reason, reason_detail, created_at, sent_at FROM outbound_messages
            WHERE tenant_id = $1 AND session_id = $2 AND recipient = 'customer' ORDER BY id DESC LIMIT ${TRANSCRIPT_LIMIT}
         ) recent ORDER BY id`,
        [tenantId, sessionId],
      ),
      this.agentNames(tenantId),
    ]);

    // Outbound pictures and cards carry only WeChat media ids; most were forwarded from an inbound
    // message of the same session, whose push carried the picture's address.
    const mediaUrls = new Map<string, string>();
    for (const row of inbound) {
      if (row.content.type === 'image' && row.content.picUrl) mediaUrls.set(row.content.mediaId, row.content.picUrl);
      if (row.content.type === 'miniprogrampage' && row.content.thumbUrl) mediaUrls.set(row.content.thumbMediaId, row.content.thumbUrl);
    }
    const items = new Map<string, Promise<KnowledgeItemView | null>>();
    const customer = { nickname: session.nickname, number: session.number };

    const entries: TranscriptEntry[] = [];
    for (const row of inbound) {
      if (row.sender !== 'customer') continue;
      entries.push({
        direction: 'in',
        id: row.id,
        at: row.received_at.toISOString(),
        content: inboundContent(row.content),
        handling: row.handling,
      });
    }
    for (const row of outbound) {
      const shown = await this.outboundContent(tenantId, row.content, mediaUrls, items, customer);
      entries.push({
        direction: 'out',
        id: row.id,
        at: row.created_at.toISOString(),
        author: row.author,
        agent: row.agent_id && row.author === 'agent' ? (names.get(row.agent_id) ?? null) : null,
        content: shown.content,
        item: shown.item,
        delivery: {
          state: row.state,
          reason: row.reason,
          reasonText: reasonText(row.state, row.reason, row.reason_detail),
          sentAt: row.sent_at?.toISOString() ?? null,
        },
      });
    }
    entries.sort((a, b) => a.at.localeCompare(b.at) || (a.direction === b.direction ? Number(a.id) - Number(b.id) : a.direction === 'in' ? -1 : 1));
    return { sessionId, entries };
  }

  /** A console admin answers the customer of a session (through the engine: same outbox and windows). */
  async reply(tenantId: string, sessionId: string, text: string | undefined): Promise<void> {
    await this.requireSession(tenantId, sessionId);
    if (!text) throw new BadRequestException(['text must not be empty']);
    await this.dispatch.reply(tenantId, sessionId, text);
  }

  // ---- queue ---------------------------------------------------------------------------------------

  async queue(tenantId: string): Promise<Queue> {
    const [sessions, agents, active] = await Promise.all([
      this.dataSource.query<{ id: string; customer_id: string; preferred_agent_id: string | null; queued_at: Date; now: Date }[]>(
        `SELECT id, customer_id, preferred_agent_id, queued_at, now() AS now FROM sessions
          WHERE tenant_id = $1 AND state = 'waiting' ORDER BY queued_at, id`,
        [tenantId],
      ),
      this.agents.list(tenantId),
      this.activeSessions(tenantId),
    ]);
    const names = new Map(agents.map((agent) => [agent.id, { id: agent.id, nickname: agent.nickname }]));
    const ids = sessions.map((session) => session.id);
    const [customers, messages] = await Promise.all([
      this.customersById(
        tenantId,
        sessions.map((session) => session.customer_id),
      ),
      ids.length
        ? this.dataSource.query<{ id: string; session_id: string; content: InboundContent; received_at: Date }[]>(
            `SELECT m.id, m.session_id, m.content, m.received_at FROM messages m
               JOIN sessions s ON s.id = m.session_id
              WHERE m.tenant_id = $1 AND m.session_id = ANY($2::uuid[]) AND m.sender = 'customer' AND m.type <> 'event'
                AND m.received_at >= s.queued_at
              ORDER BY m.id`,
            [tenantId, ids],
          )
        : [],
    ]);
    const byCustomer = new Map(customers.map((customer) => [customer.id, customer]));
    const bySession = new Map<string, QueueEntry['messages']>();
    for (const message of messages) {
      const list = bySession.get(message.session_id) ?? [];
      list.push({ id: message.id, at: message.received_at.toISOString(), content: inboundContent(message.content) });
      bySession.set(message.session_id, list);
    }
    return {
      entries: sessions.map((session, index) => ({
        sessionId: session.id,
        position: index + 1,
        customer: byCustomer.get(session.customer_id)!,
        queuedAt: session.queued_at.toISOString(),
        waitedSeconds: secondsBetween(session.queued_at, session.now),
        preferredAgent: session.preferred_agent_id ? (names.get(session.preferred_agent_id) ?? null) : null,
        messages: (bySession.get(session.id) ?? []).slice(-QUEUE_MESSAGES),
      })),
      agents: agents.map((agent) => dashboardAgent(agent, active)),
    };
  }

  /** Hands a waiting session to an agent (through the engine, which decides whether it can). */
  async assign(tenantId: string, sessionId: string, agentId: string | undefined): Promise<void> {
    await this.requireSession(tenantId, sessionId);
    if (!agentId) throw new BadRequestException(['agentId must be an agent id']);
    await this.agents.get(tenantId, agentId);
    await this.dispatch.assign(tenantId, sessionId, agentId);
  }

  // ---- offline messages ----------------------------------------------------------------------------

  async offlineMessages(
    tenantId: string,
    query: PageRequest & { status?: OfflineMessageStatus },
  ): Promise<OfflineMessagePage> {
    const { page, pageSize, offset } = paging(query, 20);
    const status = query.status ?? 'unread';
    const filter = status === 'unread' ? 'AND o.read_at IS NULL' : status === 'read' ? 'AND o.read_at IS NOT NULL' : '';
    const order = status === 'read' ? 'o.read_at DESC, o.id DESC' : 'o.id';
    const [rows, [counts]] = await Promise.all([
      this.dataSource.query<
        { id: string; read_at: Date | null; content: InboundContent; received_at: Date; customer_id: string; number: number; nickname: string | null }[]
      >(
        `SELECT o.id, o.read_at, m.content, m.received_at, c.id AS customer_id, c.number, c.nickname
           FROM offline_messages o
           JOIN messages m ON m.id = o.message_id
           JOIN customers c ON c.id = o.customer_id
          WHERE o.tenant_id = $1 ${filter}
          ORDER BY ${order}
          LIMIT $2 OFFSET $3`,
        [tenantId, pageSize, offset],
      ),
      this.dataSource.query<{ total: string; unread: string }[]>(
        `SELECT count(*) FILTER (WHERE true ${filter}) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread
           FROM offline_messages o WHERE o.tenant_id = $1`,
        [tenantId],
      ),
    ]);
    return {
      items: rows.map((row) => ({
        id: row.id,
        customer: { id: row.customer_id, number: row.number, nickname: row.nickname },
        content: inboundContent(row.content),
        writtenAt: row.received_at.toISOString(),
        readAt: row.read_at?.toISOString() ?? null,
      })),
      total: Number(counts.total),
      page,
      pageSize,
      unread: Number(counts.unread),
    };
  }

  /** Marks offline messages read from the console, and tells every console. */
  async markOfflineRead(tenantId: string, ids: string[]): Promise<MarkOfflineReadResult> {
    const marked = await this.markOfflineReadIn(this.dataSource.manager, tenantId, ids);
    if (marked > 0) this.live.notify(tenantId, ['offline']);
    return { marked };
  }

  /**
   * Marks offline messages read inside the caller's transaction (C5 看留言 uses it too); returns how
   * many were unread. Ids of other tenants are ignored. The caller announces the change after its commit.
   */
  async markOfflineReadIn(manager: EntityManager, tenantId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const [row] = await manager.query<{ count: string }[]>(
      `WITH marked AS (
         UPDATE offline_messages SET read_at = now()
          WHERE tenant_id = $1 AND id = ANY($2::bigint[]) AND read_at IS NULL RETURNING id
       ) SELECT count(*) FROM marked`,
      [tenantId, ids],
    );
    return Number(row.count);
  }

  // ---- customers -----------------------------------------------------------------------------------

  async listCustomers(tenantId: string, query: PageRequest & { q?: string }): Promise<Page<CustomerView>> {
    const { page, pageSize, offset } = paging(query, 20);
    const params: unknown[] = [tenantId];
    const param = (value: unknown) => `$${params.push(value)}`;
    let filter = '';
    const q = query.q?.trim();
    if (q) {
      const number = customerNumber(q);
      filter = `AND (c.nickname ILIKE ${param(`%${escapeLike(q)}%`)}${number === null ? '' : ` OR c.number = ${param(number)}`})`;
    }
    const [rows, [count]] = await Promise.all([
      this.dataSource.query<CustomerRow[]>(
        `${CUSTOMER_SELECT} WHERE c.tenant_id = $1 ${filter}
          ORDER BY c.last_seen_at DESC, c.number DESC LIMIT ${param(pageSize)} OFFSET ${param(offset)}`,
        params,
      ),
      this.dataSource.query<{ count: string }[]>(`SELECT count(*) FROM customers c WHERE c.tenant_id = $1 ${filter}`, params.slice(0, -2)),
    ]);
    return { items: rows.map(customerView), total: Number(count.count), page, pageSize };
  }

  // ---- helpers -------------------------------------------------------------------------------------

  private async requireSession(tenantId: string, sessionId: string): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT 1 FROM sessions WHERE tenant_id = $1 AND id = $2`, [tenantId, sessionId]);
    if (!row) throw new NotFoundException('No such session');
  }

  private async countSessions(where: string[], params: unknown[]): Promise<number> {
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM sessions s JOIN customers c ON c.id = s.customer_id WHERE ${where.join(' AND ')}`,
      params,
    );
    return Number(row.count);
  }

  private async customersById(tenantId: string, ids: string[]): Promise<CustomerView[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<CustomerRow[]>(`${CUSTOMER_SELECT} WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])`, [
      tenantId,
      [...new Set(ids)],
    ]);
    return rows.map(customerView);
  }

  /** The customer each agent serves now, by agent id. */
  private async activeSessions(tenantId: string): Promise<Map<string, CustomerRef>> {
    const rows = await this.dataSource.query<{ agent_id: string; id: string; number: number; nickname: string | null }[]>(
      `SELECT s.agent_id, c.id, c.number, c.nickname FROM sessions s JOIN customers c ON c.id = s.customer_id
        WHERE s.tenant_id = $1 AND s.state = 'active'`,
      [tenantId],
    );
    return new Map(rows.map((row) => [row.agent_id, { id: row.id, number: row.number, nickname: row.nickname }]));
  }

  private async agentNames(tenantId: string): Promise<Map<string, AgentRef>> {
    const agents = await this.agents.list(tenantId);
    return new Map(agents.map((agent) => [agent.id, { id: agent.id, nickname: agent.nickname }]));
  }

  private async outboundContent(
    tenantId: string,
    content: OutboundContent,
    mediaUrls: Map<string, string>,
    items: Map<string, Promise<KnowledgeItemView | null>>,
    customer: { nickname: string | null; number: number },
  ): Promise<{ content: TranscriptContent; item: { number: number; keyword: string } | null }> {
    switch (content.type) {
      case 'text':
        return { content: { type: 'text', text: content.text }, item: null };
      case 'image':
        return { content: { type: 'image', url: mediaUrls.get(content.mediaId) ?? null }, item: null };
      case 'miniprogrampage':
        return {
          content: { type: 'miniprogrampage', title: content.title, pagePath: content.pagePath, thumbUrl: mediaUrls.get(content.thumbMediaId) ?? null },
          item: null,
        };
      case 'voice':
        return { content: { type: 'voice', recognition: null }, item: null };
      case 'video':
        return { content: { type: 'video', title: null }, item: null };
      case 'item': {
        let found = items.get(content.itemId);
        if (!found) {
          found = this.knowledge.get(tenantId, content.itemId).catch(() => null);
          items.set(content.itemId, found);
        }
        const view = await found;
        if (!view) return { content: { type: 'other', msgType: 'item' }, item: null };
        return {
          content: await this.renderItem(tenantId, view, content.customer ?? customer),
          item: { number: view.number, keyword: view.keyword },
        };
      }
    }
  }

  /** A knowledge item as the customer received it: placeholders filled in by the knowledge module (F2). */
  private async renderItem(
    tenantId: string,
    view: KnowledgeItemView,
    customer: { nickname: string | null; number: number },
  ): Promise<TranscriptContent> {
    const rendered = await this.knowledge
      .render(tenantId, view, { openid: 'console', channelKind: 'miniprogram', customer }, () => 'console-preview')
      .catch(() => null);
    const payload = (key: string): Record<string, unknown> => (rendered?.[key] ?? {}) as Record<string, unknown>;
    const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
    switch (view.type) {
      case 'text':
        return { type: 'text', text: text(payload('text').content, view.content) };
      case 'link':
        return {
          type: 'link',
          title: text(payload('link').title, view.title),
          description: text(payload('link').description, view.description),
          url: view.url,
          pictureUrl: view.pictureUrl,
        };
      case 'image':
        return { type: 'image', url: view.pictureUrl };
      case 'miniprogram':
        return { type: 'miniprogrampage', title: text(payload('miniprogrampage').title, view.title), pagePath: view.pagePath, thumbUrl: view.pictureUrl };
      case 'voice':
        return { type: 'voice', recognition: null };
      case 'video':
        return { type: 'video', title: view.title || null };
    }
  }
}

const SESSION_SELECT = `
  SELECT s.id, s.state, s.customer_id, s.agent_id, s.preferred_agent_id, s.queued_at, s.assigned_at, s.closed_at,
         s.close_reason, s.last_activity_at, s.created_at, c.number, c.nickname,
         (SELECT count(*) FROM messages m WHERE m.session_id = s.id AND m.sender = 'customer' AND m.type <> 'event') AS message_count,
         (SELECT m.content FROM messages m WHERE m.session_id = s.id AND m.sender = 'customer' AND m.type <> 'event'
           ORDER BY m.id DESC LIMIT 1) AS last_content`;

const CUSTOMER_SELECT = `
  SELECT c.id, c.channel_id, c.openid, c.number, c.nickname, c.created_at, c.last_seen_at, w.remaining, w.expires_at
    FROM customers c LEFT JOIN send_windows w ON w.channel_id = c.channel_id AND w.openid = c.openid`;

function sessionSummary(row: SessionRow, names: Map<string, AgentRef>): SessionSummary {
  return {
    id: row.id,
    state: row.state,
    customer: { id: row.customer_id, number: row.number, nickname: row.nickname },
    agent: row.agent_id ? (names.get(row.agent_id) ?? null) : null,
    preferredAgent: row.preferred_agent_id ? (names.get(row.preferred_agent_id) ?? null) : null,
    queuedAt: row.queued_at.toISOString(),
    assignedAt: row.assigned_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    closeReason: row.close_reason,
    lastActivityAt: row.last_activity_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    messageCount: Number(row.message_count),
    lastMessage: row.last_content ? inboundContent(row.last_content) : null,
  };
}

function customerView(row: CustomerRow): CustomerView {
  return {
    id: row.id,
    number: row.number,
    nickname: row.nickname,
    channelId: row.channel_id,
    openid: row.openid,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    window: windowMeter(row.remaining, row.expires_at),
  };
}

/** I1, as SendWindowsService reads a window: open while sends are left and it has not expired. */
export function windowMeter(remaining: number | null, expiresAt: Date | null, now = Date.now()): WindowMeter {
  if (remaining === null || expiresAt === null) return { open: false, remaining: 0, expiresAt: null };
  const open = remaining > 0 && expiresAt.getTime() > now;
  return { open, remaining: open ? remaining : 0, expiresAt: expiresAt.toISOString() };
}

function dashboardAgent(agent: Agent, serving: Map<string, CustomerRef>): DashboardAgent {
  return { id: agent.id, nickname: agent.nickname, status: agent.status, active: agent.active, serving: serving.get(agent.id) ?? null };
}

export function inboundContent(content: InboundContent): TranscriptContent {
  switch (content.type) {
    case 'text':
      return { type: 'text', text: content.text };
    case 'image':
      return { type: 'image', url: content.picUrl || null };
    case 'miniprogrampage':
      return { type: 'miniprogrampage', title: content.title, pagePath: content.pagePath || null, thumbUrl: content.thumbUrl || null };
    case 'voice':
      return { type: 'voice', recognition: content.recognition ?? null };
    case 'video':
      return { type: 'video', title: null };
    case 'event':
      return { type: 'event', event: content.event };
    default:
      return { type: 'other', msgType: content.msgType };
  }
}

const REASONS: Record<string, string> = {
  window_closed: "The customer's window is closed; it opens again when they write",
  quota_used: "The messages the customer's window allows are used up; more can go once they write",
  permanent: 'WeChat refused the message',
};

/** Why a message is held or failed, in words. */
export function reasonText(state: DeliveryState, reason: string | null, detail: string | null): string | null {
  if (state !== 'held' && state !== 'failed' && state !== 'unconfirmed' && !reason) return null;
  const words = reason ? (REASONS[reason] ?? reason.replace(/_/g, ' ')) : state === 'unconfirmed' ? 'WeChat did not confirm it' : null;
  if (!words) return detail;
  return detail ? `${words} (${detail})` : words;
}

function paging(query: PageRequest, defaultSize: number) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? defaultSize;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** `to` of a plain date means the whole of that day. */
function endOf(value: string, param: (value: unknown) => string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `(${param(value)}::date + 1)::timestamptz - interval '1 microsecond'` : `${param(value)}::timestamptz`;
}

function customerNumber(q: string): number | null {
  const match = /^#?\s*(\d{1,9})$/.exec(q);
  return match ? Number(match[1]) : null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}

function roundOrNull(value: number | null): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value));
}
