import type { SimClock } from '../clock';
import type { RegisteredApp } from './apps';
import { applyAction, type SendWindow, type UserAction, type WindowRules, DEFAULT_WINDOW_RULES } from './windows';

/** One person as seen by one app: openids are per app, so the key is (appId, openid). */
export interface AppUser {
  appId: string;
  openid: string;
  firstSeenAt: number;
  /** Official accounts only: false after unsubscribe (sends then answer 43004). */
  following: boolean;
  lastMessageAt?: number;
  window?: SendWindow;
  typingUntil?: number;
}

const key = (appId: string, openid: string) => `${appId}\u0000${openid}`;

export class UserDirectory {
  private readonly users = new Map<string, AppUser>();

  constructor(
    private readonly clock: SimClock,
    private readonly rules: WindowRules = DEFAULT_WINDOW_RULES,
  ) {}

  get(appId: string, openid: string): AppUser | undefined {
    return this.users.get(key(appId, openid));
  }

  /** Records what the user did on their phone at `at` (default: now) and updates the window. */
  recordAction(app: RegisteredApp, openid: string, action: UserAction, at: number = this.clock.now()): AppUser {
    const user = this.get(app.appId, openid) ?? {
      appId: app.appId,
      openid,
      firstSeenAt: at,
      following: true,
    };
    this.users.set(key(app.appId, openid), user);
    user.following = action !== 'unsubscribe';
    if (action === 'message') user.lastMessageAt = at;
    user.window = applyAction(user.window, action, app.kind, at, this.rules);
    if (action === 'unsubscribe') user.typingUntil = undefined;
    return user;
  }

  clear(): void {
    this.users.clear();
  }
}
