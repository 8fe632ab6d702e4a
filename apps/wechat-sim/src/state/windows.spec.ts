import { describe, expect, it } from 'vitest';
import { applyAction, judgeWindow } from './windows';

const H = 3600_000;

describe('applyAction', () => {
  it('a message resets to 5 / 48 h from its time', () => {
    expect(applyAction({ remaining: 1, expiresAt: 10 * H, openedBy: 'message' }, 'message', 'miniprogram', H)).toEqual({
      remaining: 5,
      expiresAt: 49 * H,
      openedBy: 'message',
    });
  });

  it('enter session on a closed window opens 2 / 60 s', () => {
    expect(applyAction({ remaining: 3, expiresAt: H, openedBy: 'message' }, 'enter_session', 'miniprogram', H)).toEqual({
      remaining: 2,
      expiresAt: H + 60_000,
      openedBy: 'enter_session',
    });
  });

  it('enter session on an open window takes the larger count and deadline', () => {
    const open = { remaining: 0, expiresAt: 30_000, openedBy: 'enter_session' as const };
    expect(applyAction(open, 'enter_session', 'miniprogram', 10_000)).toEqual({
      remaining: 2,
      expiresAt: 70_000,
      openedBy: 'enter_session',
    });
  });

  it('unsubscribe removes the window; unknown combinations leave it alone', () => {
    const open = { remaining: 2, expiresAt: H, openedBy: 'message' as const };
    expect(applyAction(open, 'unsubscribe', 'official_account', 0)).toBeUndefined();
    expect(applyAction(open, 'menu_click', 'miniprogram', 0)).toBe(open);
  });

  it('judgeWindow', () => {
    expect(judgeWindow(undefined, 0)).toBe('closed');
    expect(judgeWindow({ remaining: 1, expiresAt: 5, openedBy: 'message' }, 5)).toBe('closed');
    expect(judgeWindow({ remaining: 0, expiresAt: 5, openedBy: 'message' }, 4)).toBe('used_up');
    expect(judgeWindow({ remaining: 1, expiresAt: 5, openedBy: 'message' }, 4)).toBe('open');
  });
});
