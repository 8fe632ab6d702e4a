import { MAX_TEXT_BYTES, trimUtf8 } from '@kefu/wechat';
import type { OutboundMessage } from '../entities/outbound-message.entity';
import type { DeliveryTexts } from '../replies/delivery-texts';
import type { WindowState } from './send-windows.service';

/** A held message to a customer is given up after this long (the window it waited for would be long gone). */
export const HELD_FOR_AT_MOST_MS = 48 * 3600_000;
/** I2: how long a customer's last send waits for more lines of the agent's reply. */
export const LAST_SLOT_WAIT_MS = 3000;

/** Rows the planner looks at: the recipient's pending and held messages in id order. */
export type WaitingRow = Pick<
  OutboundMessage,
  'id' | 'tenantId' | 'recipient' | 'author' | 'content' | 'state' | 'createdAt' | 'reportTo' | 'customerId' | 'sessionId'
>;

/**
 * One custom-send call. `rows` are the outbox rows it delivers (several for a digest or a merged last
 * slot, none for a bare warning); `text`, when set, is sent instead of rendering the single row.
 */
export interface SendUnit {
  rows: WaitingRow[];
  text?: string;
  /** The customer's last send: the agent lines merged into it (I2). */
  lastSlot?: boolean;
}

export type DeliveryStep =
  | { kind: 'idle' }
  | { kind: 'expire'; rows: WaitingRow[] }
  | { kind: 'hold'; rows: WaitingRow[]; reason: 'window_closed' | 'quota_used' }
  | { kind: 'send'; unit: SendUnit }
  /** Come back at `until` (epoch ms): the agent may still be typing the reply the last send will carry. */
  | { kind: 'wait'; until: number };

/**
 * What to do next for one recipient (D2), from its waiting rows and its window as the relay knows
 * it. The delivery runs one step, commits, and asks again, so every decision sees the window the
 * previous send left.
 */
export function nextStep(rows: WaitingRow[], window: WindowState, now: number, texts: DeliveryTexts): DeliveryStep {
  if (rows.length === 0) return { kind: 'idle' };
  const forCustomer = rows[0].recipient === 'customer';
  if (forCustomer) {
    const expired = rows.filter((row) => row.state === 'held' && row.createdAt.getTime() < now - HELD_FOR_AT_MOST_MS);
    if (expired.length > 0) return { kind: 'expire', rows: expired };
  }
  if (!window.open) {
    const pending = rows.filter((row) => row.state === 'pending');
    return pending.length > 0 ? { kind: 'hold', rows: pending, reason: closedReason(window, now) } : { kind: 'idle' };
  }
  if (forCustomer && window.remaining === 1 && textOf(rows[0]) !== null && isAgentLine(rows[0])) {
    const until = rows[0].createdAt.getTime() + LAST_SLOT_WAIT_MS;
    if (until > now) return { kind: 'wait', until: Math.min(until, now + LAST_SLOT_WAIT_MS) };
  }
  return { kind: 'send', unit: forCustomer ? customerUnit(rows, window) : agentUnit(rows, window, texts) };
}

function closedReason(window: WindowState, now: number): 'window_closed' | 'quota_used' {
  return window.expiresAt !== null && window.expiresAt.getTime() > now ? 'quota_used' : 'window_closed';
}

function textOf(row: WaitingRow): string | null {
  return row.content.type === 'text' ? row.content.text : null;
}

/**
 * Customers get their messages one by one, in order. On the last send the window allows, the agent
 * lines written within a few seconds (LAST_SLOT_WAIT_MS) are merged into it (I2), so one reply is not
 * cut off after its first line.
 */
function customerUnit(rows: WaitingRow[], window: WindowState): SendUnit {
  const first = rows[0];
  const firstText = textOf(first);
  if (window.remaining !== 1 || firstText === null || !isAgentLine(first)) return { rows: [first] };
  const merged = [first];
  let text = firstText;
  for (const row of rows.slice(1)) {
    const next = textOf(row);
    if (next === null || !isAgentLine(row) || row.reportTo?.agentId !== first.reportTo?.agentId) break;
    const candidate = `${text}\n${next}`;
    if (utf8Bytes(candidate) > MAX_TEXT_BYTES) break;
    text = candidate;
    merged.push(row);
  }
  return merged.length === 1 ? { rows: merged, lastSlot: true } : { rows: merged, text, lastSlot: true };
}

function isAgentLine(row: WaitingRow): boolean {
  return row.author === 'agent' || row.author === 'admin';
}

/**
 * Agents: messages that waited for the window (held) come first as one digest text — as few
 * texts of at most 2048 bytes as hold them — then held pictures and cards, then the rest in order.
 * When the window has one send left and more wait, that send carries the next message and ends
 * with the warning to reply; a picture or card cannot carry it, so the warning goes alone.
 */
function agentUnit(rows: WaitingRow[], window: WindowState, texts: DeliveryTexts): SendUnit {
  const held = rows.filter((row) => row.state === 'held');
  const heldTexts = held.filter((row) => textOf(row) !== null);
  let unit: SendUnit;
  if (heldTexts.length > 0) unit = digest(heldTexts, texts);
  else unit = { rows: [held[0] ?? rows[0]] };

  const waitingAfter = rows.length - unit.rows.length;
  if (window.remaining !== 1 || waitingAfter === 0) return unit;
  const body = unit.text ?? (unit.rows.length === 1 ? textOf(unit.rows[0]) : null);
  if (body === null) return { rows: [], text: texts.lastSendWarning(rows.length) };
  return { rows: unit.rows, text: withEnding(body, texts.lastSendWarning(waitingAfter)) };
}

function digest(rows: WaitingRow[], texts: DeliveryTexts): SendUnit {
  // Room for the last-send warning is kept in every part, so adding it never cuts a message off.
  const budget = MAX_TEXT_BYTES - utf8Bytes(texts.lastSendWarning(99_999)) - 2;
  let text = texts.digestHeader(rows.length);
  const taken: WaitingRow[] = [];
  for (const row of rows) {
    const candidate = `${text}\n\n${textOf(row)}`;
    if (taken.length > 0 && utf8Bytes(candidate) > budget) break;
    text = candidate;
    taken.push(row);
  }
  return { rows: taken, text: trimUtf8(text, budget) };
}

/** `text`, cut where needed so that `ending` still fits within 2048 bytes after a blank line. */
export function withEnding(text: string, ending: string): string {
  return `${trimUtf8(text, MAX_TEXT_BYTES - utf8Bytes(ending) - 2)}\n\n${ending}`;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
