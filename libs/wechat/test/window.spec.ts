import { describe, expect, it } from 'vitest';
import { applyUserAction, MINI_PROGRAM_WINDOW_RULES, officialAccountWindowRules, sendWindow, type UserAction } from '../src';

const MIN = 60_000;
const HOUR = 60 * MIN;
const t0 = 1_700_000_000_000;
const mp = MINI_PROGRAM_WINDOW_RULES;

describe('mini-program window', () => {
  it('is closed without any interaction', () => {
    expect(sendWindow({ actions: [], sends: [], now: t0, rules: mp })).toEqual({ open: false, reason: 'no_interaction' });
  });

  it('a user message opens 5 messages for 48 h; each send uses one', () => {
    const actions: UserAction[] = [{ kind: 'message', at: t0 }];
    expect(sendWindow({ actions, sends: [], now: t0, rules: mp })).toEqual({ open: true, remaining: 5, expiresAt: t0 + 48 * HOUR });
    expect(sendWindow({ actions, sends: [t0 + 1, t0 + 2], now: t0 + 3, rules: mp })).toEqual({ open: true, remaining: 3, expiresAt: t0 + 48 * HOUR });
    const five = [1, 2, 3, 4, 5].map((i) => t0 + i);
    expect(sendWindow({ actions, sends: five, now: t0 + 10, rules: mp })).toEqual({ open: false, reason: 'quota_used', expiresAt: t0 + 48 * HOUR });
  });

  it('closes at the deadline', () => {
    const actions: UserAction[] = [{ kind: 'message', at: t0 }];
    expect(sendWindow({ actions, sends: [], now: t0 + 48 * HOUR, rules: mp })).toEqual({ open: false, reason: 'expired', expiresAt: t0 + 48 * HOUR });
  });

  it('a new message resets to 5, not 5 + what was left (not cumulative)', () => {
    const actions: UserAction[] = [
      { kind: 'message', at: t0 },
      { kind: 'message', at: t0 + HOUR },
    ];
    expect(sendWindow({ actions, sends: [t0 + 1, t0 + 2], now: t0 + HOUR, rules: mp })).toEqual({ open: true, remaining: 5, expiresAt: t0 + 49 * HOUR });
  });

  it('entering the session alone gives 2 messages for one minute', () => {
    const actions: UserAction[] = [{ kind: 'enter_session', at: t0 }];
    expect(sendWindow({ actions, sends: [], now: t0, rules: mp })).toEqual({ open: true, remaining: 2, expiresAt: t0 + MIN });
    expect(sendWindow({ actions, sends: [], now: t0 + MIN, rules: mp })).toMatchObject({ open: false, reason: 'expired' });
  });

  it('entering the session while a message window is open keeps the larger allowance and later deadline', () => {
    const actions: UserAction[] = [
      { kind: 'message', at: t0 },
      { kind: 'enter_session', at: t0 + HOUR },
    ];
    expect(sendWindow({ actions, sends: [t0 + 1], now: t0 + HOUR, rules: mp })).toEqual({ open: true, remaining: 4, expiresAt: t0 + 48 * HOUR });
    const used = [1, 2, 3, 4].map((i) => t0 + i);
    expect(sendWindow({ actions, sends: used, now: t0 + HOUR, rules: mp })).toEqual({ open: true, remaining: 2, expiresAt: t0 + 48 * HOUR });
  });

  it('entering the session after the quota was used reopens 2 messages', () => {
    const actions: UserAction[] = [
      { kind: 'message', at: t0 },
      { kind: 'enter_session', at: t0 + HOUR },
    ];
    const five = [1, 2, 3, 4, 5].map((i) => t0 + i);
    expect(sendWindow({ actions, sends: five, now: t0 + HOUR, rules: mp })).toEqual({ open: true, remaining: 2, expiresAt: t0 + HOUR + MIN });
  });

  it('ignores sends outside a window and events in the future', () => {
    const actions: UserAction[] = [{ kind: 'message', at: t0 }];
    expect(sendWindow({ actions, sends: [t0 - 5], now: t0, rules: mp })).toMatchObject({ remaining: 5 });
    expect(sendWindow({ actions, sends: [t0 + 10], now: t0 + 5, rules: mp })).toMatchObject({ remaining: 5 });
    expect(sendWindow({ actions: [{ kind: 'message', at: t0 + 10 }], sends: [], now: t0, rules: mp })).toMatchObject({ open: false, reason: 'no_interaction' });
  });

  it('does not let official-account actions open a mini-program window', () => {
    expect(applyUserAction(undefined, { kind: 'subscribe', at: t0 }, mp)).toBeUndefined();
  });
});

describe('official-account window', () => {
  const oa = officialAccountWindowRules();

  it('follow, menu click and scan give 3 messages for one minute', () => {
    for (const kind of ['subscribe', 'menu_click', 'scan'] as const) {
      expect(sendWindow({ actions: [{ kind, at: t0 }], sends: [t0 + 1], now: t0 + 2, rules: oa })).toEqual({ open: true, remaining: 2, expiresAt: t0 + MIN });
    }
  });

  it('a menu click during a message window does not shorten it', () => {
    const actions: UserAction[] = [
      { kind: 'message', at: t0 },
      { kind: 'menu_click', at: t0 + HOUR },
    ];
    expect(sendWindow({ actions, sends: [], now: t0 + HOUR, rules: oa })).toEqual({ open: true, remaining: 5, expiresAt: t0 + 48 * HOUR });
  });

  it('numbers are configurable (e.g. the 2021 rule of 20 per 48 h)', () => {
    const rules = officialAccountWindowRules({ messageAllowance: 20, interactionAllowance: 1, interactionDurationMs: 30_000 });
    expect(sendWindow({ actions: [{ kind: 'message', at: t0 }], sends: [], now: t0, rules })).toMatchObject({ remaining: 20 });
    expect(sendWindow({ actions: [{ kind: 'scan', at: t0 }], sends: [], now: t0, rules })).toEqual({ open: true, remaining: 1, expiresAt: t0 + 30_000 });
  });

  it('a payment opens an unlimited 48-hour window', () => {
    const sends = Array.from({ length: 50 }, (_, i) => t0 + i + 1);
    expect(sendWindow({ actions: [{ kind: 'payment', at: t0 }], sends, now: t0 + 100, rules: oa })).toEqual({
      open: true,
      remaining: Infinity,
      expiresAt: t0 + 48 * HOUR,
    });
  });
});
