import type { FastifyInstance } from 'fastify';
import { SimClock, type SimClockOptions } from './clock';
import { handshake, type HandshakeOptions, type HandshakeResult } from './phone/handshake';
import type { PhoneFile, PhoneMessage, PushChannel } from './phone/messages';
import { pushToRelay, type PushOptions, type PushResult } from './phone/push';
import { fileOrDefault } from './phone/default-files';
import { buildServer } from './server';
import type { AppRegistration, RegisteredApp } from './state/apps';
import type { ActiveFault, FaultSpec } from './state/faults';
import type { InboxEntry } from './state/inbox';
import type { MediaType, StoredMedia } from './state/media';
import { SimState } from './state/sim-state';
import type { AppUser } from './state/users';
import type { SendWindow, UserAction } from './state/windows';

export interface WechatSimOptions {
  /** Default 0: any free port (see `url`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** access_token lifetime; default 7200. */
  tokenTtlSeconds?: number;
  /** How long a replaced classic token keeps working, and the stable token's renewal period; default 300. */
  tokenOverlapSeconds?: number;
  /** Sends allowed within 48 h after a user message to an official account (default 5). */
  officialAccountMessageQuota?: number;
  /** A clock to share with the test, or options for a new one (default: real time, movable by `advance`). */
  clock?: SimClock | SimClockOptions;
  apps?: AppRegistration[];
  logger?: boolean;
}

/** A running fake WeChat: the HTTP API at `url` plus direct, typed access for tests. */
export class WechatSim {
  private constructor(
    private readonly server: FastifyInstance,
    readonly state: SimState,
    readonly url: string,
  ) {}

  static async start(options: WechatSimOptions = {}): Promise<WechatSim> {
    const state = new SimState({
      clock: options.clock instanceof SimClock ? options.clock : new SimClock(options.clock),
      tokenPolicy: {
        ...(options.tokenTtlSeconds !== undefined ? { ttlSeconds: options.tokenTtlSeconds } : {}),
        ...(options.tokenOverlapSeconds !== undefined ? { overlapSeconds: options.tokenOverlapSeconds } : {}),
      },
      windowRules:
        options.officialAccountMessageQuota !== undefined
          ? { messageQuota: { miniprogram: 5, official_account: options.officialAccountMessageQuota } }
          : {},
    });
    for (const app of options.apps ?? []) state.apps.register(app);
    const server = await buildServer(state, { logger: options.logger });
    const host = options.host ?? '127.0.0.1';
    await server.listen({ port: options.port ?? 0, host });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    state.publicUrl = url;
    return new WechatSim(server, state, url);
  }

  get clock(): SimClock {
    return this.state.clock;
  }

  registerApp(registration: AppRegistration): RegisteredApp {
    return this.state.apps.register(registration);
  }

  /** Records a user action without delivering a push (e.g. when no relay is listening). */
  interact(appId: string, openid: string, action: UserAction): AppUser {
    const app = this.state.apps.get(appId);
    if (!app) throw new TypeError(`app ${appId} is not registered in the simulator`);
    return this.state.users.recordAction(app, openid, action);
  }

  /** The user acts on their phone; the push is delivered to the relay with WeChat's retries. */
  push(channel: PushChannel, message: PhoneMessage, options?: PushOptions): Promise<PushResult> {
    return pushToRelay(this.state, channel, message, options);
  }

  handshake(url: string, token: string, options: HandshakeOptions = {}): Promise<HandshakeResult> {
    return handshake(url, token, { timestamp: String(this.clock.nowSeconds()), ...options });
  }

  /** What the relay delivered (accepted custom/send calls), oldest first. */
  inbox(appId?: string, openid?: string): InboxEntry[] {
    return this.state.inbox.list(appId, openid);
  }

  user(appId: string, openid: string): AppUser | undefined {
    return this.state.users.get(appId, openid);
  }

  window(appId: string, openid: string): SendWindow | undefined {
    const window = this.state.users.get(appId, openid)?.window;
    return window ? { ...window } : undefined;
  }

  isTyping(appId: string, openid: string): boolean {
    const until = this.state.users.get(appId, openid)?.typingUntil;
    return until !== undefined && this.clock.now() < until;
  }

  /** Stores media for an app as if uploaded, without HTTP. */
  addMedia(appId: string, type: MediaType, file?: PhoneFile): StoredMedia {
    return this.state.media.save({ appId, type, ...fileOrDefault(type, file) });
  }

  injectFault(fault: FaultSpec): void {
    this.state.faults.inject(fault);
  }

  pendingFaults(): ActiveFault[] {
    return this.state.faults.pending();
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  /** The token's next use answers 40001. */
  revokeToken(accessToken: string): boolean {
    return this.state.tokens.revoke(accessToken);
  }

  revokeTokens(appId: string): number {
    return this.state.tokens.revokeAll(appId);
  }

  /** Forgets users, tokens, media, inbox and faults; apps stay registered. */
  reset(): void {
    this.state.reset();
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

export function startWechatSim(options?: WechatSimOptions): Promise<WechatSim> {
  return WechatSim.start(options);
}
