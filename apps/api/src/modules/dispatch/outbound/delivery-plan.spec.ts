import type { OutboundContent } from '@kefu/contracts';
import { describe, expect, it } from 'vitest';
import { deliveryTexts } from '../replies/delivery-texts';
import { HELD_FOR_AT_MOST_MS, LAST_SLOT_WAIT_MS, nextStep, utf8Bytes, WaitingRow } from './delivery-plan';

const NOW = Date.UTC(2026, 0, 10, 12);
const zh = deliveryTexts('zh-CN');
let nextId = 1;

function row(recipient: 'customer' | 'agent', state: 'pending' | 'held', content: OutboundContent | string, extra: Partial<WaitingRow> = {}): WaitingRow {
  return {
    id: String(nextId++),
    tenantId: 't',
    recipient,
    author: recipient === 'customer' ? 'agent' : 'system',
    content: typeof content === 'string' ? { type: 'text', text: content } : content,
    state,
    createdAt: new Date(NOW - 1000),
    reportTo: null,
    customerId: null,
    sessionId: null,
    ...extra,
  };
}

const open = (remaining: number) => ({ open: true, remaining, expiresAt: new Date(NOW + 3600_000) });
const closed = { open: false, remaining: 0, expiresAt: null };
const usedUp = { open: false, remaining: 0, expiresAt: new Date(NOW + 3600_000) };

describe('delivery plan (D2)', () => {
  it('holds pending rows when the window is closed, naming why', () => {
    const rows = [row('customer', 'held', 'a'), row('customer', 'pending', 'b')];
    expect(nextStep(rows, closed, NOW, zh)).toEqual({ kind: 'hold', rows: [rows[1]], reason: 'window_closed' });
    expect(nextStep(rows, usedUp, NOW, zh)).toMatchObject({ kind: 'hold', reason: 'quota_used' });
    expect(nextStep([rows[0]], closed, NOW, zh)).toEqual({ kind: 'idle' });
  });

  it('sends a customer one row at a time in order, held rows first', () => {
    const rows = [row('customer', 'held', 'a'), row('customer', 'pending', 'b')];
    expect(nextStep(rows, open(3), NOW, zh)).toEqual({ kind: 'send', unit: { rows: [rows[0]] } });
  });

  it('gives up held customer rows older than 48 h', () => {
    const old = row('customer', 'held', 'old', { createdAt: new Date(NOW - HELD_FOR_AT_MOST_MS - 1) });
    expect(nextStep([old, row('customer', 'pending', 'new')], open(5), NOW, zh)).toEqual({ kind: 'expire', rows: [old] });
  });

  it('waits a moment before a customer window’s last send, then merges the agent lines written meanwhile (I2)', () => {
    const to = { channelId: 'c', openid: 'o-agent', agentId: 'a1', label: '#1 张三', always: false };
    const rows = [row('customer', 'pending', '第一行', { reportTo: to }), row('customer', 'pending', '第二行', { reportTo: to })];
    expect(nextStep(rows, open(1), NOW, zh)).toEqual({ kind: 'wait', until: NOW - 1000 + LAST_SLOT_WAIT_MS });
    const later = NOW + LAST_SLOT_WAIT_MS;
    expect(nextStep(rows, open(1), later, zh)).toEqual({ kind: 'send', unit: { rows, text: '第一行\n第二行', lastSlot: true } });
    expect(nextStep(rows, open(2), NOW, zh)).toEqual({ kind: 'send', unit: { rows: [rows[0]] } });
  });

  it('bundles what waited for an agent into one digest, pictures after it', () => {
    const rows = [
      row('agent', 'held', '一'),
      row('agent', 'held', { type: 'image', mediaId: 'm1' }),
      row('agent', 'held', '二'),
      row('agent', 'pending', '三'),
    ];
    const step = nextStep(rows, open(5), NOW, zh);
    expect(step).toEqual({ kind: 'send', unit: { rows: [rows[0], rows[2]], text: '📨 等您的 2 条消息：\n\n一\n\n二' } });
    const picture = nextStep([rows[1], rows[3]], open(4), NOW, zh);
    expect(picture).toEqual({ kind: 'send', unit: { rows: [rows[1]] } });
  });

  it('cuts a long digest into texts of at most 2048 bytes', () => {
    const rows = Array.from({ length: 10 }, () => row('agent', 'held', '字'.repeat(200)));
    const step = nextStep(rows, open(5), NOW, zh);
    if (step.kind !== 'send') throw new Error(step.kind);
    expect(step.unit.rows.length).toBeGreaterThan(1);
    expect(step.unit.rows.length).toBeLessThan(10);
    expect(utf8Bytes(step.unit.text!)).toBeLessThanOrEqual(2048);
  });

  it("ends an agent's last send with the warning and how many wait; a picture cannot carry it", () => {
    const rows = [row('agent', 'pending', '你好'), row('agent', 'pending', '还有'), row('agent', 'pending', '更多')];
    expect(nextStep(rows, open(1), NOW, zh)).toEqual({
      kind: 'send',
      unit: { rows: [rows[0]], text: '你好\n\n⚠️ 发送额度只剩这一条：请回复任意内容，还有 2 条消息在等您。' },
    });
    const image = [row('agent', 'pending', { type: 'image', mediaId: 'm' }), rows[1]];
    expect(nextStep(image, open(1), NOW, zh)).toEqual({
      kind: 'send',
      unit: { rows: [], text: '⚠️ 发送额度只剩这一条：请回复任意内容，还有 2 条消息在等您。' },
    });
    expect(nextStep([rows[0]], open(1), NOW, zh)).toEqual({ kind: 'send', unit: { rows: [rows[0]] } });
  });
});
