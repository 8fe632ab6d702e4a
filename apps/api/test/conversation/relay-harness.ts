import { randomBytes } from 'node:crypto';
import type { ServiceMode, TenantSettings } from '@kefu/contracts';
import { startWechatSim, type PhoneMessage, type PushChannel, type WechatSim } from '@kefu/wechat-sim';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { expect } from 'vitest';
import { ApiCaller, createTenant, grantSeats, signInSuperadmin, wechatApp } from '../tenant-fixtures';
import { createTestApp } from '../test-app';

/** What a phone shows for one message the relay sent: its text, or `[image]`, `[card title]`, `[link title]`. */
export type Seen = string;

export interface AgentSpec {
  nickname: string;
  isAdmin?: boolean;
}

export interface RelayOptions {
  agents?: AgentSpec[];
  /** Seats granted; default: as many as agents (1 means single-agent mode, no grant). */
  seats?: number | null;
  settings?: Partial<Omit<TenantSettings, 'tenantId' | 'updatedAt'>> & { mode?: ServiceMode };
  knowledge?: Record<string, unknown>[];
}

/** One simulated WeChat user: writes to the mini-program and reads what their phone received. */
export class Phone {
  constructor(
    private readonly relay: Relay,
    readonly openid: string,
  ) {}

  async says(content: string, options?: { msgId?: string }): Promise<void> {
    await this.relay.push({ type: 'text', from: this.openid, content }, options);
  }

  async sendsPicture(): Promise<void> {
    await this.relay.push({ type: 'image', from: this.openid });
  }

  async sendsCard(title: string, pagePath = 'pages/goods/detail?id=7'): Promise<void> {
    await this.relay.push({ type: 'miniprogrampage', from: this.openid, title, appId: this.relay.appId, pagePath });
  }

  async enters(sessionFrom?: string): Promise<void> {
    // Events are told apart by sender and CreateTime (D3): a second one in the same second is a retry.
    this.relay.sim.clock.advance(1000);
    await this.relay.push({ type: 'user_enter_tempsession', from: this.openid, ...(sessionFrom ? { sessionFrom } : {}) });
  }

  /** Everything this phone received so far, oldest first. */
  received(): Seen[] {
    return this.relay.sim.inbox(this.relay.appId, this.openid).map((entry) => seen(entry.message));
  }

  /** What arrived since the last call. */
  news(): Seen[] {
    const all = this.received();
    const fresh = all.slice(this.read);
    this.read = all.length;
    return fresh;
  }

  private read = 0;
}

function seen(message: Record<string, unknown>): Seen {
  const type = message.msgtype as string;
  const body = message[type] as Record<string, string>;
  switch (type) {
    case 'text':
      return body.content;
    case 'image':
      return '[image]';
    case 'miniprogrampage':
      return `[card ${body.title}]`;
    case 'link':
      return `[link ${body.title}]`;
    default:
      return `[${type}]`;
  }
}

/** The whole relay (api + worker in one process) on the real Postgres and Redis, with wechat-sim as WeChat and every phone. */
export class RelaySystem {
  private constructor(
    readonly sim: WechatSim,
    readonly app: NestFastifyApplication,
    private readonly superadmin: ApiCaller,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<RelaySystem> {
    const sim = await startWechatSim();
    // Tests move the simulator's clock, so the pushes' timestamps are not checked against ours.
    const app = await createTestApp({ ROLE: 'all', WECHAT_API_BASE_URL: sim.url, WEBHOOK_MAX_SKEW_SECONDS: '0', ...(process.env.RELAY_LOG ? { LOG_LEVEL: process.env.RELAY_LOG } : {}), ...env });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return new RelaySystem(sim, app, await signInSuperadmin(app));
  }

  /** A new tenant with one mini-program, its agents, knowledge and settings. */
  async tenant(options: RelayOptions = {}): Promise<Relay> {
    const relay = new Relay(this.sim, this.app);
    await relay.setUp(this.superadmin, options);
    return relay;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.sim.close();
  }

}

/** One tenant of the relay, seen through its phones. */
export class Relay {
  readonly phones = new Map<string, Phone>();
  agentIds = new Map<string, string>();
  tenantId = '';
  channelId = '';
  appId = '';
  admin!: ApiCaller;
  private channel!: PushChannel;

