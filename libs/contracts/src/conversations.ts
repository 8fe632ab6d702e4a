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
