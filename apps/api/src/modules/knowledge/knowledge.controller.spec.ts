import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeFile, multipart } from '../../../test/media-fixtures';
import { SUPERADMIN, createTestApp } from '../../../test/test-app';
import { hashPassword } from '../tenants/passwords';
import { KnowledgeService } from './knowledge.service';

const PICTURE = 'https://cdn.example.com/pic.png';

/** A tenant and its signed-in admin, made directly in the database. */
async function tenantAdmin(app: NestFastifyApplication, name: string) {
  const db = app.get(DataSource);
  const [tenant] = await db.query(`INSERT INTO tenants (name) VALUES ($1) RETURNING id`, [name]);
  const username = `admin-${randomUUID().slice(0, 8)}`;
  await db.query(`INSERT INTO users (tenant_id, username, password_hash, role) VALUES ($1, $2, $3, 'tenant_admin')`, [
    tenant.id,
    username,
    await hashPassword('tenant-admin-password'),
  ]);
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'tenant-admin-password' },
  });
  expect(login.statusCode).toBe(200);
  const headers = { authorization: `Bearer ${login.json().accessToken}` };
  const base = `/api/tenants/${tenant.id}/knowledge`;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path = '', payload?: object) =>
    app.inject({ method, url: `${base}${path}`, headers, ...(payload === undefined ? {} : { payload }) });
  return { tenantId: tenant.id as string, headers, base, call };
}

