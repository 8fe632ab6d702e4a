import type { AppKind } from './apps';

/** What the user did; each action opens (or refreshes) a sending window (protocol §7). */
export type UserAction = 'message' | 'enter_session' | 'subscribe' | 'unsubscribe' | 'menu_click' | 'scan';

export const USER_ACTIONS: readonly UserAction[] = [
  'message',
  'enter_session',
  'subscribe',
  'unsubscribe',
  'menu_click',
  'scan',
];

export interface SendWindow {
  remaining: number;
  expiresAt: number;
  openedBy: UserAction;
}

export interface WindowRules {
  /** Sends allowed after a user message (MP: 5; OA: 5 today, 20 in 2021, configurable). */
  messageQuota: Record<AppKind, number>;
  messageWindowMs: number;
}

export const DEFAULT_WINDOW_RULES: WindowRules = {
  messageQuota: { miniprogram: 5, official_account: 5 },
  messageWindowMs: 48 * 3600_000,
};

const MINUTE = 60_000;

/** The allowance an action grants, or undefined when the action opens nothing for this kind of app. */
function grantOf(action: UserAction, kind: AppKind, rules: WindowRules): { count: number; ms: number } | undefined {
  if (action === 'message') return { count: rules.messageQuota[kind], ms: rules.messageWindowMs };
  if (kind === 'miniprogram') return action === 'enter_session' ? { count: 2, ms: MINUTE } : undefined;
  return action === 'subscribe' || action === 'menu_click' || action === 'scan' ? { count: 3, ms: MINUTE } : undefined;
}

/**
 * Applies a user action to the current window. Allowances do not add up:
 * a user message resets to its full allowance; a short action (enter session, follow, menu click, scan)
 * raises the count and the deadline to at least its own, keeping whatever of a longer window is larger.
 */
export function applyAction(
  current: SendWindow | undefined,
  action: UserAction,
  kind: AppKind,
  at: number,
  rules: WindowRules = DEFAULT_WINDOW_RULES,
): SendWindow | undefined {
  if (action === 'unsubscribe') return undefined;
  const grant = grantOf(action, kind, rules);
  if (!grant) return current;
  if (action === 'message') return { remaining: grant.count, expiresAt: at + grant.ms, openedBy: action };
  const stillOpen = current && current.expiresAt > at ? current : undefined;
  if (!stillOpen) return { remaining: grant.count, expiresAt: at + grant.ms, openedBy: action };
  return {
    remaining: Math.max(stillOpen.remaining, grant.count),
    expiresAt: Math.max(stillOpen.expiresAt, at + grant.ms),
    openedBy: stillOpen.expiresAt >= at + grant.ms ? stillOpen.openedBy : action,
  };
}

export type WindowVerdict = 'open' | 'closed' | 'used_up';

export function judgeWindow(window: SendWindow | undefined, now: number): WindowVerdict {
  if (!window || window.expiresAt <= now) return 'closed';
  return window.remaining > 0 ? 'open' : 'used_up';
}
