import type { SessionState, TranscriptContent, TranscriptDelivery, WindowMeter } from '@kefu/contracts';
import type { TFunction } from 'i18next';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * I1: `剩 3 条 · 31 小时` — sends left and how long the window stays open (whole hours from an
 * hour on, minutes below), or that it is closed.
 */
export function windowMeterText(t: TFunction, meter: WindowMeter, now = Date.now()): string {
  const left = meter.expiresAt ? new Date(meter.expiresAt).getTime() - now : 0;
  if (!meter.open || meter.remaining <= 0 || left <= 0) return t('conversations.window.closed');
  const time =
    left >= HOUR
      ? t('conversations.window.hours', { h: Math.floor(left / HOUR) })
      : t('conversations.window.minutes', { m: Math.max(1, Math.floor(left / MINUTE)) });
  return t('conversations.window.open', { n: meter.remaining, time });
}

/** What a window meter's colour says: open, nearly spent (one send or under an hour left), closed. */
export function windowMeterTone(meter: WindowMeter, now = Date.now()): 'open' | 'low' | 'closed' {
  const left = meter.expiresAt ? new Date(meter.expiresAt).getTime() - now : 0;
  if (!meter.open || meter.remaining <= 0 || left <= 0) return 'closed';
  return meter.remaining <= 1 || left < HOUR ? 'low' : 'open';
}

export type DeliveryTone = 'sent' | 'waiting' | 'failed' | 'pending';

/** 已发送 / 等待窗口 / 发送失败：reason … for one outbound message. */
export function deliveryText(t: TFunction, delivery: TranscriptDelivery): { text: string; tone: DeliveryTone } {
  switch (delivery.state) {
    case 'sent':
      return { text: t('conversations.delivery.sent'), tone: 'sent' };
    case 'held':
      return { text: t('conversations.delivery.held'), tone: 'waiting' };
    case 'failed':
      return { text: t('conversations.delivery.failed', { reason: reasonWords(t, delivery) }), tone: 'failed' };
    case 'unconfirmed':
      return { text: t('conversations.delivery.unconfirmed'), tone: 'waiting' };
    default:
      return { text: t('conversations.delivery.pending'), tone: 'pending' };
  }
}

const KNOWN_REASONS = ['window_closed', 'quota_used', 'permanent'] as const;

/** The reason in the console's words for codes it knows, else the server's words, else the code. */
export function reasonWords(t: TFunction, delivery: Pick<TranscriptDelivery, 'reason' | 'reasonText'>): string {
  const code = delivery.reason;
  if (code && (KNOWN_REASONS as readonly string[]).includes(code)) {
    const words = t(`conversations.reasons.${code as (typeof KNOWN_REASONS)[number]}`);
    const detail = delivery.reasonText?.match(/\(([^)]*)\)$/)?.[1];
    return detail ? t('conversations.reasons.withDetail', { words, detail }) : words;
  }
  return delivery.reasonText ?? code ?? t('conversations.reasons.unknown');
}

/** A waiting time as C3 shows it: `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatWait(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** A short duration in words: `45 秒`, `3 分 20 秒`, `1 小时 5 分`. */
export function formatDuration(t: TFunction, seconds: number | null): string {
  if (seconds === null) return '—';
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return t('conversations.duration.seconds', { s: total });
  if (total < 3600) return t('conversations.duration.minutes', { m: Math.floor(total / 60), s: total % 60 });
  return t('conversations.duration.hours', { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60) });
}

/** One line for a message in a list: its text, or what kind of message it is. */
export function previewText(t: TFunction, content: TranscriptContent | null): string {
  if (!content) return '';
  switch (content.type) {
    case 'text':
      return content.text.replace(/\s+/g, ' ');
    case 'image':
      return t('conversations.content.image');
    case 'link':
      return `${t('conversations.content.link')} ${content.title}`;
    case 'miniprogrampage':
      return `${t('conversations.content.miniprogram')} ${content.title}`;
    case 'voice':
      return content.recognition ? `${t('conversations.content.voice')} ${content.recognition}` : t('conversations.content.voice');
    case 'video':
      return t('conversations.content.video');
    case 'event':
      return t('conversations.content.event');
    default:
      return content.msgType === 'item' ? t('conversations.content.itemRemoved') : `[${content.msgType}]`;
  }
}

export const SESSION_STATE_COLORS: Record<SessionState, string> = { waiting: 'orange', active: 'green', closed: 'default' };

/** `#12 张三`, or `#12` without a nickname. */
export function customerLabel(customer: { number: number; nickname: string | null }): string {
  return customer.nickname ? `#${customer.number} ${customer.nickname}` : `#${customer.number}`;
}
