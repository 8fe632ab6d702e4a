import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MediaAssetView } from '@kefu/contracts';
import { type CustomMessage, imageMessage, WechatApiError } from '@kefu/wechat';
import { SimClock, startWechatSim, type WechatSim } from '@kefu/wechat-sim';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeRenderError, KnowledgeService } from '../src/modules/knowledge/knowledge.service';
import { MediaService } from '../src/modules/knowledge/media.service';
import { WechatClientsService } from '../src/modules/tenants/wechat-clients.service';
import { fakeFile, multipart, png } from './media-fixtures';
import { createTenant, signInSuperadmin, TenantFixture, unique, wechatApp } from './tenant-fixtures';
import { createTestApp } from './test-app';

const HOUR = 3600_000;

const imageMediaId = (message: CustomMessage) => (message as unknown as { image: { media_id: string } }).image.media_id;
const MB = 1024 * 1024;

describe('knowledge media (F3)', () => {
  let app: NestFastifyApplication;
  let sim: WechatSim;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let knowledge: KnowledgeService;
  let db: DataSource;
  const channels: Record<'mp' | 'oa', { id: string; appId: string }> = {} as never;
  const mediaUrl = (fixture: TenantFixture = tenant) => `/api/tenants/${fixture.id}/media`;

  async function upload(filename: string, data: Buffer, query = '', fixture: TenantFixture = tenant, field?: string) {
    const body = multipart(filename, data, { field });
    return app.inject({
      method: 'POST',
      url: `${mediaUrl(fixture)}${query}`,
      headers: { authorization: `Bearer ${fixture.admin.token}`, ...body.headers },
      payload: body.payload,
    });
  }

  async function uploaded(filename: string, data: Buffer): Promise<MediaAssetView> {
    const response = await upload(filename, data);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function item(body: Record<string, unknown>) {
    const response = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/knowledge`, { keyword: unique('kw'), ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; number: number };
  }

  async function asset(id: string): Promise<MediaAssetView> {
    return (await tenant.admin.call('GET', `${mediaUrl()}/${id}`)).json();
  }

  const stateOn = (view: MediaAssetView, channel: 'mp' | 'oa') => view.channels.find((entry) => entry.channelId === channels[channel].id);

  /** A customer who just wrote, so the channel may send to them. */
  function customer(channel: 'mp' | 'oa', openid = unique('o')) {
    sim.interact(channels[channel].appId, openid, 'message');
    return openid;
  }

  async function send(channel: 'mp' | 'oa', openid: string, mediaId: string) {
    const client = await app.get(WechatClientsService).forChannel(channels[channel].id);
    return client.sendCustomMessage(imageMessage(openid, mediaId));
  }

  beforeAll(async () => {
    sim = await startWechatSim({ clock: new SimClock({ frozen: true }) });
    app = await createTestApp({ WECHAT_API_BASE_URL: sim.url });
    knowledge = app.get(KnowledgeService);
    db = app.get<DataSource>(getDataSourceToken());
    const superadmin = await signInSuperadmin(app);
    [tenant, other] = await Promise.all([createTenant(app, superadmin), createTenant(app, superadmin)]);
    for (const kind of ['mp', 'oa'] as const) {
      const credentials = wechatApp();
      const channelKind = kind === 'mp' ? 'miniprogram' : 'official_account';
      sim.registerApp({ appId: credentials.appId, secret: credentials.appSecret, kind: channelKind, originalId: credentials.originalId });
      const response = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/channels`, {
        name: kind === 'mp' ? '小程序' : '公众号',
        kind: channelKind,
        ...credentials,
      });
      expect(response.statusCode, response.body).toBe(201);
      channels[kind] = { id: response.json().id, appId: credentials.appId };
    }
  });
  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('F3 stores an uploaded picture once per tenant and serves it back', async () => {
    const picture = png();
    const first = await upload('门店.png', picture);
    expect(first.statusCode, first.body).toBe(201);
    const view = first.json();
    expect(view).toMatchObject({ kind: 'image', contentType: 'image/png', filename: '门店.png', size: picture.length, sourceUrl: null, usedBy: [] });
    expect(view.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Both channels can send pictures; neither has a media id before a message needs one.
    expect(view.channels.map((state: { channelName: string; status: string }) => [state.channelName, state.status])).toEqual([
      ['小程序', 'missing'],
      ['公众号', 'missing'],
    ]);

    const again = await upload('copy.png', picture);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(view.id);
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM media_assets WHERE tenant_id = $1 AND sha256 = $2', [tenant.id, view.sha256]);
    expect(count).toBe(1);

    const file = await tenant.admin.call('GET', `${mediaUrl()}/${view.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(picture)).toBe(true);

    // Another tenant gets its own copy, and cannot reach this one.
    const theirs = await upload('门店.png', picture, '', other);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(view.id);
    expect((await other.admin.call('GET', `${mediaUrl(other)}/${view.id}/file`)).statusCode).toBe(404);

    const listed = (await tenant.admin.call('GET', `${mediaUrl()}?kind=image`)).json();
    expect(listed.map((entry: { id: string }) => entry.id)).toContain(view.id);
  });

  it('F3 refuses what WeChat would refuse, saying what to fix', async () => {
    const refusals: [string, Awaited<ReturnType<typeof upload>>, number, RegExp][] = [
      ['empty', await upload('a.png', Buffer.alloc(0)), 400, /a\.png is empty: choose the file again/],
      ['gif', await upload('动图.gif', fakeFile('gif')), 400, /动图\.gif is a GIF file; WeChat takes pictures \(JPG, PNG\) of at most 2 MB/],
      ['picture over 2 MB', await upload('big.jpg', fakeFile('jpg', 2 * MB + 1)), 413, /big\.jpg is 2 MB; WeChat takes pictures \(JPG, PNG\) of at most 2 MB: make it smaller/],
      ['voice over 2 MB', await upload('long.mp3', fakeFile('mp3', 3 * MB)), 413, /long\.mp3 is 3 MB; WeChat takes voice files \(AMR, MP3\) of at most 2 MB: shorten it/],
      ['video over 10 MB', await upload('film.mp4', fakeFile('mp4', 11 * MB)), 413, /film\.mp4 is larger than 10 MB; WeChat takes videos \(MP4\) of at most 10 MB/],
      ['voice where a picture is needed', await upload('v.amr', fakeFile('amr'), '?kind=image'), 400, /v\.amr is an AMR voice file, but a picture is needed here/],
      ['picture over 2 MB where a picture is needed', await upload('big.png', fakeFile('png', 5 * MB), '?kind=image'), 413, /big\.png is larger than 2 MB/],
      ['unknown format', await upload('notes.txt', Buffer.from('hello')), 400, /notes\.txt is not a file WeChat can send/],
      ['another field', await upload('a.png', png(), '', tenant, 'picture'), 400, /field named "picture": send it as multipart\/form-data in a field named "file"/],
      ['no multipart', await tenant.admin.call('POST', mediaUrl(), { file: 'x' }), 400, /No file: send it as multipart\/form-data/],
      ['unknown kind', await upload('a.png', png(), '?kind=music'), 400, /kind must be one of/],
    ];
    for (const [what, response, status, message] of refusals) {
      expect({ what, status: response.statusCode }).toEqual({ what, status });
      expect([response.json().message].flat().join('; '), what).toMatch(message);
    }
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM media_assets WHERE tenant_id = $1 AND filename <> '门店.png'`, [tenant.id]);
    expect(count).toBe(0);
  });

  it('F3 saves voice and video items with their files and checks each item against its file', async () => {
    const voice = await uploaded('问候.amr', fakeFile('amr', 4000));
    const video = await uploaded('安装.mp4', fakeFile('mp4', 20_000));
    expect([voice.kind, video.kind]).toEqual(['voice', 'video']);
    // Voice and video go through official accounts only.
    expect(voice.channels.map((state) => state.channelName)).toEqual(['公众号']);

    await item({ type: 'voice', mediaAssetId: voice.id });
    await item({ type: 'video', mediaAssetId: video.id, title: '安装视频' });

    const post = (body: Record<string, unknown>) => tenant.admin.call('POST', `/api/tenants/${tenant.id}/knowledge`, { keyword: unique('kw'), ...body });
    const wrongKind = await post({ type: 'image', mediaAssetId: voice.id });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().problems).toEqual([
      { field: 'mediaAssetId', message: 'An image item needs a picture (JPG or PNG), but 问候.amr is a voice file' },
    ]);
    const theirs = (await upload('x.png', png(), '', other)).json();
    const foreign = await post({ type: 'image', mediaAssetId: theirs.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().problems[0].message).toBe('mediaAssetId names no uploaded file of this shop: upload the file again');
    const onLink = await post({ type: 'link', title: 't', url: 'https://x.cn', pictureUrl: 'https://x.cn/a.png', mediaAssetId: voice.id });
    expect(onLink.json().problems[0].message).toMatch(/A link item takes no uploaded file \(its picture is an address/);
  });

  it('F3 refuses to delete a file an item sends, naming the item', async () => {
    const picture = await uploaded('封面.png', png());
    const user = await item({ type: 'image', mediaAssetId: picture.id });
    expect((await asset(picture.id)).usedBy).toEqual([expect.objectContaining({ id: user.id, number: user.number })]);

    const refused = await tenant.admin.call('DELETE', `${mediaUrl()}/${picture.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(new RegExp(`^封面\\.png is used by item ${user.number} "kw-[0-9a-f]+": give that item another file or delete it first$`));

    expect((await tenant.admin.call('DELETE', `/api/tenants/${tenant.id}/knowledge/${user.id}`)).statusCode).toBe(204);
    expect((await tenant.admin.call('DELETE', `${mediaUrl()}/${picture.id}`)).statusCode).toBe(204);
    expect((await tenant.admin.call('GET', `${mediaUrl()}/${picture.id}`)).statusCode).toBe(404);
  });

  it('F3 uploads a picture to WeChat when first needed, once per channel, and sends with that id', async () => {
    const picture = await uploaded('菜单.png', png());
    const image = await item({ type: 'image', mediaAssetId: picture.id });
    const openid = customer('mp');

    const message = await knowledge.renderForChannel(tenant.id, image.id, { openid, channelKind: 'miniprogram' }, channels.mp.id);
    expect(message).toMatchObject({ touser: openid, msgtype: 'image', image: { media_id: expect.any(String) } });
    const mediaId = imageMediaId(message);
    await send('mp', openid, mediaId);
    expect(sim.inbox(channels.mp.appId, openid)).toHaveLength(1);

    const state = stateOn(await asset(picture.id), 'mp')!;
    expect(state).toMatchObject({ status: 'uploaded', error: null });
    expect(Date.parse(state.expiresAt!) - sim.clock.now()).toBe(72 * HOUR - (sim.clock.now() % 1000));
    expect(stateOn(await asset(picture.id), 'oa')!.status).toBe('missing');

    // The id is kept: a second render uploads nothing (the queued upload fault stays unused).
    sim.injectFault({ endpoint: 'media_upload', errcode: -1 });
    const again = await knowledge.renderForChannel(tenant.id, image.id, { openid, channelKind: 'miniprogram' }, channels.mp.id);
    expect(again).toEqual(message);
    expect(sim.pendingFaults()).toHaveLength(1);
    sim.clearFaults();

    // The official account gets a media id of its own.
    const card = await knowledge.renderForChannel(tenant.id, image.id, { openid: customer('oa'), channelKind: 'official_account' }, channels.oa.id);
    expect(imageMediaId(card)).not.toBe(mediaId);
    expect(stateOn(await asset(picture.id), 'oa')!.status).toBe('uploaded');
  });

  it('F3 sends voice and video through an official account, uploaded as what they are', async () => {
    const voice = await uploaded('语音.mp3', fakeFile('mp3', 3000));
    const video = await uploaded('视频.mp4', fakeFile('mp4', 30_000));
    const voiceItem = await item({ type: 'voice', mediaAssetId: voice.id });
    const videoItem = await item({ type: 'video', mediaAssetId: video.id, title: '[name]请看', description: '安装说明' });
    const openid = customer('oa');
    const client = await app.get(WechatClientsService).forChannel(channels.oa.id);
    for (const itemId of [voiceItem.id, videoItem.id]) {
      const target = { openid, channelKind: 'official_account' as const, customer: { nickname: '张三', number: 3 } };
      await client.sendCustomMessage(await knowledge.renderForChannel(tenant.id, itemId, target, channels.oa.id));
    }
    expect(sim.inbox(channels.oa.appId, openid).map((entry) => entry.msgtype)).toEqual(['voice', 'video']);
    expect(sim.inbox(channels.oa.appId, openid)[1].message).toMatchObject({ video: { title: '张三请看', description: '安装说明' } });
    expect(stateOn(await asset(voice.id), 'oa')!.status).toBe('uploaded');

    await expect(
      knowledge.renderForChannel(tenant.id, voiceItem.id, { openid: 'o1', channelKind: 'miniprogram' }, channels.mp.id),
    ).rejects.toThrow(KnowledgeRenderError);
  });

  it('F3 keeps why an upload failed and shows it per channel', async () => {
    const picture = await uploaded('失败.png', png());
    const image = await item({ type: 'image', mediaAssetId: picture.id });
    sim.injectFault({ endpoint: 'media_upload', errcode: 45009 });
    const failure = await knowledge
      .renderForChannel(tenant.id, image.id, { openid: customer('mp'), channelKind: 'miniprogram' }, channels.mp.id)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WechatApiError);
    expect(stateOn(await asset(picture.id), 'mp')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^WeChat answered 45009: /) });

    await knowledge.renderForChannel(tenant.id, image.id, { openid: customer('mp'), channelKind: 'miniprogram' }, channels.mp.id);
    expect(stateOn(await asset(picture.id), 'mp')).toMatchObject({ status: 'uploaded', error: null });
  });

  it('F3 renews a media id before it expires, only while an item sends the file', async () => {
    const picture = await uploaded('续期.png', png());
    const unused = await uploaded('无人用.png', png());
    const image = await item({ type: 'image', mediaAssetId: picture.id });
    const scratch = await item({ type: 'image', mediaAssetId: unused.id });
    const openid = customer('mp');
    const render = async (itemId: string) => {
      const message = await knowledge.renderForChannel(tenant.id, itemId, { openid, channelKind: 'miniprogram' }, channels.mp.id);
      return imageMediaId(message);
    };
    const oldId = await render(image.id);
    await render(scratch.id);
    await tenant.admin.call('DELETE', `/api/tenants/${tenant.id}/knowledge/${scratch.id}`);
    const before = stateOn(await asset(picture.id), 'mp')!;

    // 60 h on, 12 h before WeChat forgets the id: still valid, and not yet due at the relay's own now.
    const media = app.get(MediaService);
    expect((await media.renewExpiring(Date.now() + 59 * HOUR, { tenantId: tenant.id })).renewed).toBe(0);
    sim.clock.advance(60 * HOUR);
    const report = await media.renewExpiring(Date.now() + 60 * HOUR + 1000, { tenantId: tenant.id });
    expect(report.failed).toBe(0);
    expect(report.renewed).toBeGreaterThanOrEqual(1);

    const after = stateOn(await asset(picture.id), 'mp')!;
    expect(after.status).toBe('uploaded');
    expect(Date.parse(after.expiresAt!) - Date.parse(before.expiresAt!)).toBe(60 * HOUR);
    const newId = await render(image.id);
    expect(newId).not.toBe(oldId);
    // The file nobody sends any more was left to expire.
    expect(Date.parse(stateOn(await asset(unused.id), 'mp')!.expiresAt!)).toBe(Date.parse(before.expiresAt!));
    // Run again at the same moment: nothing is due.
    expect((await media.renewExpiring(Date.now() + 60 * HOUR + 1000, { tenantId: tenant.id })).renewed).toBe(0);

    // Past the old id's three days: WeChat refuses it, the renewed one works.
    sim.clock.advance(13 * HOUR);
    const fresh = customer('mp');
    await expect(send('mp', fresh, oldId)).rejects.toMatchObject({ errcode: 40007 });
    await send('mp', fresh, newId);
  });

  it('F3 uploads again at once when WeChat answers 40007', async () => {
    const picture = await uploaded('遗忘.png', png());
    const image = await item({ type: 'image', mediaAssetId: picture.id });
    const render = async (openid: string) => {
      const message = await knowledge.renderForChannel(tenant.id, image.id, { openid, channelKind: 'miniprogram' }, channels.mp.id);
      return imageMediaId(message);
    };
    const first = await render(customer('mp'));

    sim.reset(); // WeChat forgets every media id (and users and tokens); the relay's id still looks valid
    const openid = customer('mp');
    const refused = await send('mp', openid, first).catch((error: WechatApiError) => error);
    expect(refused).toMatchObject({ errcode: 40007, kind: 'invalid_media' });

    await knowledge.forgetMediaId(tenant.id, channels.mp.id, first);
    expect(stateOn(await asset(picture.id), 'mp')!.status).toBe('missing');
    const second = await render(openid);
    expect(second).not.toBe(first);
    await send('mp', openid, second);
    expect(sim.inbox(channels.mp.appId, openid)).toHaveLength(1);
  });

  describe('pictures given only by address', () => {
    let server: Server;
    let base: string;
    const hits: string[] = [];
    const picture = png(16, 16, [200, 30, 30]);

    beforeAll(async () => {
      server = createServer((request, response) => {
        hits.push(request.url ?? '');
        if (request.url === '/cover.png') response.writeHead(200, { 'content-type': 'image/png' }).end(picture);
        else if (request.url === '/huge.jpg') response.writeHead(200).end(fakeFile('jpg', 3 * MB));
        else response.writeHead(404).end('not found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('F3 reads the picture once, keeps it as a file of the tenant and renews it like an upload', async () => {
      const card = await item({ type: 'miniprogram', title: '下单', pagePath: 'pages/index/index', pictureUrl: `${base}/cover.png` });
      const target = { openid: customer('mp'), channelKind: 'miniprogram' as const };
      const first = await knowledge.renderForChannel(tenant.id, card.id, target, channels.mp.id);
      const second = await knowledge.renderForChannel(tenant.id, card.id, target, channels.mp.id);
      expect(second).toEqual(first);
      expect(hits.filter((url) => url === '/cover.png')).toHaveLength(1);

      const stored = ((await tenant.admin.call('GET', mediaUrl())).json() as MediaAssetView[]).find((entry) => entry.sourceUrl === `${base}/cover.png`)!;
      expect(stored).toMatchObject({ kind: 'image', filename: 'cover.png', size: picture.length, usedBy: [expect.objectContaining({ id: card.id })] });
      expect(stateOn(stored, 'mp')!.status).toBe('uploaded');
    });

    it('F3 sends a link item’s picture address as it is', async () => {
      const link = await item({ type: 'link', title: '官网', url: 'https://shop.example.com', pictureUrl: `${base}/link.png` });
      const message = await knowledge.renderForChannel(tenant.id, link.id, { openid: 'o1', channelKind: 'miniprogram' }, channels.mp.id);
      expect(message).toMatchObject({ msgtype: 'link', link: { thumb_url: `${base}/link.png` } });
      expect(hits).not.toContain('/link.png');
    });

    it('F3 says why a picture address cannot be sent', async () => {
      const render = async (pictureUrl: string) => {
        const image = await item({ type: 'image', pictureUrl });
        return knowledge
          .renderForChannel(tenant.id, image.id, { openid: 'o1', channelKind: 'miniprogram' }, channels.mp.id)
          .catch((error: unknown) => error);
      };
      const missing = await render(`${base}/gone.png`);
      expect(missing).toBeInstanceOf(KnowledgeRenderError);
      expect((missing as Error).message).toBe(`The picture ${base}/gone.png answered HTTP 404: check the address, or upload the picture`);
      const huge = await render(`${base}/huge.jpg`);
      expect((huge as Error).message).toMatch(/^The picture .*huge\.jpg cannot be sent: huge\.jpg is larger than 2 MB; WeChat takes pictures/);
    });
  });

  it('F3 says so when asked to send a deleted item', async () => {
    const gone = await item({ type: 'text', content: '再见' });
    await tenant.admin.call('DELETE', `/api/tenants/${tenant.id}/knowledge/${gone.id}`);
    await expect(
      knowledge.renderForChannel(tenant.id, gone.id, { openid: 'o1', channelKind: 'miniprogram' }, channels.mp.id),
    ).rejects.toThrow(new KnowledgeRenderError(`Knowledge item ${gone.id} was deleted: it can no longer be sent`));
  });

  it('F3 deletes media ids with their channel and media with their tenant', async () => {
    const superadmin = await signInSuperadmin(app);
    const shop = await createTenant(app, superadmin);
    const credentials = wechatApp();
    sim.registerApp({ appId: credentials.appId, secret: credentials.appSecret, kind: 'miniprogram', originalId: credentials.originalId });
    const channel = (await shop.admin.call('POST', `/api/tenants/${shop.id}/channels`, { name: 'c', kind: 'miniprogram', ...credentials })).json();
    const file = (await upload('a.png', png(), '', shop)).json();
    const image = (await shop.admin.call('POST', `/api/tenants/${shop.id}/knowledge`, { keyword: 'pic', type: 'image', mediaAssetId: file.id })).json();
    sim.interact(credentials.appId, 'o1', 'message');
    await knowledge.renderForChannel(shop.id, image.id, { openid: 'o1', channelKind: 'miniprogram' }, channel.id);
    const count = async (table: string) => (await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [shop.id]))[0].n;
    expect([await count('media_assets'), await count('media_ids')]).toEqual([1, 1]);

    expect((await shop.admin.call('DELETE', `/api/tenants/${shop.id}/channels/${channel.id}`)).statusCode).toBe(204);
    expect([await count('media_assets'), await count('media_ids')]).toEqual([1, 0]);
    await db.query('DELETE FROM tenants WHERE id = $1', [shop.id]);
    expect(await count('media_assets')).toBe(0);
  });
});
