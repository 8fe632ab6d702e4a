import type { InboundContent } from '@kefu/contracts';
import type { EntityManager } from 'typeorm';
import { Customer } from '../entities/customer.entity';
import { Session } from '../entities/session.entity';

/** Nicknames come from the user-controlled `session-from`: kept short and free of control characters. */
const NICKNAME_MAX = 32;

/** B1: the customer of this openid, locked; created with the tenant's next number on first contact. */
export async function lockOrCreateCustomer(
  manager: EntityManager,
  tenantId: string,
  channelId: string,
  openid: string,
): Promise<Customer> {
  const existing = await lockCustomer(manager, channelId, openid);
  if (existing) return existing;
  // Created outside the turn's transaction, so the tenant's counter row is not held until the turn
  // commits (a first contact would otherwise wait for every other one). A race or a rolled-back turn
  // leaves a gap in the numbers, never a duplicate.
  await manager.connection.query(
    `WITH drawn AS (
       INSERT INTO customer_counters (tenant_id, last_number) VALUES ($1, 1)
       ON CONFLICT (tenant_id) DO UPDATE SET last_number = customer_counters.last_number + 1
       RETURNING last_number)
     INSERT INTO customers (tenant_id, channel_id, openid, number) SELECT $1, $2, $3, last_number FROM drawn
     ON CONFLICT (channel_id, openid) DO NOTHING`,
    [tenantId, channelId, openid],
  );
  return (await lockCustomer(manager, channelId, openid))!;
}

async function lockCustomer(manager: EntityManager, channelId: string, openid: string): Promise<Customer | null> {
  const [row] = await manager.query(
    `SELECT id, tenant_id, channel_id, openid, number, nickname, created_at, last_seen_at
     FROM customers WHERE channel_id = $1 AND openid = $2 FOR UPDATE`,
    [channelId, openid],
  );
  return row ? customerOf(row) : null;
}

function customerOf(row: Record<string, unknown>): Customer {
  return Object.assign(new Customer(), {
    id: row.id,
    tenantId: row.tenant_id,
    channelId: row.channel_id,
    openid: row.openid,
    number: row.number,
    nickname: row.nickname,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  });
}

/** Last seen is kept to the minute, so a busy customer's pushes do not each rewrite the row. */
const SEEN_RESOLUTION_MS = 60_000;

export async function touchCustomer(manager: EntityManager, customer: Customer, nickname?: string | null): Promise<void> {
  const renamed = Boolean(nickname) && nickname !== customer.nickname;
  if (!renamed && Date.now() - customer.lastSeenAt.getTime() < SEEN_RESOLUTION_MS) return;
  const changes: Partial<Customer> = { lastSeenAt: new Date() };
  if (renamed) {
    changes.nickname = nickname;
    customer.nickname = nickname!;
  }
  await manager.update(Customer, { id: customer.id }, changes);
}

/**
 * B1: the nickname a contact button passes in `session-from`: plain text, or JSON with a
 * `nickname` (or `nick`) field. Untrusted: trimmed, control characters dropped, cut short.
 */
