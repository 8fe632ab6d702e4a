import { SimClock } from '../clock';
import { AppRegistry } from './apps';
import { FaultQueue } from './faults';
import { Inbox } from './inbox';
import { MediaStore } from './media';
import { DEFAULT_TOKEN_POLICY, TokenStore, type TokenPolicy } from './tokens';
import { UserDirectory } from './users';
import { DEFAULT_WINDOW_RULES, type WindowRules } from './windows';

export interface SimStateOptions {
  clock?: SimClock;
  tokenPolicy?: Partial<TokenPolicy>;
  windowRules?: Partial<WindowRules>;
}

/** Everything the fake WeChat remembers; routes and the phone side share one instance. */
export class SimState {
  readonly clock: SimClock;
  readonly apps = new AppRegistry();
  readonly users: UserDirectory;
  readonly tokens: TokenStore;
  readonly media: MediaStore;
  readonly inbox = new Inbox();
  readonly faults = new FaultQueue();
  /** Base URL of the running server, for links the sim hands out (PicUrl, video_url). */
  publicUrl = '';

  constructor(options: SimStateOptions = {}) {
    this.clock = options.clock ?? new SimClock();
    this.users = new UserDirectory(this.clock, { ...DEFAULT_WINDOW_RULES, ...options.windowRules });
    this.tokens = new TokenStore(this.clock, { ...DEFAULT_TOKEN_POLICY, ...options.tokenPolicy });
    this.media = new MediaStore(this.clock);
  }

  /** Forgets users, tokens, media, inbox and faults; registered apps stay. */
  reset(): void {
    this.users.clear();
    this.tokens.clear();
    this.media.clear();
    this.inbox.clear();
    this.faults.clear();
  }
}
