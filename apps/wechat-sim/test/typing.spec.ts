import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WechatSim } from '../src';
import { MP, postJson, send, startTestSim, text, tokenFor } from './helpers';

describe('custom/typing', () => {
  let sim: WechatSim;
  let token: string;
  beforeEach(async () => {
    sim = await startTestSim();
    token = await tokenFor(sim, MP);
  });
  afterEach(() => sim.close());

  const typing = (command: string, touser = 'oA') =>
    postJson(sim, `/cgi-bin/message/custom/typing?access_token=${token}`, { touser, command });

  it('Typing right after a user message works and lasts 15 s', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    expect(await typing('Typing')).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(sim.isTyping(MP.appId, 'oA')).toBe(true);
    sim.clock.advance(14_999);
    expect((await typing('Typing')).errcode).toBe(45081);
    sim.clock.advance(1);
    expect(sim.isTyping(MP.appId, 'oA')).toBe(false);
  });

  it('CancelTyping and sending a message end the typing state', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    await typing('Typing');
    expect(await typing('CancelTyping')).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await typing('Typing')).errcode).toBe(0);
    await send(sim, token, text('oA'));
    expect(sim.isTyping(MP.appId, 'oA')).toBe(false);
    expect((await typing('Typing')).errcode).toBe(0);
  });

  it('45072 for a bad command', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    expect((await typing('typing')).errcode).toBe(45072);
  });

  it('45080 without a user message in the last 30 s', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    sim.clock.advance(30_001);
    expect((await typing('Typing')).errcode).toBe(45080);
    sim.interact(MP.appId, 'oB', 'enter_session');
    expect((await typing('Typing', 'oB')).errcode).toBe(45080);
  });

  it('40003 for an unknown openid; a used-up window still allows typing', async () => {
    expect((await typing('Typing', 'oNobody')).errcode).toBe(40003);
    sim.interact(MP.appId, 'oA', 'message');
    for (let i = 0; i < 5; i++) await send(sim, token, text('oA'));
    expect((await typing('Typing')).errcode).toBe(0);
  });
});
