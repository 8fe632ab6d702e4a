import {
  MINI_PROGRAM_WINDOW_RULES,
  officialAccountWindowRules,
  type UserActionKind,
  type WindowRules,
} from '@kefu/wechat';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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
   * (protocol §7.1, the same arithmetic as applyUserAction in @kefu/wechat).
   */
  async recordAction(
    manager: EntityManager,
    recipient: { tenantId: string; channelId: string; openid: string; kind: ChannelKindName },
    action: UserActionKind,
    at: Date,
  ): Promise<WindowState> {
    const allowance = windowRules(recipient.kind)[action];
    if (!allowance) return this.get(manager, recipient.channelId, recipient.openid);
    const messages = Number.isFinite(allowance.messages) ? allowance.messages : UNLIMITED;
    const [row] = await manager.query(
      `INSERT INTO send_windows AS w (channel_id, openid, tenant_id, remaining, expires_at, last_message_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (channel_id, openid) DO UPDATE SET
         remaining = CASE WHEN w.expires_at > $7 AND w.remaining > 0 THEN GREATEST(w.remaining, EXCLUDED.remaining) ELSE EXCLUDED.remaining END,
         expires_at = CASE WHEN w.expires_at > $7 AND w.remaining > 0 THEN GREATEST(w.expires_at, EXCLUDED.expires_at) ELSE EXCLUDED.expires_at END,
         last_message_at = COALESCE(EXCLUDED.last_message_at, w.last_message_at),
         updated_at = now()
       RETURNING remaining, expires_at`,
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
    return toState({ remaining: row.remaining, expiresAt: new Date(row.expires_at) });
  }

  async get(manager: EntityManager, channelId: string, openid: string, lock = false): Promise<WindowState> {
    const row = await manager.findOne(SendWindowRow, {
      where: { channelId, openid },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return toState(row);
  }

  /** One accepted send. */
  async use(manager: EntityManager, channelId: string, openid: string): Promise<void> {
    await manager.query(
      `UPDATE send_windows SET remaining = GREATEST(remaining - 1, 0), updated_at = now() WHERE channel_id = $1 AND openid = $2`,
      [channelId, openid],
    );
  }

  /** WeChat said the window is closed (45015, 43004) or its count is used (45047). */
  async close(manager: EntityManager, channelId: string, openid: string): Promise<void> {
    await manager.query(`UPDATE send_windows SET remaining = 0, updated_at = now() WHERE channel_id = $1 AND openid = $2`, [
      channelId,
      openid,
    ]);
  }
}

function toState(row: Pick<SendWindowRow, 'remaining' | 'expiresAt'> | null | undefined): WindowState {
  if (!row) return { open: false, remaining: 0, expiresAt: null };
  const open = row.remaining > 0 && row.expiresAt.getTime() > Date.now();
  return { open, remaining: open ? row.remaining : 0, expiresAt: row.expiresAt };
}
