import type { InboundContent } from '@kefu/contracts';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import { Customer } from '../entities/customer.entity';
import { Session } from '../entities/session.entity';

/** Nicknames come from the user-controlled `session-from`: kept short and free of control characters. */
const NICKNAME_MAX = 32;

const CUSTOMER_COLUMNS = ['id', 'tenant_id', 'channel_id', 'openid', 'number', 'nickname', 'created_at', 'last_seen_at'];
const SESSION_COLUMNS = [
  'id',
  'tenant_id',
  'customer_id',
  'agent_id',
  'preferred_agent_id',
  'state',
  'queued_at',
  'assigned_at',
  'closed_at',
  'close_reason',
  'last_activity_at',
  'told_position',
  'offline_notice_sent',
  'created_at',
];

/** `alias.column AS prefixcolumn, …`: one table's columns in a select, told apart from a joined table's by the prefix. */
function columns(alias: string, names: string[], prefix = ''): string {
  return names.map((name) => `${alias}.${name} AS ${prefix}${name}`).join(', ');
}

/** A customer, locked for the turn, and their waiting or active session, not locked. */
export interface LockedCustomer {
  customer: Customer;
  openSession: Session | null;
}

/** B1: the customer of this openid, locked, with their open session; created with the tenant's next number on first contact. */
export async function lockOrCreateCustomer(
  manager: EntityManager,
  tenantId: string,
  channelId: string,
  openid: string,
): Promise<LockedCustomer> {
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

/**
 * One statement locks the customer and reads their open session, so the session is as the
 * statement found it before any wait for the lock. Such a wait is never for another message of
 * this customer (the pushes that change sessions): those already took turns on the sender's send
 * window (recordAction).
 */
async function lockCustomer(manager: EntityManager, channelId: string, openid: string): Promise<LockedCustomer | null> {
  const [row] = await preparedQuery(manager, 
    `SELECT ${columns('c', CUSTOMER_COLUMNS)}, ${columns('s', SESSION_COLUMNS, 'session_')}
     FROM customers c
     LEFT JOIN sessions s ON s.customer_id = c.id AND s.state <> 'closed'
     WHERE c.channel_id = $1 AND c.openid = $2
     FOR UPDATE OF c`,
    [channelId, openid],
  );
  if (!row) return null;
  return { customer: customerOf(row), openSession: row.session_id ? sessionOf(row, 'session_') : null };
}

function customerOf(row: Record<string, unknown>, prefix = ''): Customer {
  return Object.assign(new Customer(), {
    id: row[`${prefix}id`],
    tenantId: row[`${prefix}tenant_id`],
    channelId: row[`${prefix}channel_id`],
    openid: row[`${prefix}openid`],
    number: row[`${prefix}number`],
    nickname: row[`${prefix}nickname`],
    createdAt: row[`${prefix}created_at`],
    lastSeenAt: row[`${prefix}last_seen_at`],
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
    `SELECT ${columns('s', SESSION_COLUMNS)} FROM sessions s WHERE s.customer_id = $1 AND s.state <> 'closed'${lock ? ' FOR UPDATE' : ''}`,
    [customerId],
  );
  return row ? sessionOf(row) : null;
}

function sessionOf(row: Record<string, unknown>, prefix = ''): Session {
  return Object.assign(new Session(), {
    id: row[`${prefix}id`],
    tenantId: row[`${prefix}tenant_id`],
    customerId: row[`${prefix}customer_id`],
    agentId: row[`${prefix}agent_id`],
    preferredAgentId: row[`${prefix}preferred_agent_id`],
    state: row[`${prefix}state`],
    queuedAt: row[`${prefix}queued_at`],
    assignedAt: row[`${prefix}assigned_at`],
    closedAt: row[`${prefix}closed_at`],
    closeReason: row[`${prefix}close_reason`],
    lastActivityAt: row[`${prefix}last_activity_at`],
    toldPosition: row[`${prefix}told_position`],
    offlineNoticeSent: row[`${prefix}offline_notice_sent`],
    createdAt: row[`${prefix}created_at`],
  });
}

/** A message either way keeps the session alive (E1). */
export async function touchSession(manager: EntityManager, sessionId: string, at: Date): Promise<void> {
  await manager.query(`UPDATE sessions SET last_activity_at = $2 WHERE id = $1`, [sessionId, at]);
}

/** The customer's open session as locked and touched by touchOpenSession. */
export interface TouchedSession {
  /** As it is now: for a waiting one whose place was counted, `toldPosition` is that place. */
  session: Session;
  /** The place told before (B6.3). */
  toldBefore: number | null;
}

/**
 * Locks the customer's open session and moves its last activity on (E1); a waiting one, when
 * `countPlace`, gets the sessions ahead of it stored as its told place (B6.3). Null when the
 * customer has no open session (any more). The lock is taken in the subquery, so `before` is the
 * row as its last writer committed it, not as this statement's snapshot saw it.
 */
export async function touchOpenSession(manager: EntityManager, customerId: string, at: Date, countPlace: boolean): Promise<TouchedSession | null> {
  const [row] = await updateReturning(
    manager,
    `UPDATE sessions s
     SET last_activity_at = $2,
         told_position = CASE WHEN $3 AND s.state = 'waiting' THEN ${placeInQueue('s.tenant_id', 's.queued_at', 's.id')} ELSE s.told_position END
     FROM (SELECT id, told_position FROM sessions WHERE customer_id = $1 AND state <> 'closed' FOR UPDATE) AS before
     WHERE s.id = before.id
     RETURNING ${columns('s', SESSION_COLUMNS)}, before.told_position AS told_before`,
    [customerId, at, countPlace],
  );
  return row ? { session: sessionOf(row), toldBefore: row.told_before as number | null } : null;
}

/** B6.3: the sessions ahead of (queuedAt, id) in the tenant's queue, as a scalar subquery over these SQL expressions. */
function placeInQueue(tenantId: string, queuedAt: string, id: string): string {
  return `(SELECT count(*)::int FROM sessions ahead
           WHERE ahead.tenant_id = ${tenantId} AND ahead.state = 'waiting' AND (ahead.queued_at, ahead.id) < (${queuedAt}, ${id}))`;
}

/** The rows of an UPDATE … RETURNING, prepared: the engine runs these on every push. */
function updateReturning(manager: EntityManager, sql: string, parameters: unknown[]): Promise<Record<string, unknown>[]> {
  return preparedQuery(manager, sql, parameters);
}

/** The session an agent is serving, if any. */
export function activeSessionOf(manager: EntityManager, agentId: string, lock = false): Promise<Session | null> {
  const query = manager
    .createQueryBuilder(Session, 'session')
    .where('session.agent_id = :agentId', { agentId })
    .andWhere(`session.state = 'active'`);
  return (lock ? query.setLock('pessimistic_write') : query).getOne();
}

/** The session an agent is serving and its customer, if any (C11). */
export async function servingOf(manager: EntityManager, agentId: string): Promise<{ session: Session; customer: Customer } | null> {
  const [row] = await manager.query(
    `SELECT ${columns('s', SESSION_COLUMNS)}, ${columns('c', CUSTOMER_COLUMNS, 'customer_')}
     FROM sessions s JOIN customers c ON c.id = s.customer_id
     WHERE s.agent_id = $1 AND s.state = 'active'`,
    [agentId],
  );
  return row ? { session: sessionOf(row), customer: customerOf(row, 'customer_') } : null;
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

/** B6.3: counts the sessions ahead of this one in the queue and stores the count as the place told. */
export async function storePlaceInQueue(manager: EntityManager, sessionId: string): Promise<number> {
  const [row] = await updateReturning(
    manager,
    `UPDATE sessions s SET told_position = ${placeInQueue('s.tenant_id', 's.queued_at', 's.id')} WHERE s.id = $1 RETURNING s.told_position`,
    [sessionId],
  );
  return row.told_position as number;
}

/**
 * C1: the next waiting session for an agent, locked: those that prefer the agent first, then the
 * oldest. Only that one row is locked; the rest of the queue stays free for its customers' pushes.
 */
export async function nextWaitingFor(manager: EntityManager, tenantId: string, agentId: string): Promise<Session | null> {
  const [row] = await manager.query(
    `SELECT ${columns('s', SESSION_COLUMNS)} FROM sessions s
     WHERE s.tenant_id = $1 AND s.state = 'waiting'
     ORDER BY s.preferred_agent_id = $2 IS TRUE DESC, s.queued_at, s.id
     LIMIT 1 FOR UPDATE`,
    [tenantId, agentId],
  );
  return row ? sessionOf(row) : null;
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
     RETURNING ${SESSION_COLUMNS.join(', ')}`,
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

/**
 * B6.3: a new waiting session that stores the sessions ahead of it as its told place. Its id is
 * drawn first, since the queue orders sessions of the same instant by id.
 */
export async function insertQueuedSession(
  manager: EntityManager,
  values: Pick<Session, 'tenantId' | 'customerId' | 'preferredAgentId' | 'queuedAt'>,
): Promise<Session> {
  const [row] = await preparedQuery(manager, 
    `INSERT INTO sessions (id, tenant_id, customer_id, preferred_agent_id, state, queued_at, last_activity_at, told_position)
     SELECT fresh.id, $1, $2, $3, 'waiting', $4, $4, ${placeInQueue('$1::uuid', '$4::timestamptz', 'fresh.id')}
     FROM (SELECT gen_random_uuid() AS id) AS fresh
     RETURNING ${SESSION_COLUMNS.join(', ')}`,
    [values.tenantId, values.customerId, values.preferredAgentId, values.queuedAt],
  );
  return sessionOf(row);
}
