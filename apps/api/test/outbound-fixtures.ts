import type { OutboundContent } from '@kefu/contracts';
import type { WechatSim } from '@kefu/wechat-sim';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { DeliveryReport } from '../src/modules/dispatch/outbound/outbound-content';
import { OutboxEntry, OutboxService } from '../src/modules/dispatch/outbound/outbox.service';
import { SendWindowsService } from '../src/modules/dispatch/outbound/send-windows.service';
import { ApiCaller, createTenant, unique, wechatApp } from './tenant-fixtures';

export type ChannelKind = 'miniprogram' | 'official_account';

/** An outbox row as the tests read it back. */
export interface StoredRow {
  id: string;
  openid: string;
  state: string;
  reason: string | null;
  reason_detail: string | null;
  attempts: number;
  text: string | null;
}

/**
 * One tenant with one channel registered in the simulator and one agent, for writing outbox rows
 * the way the engine does (OutboxService inside a transaction, then the queue) and reading what
 * WeChat accepted.
 */
export class OutboundBed {
  tenantId = '';
  channelId = '';
  appId = '';
  agentId = '';
  agentOpenid = '';
  admin!: ApiCaller;

  constructor(
    readonly app: NestFastifyApplication | INestApplicationContext,
    readonly sim: WechatSim,
    readonly kind: ChannelKind = 'miniprogram',
  ) {}

  get db(): DataSource {
    return this.app.get<DataSource>(getDataSourceToken());
  }

  get outbox(): OutboxService {
    return this.app.get(OutboxService);
  }

  static async create(app: NestFastifyApplication, sim: WechatSim, superadmin: ApiCaller, kind: ChannelKind = 'miniprogram'): Promise<OutboundBed> {
    const bed = new OutboundBed(app, sim, kind);
    const tenant = await createTenant(app, superadmin);
    bed.tenantId = tenant.id;
    bed.admin = tenant.admin;
    const credentials = wechatApp();
    bed.appId = credentials.appId;
    sim.registerApp({ appId: credentials.appId, secret: credentials.appSecret, kind, originalId: credentials.originalId });
    const channel = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/channels`, {
      name: '出站测试',
      kind,
      format: kind === 'official_account' ? 'xml' : 'json',
      ...credentials,
    });
    if (channel.statusCode !== 201) throw new Error(`channel: ${channel.statusCode} ${channel.body}`);
    bed.channelId = channel.json().id;
    bed.agentOpenid = unique('oAgent').replace(/-/g, '_');
    const agent = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/agents`, { nickname: '小艳', openid: bed.agentOpenid, isAdmin: true });
    if (agent.statusCode !== 201) throw new Error(`agent: ${agent.statusCode} ${agent.body}`);
    bed.agentId = agent.json().id;
    return bed;
  }

  /** A fresh openid of a customer. */
  customer(): string {
    return unique('oCust').replace(/-/g, '_');
  }

  /** The user acts on their phone (the simulator opens its window) and the relay records it, as the engine would. */
  async userActs(openid: string, action: 'message' | 'enter_session' = 'message', options: { relay?: boolean; sim?: boolean } = {}): Promise<void> {
    if (options.sim !== false) this.sim.interact(this.appId, openid, action);
    if (options.relay === false) return;
    const windows = this.app.get(SendWindowsService);
    await this.db.transaction((manager) =>
      windows.recordAction(manager, { tenantId: this.tenantId, channelId: this.channelId, openid, kind: this.kind }, action, new Date()),
    );
  }

  /** The relay's window for the openid allows this many sends (the simulator's official-account quota is set as high). */
  async allowSends(openid: string, remaining: number): Promise<void> {
    await this.db.query(`UPDATE send_windows SET remaining = $3 WHERE channel_id = $1 AND openid = $2`, [this.channelId, openid, remaining]);
  }

  /** Writes outbox rows in one transaction and, unless told not to, queues their delivery. */
  async write(
    openid: string,
    contents: (OutboundContent | string)[],
    options: { recipient?: 'customer' | 'agent'; reportTo?: DeliveryReport | null; enqueue?: boolean; author?: OutboxEntry['author'] } = {},
  ): Promise<void> {
    const recipient = options.recipient ?? 'customer';
    const entries: OutboxEntry[] = contents.map((content) => ({
      tenantId: this.tenantId,
      channelId: this.channelId,
      openid,
      recipient,
      author: options.author ?? (recipient === 'customer' ? 'agent' : 'system'),
      content: typeof content === 'string' ? { type: 'text', text: content } : content,
      agentId: recipient === 'agent' ? this.agentId : null,
      reportTo: options.reportTo ?? null,
    }));
    const recipients = await this.db.transaction((manager) => this.outbox.write(manager, entries));
    if (options.enqueue !== false) await this.outbox.enqueue(recipients);
  }

  /** Queues delivery for one recipient, as the engine does when a user writes again. */
  async enqueue(openid: string): Promise<void> {
    await this.outbox.enqueue([{ tenantId: this.tenantId, channelId: this.channelId, openid }]);
  }

  report(label: string, always = false): DeliveryReport {
    return { channelId: this.channelId, openid: this.agentOpenid, agentId: this.agentId, label, always };
  }

  async rows(openid: string): Promise<StoredRow[]> {
    return this.db.query(
      `SELECT id::text, openid, state, reason, reason_detail, attempts, content->>'text' AS text
       FROM outbound_messages WHERE channel_id = $1 AND openid = $2 ORDER BY outbound_messages.id`,
      [this.channelId, openid],
    );
  }

  /** What the user's phone received, texts as text and anything else as `[msgtype]`. */
  received(openid: string): string[] {
    return this.sim.inbox(this.appId, openid).map((entry) => {
      const body = entry.message[entry.msgtype] as Record<string, string>;
      return entry.msgtype === 'text' ? body.content : `[${entry.msgtype}]`;
    });
  }
}

/** Polls until the check passes (returns its value) or the time is up (throws the check's last failure). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000, what: string | (() => string) = 'condition'): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      last = error;
    }
    if (Date.now() > giveUpAt) {
      const name = typeof what === 'function' ? what() : what;
      throw last instanceof Error ? Object.assign(last, { message: `${name} not reached in ${timeoutMs} ms: ${last.message}` }) : last;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function range(count: number, label = 'm'): string[] {
  return Array.from({ length: count }, (_, i) => `${label}${String(i + 1).padStart(3, '0')}`);
}
