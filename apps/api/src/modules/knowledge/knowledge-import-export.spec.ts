import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/test-app';
import { hashPassword } from '../tenants/passwords';
import { KnowledgeService } from './knowledge.service';

async function tenantAdmin(app: NestFastifyApplication, name: string) {
  const db = app.get(DataSource);
  const [tenant] = await db.query(`INSERT INTO tenants (name) VALUES ($1) RETURNING id`, [name]);
  const username = `io-${randomUUID().slice(0, 8)}`;
  await db.query(`INSERT INTO users (tenant_id, username, password_hash, role) VALUES ($1, $2, $3, 'tenant_admin')`, [
    tenant.id,
    username,
    await hashPassword('import-admin-password'),
  ]);
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'import-admin-password' } });
  const headers = { authorization: `Bearer ${login.json().accessToken}` };
  const base = `/api/tenants/${tenant.id}/knowledge`;
  return { tenantId: tenant.id as string, headers, base };
}

describe('knowledge import and export (F1)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  const importFile = (
    tenant: Awaited<ReturnType<typeof tenantAdmin>>,
    query: string,
    payload: string | object,
    contentType = typeof payload === 'string' ? 'text/csv' : 'application/json',
  ) =>
    app.inject({
      method: 'POST',
      url: `${tenant.base}/import?${query}`,
      headers: { ...tenant.headers, 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const items = async (tenant: Awaited<ReturnType<typeof tenantAdmin>>) =>
    (await app.inject({ url: tenant.base, headers: tenant.headers })).json().items as { number: number; keyword: string; content: string }[];

  const FILE = [
    { number: 1, keyword: '营业时间', type: 'text', content: '10:00-22:00' },
    { number: 2, keyword: '官网', type: 'link', title: '官网', url: 'www.example.com' }, // no scheme, no picture
    { number: 3, keyword: '营业时间', type: 'text', content: 'again' }, // keyword of row 1
    { number: 1, keyword: '菜单', type: 'text', content: 'x' }, // number of row 1
    { number: 4, keyword: '联系方式', type: 'text', content: '400-800-1234' }, // keyword of an existing item
    { number: 9, keyword: '发票', type: 'text', content: '电子发票' }, // replaces item 9
    { keyword: '地址', type: '文本', content: '徐汇区' }, // no number: the next free one
    { number: 'x', keyword: '坏', type: 'video' },
  ];

  it('a dry run reports row by row and writes nothing; the real run writes exactly the valid rows', async () => {
    const tenant = await tenantAdmin(app, '导入店');
    const service = app.get(KnowledgeService);
    await service.create(tenant.tenantId, { number: 5, keyword: '联系方式', type: 'text', content: '旧电话' });
    await service.create(tenant.tenantId, { number: 9, keyword: '开票', type: 'text', content: '旧的' });

    const dry = await importFile(tenant, 'format=json&dryRun=true', FILE);
    expect(dry.statusCode).toBe(200);
    const report = dry.json();
    expect(report).toMatchObject({ format: 'json', dryRun: true, rows: 8, created: 2, updated: 1, refused: 5, ignoredColumns: [] });
    expect(report.problems).toEqual([
      { row: 2, field: 'url', message: expect.stringMatching(/http\(s\) address/) },
      { row: 2, field: 'pictureUrl', message: expect.stringMatching(/needs a picture/) },
      { row: 3, field: 'keyword', message: 'Keyword "营业时间" is already used by row 1 of this file' },
      { row: 4, field: 'number', message: 'Number 1 is already used by row 1 of this file' },
      { row: 5, field: 'keyword', message: 'Keyword "联系方式" is already used by item 5 "联系方式"' },
      { row: 8, field: 'number', message: 'number must be a whole number, got "x"' },
    ]);
    expect((await items(tenant)).map((i) => i.number)).toEqual([5, 9]);

    const real = await importFile(tenant, 'format=json&dryRun=false', FILE);
    expect(real.json()).toMatchObject({ dryRun: false, created: 2, updated: 1, refused: 5 });
    expect(real.json().problems).toEqual(report.problems);
    const after = await items(tenant);
    expect(after.map((i) => `${i.number} ${i.keyword} ${i.content}`).sort()).toEqual([
      '1 营业时间 10:00-22:00',
      '10 地址 徐汇区',
      '5 联系方式 旧电话',
      '9 发票 电子发票',
    ]);
    // F4: the engine sees the import at once.
    expect((await service.match(tenant.tenantId, '开票'))).toBeNull();
    expect((await service.match(tenant.tenantId, '发票'))?.number).toBe(9);
  });

  it('reads the old module’s table with Chinese headers as a text/csv body', async () => {
    const tenant = await tenantAdmin(app, '老用户');
    const csv = [
      '数字id,关键字,类型,标题,链接地址[小程序路径],图片,过期时间',
      '1,引导语,文本,[name]您好，欢迎！{br}1.菜单{br}2.联系方式,,,2018-03-14 18:24:09',
      '2,联系方式,图片,联系方式,,https://cdn.example.com/contact.png,2018-03-11 13:28:11',
      '3,网址,文本,易企程网址 www.17cheng.cn,,,2018-03-02 13:43:59',
      '4,小程序,小程序,道行小程序,pages/index/index,,2018-03-14 16:38:03',
      '5,语音,语音,,,,',
    ].join('\r\n');
    const response = await importFile(tenant, 'format=csv', csv);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ format: 'csv', dryRun: false, rows: 5, created: 3, refused: 2, ignoredColumns: ['过期时间'] });
    expect(report.problems).toEqual([
      { row: 5, field: 'pictureUrl', message: 'A mini-program card needs a cover picture (pictureUrl)' },
      { row: 6, field: 'mediaAssetId', message: 'A voice item needs its uploaded file (mediaAssetId)' },
    ]);
    const service = app.get(KnowledgeService);
    const welcome = await service.findByNumber(tenant.tenantId, 1);
    expect(welcome).toMatchObject({ keyword: '引导语', type: 'text', content: '[name]您好，欢迎！{br}1.菜单{br}2.联系方式' });
    expect(await service.match(tenant.tenantId, '联系方式')).toMatchObject({ type: 'image', pictureUrl: 'https://cdn.example.com/contact.png' });

    // The same file as text/plain or inside JSON { data } is read the same way.
    const asPlain = await importFile(tenant, 'format=csv&dryRun=true', csv, 'text/plain');
    expect(asPlain.json()).toMatchObject({ rows: 5, created: 0, updated: 3, refused: 2 });
    const asJson = await importFile(tenant, 'format=csv&dryRun=true', { data: csv });
    expect(asJson.json()).toMatchObject({ rows: 5, updated: 3 });
    expect((await importFile(tenant, 'format=csv', { nothing: 1 })).statusCode).toBe(400);
    expect((await importFile(tenant, 'format=xml', csv)).statusCode).toBe(400);
  });

  it('exports CSV and JSON that import back into another tenant unchanged', async () => {
    const source = await tenantAdmin(app, '导出店');
    const service = app.get(KnowledgeService);
    await service.create(source.tenantId, { number: 1, keyword: '菜单', type: 'text', content: '第一行{br}"引号", 逗号\n换行' });
    await service.create(source.tenantId, {
      number: 2, keyword: '官网', type: 'link', title: '官网', description: '新品', url: 'https://x.cn', pictureUrl: 'https://x.cn/a.png',
    });
    await service.create(source.tenantId, { number: 3, keyword: '下单', type: 'miniprogram', title: '下单', pagePath: 'pages/a/a?x=1', pictureUrl: 'https://x.cn/c.png' });

    const csv = await app.inject({ url: `${source.base}/export?format=csv`, headers: source.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="knowledge.csv"');
    expect(csv.body.startsWith('\uFEFFnumber,keyword,type,title,content,description,url,pagePath,pictureUrl')).toBe(true);
    const json = await app.inject({ url: `${source.base}/export`, headers: source.headers });
    expect(json.headers['content-type']).toMatch(/^application\/json/);

    const strip = (list: object[]) => list.map((item) => ({ ...item, id: undefined, createdAt: undefined, updatedAt: undefined }));
    const fromCsv = await tenantAdmin(app, '导入CSV');
    expect((await importFile(fromCsv, 'format=csv', csv.body)).json()).toMatchObject({ created: 3, refused: 0 });
    expect(strip(await items(fromCsv))).toEqual(strip(await items(source)));
    const fromJson = await tenantAdmin(app, '导入JSON');
    expect((await importFile(fromJson, 'format=json', json.body, 'text/plain')).json()).toMatchObject({ created: 3, refused: 0 });
    expect(strip(await items(fromJson))).toEqual(strip(await items(source)));
    // Importing an export again replaces each item by its number: nothing new.
    expect((await importFile(fromJson, 'format=json', JSON.parse(json.body))).json()).toMatchObject({ created: 0, updated: 3 });
  });
});
