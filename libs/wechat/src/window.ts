/*
 * Customer-service sending windows (protocol §7.1, §7.2).
 *
 * Each user action opens a window: an allowance of messages valid for a duration. Allowances are
 * "not cumulative": a new action does not add to what is left, it raises the allowance to the
 * action's own limit (if that is more) and the deadline to the later of the two:
 *
 *   if the window is open:  remaining = max(remaining, allowance), expiresAt = max(expiresAt, at + duration)
 *   otherwise:              remaining = allowance,                 expiresAt = at + duration
 *
 * A user message therefore resets a mini-program window to 5 messages / 48 h, and entering the chat
 * gives max(remaining, 2) and max(expiresAt, at + 60 s). Every successful send uses one message.
 * WeChat's word is final: on 45015 or 45047 treat the window as closed whatever this model says.
 *
 * All times are Unix epoch milliseconds (a push's CreateTime is seconds: multiply by 1000).
 */

export type UserActionKind = 'message' | 'enter_session' | 'subscribe' | 'menu_click' | 'scan' | 'payment';

export interface UserAction {
  kind: UserActionKind;
  at: number;
}

export interface WindowAllowance {
  /** Messages allowed; `Infinity` for unlimited. */
  messages: number;
  durationMs: number;
}

/** The window each kind of action opens; kinds left out open nothing. */
export type WindowRules = Partial<Record<UserActionKind, WindowAllowance>>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const MINI_PROGRAM_WINDOW_RULES: WindowRules = {
  message: { messages: 5, durationMs: 48 * HOUR },
  enter_session: { messages: 2, durationMs: MINUTE },
};

export interface OfficialAccountWindowOptions {
  /** Messages after a user message: 5 today (20 in 2021, unlimited before). */
  messageAllowance?: number;
  messageDurationMs?: number;
  /** Messages after a follow, menu click or parameter-QR scan. */
  interactionAllowance?: number;
  interactionDurationMs?: number;
}

/** Official-account rules; every number is configurable because WeChat has changed them before. */
export function officialAccountWindowRules(options: OfficialAccountWindowOptions = {}): WindowRules {
  const interaction: WindowAllowance = {
    messages: options.interactionAllowance ?? 3,
    durationMs: options.interactionDurationMs ?? MINUTE,
  };
  return {
    message: { messages: options.messageAllowance ?? 5, durationMs: options.messageDurationMs ?? 48 * HOUR },
    subscribe: interaction,
    menu_click: interaction,
    scan: interaction,
    payment: { messages: Infinity, durationMs: 48 * HOUR },
  };
}

export type SendWindow =
  | { open: true; remaining: number; expiresAt: number }
  | { open: false; reason: 'no_interaction' | 'expired' | 'quota_used'; expiresAt?: number };

interface OpenState {
  remaining: number;
  expiresAt: number;
}

/** Applies one user action at `action.at` to a window state (undefined = never opened). */
export function applyUserAction(state: OpenState | undefined, action: UserAction, rules: WindowRules): OpenState | undefined {
  const allowance = rules[action.kind];
  if (!allowance) return state;
  const opened = { remaining: allowance.messages, expiresAt: action.at + allowance.durationMs };
  if (!state || !isOpen(state, action.at)) return opened;
  return {
    remaining: Math.max(state.remaining, opened.remaining),
    expiresAt: Math.max(state.expiresAt, opened.expiresAt),
  };
}

function isOpen(state: OpenState, at: number): boolean {
  return at < state.expiresAt && state.remaining > 0;
}

/**
 * The window at `now`, given the user's actions and the successful sends (their times) since the
 * first of them. Sends outside an open window are ignored (WeChat would have refused them).
 */
export function sendWindow(input: {
  actions: readonly UserAction[];
  sends: readonly number[];
  now: number;
  rules: WindowRules;
}): SendWindow {
  type Step = { at: number; action?: UserAction };
  // Actions sort before sends at the same instant: the send was made possible by the action.
  const steps: Step[] = [
    ...input.actions.map((action): Step => ({ at: action.at, action })),
    ...input.sends.map((at): Step => ({ at })),
  ].sort((a, b) => a.at - b.at || (a.action ? 0 : 1) - (b.action ? 0 : 1));

  let state: OpenState | undefined;
  for (const step of steps) {
    if (step.at > input.now) break;
    if (step.action) state = applyUserAction(state, step.action, input.rules);
    else if (state && isOpen(state, step.at)) state = { ...state, remaining: state.remaining - 1 };
  }
  if (!state) return { open: false, reason: 'no_interaction' };
  if (input.now >= state.expiresAt) return { open: false, reason: 'expired', expiresAt: state.expiresAt };
  if (state.remaining <= 0) return { open: false, reason: 'quota_used', expiresAt: state.expiresAt };
  return { open: true, remaining: state.remaining, expiresAt: state.expiresAt };
}
