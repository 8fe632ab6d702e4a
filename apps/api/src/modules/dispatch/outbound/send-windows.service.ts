import {
  applyUserAction,
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
  /** Applies a user action (a message, entering the chat, following…) at `at`. */
  async recordAction(
    manager: EntityManager,
    recipient: { tenantId: string; channelId: string; openid: string; kind: ChannelKindName },
    action: UserActionKind,
    at: Date,
  ): Promise<WindowState> {
    const rules = windowRules(recipient.kind);
    const current = await manager.findOne(SendWindowRow, {
      where: { channelId: recipient.channelId, openid: recipient.openid },
      lock: { mode: 'pessimistic_write' },
    });
    const state = current ? { remaining: current.remaining, expiresAt: current.expiresAt.getTime() } : undefined;
    const next = applyUserAction(state, { kind: action, at: at.getTime() }, rules);
    if (!next) return toState(current);
    const remaining = Number.isFinite(next.remaining) ? next.remaining : 1_000_000;
    const row = {
      channelId: recipient.channelId,
      openid: recipient.openid,
      tenantId: recipient.tenantId,
      remaining,
      expiresAt: new Date(next.expiresAt),
      lastMessageAt: action === 'message' ? at : (current?.lastMessageAt ?? null),
      updatedAt: new Date(),
    };
    await manager.upsert(SendWindowRow, row, ['channelId', 'openid']);
    return toState(row as SendWindowRow);
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
