import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WechatSim } from '../src';
import { DAY, MP, OA, startTestSim, tokenFor, type WechatAnswer } from './helpers';

describe('temporary media', () => {
  let sim: WechatSim;
  let mp: string;
  let oa: string;
  beforeEach(async () => {
    sim = await startTestSim();
    mp = await tokenFor(sim, MP);
    oa = await tokenFor(sim, OA);
  });
  afterEach(() => sim.close());

  async function upload(token: string, type: string, data: Buffer, options: { field?: string; filename?: string; contentType?: string } = {}) {
    const form = new FormData();
    form.append(options.field ?? 'media', new Blob([data], { type: options.contentType ?? 'image/jpeg' }), options.filename ?? 'a.jpg');
    const response = await fetch(`${sim.url}/cgi-bin/media/upload?access_token=${token}&type=${type}`, { method: 'POST', body: form });
    return (await response.json()) as WechatAnswer;
  }
  const download = (token: string, mediaId: string) =>
    fetch(`${sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${encodeURIComponent(mediaId)}`);

  it('uploads an image and answers type, media_id and created_at', async () => {
    const answer = await upload(mp, 'image', Buffer.from('jpeg-bytes'));
    expect(answer).toEqual({ type: 'image', media_id: expect.any(String), created_at: Math.floor(sim.clock.now() / 1000) });
  });

  it('downloads the raw file with Content-Type and Content-disposition', async () => {
    const data = Buffer.from('\u00ff\u00d8 binary', 'latin1');
    const { media_id } = await upload(mp, 'image', data, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    const response = await download(mp, String(media_id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="photo.jpg"');
    expect(Buffer.from(await response.arrayBuffer()).equals(data)).toBe(true);
  });

  it('media expires after 3 days: 40007 as JSON', async () => {
    const { media_id } = await upload(mp, 'image', Buffer.from('x'));
    sim.clock.advance(3 * DAY - 1);
    const fresh = await tokenFor(sim, MP);
    expect((await download(fresh, String(media_id))).status).toBe(200);
    sim.clock.advance(1);
    const expired = await download(fresh, String(media_id));
    expect(expired.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await expired.json()) as WechatAnswer).errcode).toBe(40007);
  });

  it('another app cannot fetch it; unknown ids are 40007', async () => {
    const { media_id } = await upload(mp, 'image', Buffer.from('x'));
    expect(((await (await download(oa, String(media_id))).json()) as WechatAnswer).errcode).toBe(40007);
    expect(((await (await download(mp, 'unknown')).json()) as WechatAnswer).errcode).toBe(40007);
  });

  it('mini-programs upload images only: 40004', async () => {
    expect((await upload(mp, 'voice', Buffer.from('x'))).errcode).toBe(40004);
    expect((await upload(oa, 'voice', Buffer.from('x'), { contentType: 'audio/amr' })).type).toBe('voice');
    expect((await upload(oa, 'file', Buffer.from('x'))).errcode).toBe(40004);
  });

  it('size limits: image 2 MB (40009), voice 2 MB (40010), video 10 MB (40011), thumb 64 KB (40012)', async () => {
    const MB = 1024 * 1024;
    expect((await upload(mp, 'image', Buffer.alloc(2 * MB))).type).toBe('image');
    expect((await upload(mp, 'image', Buffer.alloc(2 * MB + 1))).errcode).toBe(40009);
    expect((await upload(oa, 'voice', Buffer.alloc(2 * MB + 1))).errcode).toBe(40010);
    expect((await upload(oa, 'video', Buffer.alloc(10 * MB + 1))).errcode).toBe(40011);
    expect((await upload(oa, 'thumb', Buffer.alloc(64 * 1024))).type).toBe('thumb');
    expect((await upload(oa, 'thumb', Buffer.alloc(64 * 1024 + 1))).errcode).toBe(40012);
  });

  it('no `media` field: 41005; empty file: 40006', async () => {
    expect((await upload(mp, 'image', Buffer.from('x'), { field: 'file' })).errcode).toBe(41005);
    expect((await upload(mp, 'image', Buffer.alloc(0))).errcode).toBe(40006);
  });

  it('video downloads answer a video_url', async () => {
    const { media_id } = await upload(oa, 'video', Buffer.from('mp4'), { contentType: 'video/mp4', filename: 'v.mp4' });
    const answer = (await (await download(oa, String(media_id))).json()) as WechatAnswer;
    const file = await fetch(String(answer['video_url']));
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('mp4');
  });

  it('uploaded media can be sent', async () => {
    sim.interact(MP.appId, 'oA', 'message');
    const { media_id } = await upload(mp, 'image', Buffer.from('x'));
    const response = await fetch(`${sim.url}/cgi-bin/message/custom/send?access_token=${mp}`, {
      method: 'POST',
      body: JSON.stringify({ touser: 'oA', msgtype: 'image', image: { media_id } }),
    });
    expect(await response.json()).toEqual({ errcode: 0, errmsg: 'ok' });
  });
});
