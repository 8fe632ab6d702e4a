import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { SandboxBubble, SandboxPhone, SandboxPhones, SandboxStatus } from '@kefu/contracts';
import type { PhoneMessage, PushChannel, WechatSim } from '@kefu/wechat-sim';
import {
  BadGatewayException,
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
  OnModuleDestroy,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AuthUser } from '../../common/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../../config';
import { ConversationsService } from '../dispatch/conversations.service';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { MediaService } from '../knowledge/media.service';
import { LicensingService } from '../licensing/licensing.service';
import { AgentsService } from '../tenants/agents.service';
import { ChannelsService } from '../tenants/channels.service';
import { SettingsService } from '../tenants/settings.service';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../tenants/users.service';
import { WechatApiBase } from '../tenants/wechat-api-base';
import { DEMO, demoKnowledge, readPicture } from './demo';
import { conversation, type Typed } from './phone-view';

type State = SandboxStatus['state'];

interface Demo {
  tenantId: string;
  channelId: string;
  push: PushChannel;
}

interface PhoneOwner {
  openid: string;
  name: string;
  role: SandboxPhone['role'];
  number: number | null;
  isAdmin: boolean;
}

const CUSTOMER_PAGE = 100;

/**
 * The sandbox: starts a WeChat simulator inside the process once the HTTP server listens, routes
 * the demo app's WeChat calls to it, seeds the demo shop (idempotent, so a restart finds it again)
 * and lets the console type on the demo's phones. Every push is a real signed, encrypted request to
 * the relay's webhook; every reply is what the relay sent through custom/send.
 */
