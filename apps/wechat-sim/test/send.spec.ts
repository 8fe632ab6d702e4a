import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WechatSim } from '../src';
import { DAY, MP, OA, postRaw, RID, send, startTestSim, text, tokenFor } from './helpers';

describe('custom/send: requests and message validation', () => {
  let sim: WechatSim;
  let mpToken: string;
  let oaToken: string;
  beforeEach(async () => {
    sim = await startTestSim();
    mpToken = await tokenFor(sim, MP);
    oaToken = await tokenFor(sim, OA);
    sim.interact(MP.appId, 'oMpUser', 'message');
    sim.interact(OA.appId, 'oOaUser', 'message');
  });
  afterEach(() => sim.close());

  const path = (token: string) => `/cgi-bin/message/custom/send?access_token=${token}`;

  it('accepts a text message with {"errcode":0,"errmsg":"ok"} and records it in the inbox', async () => {
    expect(await send(sim, mpToken, text('oMpUser', '你好 👋'))).toEqual({ errcode: 0, errmsg: 'ok' });
    const [entry] = sim.inbox(MP.appId, 'oMpUser');
    expect(entry).toMatchObject({ appId: MP.appId, openid: 'oMpUser', msgtype: 'text', at: sim.clock.now() });
    expect(entry.message).toEqual(text('oMpUser', '你好 👋'));
  });

  it('token errors: 41001 missing, 40001 unknown, 42001 expired', async () => {
    const missing = await postRaw(sim, '/cgi-bin/message/custom/send', JSON.stringify(text('oMpUser')));
    expect(missing.errcode).toBe(41001);
    expect(missing.errmsg).toMatch(RID);
    expect((await send(sim, 'not-a-token', text('oMpUser'))).errcode).toBe(40001);
    sim.clock.advance(7200_000);
    expect((await send(sim, mpToken, text('oMpUser'))).errcode).toBe(42001);
  });

  it('body errors: 44002 empty, 47001 unparseable, 40033 \\uXXXX escapes', async () => {
    expect((await postRaw(sim, path(mpToken), '')).errcode).toBe(44002);
    expect((await postRaw(sim, path(mpToken), '{"touser":')).errcode).toBe(47001);
    const escaped = JSON.stringify(text('oMpUser', 'x')).replace('"x"', '"\\u4f60\\u597d"');
    expect((await postRaw(sim, path(mpToken), escaped)).errcode).toBe(40033);
    const asciiEscape = JSON.stringify(text('oMpUser', 'x')).replace('"x"', '"\\u0041\\n"');
    expect((await postRaw(sim, path(mpToken), asciiEscape)).errcode).toBe(0);
    const literalBackslash = JSON.stringify(text('oMpUser', '\\u4f60'));
    expect((await postRaw(sim, path(mpToken), literalBackslash)).errcode).toBe(0);
    expect(sim.inbox(MP.appId, 'oMpUser')).toHaveLength(2);
  });

  it('does not care about the Content-Type header', async () => {
    expect((await postRaw(sim, path(mpToken), JSON.stringify(text('oMpUser')), 'text/plain')).errcode).toBe(0);
  });

  it('text longer than 2048 UTF-8 bytes: 45002', async () => {
    expect((await send(sim, mpToken, text('oMpUser', 'a'.repeat(2048)))).errcode).toBe(0);
    expect((await send(sim, mpToken, text('oMpUser', 'a'.repeat(2049)))).errcode).toBe(45002);
    expect((await send(sim, mpToken, text('oMpUser', '中'.repeat(683)))).errcode).toBe(45002);
    expect((await send(sim, mpToken, text('oMpUser', '中'.repeat(682)))).errcode).toBe(0);
    expect((await send(sim, mpToken, text('oMpUser', '')))).toMatchObject({ errcode: 44004 });
  });

  it('openid that never interacted with this app: 40003 (openids are per app)', async () => {
    expect((await send(sim, mpToken, text('oStranger'))).errcode).toBe(40003);
    expect((await send(sim, mpToken, text('oOaUser'))).errcode).toBe(40003);
    expect((await send(sim, oaToken, text('oMpUser'))).errcode).toBe(40003);
    expect((await send(sim, mpToken, { msgtype: 'text', text: { content: 'x' } })).errcode).toBe(40003);
  });

  describe('mini-program message types', () => {
    it('accepts text, image, link and miniprogrampage', async () => {
      const image = sim.addMedia(MP.appId, 'image').mediaId;
      const bodies = [
        { touser: 'oMpUser', msgtype: 'image', image: { media_id: image } },
        { touser: 'oMpUser', msgtype: 'link', link: { title: 'T', description: 'D', url: 'https://e.com', thumb_url: 'https://e.com/a.png' } },
        { touser: 'oMpUser', msgtype: 'miniprogrampage', miniprogrampage: { title: 'T', pagepath: 'pages/index/index?x=1', thumb_media_id: image } },
      ];
      for (const body of bodies) expect(await send(sim, mpToken, body)).toEqual({ errcode: 0, errmsg: 'ok' });
      expect(sim.inbox(MP.appId).map((entry) => entry.msgtype)).toEqual(['image', 'link', 'miniprogrampage']);
    });

    it('rejects official-account-only types with 40008', async () => {
      const voice = { touser: 'oMpUser', msgtype: 'voice', voice: { media_id: 'x' } };
      expect((await send(sim, mpToken, voice)).errcode).toBe(40008);
      expect((await send(sim, mpToken, { touser: 'oMpUser', msgtype: 'nope' })).errcode).toBe(40008);
    });

    it('missing fields: 47001', async () => {
      expect((await send(sim, mpToken, { touser: 'oMpUser', msgtype: 'text' })).errcode).toBe(47001);
      expect((await send(sim, mpToken, { touser: 'oMpUser', msgtype: 'link', link: { title: 'T' } })).errcode).toBe(47001);
      const card = { touser: 'oMpUser', msgtype: 'miniprogrampage', miniprogrampage: { title: 'T', pagepath: 'p' } };
      expect((await send(sim, mpToken, card)).errcode).toBe(47001);
    });
  });

  describe('official-account message types', () => {
    it('accepts every documented msgtype', async () => {
      const image = sim.addMedia(OA.appId, 'image').mediaId;
      const voice = sim.addMedia(OA.appId, 'voice').mediaId;
      const video = sim.addMedia(OA.appId, 'video').mediaId;
      const thumb = sim.addMedia(OA.appId, 'thumb').mediaId;
      const bodies: Record<string, unknown>[] = [
        { msgtype: 'text', text: { content: 'Hello World' } },
        { msgtype: 'image', image: { media_id: image } },
        { msgtype: 'voice', voice: { media_id: voice } },
        { msgtype: 'video', video: { media_id: video, thumb_media_id: thumb, title: 'T', description: 'D' } },
        { msgtype: 'music', music: { title: 'T', description: 'D', musicurl: 'u', hqmusicurl: 'h', thumb_media_id: thumb } },
        { msgtype: 'news', news: { articles: [{ title: 'Happy Day', description: 'D', url: 'URL', picurl: 'PIC' }] } },
        { msgtype: 'mpnews', mpnews: { media_id: 'PERMANENT_MEDIA' } },
        { msgtype: 'mpnewsarticle', mpnewsarticle: { article_id: 'ARTICLE_ID' } },
        { msgtype: 'msgmenu', msgmenu: { head_content: 'h', list: [{ id: '101', content: '满意' }], tail_content: 't' } },
        { msgtype: 'wxcard', wxcard: { card_id: 'CARD' } },
        { msgtype: 'miniprogrampage', miniprogrampage: { title: 'T', appid: 'wxmp', pagepath: 'pages/index/index', thumb_media_id: thumb } },
      ];
      sim.registerApp({ ...OA });
      for (const body of bodies) {
        sim.interact(OA.appId, 'oOaUser', 'message');
        expect(await send(sim, oaToken, { touser: 'oOaUser', ...body }), String(body['msgtype'])).toEqual({ errcode: 0, errmsg: 'ok' });
      }
      expect(sim.inbox(OA.appId, 'oOaUser')).toHaveLength(bodies.length);
    });

    it('news with more than one article: 45008', async () => {
      const article = { title: 'a', url: 'u' };
      const body = { touser: 'oOaUser', msgtype: 'news', news: { articles: [article, article] } };
      expect((await send(sim, oaToken, body)).errcode).toBe(45008);
    });

    it('miniprogrampage without appid: 47001; link (mini-program only): 40008', async () => {
      const thumb = sim.addMedia(OA.appId, 'thumb').mediaId;
      const card = { touser: 'oOaUser', msgtype: 'miniprogrampage', miniprogrampage: { title: 'T', pagepath: 'p', thumb_media_id: thumb } };
      expect((await send(sim, oaToken, card)).errcode).toBe(47001);
      const link = { touser: 'oOaUser', msgtype: 'link', link: { title: 'T', url: 'u' } };
      expect((await send(sim, oaToken, link)).errcode).toBe(40008);
    });

    it('unsubscribed user: 43004 until they follow again', async () => {
      sim.interact(OA.appId, 'oOaUser', 'unsubscribe');
      expect((await send(sim, oaToken, text('oOaUser'))).errcode).toBe(43004);
      sim.interact(OA.appId, 'oOaUser', 'subscribe');
      expect((await send(sim, oaToken, text('oOaUser'))).errcode).toBe(0);
    });
  });

  describe('media references: 40007', () => {
    const image = (touser: string, mediaId: string) => ({ touser, msgtype: 'image', image: { media_id: mediaId } });

    it('unknown media_id', async () => {
      expect((await send(sim, mpToken, image('oMpUser', 'nope'))).errcode).toBe(40007);
    });

    it('media of another app', async () => {
      const oaImage = sim.addMedia(OA.appId, 'image').mediaId;
      expect((await send(sim, mpToken, image('oMpUser', oaImage))).errcode).toBe(40007);
    });

    it('media of the wrong type', async () => {
      const voice = sim.addMedia(OA.appId, 'voice').mediaId;
      expect((await send(sim, oaToken, image('oOaUser', voice))).errcode).toBe(40007);
    });

    it('media older than 3 days', async () => {
      const mediaId = sim.addMedia(MP.appId, 'image').mediaId;
      sim.clock.advance(3 * DAY - 1);
      sim.interact(MP.appId, 'oMpUser', 'message');
      const fresh = await tokenFor(sim, MP);
      expect((await send(sim, fresh, image('oMpUser', mediaId))).errcode).toBe(0);
      sim.clock.advance(1);
      expect((await send(sim, fresh, image('oMpUser', mediaId))).errcode).toBe(40007);
    });
  });

  it('rejected sends are not recorded and do not use the window', async () => {
    await send(sim, mpToken, { touser: 'oMpUser', msgtype: 'image', image: { media_id: 'nope' } });
    expect(sim.inbox()).toHaveLength(0);
    expect(sim.window(MP.appId, 'oMpUser')?.remaining).toBe(5);
  });
});
