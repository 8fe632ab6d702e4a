import type pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsScreenshot, launchBrowser, reportFailures, screenshot } from './browser';
import { databaseOfTenant, seedConversations, type Seeded } from './conversation-seed';
import { startSystem, type RunningSystem } from './system';

const ADMIN = { username: 'shop-live', password: 'Shop-Live-Password-2026' };

/** The live console of a merchant: dashboard, conversations with their transcripts, the queue and offline messages. */
describe('live console', () => {
  let system: RunningSystem;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: pg.Client;
  let tenantId: string;
  let token: string;
  let seeded: Seeded;
  const pageErrors: string[] = [];
  const browserLog: string[] = [];

  async function api<T>(method: string, path: string, bearer: string | null, body?: unknown): Promise<T> {
    const response = await fetch(`${system.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * The live pages keep a stream open, so the network is never idle: wait for what is shown instead.
   * Documentation shots use a taller window, to show a whole page or transcript.
   */
  async function shot(name: string, docs = false, prepare?: () => Promise<void>) {
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    if (docs) await page.setViewportSize({ width: 1440, height: 1300 });
    await prepare?.();
    // Let charts, transitions and the transcript's scrolling settle.
    await page.waitForTimeout(600);
    await (docs ? docsScreenshot(page, name) : screenshot(page, name));
    if (docs) await page.setViewportSize({ width: 1440, height: 900 });
  }

  async function openArea(label: string, path: string) {
    await page.getByRole('menuitem', { name: label }).click();
    await page.waitForURL(`**${path}`);
  }

  const transcript = () => page.getByTestId('transcript');
  const sessionRow = (text: string) => page.getByTestId('session-row').filter({ hasText: text });

  beforeAll(async () => {
    // Nothing answers at port 1: sends to WeChat fail, which is all the console needs.
    system = await startSystem({ wechatApiBaseUrl: 'http://127.0.0.1:1' });
    const superadmin = (await api<{ accessToken: string }>('POST', '/api/auth/login', null, system.superadmin)).accessToken;
    tenantId = (
      await api<{ id: string }>('POST', '/api/tenants', superadmin, { name: '示例商城', adminUsername: ADMIN.username, adminPassword: ADMIN.password })
    ).id;
    await api('PUT', `/api/licenses/${tenantId}`, superadmin, { seats: null });
    token = (await api<{ accessToken: string }>('POST', '/api/auth/login', null, ADMIN)).accessToken;
    const base = `/api/tenants/${tenantId}`;
    const channel = await api<{ id: string }>('POST', `${base}/channels`, token, {
      name: '示例商城小程序',
      kind: 'miniprogram',
      appId: 'wx5e8d4c3b2a190f7e',
      appSecret: '0123456789abcdef0123456789abcdef',
      originalId: 'gh_5e8d4c3b2a19',
    });
    const alice = await api<{ id: string }>('POST', `${base}/agents`, token, { nickname: 'alice', openid: 'o-e2e-agent-alice', isAdmin: true });
    const bob = await api<{ id: string }>('POST', `${base}/agents`, token, { nickname: 'bob', openid: 'o-e2e-agent-bob' });
    const item = await api<{ id: string }>('POST', `${base}/knowledge`, token, {
      keyword: '营业时间',
      type: 'text',
      content: '[name]您好，门店每天 10:00–22:00 营业，节假日照常',
    });
    const link = await api<{ id: string }>('POST', `${base}/knowledge`, token, {
      keyword: '退换货',
      type: 'link',
      title: '退换货政策',
      description: '7 天无理由退货，运费由我们承担',
      url: 'https://shop.example.com/returns',
      pictureUrl: 'https://shop.example.com/returns.png',
    });
    db = await databaseOfTenant(tenantId);
    seeded = await seedConversations(db, { tenantId, channelId: channel.id, alice: alice.id, bob: bob.id, itemId: item.id, linkItemId: link.id });

    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) browserLog.push(`${response.status()}: ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') browserLog.push(`console: ${message.text()}`);
    });
  });

  reportFailures('live-', () => ({ page, system, browserLog }));

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await db?.end();
    await system?.stop();
  });

  it('signs the merchant in on the dashboard: figures, agents and the charts of the day and week', async () => {
    await page.goto(`${system.baseUrl}/login`);
    await page.getByLabel('用户名').fill(ADMIN.username);
    await page.getByLabel('密码').fill(ADMIN.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { name: '概览' }).waitFor();

    await expect.poll(() => page.getByTestId('figure-online').textContent()).toContain('在线客户');
    expect(await page.getByTestId('figure-online').locator('.ant-statistic-content').textContent()).toBe('2');
    expect(await page.getByTestId('figure-waiting').locator('.ant-statistic-content').textContent()).toBe('1');
    expect(await page.getByTestId('figure-waiting').textContent()).toMatch(/最久已等 0\d:\d\d/);
    expect(await page.getByTestId('figure-active').locator('.ant-statistic-content').textContent()).toBe('1');
    expect(await page.getByTestId('figure-offline').locator('.ant-statistic-content').textContent()).toBe('2');
    const agents = page.getByTestId('dashboard-agents');
    await expect.poll(() => agents.textContent()).toContain('正在接待 #1 张三');
    expect(await agents.textContent()).toContain('bob');
    expect(await page.getByTestId('activity-chart').count()).toBe(2);
    await expect.poll(() => page.locator('[data-testid=activity-chart] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(
      expect.arrayContaining(['概览', '会话', '排队', '留言']),
    );
    await shot('dashboard', true);
  });

  it('shows a transcript as chat bubbles: pictures, cards, links, each delivery and the window meter', async () => {
    await openArea('会话', '/conversations');
    await page.getByText('选择左侧的一段会话查看聊天记录').waitFor();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);

    await sessionRow('张三').click();
    await page.waitForURL(`**/conversations/${seeded.zhangSession}`);
    await page.getByRole('heading', { name: '#1 张三' }).waitFor();
    expect(await page.getByTestId('window-meter').textContent()).toBe('剩 3 条 · 31 小时');
    await expect.poll(() => transcript().getByTestId('message-in').count()).toBe(3);
    expect(await transcript().getByTestId('message-out').count()).toBe(6);
    const text = (await transcript().textContent()) ?? '';
    expect(text).toContain('客户进入了客服会话');
    expect(text).toContain('你好，我的订单 #20261201 还没发货');
    // The knowledge item as the customer got it, placeholders filled in.
    expect(text).toContain('张三您好，门店每天 10:00–22:00 营业，节假日照常');
    expect(text).toContain('知识库 #1 营业时间');
    expect(text).toContain('退换货政策');
    expect(text).toContain('冬季羽绒服 限时八折');
    expect(await transcript().locator('img.chat-picture').count()).toBe(1);
    expect(await transcript().locator('a.chat-card--link').getAttribute('href')).toBe('https://shop.example.com/returns');
    const deliveries = await transcript().getByTestId('delivery').allTextContents();
    expect(deliveries.filter((words) => words.includes('已发送'))).toHaveLength(5);
    expect(deliveries.at(-1)).toContain('发送失败：微信拒收（43101 user refuse to accept the msg）');
    expect(text).toContain('管理员');
    await shot('conversation-transcript', true, () =>
      // From the customer's picture on: pictures, a knowledge item, a link, a card and a failed send.
      transcript()
        .locator('img.chat-picture')
        .evaluate((picture) => {
          const row = picture.closest('.chat__row')!;
          const body = picture.closest('.session-panel__body')!;
          body.scrollTop += row.getBoundingClientRect().top - body.getBoundingClientRect().top - 12;
        }),
    );
  });

  it('shows a reply waiting for a closed window, and a closed conversation cannot be answered', async () => {
    await sessionRow('李四').click();
    await page.waitForURL(`**/conversations/${seeded.liSession}`);
    await page.getByRole('heading', { name: '#2 李四' }).waitFor();
    expect(await page.getByTestId('window-meter').textContent()).toBe('窗口已关闭');
    await expect.poll(() => transcript().getByTestId('delivery').allTextContents()).toEqual(['已发送', '等待窗口']);
    expect(await page.getByTestId('session-panel').textContent()).toContain('已结束');
    expect(await page.getByRole('button', { name: '发送' }).isDisabled()).toBe(true);
    await shot('conversation-held');
  });

  it('filters conversations by words of their messages and by state', async () => {
    const search = page.getByPlaceholder('搜索消息内容、昵称或 #编号');
    await search.fill('发票');
    await search.press('Enter');
    await expect.poll(() => page.getByTestId('session-row').allTextContents()).toEqual([expect.stringContaining('李四')]);
    await search.fill('');
    await search.press('Enter');
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);

    await page.getByLabel('状态').click();
    await page.locator('.ant-select-dropdown').getByText('排队中', { exact: true }).click();
    await expect.poll(() => page.getByTestId('session-row').allTextContents()).toEqual([expect.stringContaining('王五')]);
    await page.keyboard.press('Escape');
  });

  it('answers a customer as an admin; the reply joins the transcript', async () => {
    await page.goto(`${system.baseUrl}/conversations/${seeded.zhangSession}`);
    await page.getByRole('heading', { name: '#1 张三' }).waitFor();
    await page.getByRole('textbox', { name: '以管理员身份回复客户（Ctrl + Enter 发送）' }).fill('单号是 SF1234567890，请留意查收');
    await page.getByRole('button', { name: '发送' }).click();
    await page.getByText('已提交，将在客户的发送窗口内送达').waitFor();
    await expect.poll(() => transcript().getByTestId('message-out').last().textContent()).toContain('单号是 SF1234567890，请留意查收');
    expect(await transcript().getByTestId('message-out').last().textContent()).toContain('管理员');
  });

  it('shows the queue with what the customer wrote while waiting, and hands them to an agent', async () => {
    await openArea('排队', '/queue');
    const entry = page.getByTestId('queue-entry');
    await expect.poll(() => entry.count()).toBe(1);
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain('第 1 位');
    expect(text).toContain('#3 王五');
    expect(text).toContain('有人在吗？想问下尺码');
    expect(text).toContain('身高 175 穿多大');
    expect(text).toContain('指定客服：bob');
    expect(await entry.getByTestId('waited').textContent()).toMatch(/^已等 0\d:\d\d$/);
    expect(await entry.getByTestId('window-meter').textContent()).toMatch(/^剩 5 条 · 4[67] 小时$/);
    await shot('queue');

    await entry.getByRole('button', { name: '分配' }).click();
    await page.getByText('已将 #3 王五 分配给 bob').waitFor();
    await page.getByText('现在没有客户在排队').waitFor();
  });

  it('lists offline messages, marks them read, and follows a read elsewhere live', async () => {
    await openArea('留言', '/messages');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('晚上还能下单吗？');
    expect(await rows.first().textContent()).toContain('未读');
    await shot('offline-messages');

    await rows.first().getByRole('button', { name: '标为已读' }).click();
    await page.getByText('已将 1 条留言标为已读').waitFor();
    await expect.poll(() => rows.count()).toBe(1);

    // Marked read by someone else (as 看留言 would): the page follows without being reloaded.
    await api('POST', `/api/tenants/${tenantId}/offline-messages/read`, token, { ids: [seeded.offlineIds[1]] });
    await page.getByText('没有未读留言').waitFor();

    await page.getByText('已读', { exact: true }).click();
    await expect.poll(() => rows.count()).toBe(2);
  });

  it('speaks English too', async () => {
    await page.goto(`${system.baseUrl}/conversations/${seeded.zhangSession}`);
    await page.getByRole('heading', { name: '#1 张三' }).waitFor();
    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByTestId('window-meter').textContent()).toBe('3 left · 31 h');
    expect(await transcript().getByTestId('delivery').allTextContents()).toContain('Sent');
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(expect.arrayContaining(['Overview', 'Conversations', 'Queue', 'Messages']));
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '#1 张三' }).waitFor();
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
