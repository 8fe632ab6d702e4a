import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WechatSim } from '../src';
import { HOUR, MINUTE, MP, OA, send, startTestSim, text, tokenFor } from './helpers';

describe('sending windows (protocol §7), per app and openid', () => {
  let sim: WechatSim;
  let mp: string;
  let oa: string;
  beforeEach(async () => {
    sim = await startTestSim();
    mp = await tokenFor(sim, MP);
    oa = await tokenFor(sim, OA);
  });
  afterEach(() => sim.close());

  const sendMany = async (token: string, openid: string, count: number) => {
    const codes: number[] = [];
    for (let i = 0; i < count; i++) codes.push(Number((await send(sim, token, text(openid, `m${i}`))).errcode));
    return codes;
  };
  const refresh = async () => {
    mp = await tokenFor(sim, MP);
    oa = await tokenFor(sim, OA);
  };

  it('a user message allows 5 sends; the 6th is 45047', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    expect(await sendMany(mp, 'oA', 6)).toEqual([0, 0, 0, 0, 0, 45047]);
    expect(sim.inbox(MP.appId, 'oA')).toHaveLength(5);
  });

  it('the message window lasts 48 h, then 45015', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    sim.clock.advance(48 * HOUR - 1);
    await refresh();
    expect(await sendMany(mp, 'oA', 1)).toEqual([0]);
    sim.clock.advance(1);
    expect(await sendMany(mp, 'oA', 1)).toEqual([45015]);
  });

  it('a known user without an open window gets 45015 (not 45047)', async () => {
    sim.interact(MP.appId, 'oA', 'enter_session');
    sim.clock.advance(MINUTE);
    expect(await sendMany(mp, 'oA', 1)).toEqual([45015]);
  });

  it('user_enter_tempsession allows 2 sends within 1 minute', async () => {
    sim.interact(MP.appId, 'oA', 'enter_session');
    expect(await sendMany(mp, 'oA', 3)).toEqual([0, 0, 45047]);
    sim.interact(MP.appId, 'oB', 'enter_session');
    sim.clock.advance(59_999);
    expect(await sendMany(mp, 'oB', 1)).toEqual([0]);
    sim.clock.advance(1);
    expect(await sendMany(mp, 'oB', 1)).toEqual([45015]);
  });

  it('allowances do not add up: a new message resets to 5, not remaining + 5', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    await sendMany(mp, 'oA', 3);
    sim.interact(MP.appId, 'oA', 'message');
    expect(sim.window(MP.appId, 'oA')?.remaining).toBe(5);
    expect(await sendMany(mp, 'oA', 6)).toEqual([0, 0, 0, 0, 0, 45047]);
  });

  it('entering the session keeps a larger open window and tops up a used-up one to 2', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    await sendMany(mp, 'oA', 1);
    sim.interact(MP.appId, 'oA', 'enter_session');
    expect(sim.window(MP.appId, 'oA')).toMatchObject({ remaining: 4, expiresAt: sim.clock.now() + 48 * HOUR });
    await sendMany(mp, 'oA', 4);
    sim.interact(MP.appId, 'oA', 'enter_session');
    expect(sim.window(MP.appId, 'oA')?.remaining).toBe(2);
    expect(await sendMany(mp, 'oA', 3)).toEqual([0, 0, 45047]);
  });

  it('a user message after entering the session opens the full 5 / 48 h', async () => {
    sim.interact(MP.appId, 'oA', 'enter_session');
    sim.interact(MP.appId, 'oA', 'message');
    sim.clock.advance(2 * MINUTE);
    expect(await sendMany(mp, 'oA', 6)).toEqual([0, 0, 0, 0, 0, 45047]);
  });

  it('windows are per openid and per app', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    sim.interact(MP.appId, 'oB', 'message');
    await sendMany(mp, 'oA', 5);
    expect(await sendMany(mp, 'oA', 1)).toEqual([45047]);
    expect(await sendMany(mp, 'oB', 1)).toEqual([0]);
    sim.interact(OA.appId, 'oA', 'message');
    expect(await sendMany(oa, 'oA', 1)).toEqual([0]);
  });

  describe('official account', () => {
    it.each(['subscribe', 'menu_click', 'scan'] as const)('%s allows 3 sends within 1 minute', async (action) => {
      sim.interact(OA.appId, 'oA', action);
      expect(await sendMany(oa, 'oA', 4)).toEqual([0, 0, 0, 45047]);
      sim.interact(OA.appId, 'oB', action);
      sim.clock.advance(MINUTE);
      expect(await sendMany(oa, 'oB', 1)).toEqual([45015]);
    });

    it('a user message allows 5 within 48 h (configurable)', async () => {
      sim.interact(OA.appId, 'oA', 'message');
      expect(await sendMany(oa, 'oA', 6)).toEqual([0, 0, 0, 0, 0, 45047]);
      await sim.close();
      sim = await startTestSim({ officialAccountMessageQuota: 20 });
      await refresh();
      sim.interact(OA.appId, 'oA', 'message');
      expect((await sendMany(oa, 'oA', 21)).filter((code) => code === 0)).toHaveLength(20);
    });

    it('the enter-session event opens nothing for an official account, subscribe nothing for a mini-program', async () => {
      sim.interact(OA.appId, 'oA', 'enter_session');
      expect(await sendMany(oa, 'oA', 1)).toEqual([45015]);
      sim.interact(MP.appId, 'oA', 'subscribe');
      expect(await sendMany(mp, 'oA', 1)).toEqual([45015]);
    });

    it('unsubscribe closes the window: 43004', async () => {
      sim.interact(OA.appId, 'oA', 'message');
      sim.interact(OA.appId, 'oA', 'unsubscribe');
      expect(await sendMany(oa, 'oA', 1)).toEqual([43004]);
    });
  });
});