@Injectable()
export class SandboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Sandbox');
  private state: State = 'starting';
  private sim: WechatSim | null = null;
  private demo: Demo | null = null;
  private starting: Promise<void> | null = null;
  private closing = false;
  /** What each phone's owner typed, oldest first. The simulator keeps what they received. */
  private readonly typed = new Map<string, Typed[]>();
  /** Customers added in this process, until the relay lists them. */
  private readonly added = new Map<string, string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
    private readonly agents: AgentsService,
    private readonly channels: ChannelsService,
    private readonly settings: SettingsService,
    private readonly knowledge: KnowledgeService,
    private readonly media: MediaService,
    private readonly licensing: LicensingService,
    private readonly conversations: ConversationsService,
    private readonly apiBase: WechatApiBase,
  ) {}

  /** The simulator pushes to the webhook over HTTP, so it starts once the server listens. */
  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) {
      this.state = 'off';
      return;
    }
    const begin = () => {
      if (this.closing) return;
      this.starting = this.start(server).catch((error: unknown) => {
        this.state = 'failed';
        this.logger.error(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
      });
    };
    if (server.listening) begin();
    else server.once('listening', begin);
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.starting;
    this.apiBase.unroute(DEMO.channel.appId);
    await this.sim?.close();
    this.sim = null;
  }

  /** Resolves once the sandbox is ready, off or failed. */
  async settled(): Promise<State> {
    await this.starting;
    return this.state;
  }

  status(user: AuthUser): SandboxStatus {
    const visible = this.demo !== null && (user.role === 'superadmin' || user.tenantId === this.demo.tenantId);
    return {
      enabled: this.state === 'starting' || this.state === 'ready',
      state: this.state,
      tenantId: visible ? this.demo!.tenantId : null,
      username: visible ? DEMO.username : null,
    };
  }

  async phones(tenantId: string): Promise<SandboxPhones> {
    const { sim } = this.require(tenantId);
    const owners = await this.owners();
    return {
      phones: owners.map((owner) => ({
        ...owner,
        messages: conversation(this.typed.get(owner.openid) ?? [], sim.inbox(DEMO.channel.appId, owner.openid)),
      })),
    };
  }

  /** A new customer phone: it enters the chat with its nickname in session-from (B1, B2). */
  async addCustomer(tenantId: string, nickname: string): Promise<SandboxPhone> {
    this.require(tenantId);
    const name = nickname.trim();
    if (!name) throw badRequest('nickname must not be empty');
    const openid = await this.enter(name);
    const phone = (await this.phones(tenantId)).phones.find((entry) => entry.openid === openid);
    return phone ?? { openid, name, role: 'customer', number: null, isAdmin: false, messages: [] };
  }

  /** The phone's owner types a text (commands included on an agent's phone) or sends a photo. */
  async type(tenantId: string, openid: string, input: { text?: string; picture?: boolean }): Promise<void> {
    this.require(tenantId);
    const owners = await this.owners();
    if (!owners.some((owner) => owner.openid === openid)) throw new NotFoundException('No such phone in the sandbox');
    if (input.picture) {
      const data = readPicture('photo.png');
      await this.push(openid, { type: 'image', mediaId: '' }, { type: 'image', from: openid, file: { data, contentType: 'image/png', filename: 'photo.png' } });
      return;
    }
    const text = input.text ?? '';
    if (!text.trim()) throw badRequest('text must not be empty, or send a picture');
    await this.push(openid, { type: 'text', text }, { type: 'text', from: openid, content: text });
  }

  /** A picture the relay sent or a phone sent, as WeChat keeps it. */
  mediaFile(tenantId: string, mediaId: string): { data: Buffer; contentType: string } {
    const { sim } = this.require(tenantId);
    const media = sim.state.media.findAnyLive(mediaId);
    if (!media || media.appId !== DEMO.channel.appId) throw new NotFoundException('No such picture (WeChat keeps media for 3 days)');
    return { data: media.data, contentType: media.contentType };
  }

  // ---- start and seed ----------------------------------------------------------------------------

  private async start(server: Server): Promise<void> {
    if (this.config.sandbox.mode === 'auto' && (await this.channels.existsBesides([DEMO.channel.appId]))) {
      this.state = 'off';
      this.logger.log('Sandbox off: a real channel is connected (SANDBOX=on starts it anyway)');
      return;
    }
    const { startWechatSim } = await import('@kefu/wechat-sim');
    this.sim = await startWechatSim({ port: this.config.sandbox.simPort, host: '127.0.0.1' });
    if (this.closing) return;

    const { tenantId, password } = await this.ensureTenant();
    await this.ensureSeats(tenantId);
    const channel = await this.ensureChannel(tenantId, webhookBase(server));
    await this.ensureAgents(tenantId);
    await this.ensureKnowledge(tenantId);
    await this.ensureSettings(tenantId);
    this.demo = { tenantId, ...channel };

    // WeChat lets the relay write to an agent only after the agent wrote (D2): each starts the day.
    for (const agent of DEMO.agents) await this.push(agent.openid, { type: 'text', text: '上班' }, { type: 'text', from: agent.openid, content: '上班' });
    if (password) await this.enter(DEMO.firstCustomer);
    this.state = 'ready';
    this.announce(password);
  }

  private async ensureTenant(): Promise<{ tenantId: string; password: string | null }> {
    const user = await this.users.findForLogin(DEMO.username);
    if (user) {
      if (user.role !== 'tenant_admin' || !user.tenantId) {
        throw new Error(`the username "${DEMO.username}" belongs to another account; the demo shop needs it`);
      }
      return { tenantId: user.tenantId, password: null };
    }
    const password = this.config.env === 'development' ? DEMO.developmentPassword : randomBytes(9).toString('base64url');
    const tenant = await this.tenants.create({ name: DEMO.tenantName, adminUsername: DEMO.username, adminPassword: password });
    return { tenantId: tenant.id, password };
  }

  /** Multi-agent seats, granted as the superadmin would (G2). */
  private async ensureSeats(tenantId: string): Promise<void> {
    const license = await this.licensing.get(tenantId);
    if (license.mode === 'multi') return;
    const granter = (await this.users.findForLogin(this.config.superadmin.username)) ?? (await this.users.findForLogin(DEMO.username));
    if (!granter) throw new Error('no account to grant the demo its seats');
    await this.licensing.change(
      tenantId,
      { id: granter.id, username: granter.username, role: granter.role, tenantId: granter.tenantId },
      { seats: DEMO.seats },
    );
  }

  private async ensureChannel(tenantId: string, webhookBaseUrl: string): Promise<Omit<Demo, 'tenantId'>> {
    const sim = this.sim!;
    const { appId, originalId, name } = DEMO.channel;
    this.apiBase.route(appId, sim.url);
    const existing = (await this.channels.list(tenantId)).find((channel) => channel.appId.toLowerCase() === appId.toLowerCase());
    let channelId = existing?.id;
    if (!channelId) {
      const appSecret = randomBytes(16).toString('hex');
      sim.registerApp({ appId, secret: appSecret, kind: 'miniprogram', originalId });
      channelId = (await this.channels.create(tenantId, { name, kind: 'miniprogram', mode: 'secure', format: 'json', appId, appSecret, originalId })).id;
    }
    const credentials = (await this.channels.credentials(channelId))!;
    sim.registerApp({ appId, secret: credentials.appSecret, kind: 'miniprogram', originalId: credentials.originalId });
    return {
      channelId,
      push: {
        url: `${webhookBaseUrl}/wechat/${channelId}`,
        token: credentials.token,
        encodingAesKey: credentials.encodingAesKey,
        appId,
        originalId: credentials.originalId,
        mode: credentials.mode,
        format: credentials.format,
      },
    };
  }

  private async ensureAgents(tenantId: string): Promise<void> {
    const present = new Set((await this.agents.list(tenantId)).map((agent) => agent.nickname));
    for (const agent of DEMO.agents) {
      if (!present.has(agent.nickname)) await this.agents.create(tenantId, { nickname: agent.nickname, openid: agent.openid, isAdmin: agent.isAdmin });
    }
  }

  /** Seeded into an empty knowledge base only, so items a newcomer deleted stay deleted. */
  private async ensureKnowledge(tenantId: string): Promise<void> {
    if ((await this.knowledge.list(tenantId, { pageSize: 1 })).total > 0) return;
    const upload = async (name: 'contact.png' | 'cover.png') =>
      (await this.media.upload(tenantId, { data: readPicture(name), filename: name }, 'image')).asset.id;
    const items = demoKnowledge(
      { contact: await upload('contact.png'), cover: await upload('cover.png') },
      `${this.config.http.publicBaseUrl}/api/sandbox/pictures/qq.png`,
    );
    for (const item of items) await this.knowledge.create(tenantId, item);
  }

  private async ensureSettings(tenantId: string): Promise<void> {
    const current = await this.settings.get(tenantId);
    if (current.updatedAt !== null) return;
    await this.settings.update(tenantId, { welcomeItemNumber: 1, farewell: { type: 'text', text: DEMO.farewell } });
  }

  private announce(password: string | null): void {
    const address = `${this.config.http.publicBaseUrl}/sandbox`;
    this.logger.log(`Sandbox ready: the demo shop ${DEMO.tenantName} at ${address} (WeChat simulated at ${this.sim!.url})`);
    if (password && password !== DEMO.developmentPassword) {
      // Printed once, outside the structured log, like the superadmin's generated password.
      process.stdout.write(
        `\n  Sandbox: the demo shop ${DEMO.tenantName} is ready. Sign in at ${address} with\n` +
          `    username: ${DEMO.username}\n    password: ${password}\n  This password is shown only once.\n\n`,
      );
    } else if (this.config.env === 'development') {
      process.stdout.write(`\n  Sandbox: sign in at ${address} as ${DEMO.username} / ${DEMO.developmentPassword}\n\n`);
    }
  }

  // ---- phones ------------------------------------------------------------------------------------

  /** For requests: the sandbox is ready and this is the demo's tenant. */
  private require(tenantId: string): { sim: WechatSim; demo: Demo } {
    if (this.state === 'starting') throw new ServiceUnavailableException('The sandbox is starting; try again in a moment');
    if (this.state !== 'ready' || !this.sim || !this.demo) throw new NotFoundException('The sandbox is off');
    if (tenantId !== this.demo.tenantId) throw new NotFoundException(`Only the demo shop ${DEMO.tenantName} has a sandbox`);
    return { sim: this.sim, demo: this.demo };
  }

  private async enter(nickname: string): Promise<string> {
    const openid = `o_demo_${randomBytes(8).toString('hex')}`;
    this.added.set(openid, nickname);
    await this.push(openid, { type: 'enter' }, { type: 'user_enter_tempsession', from: openid, sessionFrom: JSON.stringify({ nickname }) });
    return openid;
  }

  /** Customers first (by number), then agents, as the relay knows them. */
  private async owners(): Promise<PhoneOwner[]> {
    const demo = this.demo!;
    const tenantId = demo.tenantId;
    const [agents, customers] = await Promise.all([
      this.agents.list(tenantId),
      this.conversations.listCustomers(tenantId, { page: 1, pageSize: CUSTOMER_PAGE }),
    ]);
    const agentOpenids = new Set(agents.map((agent) => agent.openid));
    const known = customers.items
      .filter((customer) => customer.channelId === demo.channelId && !agentOpenids.has(customer.openid))
      .sort((a, b) => a.number - b.number)
      .map((customer): PhoneOwner => ({
        openid: customer.openid,
        name: customer.nickname ?? this.added.get(customer.openid) ?? `#${customer.number}`,
        role: 'customer',
        number: customer.number,
        isAdmin: false,
      }));
    const listed = new Set(known.map((customer) => customer.openid));
    const pending = [...this.added]
      .filter(([openid]) => !listed.has(openid))
      .map(([openid, name]): PhoneOwner => ({ openid, name, role: 'customer', number: null, isAdmin: false }));
    const staff = agents
      .filter((agent) => agent.openid !== null)
      .map((agent): PhoneOwner => ({ openid: agent.openid!, name: agent.nickname, role: 'agent', number: null, isAdmin: agent.isAdmin }));
    return [...known, ...pending, ...staff];
  }

  /** Records what the person did, then delivers it to the webhook as WeChat would. */
  private async push(openid: string, shown: SandboxBubble, message: PhoneMessage): Promise<void> {
    const sim = this.sim!;
    const channel = this.demo!.push;
    const entry: Typed = { content: shown, at: sim.clock.now() };
    let list = this.typed.get(openid);
    if (!list) this.typed.set(openid, (list = []));
    list.push(entry);
    const result = await sim.push(channel, message);
    if (result.media.mediaId && entry.content.type === 'image') entry.content = { type: 'image', mediaId: result.media.mediaId };
    if (!result.delivered) {
      const last = result.attempts.at(-1);
      throw new BadGatewayException(`The relay did not accept the push: ${last?.error ?? `HTTP ${last?.status ?? '?'} ${last?.body ?? ''}`}`);
    }
  }
}

/** Where this process answers HTTP, as the simulator on the same machine reaches it. */
function webhookBase(server: Server): string {
  const address = server.address() as AddressInfo;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function badRequest(message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });
}
