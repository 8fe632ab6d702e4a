import type { WechatPush } from '@kefu/wechat';
import { Injectable } from '@nestjs/common';
import type { ChannelCredentials } from '../tenants/channels.service';
import { ConversationEngine } from './engine/conversation-engine';

export { DISPATCH_DEADLINE_MS } from './engine/conversation-engine';

/**
 * The conversation engine's door: the webhook hands every verified, decoded push to `handle`,
 * which applies behaviour.md's rules in one transaction and queues what must be sent. It returns
 * once the push is safely stored; a retried push (D3) returns without doing anything again.
 */
@Injectable()
export class DispatchService {
  constructor(private readonly engine: ConversationEngine) {}

  handle(channel: ChannelCredentials, push: WechatPush): Promise<{ duplicate: boolean }> {
    return this.engine.handle(channel, push);
  }

  /** The console hands a waiting session to an agent (the queue page). */
  assign(tenantId: string, sessionId: string, agentId: string): Promise<void> {
    return this.engine.assignFromConsole(tenantId, sessionId, agentId);
  }

  /** A signed-in admin answers the customer of a session: same outbox, windows and rules as an agent's reply. */
  reply(tenantId: string, sessionId: string, text: string): Promise<void> {
    return this.engine.replyFromConsole(tenantId, sessionId, text);
  }
}
