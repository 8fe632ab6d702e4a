import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WechatSim } from '../src';
import {
  classicToken,
  DAY,
  getJson,
  HOUR,
  MINUTE,
  MP,
  OA,
  postJson,
  postRaw,
  RID,
  send,
  stableToken,
  startTestSim,
  text,
} from './helpers';

describe('access_token', () => {
  let sim: WechatSim;
  beforeEach(async () => {
    sim = await startTestSim();
    sim.interact(MP.appId, 'oUser', 'message');
  });
  afterEach(() => sim.close());

  const works = async (token: unknown) => (await send(sim, String(token), text('oUser'))).errcode;

  describe('classic /cgi-bin/token', () => {
    it('issues a token valid for 7200 s', async () => {
      const answer = await classicToken(sim, MP);
      expect(answer.expires_in).toBe(7200);
      expect(String(answer.access_token).length).toBeGreaterThan(100);
      expect(await works(answer.access_token)).toBe(0);
    });

    it('issues a new token on every call; the previous one works for 5 more minutes only', async () => {
      const first = await classicToken(sim, MP);
      const second = await classicToken(sim, MP);
      expect(second.access_token).not.toBe(first.access_token);
      sim.clock.advance(4 * MINUTE);
      expect(await works(first.access_token)).toBe(0);
      sim.clock.advance(MINUTE);
      expect(await works(first.access_token)).toBe(40001);
      expect(await works(second.access_token)).toBe(0);
    });

    it('expires after expires_in: 42001', async () => {
      const answer = await classicToken(sim, MP);
      sim.clock.advance(7200 * 1000 - 1);
      expect(await works(answer.access_token)).toBe(0);
      sim.clock.advance(1);
      const expired = await send(sim, String(answer.access_token), text('oUser'));
      expect(expired.errcode).toBe(42001);
      expect(expired.errmsg).toMatch(RID);
    });

    it('answers 40013 for an unknown appid, 40001 for a wrong secret, 40002 for a wrong grant_type', async () => {
      const unknown = await getJson(sim, '/cgi-bin/token?grant_type=client_credential&appid=wxnope&secret=x');
      expect(unknown).toMatchObject({ errcode: 40013 });
      expect(unknown.errmsg).toMatch(/^invalid appid rid: /);
      expect(unknown.errmsg).toMatch(RID);
      const wrongSecret = await getJson(sim, `/cgi-bin/token?grant_type=client_credential&appid=${MP.appId}&secret=bad`);
      expect(wrongSecret.errcode).toBe(40001);
      const grant = await getJson(sim, `/cgi-bin/token?grant_type=password&appid=${MP.appId}&secret=${MP.secret}`);
      expect(grant.errcode).toBe(40002);
      expect((await getJson(sim, `/cgi-bin/token?grant_type=client_credential&secret=x`)).errcode).toBe(41002);
      expect((await getJson(sim, `/cgi-bin/token?grant_type=client_credential&appid=${MP.appId}`)).errcode).toBe(41004);
    });
  });

  describe('stable /cgi-bin/stable_token', () => {
    it('returns the same token without rotating, with the remaining lifetime', async () => {
      const first = await stableToken(sim, MP);
      sim.clock.advance(HOUR);
      const again = await stableToken(sim, MP);
      expect(again.access_token).toBe(first.access_token);
      expect(again.expires_in).toBe(3600);
    });

    it('in the last 5 minutes issues the next token while the old one still works until it expires', async () => {
      const first = await stableToken(sim, MP);
      sim.clock.advance(7200 * 1000 - 5 * MINUTE);
      const next = await stableToken(sim, MP);
      expect(next.access_token).not.toBe(first.access_token);
      expect(next.expires_in).toBe(7200);
      expect(await works(first.access_token)).toBe(0);
      sim.clock.advance(5 * MINUTE);
      expect(await works(first.access_token)).toBe(42001);
      expect(await works(next.access_token)).toBe(0);
    });

    it('is isolated from classic tokens', async () => {
      const stable = await stableToken(sim, MP);
      await classicToken(sim, MP);
      await classicToken(sim, MP);
      sim.clock.advance(10 * MINUTE);
      expect(await works(stable.access_token)).toBe(0);
      expect((await stableToken(sim, MP)).access_token).toBe(stable.access_token);
      const classic = await classicToken(sim, MP);
      await stableToken(sim, MP, true);
      expect(await works(classic.access_token)).toBe(0);
    });

    it('force_refresh invalidates the old token at once', async () => {
      const first = await stableToken(sim, MP);
      const forced = await stableToken(sim, MP, true);
      expect(forced.access_token).not.toBe(first.access_token);
      expect(await works(first.access_token)).toBe(40001);
      expect(await works(forced.access_token)).toBe(0);
    });

    it('force_refresh at most every 30 s (45011) and 20 times a day (45009)', async () => {
      expect((await stableToken(sim, MP, true)).access_token).toBeDefined();
      sim.clock.advance(29_000);
      const tooSoon = await stableToken(sim, MP, true);
      expect(tooSoon.errcode).toBe(45011);
      sim.clock.advance(1_000);
      for (let i = 2; i <= 20; i++) {
        expect((await stableToken(sim, MP, true)).access_token).toBeDefined();
        sim.clock.advance(30_000);
      }
      const limit = await stableToken(sim, MP, true);
      expect(limit.errcode).toBe(45009);
      expect(limit.errmsg).toMatch(/^reach max api daily quota limit rid: /);
      expect((await stableToken(sim, MP)).access_token).toBeDefined();
      sim.clock.advance(DAY);
      expect((await stableToken(sim, MP, true)).access_token).toBeDefined();
    });

    it('answers 40013 unknown appid, 40125 wrong secret, 40002 wrong grant_type, 47001/44002 bad bodies', async () => {
      expect((await stableToken(sim, { appId: 'wxnope', secret: 'x' })).errcode).toBe(40013);
      const wrong = await stableToken(sim, { appId: MP.appId, secret: 'bad' });
      expect(wrong.errcode).toBe(40125);
      expect(wrong.errmsg).toMatch(/^invalid appsecret rid: /);
      expect((await postJson(sim, '/cgi-bin/stable_token', { grant_type: 'x', appid: MP.appId, secret: MP.secret })).errcode).toBe(40002);
      expect((await postRaw(sim, '/cgi-bin/stable_token', '{nope')).errcode).toBe(47001);
      expect((await postRaw(sim, '/cgi-bin/stable_token', '')).errcode).toBe(44002);
    });

    it('honours a short TTL', async () => {
      await sim.close();
      sim = await startTestSim({ tokenTtlSeconds: 60, tokenOverlapSeconds: 10 });
      sim.interact(MP.appId, 'oUser', 'message');
      const token = await stableToken(sim, MP);
      expect(token.expires_in).toBe(60);
      sim.clock.advance(60_000);
      expect(await works(token.access_token)).toBe(42001);
    });
  });

  describe('IP whitelist', () => {
    it('answers 40164 naming the caller before judging the secret', async () => {
      sim.registerApp({ ...OA, ipWhitelist: ['10.1.2.3'] });
      const answer = await stableToken(sim, { appId: OA.appId, secret: 'wrong' });
      expect(answer.errcode).toBe(40164);
      expect(answer.errmsg).toMatch(/^invalid ip 127\.0\.0\.1 ipv6 ::ffff:127\.0\.0\.1, not in whitelist rid: /);
      expect((await classicToken(sim, OA)).errcode).toBe(40164);
      sim.registerApp({ ...OA, ipWhitelist: ['127.0.0.1'] });
      expect((await stableToken(sim, OA)).access_token).toBeDefined();
    });
  });

  it('a revoked token answers 40001 on its next use', async () => {
    const token = await stableToken(sim, MP);
    expect(sim.revokeToken(String(token.access_token))).toBe(true);
    expect(await works(token.access_token)).toBe(40001);
    expect((await stableToken(sim, MP)).access_token).not.toBe(token.access_token);
  });
});
