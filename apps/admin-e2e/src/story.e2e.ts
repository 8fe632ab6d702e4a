import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsScreenshot, launchBrowser, reportFailures } from './browser';
import { startWechatSim, type WechatSim } from '@kefu/wechat-sim';
import { startSystem, type RunningSystem } from './system';


const TENANT = { name: '道行科技', username: 'daoxing', password: 'daoxing-pass-2026' };
const APP = {
  name: '道行商城小程序',
  originalId: 'gh_70775cca084e',
  appId: 'wx45bc6e74580b1f30',
  secret: '77581356ebdcb5a5a43b61a20e62c536',
};

/** From the superadmin creating a merchant to the merchant's agents filling the seats it was granted. */
describe('the merchant story', () => {
  let wechat: WechatSim;
  let system: RunningSystem;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  /** Failed requests and console errors, to tell what went wrong. */
  const browserLog: string[] = [];
  /** The EncodingAESKey the console made when the mini-program was connected. */
  let aesKey = '';

  const dialog = () => page.getByRole('dialog');

  async function docsShot(name: string) {
    await page.waitForLoadState('networkidle');
    // Let notices fade and animations settle.
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await page.waitForTimeout(400);
    await docsScreenshot(page, name);
  }

  async function signIn(username: string, password: string) {
    // Under a heavy load a script of the console may fail to arrive; a reload then shows the login form.
    for (let attempt = 1; ; attempt += 1) {
      await page.goto(`${system.baseUrl}/login`);
      try {
        await page.getByLabel('用户名').waitFor({ timeout: 15_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        console.warn(`The login form did not show (attempt ${attempt}):\n${browserLog.slice(-20).join('\n')}`);
      }
    }
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('current-user').waitFor();
  }

  async function signOut() {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
  }

  async function openArea(label: string, path: string) {
    await page.getByRole('menuitem', { name: label }).click();
    await page.waitForURL(`**${path}`);
  }

  async function addAgent(nickname: string) {
    await page.locator('.page-header').getByRole('button', { name: '添加客服' }).click();
    await dialog().getByLabel('昵称').fill(nickname);
    await dialog().getByRole('button', { name: '添加客服' }).click();
  }

  beforeAll(async () => {
    wechat = await startWechatSim();
    wechat.registerApp({ appId: APP.appId, secret: APP.secret, kind: 'miniprogram' });
    system = await startSystem({ wechatApiBaseUrl: wechat.url });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('requestfailed', (request) => browserLog.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
    page.on('response', (response) => {
      if (response.status() >= 400) browserLog.push(`${response.status()}: ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') browserLog.push(`console: ${message.text()}`);
    });
  });

  reportFailures('story-', () => ({ page, system, browserLog }));

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await system?.stop();
    await wechat?.close();
  });

  it('the superadmin creates a merchant', async () => {
    await signIn(system.superadmin.username, system.superadmin.password);
    await openArea('商户', '/tenants');

    await page.getByRole('button', { name: '新建商户' }).click();
    await dialog().getByLabel('商户名称').fill(TENANT.name);
    await dialog().getByLabel('管理员用户名').fill(TENANT.username);
    await dialog().getByLabel('管理员密码').fill(TENANT.password);
    await dialog().getByRole('button', { name: '创建' }).click();

    const row = page.getByRole('row', { name: new RegExp(TENANT.name) });
    await row.waitFor();
    expect(await row.textContent()).toContain('正常');
    expect(await row.textContent()).toContain('单客服');
    expect(await row.textContent()).toContain('0 / 1');
    await docsShot('tenants');
    await signOut();
  });

  it("the merchant's admin connects a mini-program, checked with WeChat", async () => {
    await signIn(TENANT.username, TENANT.password);
    await openArea('渠道接入', '/channels');
    await page.getByRole('button', { name: '接入渠道' }).click();
    await page.waitForURL('**/channels/new');

    await page.getByLabel('名称').fill(APP.name);
    await page.getByLabel('原始ID').fill(APP.originalId);
    await page.getByLabel('AppID').fill(APP.appId);
    await page.getByLabel('AppSecret').fill(APP.secret);
    await page.getByRole('button', { name: '保存并检测' }).click();

    const check = page.getByTestId('check-result');
    await expect.poll(() => check.textContent(), { timeout: 15_000 }).toContain('连接正常');
    await page.getByRole('button', { name: '下一步：配置消息推送' }).click();

    await expect.poll(() => page.getByTestId('push-url').textContent()).toContain(`${system.baseUrl}/wechat/`);
    // Made in the browser and sent once: the api returns only its ends, so this page is where it is read.
    aesKey = (await page.getByTestId('push-aes-key').textContent()) ?? '';
    expect(aesKey).toMatch(/^[A-Za-z0-9]{43}$/);
    await page.getByText('开发 → 开发管理 → 消息推送配置', { exact: false }).first().waitFor();
    await docsShot('channel-wizard-step2');

    await page.getByRole('button', { name: '已在微信后台提交' }).click();
    await page.getByText(`「${APP.name}」已接入`).waitFor();
    const rechecked = page.waitForResponse((response) => response.url().endsWith('/check'));
    await page.getByRole('button', { name: '重新检测' }).click();
    expect((await rechecked).status()).toBe(200);
    await page.locator('.ant-message-notice').first().waitFor();
    await docsShot('channel-wizard-done');
    await page.getByRole('button', { name: '返回渠道列表' }).last().click();
    const row = page.getByRole('row', { name: new RegExp(APP.name) });
    await row.waitFor();
    expect(await row.textContent()).toContain('连接正常');
    // The AppSecret is only ever shown masked.
    expect(await page.content()).not.toContain(APP.secret);
    expect(await page.content()).not.toContain(aesKey);
  });

  it('shows the EncodingAESKey masked once the page is reloaded, and changes it on request', async () => {
    await page.getByRole('row', { name: new RegExp(APP.name) }).getByRole('link', { name: APP.name }).click();
    await page.waitForURL('**/channels/*');
    await page.reload();
    await page.getByRole('button', { name: '查看消息推送配置' }).click();

    const masked = page.getByTestId('push-aes-key-masked');
    await expect.poll(() => masked.textContent()).toBe(`${aesKey.slice(0, 3)}${'*'.repeat(37)}${aesKey.slice(-3)}`);
    expect(await page.getByTestId('push-aes-key').count()).toBe(0);
    expect(await page.content()).not.toContain(aesKey);

    await page.getByTestId('change-aes-key').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('微信仍用旧密钥加密的消息会被客服中继拒收');
    const saved = page.waitForResponse((response) => response.request().method() === 'PATCH' && response.url().includes('/channels/'));
    await confirm.getByRole('button', { name: '更换密钥' }).click();
    const response = await saved;
    expect(response.status()).toBe(200);
    const next = (await page.getByTestId('push-aes-key').textContent()) ?? '';
    expect(next).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(next).not.toBe(aesKey);
    expect(JSON.parse(response.request().postData() ?? '{}')).toEqual({ encodingAesKey: next });
    expect(await response.text()).not.toContain(next);

    await page.getByRole('button', { name: '返回渠道列表' }).click();
    await page.getByRole('row', { name: new RegExp(APP.name) }).waitFor();
  });

  it('says in words why WeChat refused an unknown AppID, and deletes that channel', async () => {
    await page.getByRole('button', { name: '接入渠道' }).click();
    await page.waitForURL('**/channels/new');
    await page.locator('label.ant-radio-button-wrapper', { hasText: '公众号' }).click();
    await page.getByLabel('名称').fill('道行公众号');
    await page.getByLabel('原始ID').fill('gh_0123456789ab');
    await page.getByLabel('AppID').fill('wx0123456789abcdef');
    await page.getByLabel('AppSecret').fill('0'.repeat(32));
    await page.getByRole('button', { name: '保存并检测' }).click();

    const check = page.getByTestId('check-result');
    await expect.poll(() => check.textContent(), { timeout: 15_000 }).toContain('AppID 不正确');
    expect(await check.textContent()).toContain('wx0123456789abcdef');
    await docsShot('channel-wizard-check-failed');

    await page.getByRole('button', { name: '返回渠道列表' }).click();
    const row = page.getByRole('row', { name: /道行公众号/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('AppID 不正确');
    await row.getByRole('button', { name: '删除' }).click();
    // A DOM click: a popup still settling into place can miss a mouse click on a busy machine.
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).dispatchEvent('click');
    await row.waitFor({ state: 'detached' });
  });

  it('adds the first agent in single-agent mode', async () => {
    await openArea('客服', '/agents');
    await addAgent('客服小张');

    const row = page.getByRole('row', { name: /客服小张/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('待绑定');
    expect(await row.getByTestId('binding-code').textContent()).toMatch(/^\d{6}$/);
    await expect.poll(() => page.getByTestId('seat-meter-text').textContent()).toBe('单客服模式 · 已用 1 / 1');
  });

  it('applies for 3 seats', async () => {
    await openArea('授权', '/license');
    await page.getByLabel('坐席数').fill('3');
    await page.getByLabel('备注').fill('三位客服轮班');
    await docsShot('license-apply');
    await page.getByRole('button', { name: '提交申请' }).click();

    await expect.poll(() => page.getByTestId('pending-application').textContent()).toContain('申请 3 个坐席，审核中');
    await docsShot('license-pending');
    await signOut();
  });

  it('the superadmin grants them', async () => {
    await signIn(system.superadmin.username, system.superadmin.password);
    await openArea('授权管理', '/licenses');

    const row = page.getByRole('row', { name: new RegExp(TENANT.name) });
    await row.waitFor();
    expect(await row.textContent()).toContain('三位客服轮班');
    await docsShot('licenses-pending');

    await row.getByRole('button', { name: '授权' }).click();
    await expect.poll(() => dialog().getByLabel('坐席数').inputValue()).toBe('3');
    await docsShot('licenses-grant');
    await dialog().getByRole('button', { name: '授权' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await page.getByText('没有待处理的申请').waitFor();

    await page.getByRole('tab', { name: '已授权' }).click();
    const granted = page.getByRole('tabpanel').getByRole('row', { name: new RegExp(TENANT.name) });
    await granted.waitFor();
    expect(await granted.textContent()).toContain('长期有效');

    await page.getByRole('tab', { name: '操作记录' }).click();
    const entries = page.getByRole('tabpanel').getByRole('row', { name: new RegExp(TENANT.name) });
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.first().textContent()).toContain('授权');
    expect(await entries.last().textContent()).toContain('申请');
    await docsShot('licenses-audit');
    await signOut();
  });

  it('the admin adds a second and a third agent and is refused a fourth', async () => {
    await signIn(TENANT.username, TENANT.password);
    await openArea('客服', '/agents');
    await expect.poll(() => page.getByTestId('seat-meter-text').textContent()).toBe('坐席 3 · 已用 1');

    await addAgent('客服小李');
    await page.getByRole('row', { name: /客服小李/ }).waitFor();
    await addAgent('客服小王');
    await page.getByRole('row', { name: /客服小王/ }).waitFor();
    await expect.poll(() => page.getByTestId('seat-meter-text').textContent()).toBe('坐席 3 · 已用 3');
    await docsShot('agents-seat-meter');

    await addAgent('客服小赵');
    const refusal = page.getByTestId('seat-error');
    await expect.poll(() => refusal.textContent()).toContain('坐席已用完');
    expect(await refusal.textContent()).toContain('坐席已用完：3 个坐席已有 3 位客服');
    // The server's own words, too.
    expect(await refusal.textContent()).toContain('All 3 seats are in use');
    expect(await refusal.getByRole('link').getAttribute('href')).toBe('/license');
    await docsShot('agents-seat-refused');
    await dialog().getByRole('button', { name: '取消' }).click();
    expect(await page.getByRole('row', { name: /客服小赵/ }).count()).toBe(0);
  });

  it('saves the service settings', async () => {
    await openArea('设置', '/settings');
    await page.getByLabel('会话超时').fill('45');
    await page.locator('label.ant-radio-button-wrapper', { hasText: '文字' }).click();
    await page.getByLabel('推送文字').fill('请关注我们的公众号：www17cheng');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('设置已保存').waitFor();
    await docsShot('settings');

    await page.reload();
    await expect.poll(() => page.getByLabel('会话超时').inputValue()).toBe('45');
    expect(await page.getByLabel('推送文字').inputValue()).toBe('请关注我们的公众号：www17cheng');
  });

  it('shows the channel wizard and the seats in English too', async () => {
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Channels' }).click();
    await page.getByRole('row', { name: new RegExp(APP.name) }).getByRole('button', { name: 'Push settings' }).click();
    await page.getByText('Paste into “URL(服务器地址)”.').waitFor();
    await docsShot('channel-wizard-step2-en');

    await page.getByRole('menuitem', { name: 'Agents' }).click();
    await expect.poll(() => page.getByTestId('seat-meter-text').textContent()).toBe('3 seats · 3 in use');
    await docsShot('agents-en');
    await page.getByText('中文', { exact: true }).click();
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
