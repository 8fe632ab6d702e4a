import type { ReplyLanguage } from '@kefu/contracts';

/** Why a message did not reach its recipient, as the delivery records it in `reason`. */
export type UndeliveredReason =
  | 'window_closed'
  | 'quota_used'
  | 'expired'
  | 'invalid_media'
  | 'render'
  | 'permanent'
  | 'setup'
  | 'daily_limit'
  | 'unconfirmed';

/** What the outbound delivery says to agents: reports (C6, C11) and the window notices of D2. */
export interface DeliveryTexts {
  /** C6 ✓: WeChat accepted the message. */
  sent(label: string): string;
  /** A message the agent was told could not be delivered went out after the recipient wrote again. */
  sentLater(label: string, count: number): string;
  /** C6 ✗ / C11: the message did not go out (or may not have). */
  notDelivered(label: string, reason: UndeliveredReason, count: number, detail?: string | null): string;
  /** D2: the last send an agent's window allows; `waiting` messages are left. */
  lastSendWarning(waiting: number): string;
  /** D2: the first line of the digest of messages that waited for the agent's window. */
  digestHeader(count: number): string;
  /** I2: the customer's window allowed this one last send; `lines` agent lines were merged into it. */
  lastSlotUsed(label: string, lines: number): string;
}

const zh: DeliveryTexts = {
  sent: (label) => `✓ 已发送给 ${label}`,
  sentLater: (label, count) => `✓ 客户已再次发消息，之前未送达的${count > 1 ? ` ${count} 条` : ''}消息已补发给 ${label}`,
  notDelivered: (label, reason, count, detail) =>
    `✗ 未送达 ${label}${count > 1 ? `（${count} 条）` : ''}：${zhReasons[reason]}${detail && showsDetail(reason) ? `（${detail}）` : ''}`,
  lastSendWarning: (waiting) => `⚠️ 发送额度只剩这一条：请回复任意内容，还有 ${waiting} 条消息在等您。`,
  digestHeader: (count) => `📨 等您的 ${count} 条消息：`,
  lastSlotUsed: (label, lines) =>
    `⚠️ ${label} 的发送额度已用完${lines > 1 ? `（您的 ${lines} 行已合并为一条发出）` : ''}：客户再发一条消息之前，后续消息无法送达。`,
};

const zhReasons: Record<UndeliveredReason, string> = {
  window_closed: '客户的发送窗口已关闭（客户需再发一条消息）',
  quota_used: '客户的发送额度已用完（客户需再发一条消息）',
  expired: '消息等待超过 48 小时，已放弃发送',
  invalid_media: '图片或媒体文件已失效',
  render: '这条知识库内容无法发给该客户',
  permanent: '微信拒绝了这条消息',
  setup: '小程序或公众号的设置有问题，请管理员检查',
  daily_limit: '今天的发送次数已达微信上限',
  unconfirmed: '发送时服务中断，无法确认是否送达（不会重发）',
};

const en: DeliveryTexts = {
  sent: (label) => `✓ Sent to ${label}`,
  sentLater: (label, count) =>
    `✓ The customer wrote again: the ${count > 1 ? `${count} messages` : 'message'} not delivered before went to ${label}`,
  notDelivered: (label, reason, count, detail) =>
    `✗ Not delivered to ${label}${count > 1 ? ` (${count} messages)` : ''}: ${enReasons[reason]}${detail && showsDetail(reason) ? ` (${detail})` : ''}`,
  lastSendWarning: (waiting) =>
    `⚠️ This is the last message WeChat lets me send you: reply anything, ${waiting} more ${waiting === 1 ? 'message is' : 'messages are'} waiting for you.`,
  digestHeader: (count) => `📨 ${count} ${count === 1 ? 'message' : 'messages'} waited for you:`,
  lastSlotUsed: (label, lines) =>
    `⚠️ That was the last message ${label}'s window allowed${lines > 1 ? ` (your ${lines} lines went as one)` : ''}: nothing more reaches them until they write again.`,
};

const enReasons: Record<UndeliveredReason, string> = {
  window_closed: "the customer's sending window is closed (the customer has to write again)",
  quota_used: "the sends the customer's window allows are used up (the customer has to write again)",
  expired: 'it waited more than 48 hours and was dropped',
  invalid_media: 'the picture or media file has expired',
  render: 'this knowledge item cannot be sent to this customer',
  permanent: 'WeChat refused the message',
  setup: "the mini-program's or official account's setup needs an admin",
  daily_limit: "WeChat's daily sending limit is reached",
  unconfirmed: 'the service stopped while sending, so it is unknown whether it arrived (it is not sent again)',
};

/** WeChat's own words help with refusals nobody can foresee; for window reasons they only repeat ours. */
function showsDetail(reason: UndeliveredReason): boolean {
  return reason === 'permanent' || reason === 'setup';
}

export function deliveryTexts(language: ReplyLanguage): DeliveryTexts {
  return language === 'en' ? en : zh;
}
