import {
  MINI_PROGRAM_WINDOW_RULES,
  officialAccountWindowRules,
  type UserActionKind,
  type WindowRules,
} from '@kefu/wechat';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import { SendWindowRow } from '../entities/send-window.entity';

export type ChannelKindName = 'miniprogram' | 'official_account';

const OFFICIAL_ACCOUNT_RULES = officialAccountWindowRules();
/** Stored for an unlimited allowance (an official account's payment window). */
const UNLIMITED = 1_000_000;

export function windowRules(kind: ChannelKindName): WindowRules {
  return kind === 'official_account' ? OFFICIAL_ACCOUNT_RULES : MINI_PROGRAM_WINDOW_RULES;
}

/** A recipient's window as the engine and the console read it (I1). */
export interface WindowState {
  open: boolean;
  remaining: number;
  expiresAt: Date | null;
}

/** A user action recorded: the window after it, and whether messages wait for the recipient. */
export interface RecordedAction {
  window: WindowState;
  /** Held or pending outbox rows to this recipient (D2). */
  messagesWaiting: boolean;
}

/** Whether outbox rows wait for the recipient ($1 channel, $2 openid). */
const MESSAGES_WAITING = `EXISTS (SELECT 1 FROM outbound_messages WHERE channel_id = $1 AND openid = $2 AND state IN ('held', 'pending'))`;

/**
 * Send windows per recipient (protocol §7), kept in Postgres beside the outbox so that the
 * decision to send and the count it uses are one transaction. WeChat's 45015 / 45047 close a
 * window whatever the model says.
 */
@Injectable()
export class SendWindowsService {
  /**
   * Applies a user action (a message, entering the chat, following…) at `at`, in one statement:
   * an open window keeps the larger count and the later deadline, a closed one starts afresh
   * (protocol §7.1, the same arithmetic as applyUserAction in @kefu/wechat). The same statement
   * tells whether messages wait for the recipient, since they may fit the window now (D2).
   */
  async recordAction(
    manager: EntityManager,
    recipient: { tenantId: string; channelId: string; openid: string; kind: ChannelKindName },
    action: UserActionKind,
    at: Date,
  ): Promise<RecordedAction> {
    const allowance = windowRules(recipient.kind)[action];
    if (!allowance) return this.getWithMessagesWaiting(manager, recipient.channelId, recipient.openid);
    const messages = Number.isFinite(allowance.messages) ? allowance.messages : UNLIMITED;
    const [row] = await preparedQuery<Parameters<typeof recordedAction>[0]>(
      manager,
      `WITH recorded AS (
         INSERT INTO send_windows AS w (channel_id, openid, tenant_id, remaining, expires_at, last_message_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (channel_id, openid) DO UPDATE SET
           remaining = CASE WHEN w.expires_at > $7 AND w.remaining > 0 THEN GREATEST(w.remaining, EXCLUDED.remaining) ELSE EXCLUDED.remaining END,
           expires_at = CASE WHEN w.expires_at > $7 AND w.remaining > 0 THEN GREATEST(w.expires_at, EXCLUDED.expires_at) ELSE EXCLUDED.expires_at END,
           last_message_at = COALESCE(EXCLUDED.last_message_at, w.last_message_at),
           updated_at = now()
         RETURNING remaining, expires_at)
       SELECT remaining, expires_at, ${MESSAGES_WAITING} AS messages_waiting FROM recorded`,
      [
        recipient.channelId,
        recipient.openid,
        recipient.tenantId,
        messages,
        new Date(at.getTime() + allowance.durationMs),
        action === 'message' ? at : null,
        at,
      ],
    );
    return recordedAction(row);
  }

  /** For an action that opens no window on this channel: the window as it is. */
  private async getWithMessagesWaiting(manager: EntityManager, channelId: string, openid: string): Promise<RecordedAction> {
    const [row] = await manager.query(
      `SELECT w.remaining, w.expires_at, ${MESSAGES_WAITING} AS messages_waiting
       FROM (SELECT $1::uuid AS channel_id, $2::varchar AS openid) AS recipient
       LEFT JOIN send_windows w USING (channel_id, openid)`,
      [channelId, openid],
    );
    return recordedAction(row);
  }

  async get(manager: EntityManager, channelId: string, openid: string, lock = false): Promise<WindowState> {
    const row = await manager.findOne(SendWindowRow, {
      where: { channelId, openid },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return windowState(row);
  }

  /** WeChat said the window is closed (45015, 43004) or its count is used (45047). */
  async close(manager: EntityManager, channelId: string, openid: string): Promise<void> {
    await manager.query(`UPDATE send_windows SET remaining = 0, updated_at = now() WHERE channel_id = $1 AND openid = $2`, [
      channelId,
      openid,
    ]);
  }
}

/** The window a stored row describes; no row is a closed window. */
export function windowState(row: Pick<SendWindowRow, 'remaining' | 'expiresAt'> | null | undefined): WindowState {
  if (!row) return { open: false, remaining: 0, expiresAt: null };
  const open = row.remaining > 0 && row.expiresAt.getTime() > Date.now();
  return { open, remaining: open ? row.remaining : 0, expiresAt: row.expiresAt };
}

/** A row with the window's columns (null: no window yet) and `messages_waiting`. */
function recordedAction(row: { remaining: number | null; expires_at: Date | null; messages_waiting: boolean }): RecordedAction {
  const window = windowState(row.expires_at ? { remaining: row.remaining ?? 0, expiresAt: new Date(row.expires_at) } : null);
  return { window, messagesWaiting: row.messages_waiting };
}