  /** The push settings of the tenant's mini-program, as WeChat has them. */
  get pushChannel(): PushChannel {
    return this.channel;
  }

  constructor(
    readonly sim: WechatSim,
    readonly app: NestFastifyApplication,
  ) {}

  get db(): DataSource {
    return this.app.get<DataSource>(getDataSourceToken());
  }

  async setUp(superadmin: ApiCaller, options: RelayOptions): Promise<void> {
    const tenant = await createTenant(this.app, superadmin);
    this.tenantId = tenant.id;
    this.admin = tenant.admin;
    const agents = options.agents ?? [{ nickname: '小艳', isAdmin: true }];
    const seats = options.seats === undefined ? agents.length : options.seats;
    if (seats !== 1) await grantSeats(superadmin, tenant.id, seats);
    this.tenantId = tenant.id;

    const credentials = wechatApp();
    this.appId = credentials.appId;
    this.sim.registerApp({ appId: credentials.appId, secret: credentials.appSecret, kind: 'miniprogram', originalId: credentials.originalId });
    const token = randomBytes(8).toString('hex');
    const encodingAesKey = randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'a').slice(0, 43);
    const created = await this.call('POST', `/api/tenants/${tenant.id}/channels`, {
      name: '测试小程序',
      kind: 'miniprogram',
      mode: 'secure',
      format: 'json',
      token,
      encodingAesKey,
      ...credentials,
    });
    this.channelId = created.id;
    const address = this.app.getHttpServer().address() as { port: number };
    this.channel = {
      url: `http://127.0.0.1:${address.port}/wechat/${created.id}`,
      token,
      encodingAesKey,
      appId: credentials.appId,
      originalId: credentials.originalId,
      mode: 'secure',
      format: 'json',
    };

    for (const agent of agents) {
      const row = await this.call('POST', `/api/tenants/${tenant.id}/agents`, {
        nickname: agent.nickname,
        openid: this.openidOf(agent.nickname),
        isAdmin: agent.isAdmin ?? false,
      });
      this.agentIds.set(agent.nickname, row.id);
    }
    // An agent's phone can only be written to after the agent wrote (D2): each starts the day with 上班.
    for (const agent of agents) {
      await this.agent(agent.nickname).says('上班');
      this.agent(agent.nickname).news();
    }
    for (const item of options.knowledge ?? []) await this.call('POST', `/api/tenants/${tenant.id}/knowledge`, item);
    if (options.settings) await this.call('PUT', `/api/tenants/${tenant.id}/settings`, options.settings);
  }

  async call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
    const response = await this.admin.call(method, url, body);
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.body ? response.json() : null;
  }

  /** The openid a test uses for a person: `o` + a stable readable suffix. */
  openidOf(name: string): string {
    return `o${Buffer.from(name).toString('hex').slice(0, 24)}_${this.tenantId.slice(0, 6)}`;
  }

  phone(name: string): Phone {
    let phone = this.phones.get(name);
    if (!phone) this.phones.set(name, (phone = new Phone(this, this.openidOf(name))));
    return phone;
  }

  customer(name: string): Phone {
    return this.phone(name);
  }

  agent(nickname: string): Phone {
    return this.phone(nickname);
  }

  /** Wait for the outbox after every push, so each step's messages have arrived before the next. */
  settleAfterPush = true;

  async push(message: PhoneMessage, options?: { msgId?: string }): Promise<void> {
    const result = await this.sim.push(this.channel, message, options);
    expect(result.delivered, `push ${JSON.stringify(message)}: ${JSON.stringify(result.attempts)}`).toBe(true);
    if (this.settleAfterPush) await this.settle();
  }

  /** Waits until every outbound message has left the outbox (sent, held or failed). */
  async settle(timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ open }] = await this.db.query(
        `SELECT count(*)::int AS open FROM outbound_messages WHERE tenant_id = $1 AND state IN ('pending', 'sending')`,
        [this.tenantId],
      );
      if (open === 0) return;
      if (Date.now() > deadline) throw new Error(`${open} outbound messages still pending after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Each phone's news, for a compact assertion of everything that happened. */
  news(...names: string[]): Record<string, Seen[]> {
    return Object.fromEntries(names.map((name) => [name, this.phone(name).news()]));
  }

  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, parameters);
  }
}
