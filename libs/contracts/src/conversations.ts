import type { AgentStatus } from './agents';

/** Customers, sessions and messages as the engine keeps them and the console shows them. */

export type SessionState = 'waiting' | 'active' | 'closed';

/** Why a session ended: the customer said 再见, an agent moved on (下一个), 清零, idle timeout (E1), the window closed while waiting (E2), the agent went offline… */
export type SessionCloseReason = 'goodbye' | 'next' | 'cleared' | 'idle' | 'window_closed' | 'admin';

export type MessageSender = 'customer' | 'agent';

/** Who wrote an outbound message: the relay itself, an agent (relayed), the robot (B6.4) or a console admin. */
export type MessageAuthor = 'system' | 'agent' | 'robot' | 'admin';

/** What the engine did with an inbound message. */
export type MessageHandling =
  | 'openid'
  | 'binding'
  | 'knowledge'
  | 'routed'
  | 'forwarded'
  | 'assigned'
  | 'queued'
  | 'offline'
  | 'goodbye'
  | 'command'
  | 'relayed'
  | 'event'
  | 'ignored';

/** An inbound message's content, by the push's type. */
export type InboundContent =
  | { type: 'text'; text: string }
  | { type: 'image'; mediaId: string; picUrl: string }
  | { type: 'miniprogrampage'; title: string; appId: string; pagePath: string; thumbMediaId: string; thumbUrl: string }
  | { type: 'voice'; mediaId: string; format: string; recognition?: string }
  | { type: 'video'; mediaId: string; thumbMediaId: string }
  | { type: 'event'; event: string; sessionFrom?: string }
  | { type: 'other'; msgType: string };

/**
 * What an outbound message carries. Media ids of `image`, `miniprogrampage`, `voice` and `video`
 * are valid on the channel that sends them (a customer's picture forwarded to an agent of the same
 * mini-program). A knowledge item is rendered when it is sent, so its media id is fresh (F2, F3).
 */
export type OutboundContent =
  | { type: 'text'; text: string }
  | { type: 'image'; mediaId: string }
  | { type: 'miniprogrampage'; title: string; pagePath: string; thumbMediaId: string }
  | { type: 'voice'; mediaId: string }
  | { type: 'video'; mediaId: string; thumbMediaId: string }
  | { type: 'item'; itemId: string; customer?: { nickname: string | null; number: number } };

/**
 * `pending`: to be sent; `sending`: handed to WeChat; `sent`: WeChat accepted it; `held`: waits for
 * the recipient's window (D2); `failed`: WeChat refused it for good (reason kept); `unconfirmed`: the
 * worker stopped while WeChat had it, so it is not sent again (it may or may not have arrived).
 */
export type DeliveryState = 'pending' | 'sending' | 'sent' | 'held' | 'failed' | 'unconfirmed';

// ---- the live console ---------------------------------------------------------------------------

/** What changed, as the console's live updates name it: each topic refreshes the matching views. */
export const LIVE_TOPICS = ['queue', 'sessions', 'agents', 'messages', 'offline'] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];

/** The `data` of a `change` event on `GET /api/tenants/:tenantId/events` (text/event-stream). */
export interface LiveEvent {
  topics: LiveTopic[];
  at: string;
}

/** I1: what can still be sent to a customer, and until when. Closed: `remaining` 0. */
export interface WindowMeter {
  open: boolean;
  remaining: number;
  expiresAt: string | null;
}

export interface AgentRef {
  id: string;
  nickname: string;
}

export interface CustomerRef {
  id: string;
  number: number;
  nickname: string | null;
}

export interface CustomerView extends CustomerRef {
  channelId: string;
  openid: string;
  createdAt: string;
  lastSeenAt: string;
  window: WindowMeter;
}

export interface CustomerListQuery {
  /** A number (`12`, `#12`) or part of a nickname. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface SessionSummary {
  id: string;
  state: SessionState;
  customer: CustomerRef;
  agent: AgentRef | null;
  preferredAgent: AgentRef | null;
  queuedAt: string;
  assignedAt: string | null;
  closedAt: string | null;
  closeReason: SessionCloseReason | null;
  lastActivityAt: string;
  createdAt: string;
  /** Inbound customer messages in the session. */
  messageCount: number;
  /** The customer's last message. */
  lastMessage: TranscriptContent | null;
}

export interface SessionDetail extends SessionSummary {
  customer: CustomerView;
}