describe('knowledge items api (F1, B4)', () => {
  let app: NestFastifyApplication;
  let shop: Awaited<ReturnType<typeof tenantAdmin>>;

  beforeAll(async () => {
    app = await createTestApp();
    shop = await tenantAdmin(app, '小鹿服饰');
  });
  afterAll(() => app.close());

  it('F1 creates, reads, lists, changes and deletes an item', async () => {
    const created = await shop.call('POST', '', { keyword: '营业时间', type: 'text', content: '[name]您好，每天 10:00-22:00 营业' });
    expect(created.statusCode).toBe(201);
    const item = created.json();
    expect(item).toMatchObject({ number: 1, keyword: '营业时间', type: 'text', sortOrder: 0, url: null, agentId: null });

    expect((await shop.call('GET', `/${item.id}`)).json()).toMatchObject({ id: item.id, keyword: '营业时间' });

    const patched = await shop.call('PATCH', `/${item.id}`, { content: '每天 9:00-21:00 营业', number: 7 });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ number: 7, keyword: '营业时间', content: '每天 9:00-21:00 营业' });

    const second = await shop.call('POST', '', { keyword: '官网', type: 'link', title: '小鹿官网', url: 'https://shop.example.com', pictureUrl: PICTURE });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ number: 8, sortOrder: 1 }); // the next free number, at the end

    const all = (await shop.call('GET')).json();
    expect(all).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(all.items.map((i: { keyword: string }) => i.keyword)).toEqual(['营业时间', '官网']);
    expect((await shop.call('GET', '?type=link')).json().items).toHaveLength(1);
    expect((await shop.call('GET', '?q=9:00')).json().items[0].keyword).toBe('营业时间');
    expect((await shop.call('GET', '?q=８')).json().items[0].keyword).toBe('官网');
    expect((await shop.call('GET', '?page=2&pageSize=1')).json()).toMatchObject({ total: 2, items: [{ keyword: '官网' }] });
    expect((await shop.call('GET', '?q=100%')).json().total).toBe(0);

    expect((await shop.call('DELETE', `/${second.json().id}`)).statusCode).toBe(204);
    expect((await shop.call('GET', `/${second.json().id}`)).statusCode).toBe(404);
    expect((await shop.call('DELETE', `/${second.json().id}`)).statusCode).toBe(404);
  });

  it('F1 keeps tenants apart and needs a signed-in admin', async () => {
    const other = await tenantAdmin(app, '别家店');
    const mine = (await shop.call('POST', '', { keyword: '私有', type: 'text', content: 'x' })).json();
    const theirs = await app.inject({ method: 'GET', url: `${shop.base}/${mine.id}`, headers: other.headers });
    expect(theirs.statusCode).toBe(404);
    expect((await other.call('GET', `/${mine.id}`)).statusCode).toBe(404); // not in their tenant either
    expect((await app.inject({ method: 'GET', url: shop.base })).statusCode).toBe(401);
    // The superadmin reaches every tenant; a tenant that does not exist has no knowledge to add to.
    const root = await app.inject({ method: 'POST', url: '/api/auth/login', payload: SUPERADMIN });
    const rootHeaders = { authorization: `Bearer ${root.json().accessToken}` };
    expect((await app.inject({ url: `${shop.base}/${mine.id}`, headers: rootHeaders })).statusCode).toBe(200);
    const nowhere = await app.inject({
      method: 'POST',
      url: `/api/tenants/${randomUUID()}/knowledge`,
      headers: rootHeaders,
      payload: { keyword: 'x', type: 'text', content: 'x' },
    });
    expect(nowhere.statusCode).toBe(404);
    // The same number and keyword are free in another tenant.
    expect((await other.call('POST', '', { number: mine.number, keyword: '私有', type: 'text', content: 'y' })).statusCode).toBe(201);
  });

  it('F1 refuses what a type lacks, naming each field', async () => {
    const link = await shop.call('POST', '', { keyword: '活动页', type: 'link', title: '活动', url: 'shop.example.com' });
    expect(link.statusCode).toBe(400);
    expect(link.json().problems).toEqual([
      { field: 'url', message: expect.stringMatching(/http\(s\) address/) },
      { field: 'pictureUrl', message: expect.stringMatching(/A link item needs a picture/) },
    ]);
    const card = await shop.call('POST', '', { keyword: '下单', type: 'miniprogram', title: '下单', pictureUrl: PICTURE });
    expect(card.json().message).toEqual([expect.stringMatching(/A mini-program card needs a page path, e.g. pages\/index\/index\?x=1/)]);
    const text = await shop.call('POST', '', { keyword: '长文', type: 'text', content: '中'.repeat(683) });
    expect(text.statusCode).toBe(400);
    expect(text.json().message[0]).toMatch(/2049 bytes.*at most 2048 bytes/);
    const empty = await shop.call('POST', '', { keyword: '空', type: 'text' });
    expect(empty.json().message).toEqual(['A text item needs content: the text sent to the customer']);
    const digits = await shop.call('POST', '', { keyword: '１２３', type: 'text', content: 'x' });
    expect(digits.json().message[0]).toMatch(/keyword must not be digits only/);
    const badType = await shop.call('POST', '', { keyword: 'x', type: 'music', content: 'x' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().message.join()).toMatch(/type must be one of/);
    const unknownField = await shop.call('POST', '', { keyword: 'x', type: 'text', content: 'x', tenantId: randomUUID() });
    expect(unknownField.json().message).toContain('property tenantId should not exist');

    // A change is checked against the whole item: turning a text into a link needs a url and a picture.
    const item = (await shop.call('POST', '', { keyword: '改类型', type: 'text', content: 'x' })).json();
    const change = await shop.call('PATCH', `/${item.id}`, { type: 'link', title: '改类型' });
    expect(change.json().problems.map((p: { field: string }) => p.field)).toEqual(['url', 'pictureUrl']);
    expect((await shop.call('PATCH', `/${item.id}`, { type: 'link', url: 'https://x.cn', pictureUrl: PICTURE, title: 't' })).statusCode).toBe(200);
    // voice and video are accepted (only official accounts will send them), with their uploaded file.
    const upload = multipart('介绍.amr', fakeFile('amr'));
    const file = await app.inject({
      method: 'POST',
      url: `/api/tenants/${shop.tenantId}/media`,
      headers: { ...shop.headers, ...upload.headers },
      payload: upload.payload,
    });
    const voice = await shop.call('POST', '', { keyword: '语音介绍', type: 'voice', mediaAssetId: file.json().id });
    expect(voice.statusCode).toBe(201);
    const unknownFile = await shop.call('POST', '', { keyword: '语音', type: 'voice', mediaAssetId: randomUUID() });
    expect(unknownFile.json().problems).toEqual([{ field: 'mediaAssetId', message: expect.stringMatching(/names no uploaded file/) }]);
  });

  it('F1 answers 409 naming the item that already has the number or keyword', async () => {
    const hours = (await shop.call('POST', '', { number: 3, keyword: '营业时间2', title: '营业时间', type: 'text', content: 'x' })).json();
    const sameNumber = await shop.call('POST', '', { number: 3, keyword: '地址', type: 'text', content: 'y' });
    expect(sameNumber.statusCode).toBe(409);
    expect(sameNumber.json().message).toBe('Number 3 is already used by item "营业时间"');

    const vip = (await shop.call('POST', '', { number: 40, keyword: 'VIP会员', type: 'text', content: 'z' })).json();
    const sameKeyword = await shop.call('POST', '', { keyword: 'ｖｉｐ会员', type: 'text', content: 'w' });
    expect(sameKeyword.statusCode).toBe(409);
    expect(sameKeyword.json().message).toBe('Keyword "VIP会员" is already used by item 40 "VIP会员"');

    const moveOnto = await shop.call('PATCH', `/${vip.id}`, { number: 3 });
    expect(moveOnto.statusCode).toBe(409);
    expect(moveOnto.json().message).toBe('Number 3 is already used by item "营业时间"');
    // An item may keep its own number and keyword (in another letter case).
    expect((await shop.call('PATCH', `/${vip.id}`, { keyword: 'vip会员', number: 40 })).statusCode).toBe(200);
    expect((await shop.call('PATCH', `/${hours.id}`, { number: 3 })).statusCode).toBe(200);
  });

  it('F1 lets only one of two concurrent saves take a number (database index)', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => shop.call('POST', '', { number: 77, keyword: `并发${i}`, type: 'text', content: 'x' })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.statusCode === 201)!.json();
    for (const loser of results.filter((r) => r.statusCode === 409)) {
      expect(loser.json().message).toBe(`Number 77 is already used by item "${winner.keyword}"`);
    }
  });

  it('F1 reorders: the listed items first, the rest after them', async () => {
    const tenant = await tenantAdmin(app, '排序店');
    const ids: string[] = [];
    for (const keyword of ['a1', 'b2', 'c3', 'd4']) {
      ids.push((await tenant.call('POST', '', { keyword, type: 'text', content: keyword })).json().id);
    }
    const reordered = await tenant.call('PUT', '/order', { itemIds: [ids[2], ids[0]] });
    expect(reordered.statusCode).toBe(200);
    const listed = (await tenant.call('GET')).json().items.map((i: { keyword: string; sortOrder: number }) => `${i.keyword}:${i.sortOrder}`);
    expect(listed).toEqual(['c3:0', 'a1:1', 'b2:2', 'd4:3']);
    expect((await tenant.call('PUT', '/order', { itemIds: [randomUUID()] })).statusCode).toBe(404);
    expect((await tenant.call('PUT', '/order', { itemIds: [ids[0], ids[0]] })).statusCode).toBe(400);
  });

  it('B4 matches numbers and keywords after folding full-width forms and letter case', async () => {
    const tenant = await tenantAdmin(app, '匹配店');
    await tenant.call('POST', '', { number: 3, keyword: '营业时间', type: 'text', content: '10:00-22:00' });
    await tenant.call('POST', '', { number: 12, keyword: 'WiFi 密码', type: 'text', content: 'xiaolu888' });
    await tenant.call('POST', '', { number: 5, keyword: 'VIP', type: 'text', content: '会员' });
    const knowledge = app.get(KnowledgeService);
    const cases: [string, number | null][] = [
      ['3', 3],
      ['03', 3],
      ['３', 3],
      ['  3 ', 3],
      ['营业时间', 3],
      ['\u3000营业时间\u3000', 3],
      ['wifi 密码', 12],
      ['ＷＩＦＩ\u3000密码', 12],
      ['WIFI   密码', 12],
      ['vip', 5],
      ['ｖｉｐ', 5],
      ['12', 12],
      ['4', null],
      ['营业', null],
      ['营业时间？', null],
      ['3#', null],
      ['', null],
    ];
    for (const [text, number] of cases) {
      const found = await knowledge.match(tenant.tenantId, text);
      expect({ text, number: found?.number ?? null }).toEqual({ text, number });
    }
    expect((await knowledge.findByNumber(tenant.tenantId, 12))?.keyword).toBe('WiFi 密码');
    expect(await knowledge.findByNumber(tenant.tenantId, 99)).toBeNull();

    const answer = (await tenant.call('GET', `/ask?text=${encodeURIComponent('０３')}`)).json();
    expect(answer.match).toMatchObject({ number: 3 });
  });

  it('documents every knowledge route in OpenAPI', async () => {
    const document = (await app.inject({ url: '/api/docs-json' })).json();
    const paths = Object.keys(document.paths).filter((path) => path.includes('/knowledge'));
    expect(paths.sort()).toEqual([
      '/api/tenants/{tenantId}/knowledge',
      '/api/tenants/{tenantId}/knowledge/ask',
      '/api/tenants/{tenantId}/knowledge/cache/rebuild',
      '/api/tenants/{tenantId}/knowledge/export',
      '/api/tenants/{tenantId}/knowledge/import',
      '/api/tenants/{tenantId}/knowledge/order',
      '/api/tenants/{tenantId}/knowledge/{itemId}',
    ]);
    const importBody = document.paths['/api/tenants/{tenantId}/knowledge/import'].post.requestBody.content;
    expect(Object.keys(importBody)).toEqual(['text/csv', 'text/plain', 'application/json']);
    expect(document.components.schemas.KnowledgeItemDto.properties.type.enum).toContain('miniprogram');
  });

  it('F2 renders a stored item through the service for a recipient', async () => {
    const tenant = await tenantAdmin(app, '渲染店');
    await tenant.call('POST', '', { number: 1, keyword: '欢迎', type: 'text', content: '[name]您好，您是第[id]位客户{br}回复 2 查看地址' });
    const message = await app
      .get(KnowledgeService)
      .render(tenant.tenantId, 1, { openid: 'o1', channelKind: 'miniprogram', customer: { nickname: '张三', number: 8 } }, () => 'unused');
    expect(message).toEqual({ touser: 'o1', msgtype: 'text', text: { content: '张三您好，您是第8位客户\n回复 2 查看地址' } });
    await expect(
      app.get(KnowledgeService).render(tenant.tenantId, 2, { openid: 'o1', channelKind: 'miniprogram' }, () => ''),
    ).rejects.toThrow('No knowledge item 2');
  });
});
