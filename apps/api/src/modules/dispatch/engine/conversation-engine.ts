import type { WechatPush } from '@kefu/wechat';
import { Injectable } from '@nestjs/common';
import type { ChannelCredentials } from '../../tenants/channels.service';

/** Data of a `broadcast` job (C7). */
export interface BroadcastJob {
  tenantId: string;
  agentId: string;
  /** What to send: a text, or a knowledge item by number or keyword. */
  text?: string;
  itemRef?: string;
}

@Injectable()
export class ConversationEngine {
  async handle(_channel: ChannelCredentials, _push: WechatPush): Promise<{ duplicate: boolean }> {
    return { duplicate: false };
  }

  /** E1 and E2, for the sweeper: closes idle active sessions and waiting sessions whose window closed. */
  async sweepSessions(_now: Date = new Date()): Promise<{ idleClosed: number; expired: number }> {
    return { idleClosed: 0, expired: 0 };
  }

  /** C7, for the dispatch queue's `broadcast` job. */
  async runBroadcast(_job: BroadcastJob): Promise<{ sent: number; skipped: number }> {
    return { sent: 0, skipped: 0 };
  }
}