export function nicknameFromSessionFrom(sessionFrom: string | undefined): string | null {
  const raw = (sessionFrom ?? '').trim();
  if (!raw) return null;
  let name: unknown = raw;
  if (raw.startsWith('{')) {
    try {
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      name = parsed.nickname ?? parsed.nick ?? null;
    } catch {
      name = null;
    }
  }
  if (typeof name !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const clean = [...name.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, NICKNAME_MAX).join('');
  return clean || null;
}

export function findCustomerByNumber(manager: EntityManager, tenantId: string, number: number): Promise<Customer | null> {
  return manager.findOneBy(Customer, { tenantId, number });
}

export function findCustomer(manager: EntityManager, customerId: string): Promise<Customer | null> {
  return manager.findOneBy(Customer, { id: customerId });
}

/** The customer's waiting or active session, if any; `lock` takes it FOR UPDATE. */
export async function openSessionOf(manager: EntityManager, customerId: string, lock = false): Promise<Session | null> {
  const [row] = await manager.query(
    `SELECT id, tenant_id, customer_id, agent_id, preferred_agent_id, state, queued_at, assigned_at, closed_at,
            close_reason, last_activity_at, told_position, offline_notice_sent, created_at
     FROM sessions WHERE customer_id = $1 AND state <> 'closed'${lock ? ' FOR UPDATE' : ''}`,
    [customerId],
  );
  return row ? sessionOf(row) : null;
}

function sessionOf(row: Record<string, unknown>): Session {
  return Object.assign(new Session(), {
    id: row.id,
    tenantId: row.tenant_id,
    customerId: row.customer_id,
    agentId: row.agent_id,
    preferredAgentId: row.preferred_agent_id,
    state: row.state,
    queuedAt: row.queued_at,
    assignedAt: row.assigned_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    lastActivityAt: row.last_activity_at,
    toldPosition: row.told_position,
    offlineNoticeSent: row.offline_notice_sent,
    createdAt: row.created_at,
  });
}

/** A message either way keeps the session alive (E1). */
export async function touchSession(manager: EntityManager, sessionId: string, at: Date): Promise<void> {
  await manager.query(`UPDATE sessions SET last_activity_at = $2 WHERE id = $1`, [sessionId, at]);
}

/** The session an agent is serving, if any. */
export function activeSessionOf(manager: EntityManager, agentId: string, lock = false): Promise<Session | null> {
  const query = manager
    .createQueryBuilder(Session, 'session')
    .where('session.agent_id = :agentId', { agentId })
    .andWhere(`session.state = 'active'`);
  return (lock ? query.setLock('pessimistic_write') : query).getOne();
}

/** The agent who served the customer's last closed session (B2). */
export async function lastAgentIdOf(manager: EntityManager, customerId: string): Promise<string | null> {
  const [row] = await manager.query(
    `SELECT agent_id FROM sessions WHERE customer_id = $1 AND state = 'closed' AND agent_id IS NOT NULL
     ORDER BY closed_at DESC LIMIT 1`,
    [customerId],
  );
  return row?.agent_id ?? null;
}

/** Agents serving someone now, by agent id → session. */
export async function activeSessionsByAgent(manager: EntityManager, tenantId: string): Promise<Map<string, Session>> {
  const rows = await manager.find(Session, { where: { tenantId, state: 'active' } });
  return new Map(rows.map((row) => [row.agentId!, row]));
}

export function waitingSessions(manager: EntityManager, tenantId: string, limit?: number): Promise<Session[]> {
  return manager.find(Session, { where: { tenantId, state: 'waiting' }, order: { queuedAt: 'ASC', id: 'ASC' }, take: limit });
}

export function countWaiting(manager: EntityManager, tenantId: string): Promise<number> {
  return manager.count(Session, { where: { tenantId, state: 'waiting' } });
}

/** Sessions ahead of this one in the queue (B6.3). */
export async function placeInQueue(manager: EntityManager, session: Session): Promise<number> {
  const [{ ahead }] = await manager.query(
    `SELECT count(*)::int AS ahead FROM sessions
     WHERE tenant_id = $1 AND state = 'waiting' AND (queued_at, id) < ($2, $3)`,
    [session.tenantId, session.queuedAt, session.id],
  );
  return ahead;
}

/** C1: the next waiting session for an agent: those that prefer the agent first, then the oldest. */
export function nextWaitingFor(manager: EntityManager, tenantId: string, agentId: string): Promise<Session | null> {
  return manager
    .createQueryBuilder(Session, 'session')
    .where('session.tenant_id = :tenantId', { tenantId })
    .andWhere(`session.state = 'waiting'`)
    .orderBy('COALESCE(session.preferred_agent_id = :agentId, false)', 'DESC')
    .addOrderBy('session.queued_at', 'ASC')
    .addOrderBy('session.id', 'ASC')
    .setParameter('agentId', agentId)
    .setLock('pessimistic_write')
    .getOne();
}

/** What the customer wrote while the session waited, oldest first (C1). */
export async function waitingMessagesOf(manager: EntityManager, sessionId: string): Promise<InboundContent[]> {
  const rows: { content: InboundContent }[] = await manager.query(
    `SELECT content FROM messages WHERE session_id = $1 AND sender = 'customer' ORDER BY id`,
    [sessionId],
  );
  return rows.map((row) => row.content);
}

export async function insertSession(manager: EntityManager, values: Partial<Session> & Pick<Session, 'tenantId' | 'customerId' | 'state'>): Promise<Session> {
  const [row] = await manager.query(
    `INSERT INTO sessions (tenant_id, customer_id, agent_id, preferred_agent_id, state, queued_at, assigned_at, last_activity_at, offline_notice_sent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING id, tenant_id, customer_id, agent_id, preferred_agent_id, state, queued_at, assigned_at, closed_at,
               close_reason, last_activity_at, told_position, offline_notice_sent, created_at`,
    [
      values.tenantId,
      values.customerId,
      values.agentId ?? null,
      values.preferredAgentId ?? null,
      values.state,
      values.queuedAt ?? new Date(),
      values.assignedAt ?? null,
      values.lastActivityAt ?? new Date(),
      values.offlineNoticeSent ?? false,
    ],
  );
  return sessionOf(row);
}

/** Whether messages wait for this recipient's window (D2). */
export async function hasHeldMessages(manager: EntityManager, channelId: string, openid: string): Promise<boolean> {
  const rows = await manager.query(
    `SELECT 1 FROM outbound_messages WHERE channel_id = $1 AND openid = $2 AND state IN ('held', 'pending') LIMIT 1`,
    [channelId, openid],
  );
  return rows.length > 0;
}
