import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, reportFailures, screenshot } from './browser';
import { startSystem, type RunningSystem } from './system';

const SESSION_KEY = 'kefu.admin.session';

interface StoredSession {
  accessToken: string;
  refreshToken: string;
}

describe('admin console', () => {
  let system: RunningSystem;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const readSession = (): Promise<StoredSession | null> =>
    page.evaluate((key) => JSON.parse(window.localStorage.getItem(key) ?? 'null'), SESSION_KEY);
  const writeSession = (value: StoredSession) =>
    page.evaluate(([key, json]) => window.localStorage.setItem(key, json), [SESSION_KEY, JSON.stringify(value)]);
  const header = () => page.locator('.app-layout__header');

  /** Fills in the Chinese login form as the superadmin. */
  async function signIn(password: string) {
    await page.getByLabel('用户名').fill(system.superadmin.username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  beforeAll(async () => {
    system = await startSystem();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  reportFailures('', () => ({ page, system }));

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await system?.stop();
  });

  it('opens on the login page, in Chinese, for any page asked for', async () => {
    await page.goto(`${system.baseUrl}/licenses`);

    await page.waitForURL('**/login');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('heading', { name: '登录管理后台' }).waitFor();
    await page.getByLabel('用户名').waitFor();
    await page.getByLabel('密码').waitFor();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'login');
  });

  it('refuses a wrong password with a Chinese message', async () => {
    await signIn('not-the-password');

    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    expect(await readSession()).toBeNull();
    await screenshot(page, 'login-error');
  });

  it('signs the superadmin in and returns to the page first asked for', async () => {
    await signIn(system.superadmin.password);

    await page.waitForURL('**/licenses');
    const user = page.getByTestId('current-user');
    await expect.poll(() => user.textContent()).toContain('admin');
    expect(await user.textContent()).toContain('超级管理员');
    expect(await header().textContent()).toContain('客服中继 Kefu Relay');
    await page.getByRole('heading', { name: '授权管理' }).waitFor();

    await page.getByRole('menuitem', { name: '商户' }).click();
    await page.waitForURL('**/tenants');
    await page.getByRole('heading', { name: '商户' }).waitFor();
    await page.getByRole('button', { name: '新建商户' }).waitFor();
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['商户', '授权管理']);
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'shell');
  });

  it('renews an expired access token without bothering the user', async () => {
    const before = (await readSession())!;
    await writeSession({ ...before, accessToken: 'expired.access.token' });

    await page.reload();

    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('admin');
    const after = (await readSession())!;
    expect(after.accessToken).not.toBe('expired.access.token');
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(page.url()).toMatch(/\/tenants$/);
  });

  it('switches to English and remembers the choice', async () => {
    await page.getByText('English', { exact: true }).click();

    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('Super admin');
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['Merchants', 'Licenses']);
    await page.getByRole('heading', { name: 'Merchants' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'shell-en');
  });

  it('signs out, revoking the refresh token, and is back at the login page', async () => {
    const { refreshToken } = (await readSession())!;

    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.waitForURL('**/login');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await readSession()).toBeNull();
    const refresh = await fetch(`${system.baseUrl}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    expect(refresh.status).toBe(401);

    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
  });

  it('sends the user to the login page when the session cannot be renewed', async () => {
    await signIn(system.superadmin.password);
    await page.waitForURL('**/tenants');
    await page.getByRole('menuitem', { name: '授权管理' }).click();
    await page.waitForURL('**/licenses');

    await writeSession({ accessToken: 'expired.access.token', refreshToken: 'revoked-refresh-token' });
    await page.reload();

    await page.waitForURL('**/login');
    await page.getByText('登录已过期，请重新登录').waitFor();
    expect(await readSession()).toBeNull();

    // Signing in again leads back to where the user was.
    await signIn(system.superadmin.password);
    await page.waitForURL('**/licenses');
  });

  it('tells how long to wait once sign-ins are locked', async () => {
    await page.evaluate((key) => window.localStorage.removeItem(key), SESSION_KEY);
    await page.goto(`${system.baseUrl}/login`);

    // Failures are counted per account name, existing or not: this does not lock the superadmin.
    let status = 0;
    for (let attempt = 0; attempt < 15 && status !== 429; attempt += 1) {
      await page.getByLabel('用户名').fill('nobody-here');
      await page.getByLabel('密码').fill(`wrong-${attempt}`);
      const answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
      await page.locator('form button[type=submit]').click();
      status = (await answer).status();
    }

    expect(status).toBe(429);
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/尝试次数过多，请在 \d+ 秒后重试/);
    // Found by type: the button's accessible name can keep its spinner's label ("loading") for a while.
    expect(await page.locator('form button[type=submit]').isDisabled()).toBe(true);
    await screenshot(page, 'login-locked');
  }, 180_000);

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
