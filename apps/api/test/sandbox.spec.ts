import type { SandboxPhone, SandboxPhones, SandboxStatus } from '@kefu/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../src/config';
import { SandboxModule } from '../src/modules/sandbox/sandbox.module';
import { SandboxService } from '../src/modules/sandbox/sandbox.service';
import { UsersService } from '../src/modules/tenants/users.service';
import { ApiCaller, createTenant, signIn, signInSuperadmin, wechatApp } from './tenant-fixtures';
import { createTestApp, testConfig } from './test-app';

async function startApp(env: Record<string, string>): Promise<NestFastifyApplication> {
  const app = await createTestApp({ ROLE: 'all', ...env });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** What a phone shows, one line per message: `> ` typed by its owner, `< ` received from the relay. */
function lines(phone: SandboxPhone): string[] {
  return phone.messages.map((message) => {
    const content = message.content;
    const shown =
      content.type === 'text' ? content.text : content.type === 'enter' ? '[enter]' : `[${content.type}${'title' in content ? ` ${content.title}` : ''}]`;
    return `${message.direction === 'sent' ? '>' : '<'} ${shown}`;
  });
}

describe('sandbox: where it may run', () => {
  it('loads in development (auto) and when forced, never in production, with SANDBOX=off or without the worker', () => {
    const loads = (env: Record<string, string>) => SandboxModule.loadsWith(testConfig({ ROLE: 'all', ...env }));
    expect(loads({ NODE_ENV: 'development' })).toBe(true);
    expect(loads({ NODE_ENV: 'test' })).toBe(false);
    expect(loads({ SANDBOX: 'on' })).toBe(true);
    expect(loads({ NODE_ENV: 'development', SANDBOX: 'off' })).toBe(false);
    expect(loads({ NODE_ENV: 'production' })).toBe(false);
    expect(SandboxModule.loadsWith(testConfig({ NODE_ENV: 'development', ROLE: 'api' }))).toBe(false);
    expect(() => testConfig({ NODE_ENV: 'production', ROLE: 'all', SANDBOX: 'on' })).toThrow(ConfigError);
    expect(() => testConfig({ ROLE: 'api', SANDBOX: 'on' })).toThrow(/SANDBOX needs ROLE=all/);
    expect(() => testConfig({ SANDBOX: 'maybe' })).toThrow(/SANDBOX/);
  });

  it('stays off in development once a real channel is connected', async () => {
    const unreachable = { WECHAT_API_BASE_URL: 'http://127.0.0.1:1' };
    const setup = await startApp({ SANDBOX: 'off', ...unreachable });
    try {
      const tenant = await createTenant(setup, await signInSuperadmin(setup));
      const response = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/channels`, { name: 'shop', kind: 'miniprogram', ...wechatApp() });
      expect(response.statusCode, response.body).toBe(201);
    } finally {
      await setup.close();
    }
    const app = await startApp({ NODE_ENV: 'development', ...unreachable });
    try {
      expect(await app.get(SandboxService).settled()).toBe('off');
      const superadmin = await signInSuperadmin(app);
      expect((await superadmin.call('GET', '/api/sandbox')).json()).toMatchObject({ enabled: false, state: 'off', tenantId: null });
      expect(await app.get(UsersService).findForLogin('demo')).toBeNull();
    } finally {
      await app.close();
    }
  });

  for (const [title, env] of [
    ['SANDBOX=off starts nothing', { SANDBOX: 'off', NODE_ENV: 'development' }],
    ['production never starts it', { NODE_ENV: 'production' }],
  ] as const) {
    it(title, async () => {
      const app = await startApp(env);
      try {
        const superadmin = await signInSuperadmin(app);
        expect((await superadmin.call('GET', '/api/sandbox')).statusCode).toBe(404);
        expect(() => app.get(SandboxService)).toThrow();
        expect(await app.get(UsersService).findForLogin('demo')).toBeNull();
      } finally {
        await app.close();
      }
    });
  }
});

describe('sandbox with SANDBOX=on', () => {
  let app: NestFastifyApplication;
  let demo: ApiCaller;
  let tenantId: string;
  let printed = '';

  async function phones(): Promise<SandboxPhone[]> {
    const response = await demo.call('GET', `/api/tenants/${tenantId}/sandbox/phones`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as SandboxPhones).phones;
  }

  async function phone(name: string): Promise<SandboxPhone> {
    const found = (await phones()).find((entry) => entry.name === name);
    if (!found) throw new Error(`no phone named ${name}`);
    return found;
  }

  /** Waits until the phone shows what the predicate looks for (the relay answers through its queue). */
  async function until(name: string, predicate: (shown: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const shown = lines(await phone(name));
      if (predicate(shown)) return shown;
      if (Date.now() > deadline) throw new Error(`${name}'s phone shows:\n${shown.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function type(name: string, text: string): Promise<void> {
    const { openid } = await phone(name);
    const response = await demo.call('POST', `/api/tenants/${tenantId}/sandbox/phones/${openid}/messages`, { text });
    expect(response.statusCode, response.body).toBe(204);
  }

  beforeAll(async () => {
    const write = process.stdout.write.bind(process.stdout);
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed += String(chunk);
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write);
    try {
      app = await startApp({ SANDBOX: 'on' });
      expect(await app.get(SandboxService).settled()).toBe('ready');
    } finally {
      spy.mockRestore();
    }
    const password = /username: demo\s+password: (\S+)/.exec(printed)?.[1];
    expect(password, printed).toBeTruthy();
    demo = await signIn(app, 'demo', password!);
    const status = (await demo.call('GET', '/api/sandbox')).json() as SandboxStatus;
    expect(status).toMatchObject({ enabled: true, state: 'ready', username: 'demo' });
    tenantId = status.tenantId!;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('seeds the demo shop: two agents with seats, a secure JSON mini-program, the menu of the manual and its welcome', async () => {
    const get = async (path: string) => (await demo.call('GET', `/api/tenants/${tenantId}${path}`)).json();
    expect((await get('')).name).toBe('演示店铺');
    expect((await get('/agents')).map((agent: { nickname: string; isAdmin: boolean; active: boolean }) => [agent.nickname, agent.isAdmin, agent.active])).toEqual([
      ['客服小艳', true, true],
      ['客服小张', false, true],
    ]);
    expect(await get('/license')).toMatchObject({ mode: 'multi', used: 2 });
    expect(await get('/channels')).toEqual([expect.objectContaining({ kind: 'miniprogram', mode: 'secure', format: 'json', checkStatus: 'ok' })]);
    const items = (await get('/knowledge')).items as { number: number; keyword: string; type: string }[];
    expect(items.map((item) => [item.number, item.keyword, item.type])).toEqual([
      [1, '引导语', 'text'],
      [2, '联系方式', 'image'],
      [3, '网址', 'text'],
      [4, '小程序', 'miniprogram'],
      [5, 'QQ', 'link'],
    ]);
    expect(await get('/settings')).toMatchObject({ welcomeItemNumber: 1, farewell: { type: 'text', text: '感谢您的咨询，欢迎下次光临！' } });

    // The agents started the day with 上班, so the relay may write to them; the first customer is in the chat.
    const shown = await phones();
    expect(shown.map((entry) => [entry.name, entry.role])).toEqual([
      ['张三', 'customer'],
      ['客服小艳', 'agent'],
      ['客服小张', 'agent'],
    ]);
    expect(lines(shown[1]!)[0]).toBe('> 上班');
    expect((await until('张三', (seen) => seen.length >= 2))[1]).toMatch(/^< 张三您好，欢迎光临演示店铺！/);
  });

  it('a new customer enters with a nickname and gets the welcome; typing 1 sends the menu again, 4 the card, 5 the link', async () => {
    const response = await demo.call('POST', `/api/tenants/${tenantId}/sandbox/phones`, { nickname: '李四' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ name: '李四', role: 'customer' });
    await until('李四', (seen) => seen.length >= 2);

    await type('李四', '1');
    const shown = await until('李四', (seen) => seen.length >= 4);
    expect(shown.slice(0, 3)).toEqual(['> [enter]', expect.stringMatching(/^< 李四您好/), '> 1']);
    expect(shown[3]).toContain('李四您好，欢迎光临演示店铺！看看下面这些是否可以帮到您，直接回复序号即可\n1. 菜单\n2. 我们的联系方式');

    for (const [number, answer] of [
      ['4', '< [miniprogram 演示商城小程序]'],
      ['5', '< [link 点击直接转入客服QQ]'],
      ['2', '< [image]'],
    ]) {
      await type('李四', number!);
      expect((await until('李四', (seen) => seen.at(-2) === `> ${number}`)).at(-1)).toBe(answer);
    }
    const picture = (await phone('李四')).messages.at(-1)!.content;
    expect(picture.type).toBe('image');
    const file = await demo.call('GET', `/api/tenants/${tenantId}/sandbox/media/${(picture as { mediaId: string }).mediaId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
  });

  it('你好 reaches an agent as 新客户 #n; the agent answers, and 下一个 closes the session with the farewell', async () => {
    await type('李四', '你好');
    const number = (await phone('李四')).number;
    expect(number).toBeGreaterThan(0);
    const agentName = await (async () => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        for (const entry of (await phones()).filter((candidate) => candidate.role === 'agent')) {
          if (lines(entry).includes(`< 新客户 #${number} 李四：你好`)) return entry.name;
        }
        if (Date.now() > deadline) throw new Error('no agent got the new customer');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await until('李四', (seen) => seen.includes(`< 您好，客服「${agentName}」为您服务。`));

    await type(agentName, '您好，请问需要什么帮助？');
    await until('李四', (seen) => seen.at(-1) === '< 您好，请问需要什么帮助？');

    const picture = await demo.call('POST', `/api/tenants/${tenantId}/sandbox/phones/${(await phone('李四')).openid}/messages`, { picture: true });
    expect(picture.statusCode, picture.body).toBe(204);
    await until(agentName, (seen) => seen.at(-1) === '< [image]');

    await type(agentName, '下一个');
    await until('李四', (seen) => seen.at(-1) === '< 感谢您的咨询，欢迎下次光临！');
    await until(agentName, (seen) => seen.at(-1) === '< 没有排队的客户，您现在空闲。');
  });

  it('answers only the demo shop: another tenant sees no sandbox, and a phone must be one of the demo', async () => {
    const superadmin = await signInSuperadmin(app);
    const other = await createTenant(app, superadmin);
    expect((await other.admin.call('GET', `/api/tenants/${tenantId}/sandbox/phones`)).statusCode).toBe(404);
    expect((await other.admin.call('GET', `/api/tenants/${other.id}/sandbox/phones`)).statusCode).toBe(404);
    expect((await other.admin.call('GET', '/api/sandbox')).json()).toMatchObject({ enabled: true, tenantId: null });
    expect((await superadmin.call('GET', '/api/sandbox')).json()).toMatchObject({ tenantId });
    expect((await demo.call('POST', `/api/tenants/${tenantId}/sandbox/phones/o_unknown_phone/messages`, { text: 'hi' })).statusCode).toBe(404);
    expect((await demo.call('POST', `/api/tenants/${tenantId}/sandbox/phones`, { nickname: '' })).statusCode).toBe(400);
  });

  it('finds the demo again after a restart instead of seeding it twice', async () => {
    await app.close();
    app = await startApp({ SANDBOX: 'on' });
    expect(await app.get(SandboxService).settled()).toBe('ready');
    const superadmin = await signInSuperadmin(app);
    const tenants = (await superadmin.call('GET', '/api/tenants')).json() as { id: string; name: string; agentCount: number }[];
    expect(tenants.filter((tenant) => tenant.name === '演示店铺')).toEqual([expect.objectContaining({ id: tenantId, agentCount: 2 })]);
    const get = async (path: string) => (await superadmin.call('GET', `/api/tenants/${tenantId}${path}`)).json();
    expect(await get('/channels')).toHaveLength(1);
    expect((await get('/knowledge')).total).toBe(5);

    // The customers are still there; the agents started the day again, and the relay answers them.
    demo = superadmin;
    const shown = await phones();
    expect(shown.map((entry) => entry.name)).toEqual(['张三', '李四', '客服小艳', '客服小张']);
    await type('客服小艳', '排队');
    await until('客服小艳', (seen) => seen.at(-1)?.startsWith('< ') === true && seen.at(-2) === '> 排队');
  });
});