export interface SessionListQuery {
  agentId?: string;
  state?: SessionState;
  /** Sessions created from this time on (inclusive), ISO 8601. */
  from?: string;
  /** Sessions created up to this time (inclusive), ISO 8601. */
  to?: string;
  /** Words any message of the session contains, either way. */
  q?: string;
  page?: number;
  pageSize?: number;
}

/** A message as the console shows it: WeChat's payloads made into something to display. */
export type TranscriptContent =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string | null }
  | { type: 'link'; title: string; description: string; url: string | null; pictureUrl: string | null }
  | { type: 'miniprogrampage'; title: string; pagePath: string | null; thumbUrl: string | null }
  | { type: 'voice'; recognition: string | null }
  | { type: 'video'; title: string | null }
  | { type: 'event'; event: string }
  | { type: 'other'; msgType: string };

export interface TranscriptDelivery {
  state: DeliveryState;
  /** The code (`window_closed`, `quota_used`, `permanent`, …), when held or failed. */
  reason: string | null;
  /** The reason in words (English; the console has its own words for the known codes). */
  reasonText: string | null;
  sentAt: string | null;
}

export type TranscriptEntry =
  | {
      direction: 'in';
      id: string;
      at: string;
      content: TranscriptContent;
      handling: MessageHandling | null;
    }
  | {
      direction: 'out';
      id: string;
      at: string;
      author: MessageAuthor;
      /** The agent whose reply this is (author `agent`). */
      agent: AgentRef | null;
      content: TranscriptContent;
      /** A knowledge item's number and keyword, when the message is one. */
      item: { number: number; keyword: string } | null;
      delivery: TranscriptDelivery;
    };

export interface Transcript {
  sessionId: string;
  /** Inbound (from the customer) and outbound (to the customer) messages, oldest first. */
  entries: TranscriptEntry[];
}

export interface ReplyRequest {
  text: string;
}

export interface AssignRequest {
  agentId: string;
}

export interface QueueMessage {
  id: string;
  at: string;
  content: TranscriptContent;
}

export interface QueueEntry {
  sessionId: string;
  /** 1 for the first in line. */
  position: number;
  customer: CustomerView;
  queuedAt: string;
  waitedSeconds: number;
  preferredAgent: AgentRef | null;
  /** What the customer wrote while waiting, oldest first (the last 20). */
  messages: QueueMessage[];
}

export interface Queue {
  entries: QueueEntry[];
  /** Agents an admin may hand a session to, with their status. */
  agents: DashboardAgent[];
}

export type OfflineMessageStatus = 'unread' | 'read' | 'all';

export interface OfflineMessageQuery {
  status?: OfflineMessageStatus;
  page?: number;
  pageSize?: number;
}

export interface OfflineMessageView {
  id: string;
  customer: CustomerRef;
  content: TranscriptContent;
  /** When the customer wrote it. */
  writtenAt: string;
  readAt: string | null;
}

export interface OfflineMessagePage {
  items: OfflineMessageView[];
  total: number;
  page: number;
  pageSize: number;
  /** Unread, whatever the filter. */
  unread: number;
}

export interface MarkOfflineReadRequest {
  ids: string[];
}

export interface MarkOfflineReadResult {
  /** Messages that were unread and now are read. */
  marked: number;
}

export interface DashboardAgent extends AgentRef {
  status: AgentStatus;
  /** False when the seats do not cover the agent. */
  active: boolean;
  /** The customer the agent is serving now. */
  serving: CustomerRef | null;
}

export interface DashboardPoint {
  /** Start of the hour or day, ISO 8601. */
  start: string;
  /** Sessions opened. */
  sessions: number;
  /** Messages customers wrote. */
  messages: number;
}

export interface Dashboard {
  generatedAt: string;
  /** The IANA time zone "today" and "this week" are counted in. */
  timeZone: string;
  /** Customers whose send window is open. */
  customersOnline: number;
  waiting: number;
  longestWaitSeconds: number | null;
  activeSessions: number;
  agents: DashboardAgent[];
  sessionsToday: number;
  /** From entering the queue to an agent, over sessions assigned today. */
  averageWaitSeconds: number | null;
  /** From assignment to the agent's first message, over sessions assigned today. */
  averageFirstResponseSeconds: number | null;
  unreadOfflineMessages: number;
  /** 24 points, one per hour of today. */
  hourly: DashboardPoint[];
  /** 7 points, Monday to Sunday of this week. */
  daily: DashboardPoint[];
}
