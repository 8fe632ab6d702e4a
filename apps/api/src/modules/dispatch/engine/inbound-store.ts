import type { InboundContent, MessageHandling } from '@kefu/contracts';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import { Turn } from './turn';

/** A retried push (D3): its row is already there, so the whole turn is rolled back. */
export class DuplicatePush extends Error {
  constructor() {
    super('The push was handled before');
    this.name = 'DuplicatePush';
  }
}

export interface InboundRow {
  channelId: string;
  dedupKey: string;
  openid: string;
  type: string;
  content: InboundContent;
  wechatCreatedAt: Date;
}

/** Messages relayed between a customer and their agent keep the session alive (E1). */
const KEEPS_SESSION_ALIVE: ReadonlySet<MessageHandling> = new Set(['forwarded', 'relayed']);

/**
 * Inserts the push's own row with what the rules decided, last in the turn: when the unique key is
 * taken (WeChat retried the push) nothing of the turn is kept. Two copies arriving at once
 * serialize on the unique index, so the second sees the first's row. The same statement keeps the
 * row as an offline message (B6.5) and moves its session's last activity on, as the rules decided.
 */
export async function storeInbound(turn: Turn, row: InboundRow): Promise<void> {
  const outcome = turn.inbound;
  const inserted = await preparedQuery<{ id: string }>(turn.manager, 
    `WITH stored AS (
       INSERT INTO messages (tenant_id, channel_id, dedup_key, openid, sender, customer_id, agent_id, session_id, type, content, handling, wechat_created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (channel_id, dedup_key) DO NOTHING
       RETURNING id),
     kept_offline AS (
       INSERT INTO offline_messages (tenant_id, customer_id, message_id)
       SELECT $1, $6, id FROM stored WHERE $13),
     touched AS (
       UPDATE sessions SET last_activity_at = $14 WHERE id = $8 AND $15)
     SELECT id FROM stored`,
    [
      turn.tenantId,
      row.channelId,
      row.dedupKey,
      row.openid,
      outcome.byAgent ? 'agent' : 'customer',
      outcome.customerId ?? null,
      outcome.agentId ?? null,
      outcome.sessionId ?? null,
      row.type,
      JSON.stringify(row.content),
      outcome.handling,
      row.wechatCreatedAt,
      Boolean(outcome.offline && outcome.customerId),
      turn.now,
      KEEPS_SESSION_ALIVE.has(outcome.handling),
    ],
  );
  if (inserted.length === 0) throw new DuplicatePush();
}

/** The channel a turn without a push (sweeper, console) reaches agents through: the tenant's oldest mini-program. */
export async function defaultChannel(manager: EntityManager, tenantId: string): Promise<{ id: string; kind: 'miniprogram' | 'official_account' }> {
  const [row] = await manager.query(
    `SELECT id, kind FROM channels WHERE tenant_id = $1 ORDER BY (kind = 'miniprogram') DESC, created_at LIMIT 1`,
    [tenantId],
  );
  return row ? { id: row.id, kind: row.kind } : { id: '00000000-0000-0000-0000-000000000000', kind: 'miniprogram' };
}
