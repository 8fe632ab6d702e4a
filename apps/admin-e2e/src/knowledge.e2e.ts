import { deflateSync } from 'node:zlib';
import { startWechatSim, type WechatSim } from '@kefu/wechat-sim';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsScreenshot, launchBrowser, reportFailures } from './browser';
import { startSystem, type RunningSystem } from './system';

const APP = { appId: 'wx5e1c0d2b3a4f6789', secret: 'a3f1c9e2b7d64f0e8a1b2c3d4e5f6a7b', originalId: 'gh_3a9c1e5b7d20' };

/** A 160×160 PNG: an orange tile with a white square, so the preview shows a real picture. */
function picture(): Buffer {
  const size = 160;
  const rows = Array.from({ length: size }, (_, y) => {
    const row = [0];
    for (let x = 0; x < size; x++) {
      const inner = x > 48 && x < 112 && y > 48 && y < 112;
      row.push(inner ? 255 : 240, inner ? 255 : 120 + Math.round(y / 2), inner ? 255 : 40);
    }
    return Buffer.from(row);
  });
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = table[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}


const OLD_TABLE_CSV = [
  '数字id,关键字,类型,标题,链接地址,图片',
  '10,退货,文本,您好 [name]，7 天内可无理由退货,,',
  '11,商城,图文,我们的商城,https://shop.example.com,https://shop.example.com/cover.png',
  '12,123,文本,只有数字的关键字,,',
].join('\n');

describe('knowledge base console', () => {
  let system: RunningSystem;
  let wechat: WechatSim;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const admin = { username: 'shop-admin', password: 'Shop-Password-2026' };
  const pageErrors: string[] = [];

  const drawer = () => page.locator('.ant-drawer-section');
  const rows = () => page.locator('.ant-table-tbody tr.ant-table-row');
  const rowKeywords = () => page.locator('.ant-table-tbody tr.ant-table-row .kb-keyword').allTextContents();

  async function api<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const response = await fetch(`${system.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async function signInThroughApi() {
    const { accessToken } = await api<{ accessToken: string }>('POST', '/api/auth/login', null, admin);
    const me = await api<{ tenantId: string }>('GET', '/api/me', accessToken);
    return { accessToken, tenantId: me.tenantId };
  }

  beforeAll(async () => {
    wechat = await startWechatSim();
    wechat.registerApp({ appId: APP.appId, secret: APP.secret, kind: 'miniprogram', originalId: APP.originalId });
    system = await startSystem({ wechatApiBaseUrl: wechat.url });
    const { accessToken } = await api<{ accessToken: string }>('POST', '/api/auth/login', null, system.superadmin);
    await api('POST', '/api/tenants', accessToken, {
      name: '示例商城',
      adminUsername: admin.username,
      adminPassword: admin.password,
    });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  reportFailures('knowledge-', () => ({ page, system }));

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await system?.stop();
    await wechat?.close();
  });

  it('signs the tenant admin in and opens the knowledge base', async () => {
    await page.goto(`${system.baseUrl}/knowledge`);
    await page.waitForURL('**/login');
    await page.getByLabel('用户名').fill(admin.username);
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await page.waitForURL('**/knowledge');
    await page.getByRole('heading', { name: '知识库' }).waitFor();
    await page.getByText('还没有知识库条目').waitFor();
    for (const tab of ['全部', '文本', '图片', '图文', '小程序', '语音', '视频']) {
      await page.getByRole('tab', { name: tab, exact: true }).waitFor();
    }
  });

  it('creates a text item and previews its placeholders', async () => {
    await page.getByRole('button', { name: '新建条目' }).click();
    await drawer().getByText('新建知识库条目').waitFor();

    await drawer().locator('#keyword').fill('营业时间');
    await drawer().locator('#content').fill('您好 [name]，您的编号是 [id]{br}我们每天 9:00–21:00 营业');

    const bubble = page.getByTestId('preview-text');
    await expect.poll(() => bubble.innerText()).toBe('您好 张三，您的编号是 12\n我们每天 9:00–21:00 营业');
    await docsScreenshot(page, 'knowledge-editor-text');

    await drawer().getByTestId('knowledge-save').click();
    await drawer().waitFor({ state: 'detached' });
    await expect.poll(rowKeywords).toEqual(['营业时间']);
  });

  it('shows a taken keyword on the keyword field', async () => {
    await page.getByRole('button', { name: '新建条目' }).click();
    await drawer().locator('#keyword').fill('营业时间');
    await drawer().locator('#content').fill('重复的关键字');
    await drawer().getByTestId('knowledge-save').click();

    await drawer().getByText('关键字「营业时间」已被条目「营业时间」使用').waitFor();
    await page.locator('.ant-drawer-close').click();
    await drawer().waitFor({ state: 'detached' });
  });

  it('creates a link item shown as a WeChat card', async () => {
    await page.getByRole('button', { name: '新建条目' }).click();
    await drawer().getByText('图文', { exact: true }).click();
    await drawer().locator('#keyword').fill('官网');
    await drawer().locator('#title').fill('欢迎逛逛示例商城');
    await drawer().locator('#description').fill('新品上架，会员专享 8 折');
    await drawer().locator('#url').fill('https://shop.example.com/new');
    await drawer().locator('#pictureUrl').fill(`${system.baseUrl}/favicon.svg`);

    const card = page.getByTestId('preview-link');
    await expect.poll(() => card.innerText()).toContain('欢迎逛逛示例商城');
    expect(await card.innerText()).toContain('新品上架');
    await docsScreenshot(page, 'knowledge-editor-link');

    await drawer().getByTestId('knowledge-save').click();
    await drawer().waitFor({ state: 'detached' });
    await expect.poll(rowKeywords).toEqual(['营业时间', '官网']);
  });

  it('shows a taken number on the number field when editing', async () => {
    await page.locator('.kb-keyword', { hasText: '营业时间' }).click();
    await drawer().getByText('编辑条目 · 编号 1').waitFor();
    await drawer().locator('#number').fill('2');
    await drawer().getByTestId('knowledge-save').click();

    await drawer().getByText('编号 2 已被条目「欢迎逛逛示例商城」使用').waitFor();
    await page.locator('.ant-drawer-close').click();
    await drawer().waitFor({ state: 'detached' });
  });

  it('filters by type and searches', async () => {
    await page.getByRole('tab', { name: '图文', exact: true }).click();
    await expect.poll(rowKeywords).toEqual(['官网']);
    await page.getByRole('tab', { name: '文本', exact: true }).click();
    await expect.poll(rowKeywords).toEqual(['营业时间']);
    await page.getByRole('tab', { name: '全部', exact: true }).click();
    await expect.poll(rowKeywords).toEqual(['营业时间', '官网']);

    const search = page.getByLabel('搜索关键字、标题、内容或编号');
    await search.fill('商城');
    await search.press('Enter');
    await expect.poll(rowKeywords).toEqual(['官网']);
    await search.fill('');
    await expect.poll(rowKeywords).toEqual(['营业时间', '官网']);
  });

  it('moves an item down and keeps the order', async () => {
    await rows().first().getByRole('button', { name: '下移' }).click();
    await expect.poll(rowKeywords).toEqual(['官网', '营业时间']);

    // Kept by the api, not only on the page.
    const { accessToken, tenantId } = await signInThroughApi();
    const saved = await api<{ items: { keyword: string }[] }>('GET', `/api/tenants/${tenantId}/knowledge`, accessToken);
    expect(saved.items.map((item) => item.keyword)).toEqual(['官网', '营业时间']);
  });

  it('imports the old table after a dry run that reports the refused row', async () => {
    await page.getByRole('button', { name: '导入' }).click();
    const modal = page.locator('.ant-modal-container').filter({ hasText: '导入知识库' });
    await modal.getByText('粘贴文本').click();
    await modal.getByRole('textbox', { name: '粘贴要导入的内容' }).fill(OLD_TABLE_CSV);
    await modal.getByRole('button', { name: '预检' }).click();

    const report = page.getByTestId('import-report');
    await report.getByText('有 1 行无法导入').waitFor();
    const problem = report.locator('.ant-table-tbody tr.ant-table-row').first();
    await expect.poll(() => problem.locator('td').first().textContent()).toBe('4');
    expect(await problem.textContent()).toContain('关键字');
    await modal.getByRole('button', { name: '导入 2 行' }).waitFor();
    await expect.poll(() => modal.getByRole('button', { name: '导入 2 行' }).isEnabled()).toBe(true);
    await page.waitForTimeout(300);
    await docsScreenshot(page, 'knowledge-import-dry-run');
    expect(await rowKeywords()).toEqual(['官网', '营业时间']);

    await modal.getByRole('button', { name: '导入 2 行' }).click();
    await report.getByText('导入完成').waitFor();
    await modal.getByRole('button', { name: '完成' }).click();

    await expect.poll(rowKeywords).toEqual(['官网', '营业时间', '退货', '商城']);
    await page.getByText('共 4 条').waitFor();
  });

  it('tries a customer text: a direct match', async () => {
    const ask = page.getByLabel('输入客户可能发送的文字，例如：几点开门');
    await ask.fill('退货');
    await ask.press('Enter');
    await page.getByTestId('try-result').getByText('直接命中').waitFor();
  });

  it('rebuilds the cache and shows the counts', async () => {
    await page.getByRole('button', { name: '生成缓存' }).click();
    await expect.poll(() => page.getByTestId('cache-counts').textContent()).toContain('共 4 个条目');
    await page.locator('.ant-modal-confirm').getByRole('button').click();
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
    await docsScreenshot(page, 'knowledge-list');
  });

  it('deletes an item after confirmation', async () => {
    await rows().filter({ hasText: '商城' }).filter({ hasText: '我们的商城' }).getByRole('button', { name: '删除' }).click();
    // A DOM click: a popup still settling into place can miss a mouse click on a busy machine.
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).dispatchEvent('click');
    await expect.poll(rowKeywords).toEqual(['官网', '营业时间', '退货']);
  });

  it('works in English: a mini-program card in the preview', async () => {
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Knowledge base' }).waitFor();
    await page.getByRole('tab', { name: 'Mini program', exact: true }).click();
    await page.getByText('No items match').waitFor();

    await page.getByRole('button', { name: 'New item' }).click();
    await drawer().getByText('New knowledge item').waitFor();
    expect(await drawer().locator('.ant-radio-button-wrapper-checked').textContent()).toBe('Mini program');
    await drawer().locator('#keyword').fill('shop');
    await drawer().locator('#title').fill('Spring sale: everything 20% off');
    await drawer().locator('#pagePath').fill('/pages/sale/index');
    await drawer().locator('#pictureUrl').fill(`${system.baseUrl}/favicon.svg`);
    await drawer().getByTestId('knowledge-save').click();
    await drawer().getByText('Do not start the page path with “/”').waitFor();
    await drawer().locator('#pagePath').fill('pages/sale/index?from=kefu');

    const card = page.getByTestId('preview-miniprogram');
    await expect.poll(() => card.innerText()).toContain('Spring sale');
    expect(await card.innerText()).toContain('Mini program');
    await docsScreenshot(page, 'knowledge-editor-miniprogram-en');

    await drawer().getByTestId('knowledge-save').click();
    await drawer().waitFor({ state: 'detached' });
    await expect.poll(rowKeywords).toEqual(['shop']);
    await page.getByRole('tab', { name: 'All', exact: true }).click();
    await expect.poll(rowKeywords).toEqual(['官网', '营业时间', '退货', 'shop']);
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await docsScreenshot(page, 'knowledge-list-en');
    expect(pageErrors).toEqual([]);
  });

  it('F3 uploads a picture for an image item and shows its WeChat media id on each channel', async () => {
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '知识库' }).waitFor();
    // A channel, so the picture has a media id state to show.
    const { accessToken, tenantId } = await signInThroughApi();
    await api('POST', `/api/tenants/${tenantId}/channels`, accessToken, {
      name: '示例小程序',
      kind: 'miniprogram',
      appId: APP.appId,
      appSecret: APP.secret,
      originalId: APP.originalId,
    });

    await page.getByRole('button', { name: '新建条目' }).click();
    await drawer().getByText('图片', { exact: true }).click();
    await drawer().locator('#keyword').fill('菜单');
    const upload = drawer().getByTestId('media-upload-image');

    // Over WeChat's 2 MB: refused in the console before anything is sent.
    await upload.locator('input[type=file]').setInputFiles({ name: '大图.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(2 * 1024 * 1024 + 1) });
    await page.getByText('大图.jpg 有 2 MB，微信的图片最大 2 MB，请压缩后再上传').waitFor();

    await upload.locator('input[type=file]').setInputFiles({ name: '菜单.png', mimeType: 'image/png', buffer: picture() });
    const states = drawer().getByTestId('media-states');
    await states.getByText('示例小程序').waitFor();
    // Uploaded to WeChat the first time a message needs it, never by a button.
    await states.getByText('未上传').waitFor();
    await upload.getByText('菜单.png').waitFor();
    await expect.poll(() => page.locator('.kb-phone__image').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await docsScreenshot(page, 'knowledge-editor-image-upload');

    await drawer().getByTestId('knowledge-save').click();
    await drawer().waitFor({ state: 'detached' });
    await expect.poll(rowKeywords).toContain('菜单');
    const saved = await api<{ items: { keyword: string; mediaAssetId: string | null }[] }>(
      'GET',
      `/api/tenants/${tenantId}/knowledge?type=image`,
      accessToken,
    );
    expect(saved.items).toEqual([expect.objectContaining({ keyword: '菜单', mediaAssetId: expect.any(String) })]);
    expect(pageErrors).toEqual([]);
  });
});
