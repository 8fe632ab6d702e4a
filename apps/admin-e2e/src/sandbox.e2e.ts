import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsScreenshot, launchBrowser, reportFailures } from './browser';
import { startSystem, type RunningSystem } from './system';

/** The sandbox: the demo shop's phones in the console, typed on as a customer and as an agent. */
describe('sandbox', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  const browserLog: string[] = [];

  const phone = (name: string): Locator => page.locator(`[data-phone="${name}"]`);
  /** What the relay delivered to a phone, as text. */
  const received = (name: string): Locator => phone(name).locator('[data-direction="received"]');

  async function say(name: string, text: string): Promise<void> {
    const input = phone(name).getByRole('textbox');
    await input.fill(text);
    await input.press('Enter');
    await expect.poll(() => input.inputValue(), { timeout: 10_000 }).toBe('');
  }

  reportFailures('sandbox-', () => ({ page, system, browserLog }));

  beforeAll(async () => {
    system = await startSystem({ env: { SANDBOX: 'on' } });
    // The demo is seeded once the api listens; its password is printed once.
    const printed = /username: demo\s+password: (\S+)/;
    const deadline = Date.now() + 60_000;
    while (!printed.test(system.output())) {
      if (Date.now() > deadline) throw new Error(`The sandbox did not start:\n${system.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const password = printed.exec(system.output())![1]!;

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page.on('console', (message) => browserLog.push(`${message.type()}: ${message.text()}`));
    await page.goto(`${system.baseUrl}/login`);
    await page.getByLabel('用户名').fill('demo');
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/dashboard');
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows the demo shop’s phones: the first customer with the welcome menu, and two agents on duty', async () => {
    await page.getByRole('menuitem', { name: '沙盒' }).click();
    await page.waitForURL('**/sandbox');
    await expect.poll(() => page.locator('[data-phone]').count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => received('张三').first().textContent(), { timeout: 15_000 }).toContain('张三您好，欢迎光临演示店铺！');
    for (const agent of ['客服小艳', '客服小张']) {
      await expect.poll(() => received(agent).first().textContent(), { timeout: 15_000 }).toContain('已上班');
    }
    expect(await page.getByTestId('sandbox-hint').textContent()).toContain('下一个 / p');
  });

  it('a customer types 1 and gets the menu, asks a question that reaches an agent, and gets the answer', async () => {
    await say('张三', '1');
    await expect.poll(() => received('张三').count(), { timeout: 15_000 }).toBe(2);
    expect(await received('张三').nth(1).textContent()).toContain('1. 菜单\n2. 我们的联系方式');

    await say('张三', '4');
    await expect.poll(() => phone('张三').locator('.sb-mini').count(), { timeout: 15_000 }).toBe(1);

    await say('张三', '你好，今天下单什么时候发货？');
    const agents = page.locator('[data-phone^="客服"]');
    const serving = agents.filter({ hasText: '新客户 #1 张三：你好，今天下单什么时候发货？' });
    await expect.poll(() => serving.count(), { timeout: 15_000 }).toBe(1);
    const agent = (await serving.getAttribute('data-phone'))!;
    await expect.poll(() => received('张三').last().textContent(), { timeout: 15_000 }).toBe(`您好，客服「${agent}」为您服务。`);

    await say(agent, '您好，今天 16 点前下单当天发货。');
    await expect.poll(() => received('张三').last().textContent(), { timeout: 15_000 }).toBe('您好，今天 16 点前下单当天发货。');
  });

  it('adds a customer who enters with a nickname; an agent’s command works; the screenshot for the README', async () => {
    await page.getByRole('button', { name: '添加客户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('昵称').fill('李四');
    await dialog.getByRole('button', { name: '进入会话' }).click();
    await expect.poll(() => received('李四').first().textContent(), { timeout: 15_000 }).toContain('李四您好');
    await say('李四', '5');
    await expect.poll(() => phone('李四').locator('.sb-link').count(), { timeout: 15_000 }).toBe(1);

    await say('客服小张', '排队');
    await expect.poll(() => received('客服小张').last().textContent(), { timeout: 15_000 }).toContain('排队 0 位');

    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await page.getByRole('heading', { name: '沙盒' }).click();
    await page.waitForTimeout(600);
    await docsScreenshot(page, 'sandbox');
  });

  it('下一个 closes the session: the customer gets the farewell', async () => {
    const agent = (await page.locator('[data-phone^="客服"]').filter({ hasText: '新客户 #1 张三' }).getAttribute('data-phone'))!;
    await say(agent, '下一个');
    await expect.poll(() => received('张三').last().textContent(), { timeout: 15_000 }).toBe('感谢您的咨询，欢迎下次光临！');
    await expect.poll(() => received(agent).last().textContent(), { timeout: 15_000 }).toBe('没有排队的客户，您现在空闲。');
  });
});
