import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WechatSim } from '../src';
import { classicToken, MP, RID, send, stableToken, startTestSim, text, tokenFor } from './helpers';

describe('fault injection', () => {
  let sim: WechatSim;
  let token: string;
  beforeEach(async () => {
    sim = await startTestSim();
    token = await tokenFor(sim, MP);
    sim.interact(MP.appId, 'oA', 'message');
  });
  afterEach(() => sim.close());

  it('the next N sends answer the injected errcode, then normal service resumes', async () => {
    sim.injectFault({ endpoint: 'send', times: 2, errcode: -1 });
    const busy = await send(sim, token, text('oA'));
    expect(busy.errcode).toBe(-1);
    expect(busy.errmsg).toMatch(/^system error /);
    expect(busy.errmsg).toMatch(RID);
    expect((await send(sim, token, text('oA'))).errcode).toBe(-1);
    expect((await send(sim, token, text('oA'))).errcode).toBe(0);
    expect(sim.inbox()).toHaveLength(1);
    expect(sim.window(MP.appId, 'oA')?.remaining).toBe(4);
  });

  it('45009 and 45011 on the token endpoints', async () => {
    sim.injectFault({ endpoint: 'stable_token', errcode: 45009 });
    sim.injectFault({ endpoint: 'token', errcode: 45011 });
    const daily = await stableToken(sim, MP);
    expect(daily.errcode).toBe(45009);
    expect(daily.errmsg).toMatch(/^reach max api daily quota limit/);
    expect((await classicToken(sim, MP)).errcode).toBe(45011);
    expect((await stableToken(sim, MP)).access_token).toBe(token);
  });

  it('HTTP 5xx', async () => {
    sim.injectFault({ endpoint: 'send', httpStatus: 503 });
    const response = await fetch(`${sim.url}/cgi-bin/message/custom/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify(text('oA')),
    });
    expect(response.status).toBe(503);
    expect((await send(sim, token, text('oA'))).errcode).toBe(0);
  });

  it('delays an answer by D ms, then handles the call normally', async () => {
    sim.injectFault({ endpoint: 'send', delayMs: 300 });
    const started = Date.now();
    expect((await send(sim, token, text('oA'))).errcode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('faults are per endpoint and can be listed and cleared', async () => {
    sim.injectFault({ endpoint: 'media_get', errcode: -1, times: 3 });
    expect((await send(sim, token, text('oA'))).errcode).toBe(0);
    expect(sim.pendingFaults()).toEqual([expect.objectContaining({ endpoint: 'media_get', remaining: 3 })]);
    sim.clearFaults();
    expect(sim.pendingFaults()).toEqual([]);
  });

  it('rejects nonsense faults', () => {
    expect(() => sim.injectFault({ endpoint: 'nope' as 'send', errcode: -1 })).toThrow(TypeError);
    expect(() => sim.injectFault({ endpoint: 'send' })).toThrow(TypeError);
    expect(() => sim.injectFault({ endpoint: 'send', errcode: -1, times: 0 })).toThrow(TypeError);
  });

  it('a revoked token answers 40001; stable_token then issues a new one', async () => {
    expect(sim.revokeToken(token)).toBe(true);
    expect((await send(sim, token, text('oA'))).errcode).toBe(40001);
    const next = await tokenFor(sim, MP);
    expect(next).not.toBe(token);
    expect((await send(sim, next, text('oA'))).errcode).toBe(0);
  });
});
