import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { startWechatSim, type WechatSim } from '@kefu/wechat-sim';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { APP_CONFIG, AppConfig } from '../src/config';
import { eventually, OutboundBed, range, StoredRow } from './outbound-fixtures';
import { signInSuperadmin } from './tenant-fixtures';
import { createTestApp, SUPERADMIN } from './test-app';

const ROOT = resolve(__dirname, '../../..');
const REGISTER = resolve(__dirname, 'support/swc-register.cjs');

/** Every row ended, none twice: `sent` rows arrived exactly once, `unconfirmed` ones at most once, in id order. */
function expectEachOnceInOrder(rows: StoredRow[], received: string[]): void {
  expect(rows.filter((row) => row.state !== 'sent' && row.state !== 'unconfirmed')).toEqual([]);
  expect(new Set(received).size).toBe(received.length);
  const sent = rows.filter((row) => row.state === 'sent').map((row) => row.text);
  for (const text of sent) expect(received).toContain(text);
  const known = new Set(rows.map((row) => row.text));
  for (const text of received) expect(known.has(text)).toBe(true);
  // What arrived follows the rows' order.
  expect(received).toEqual(rows.map((row) => row.text).filter((text) => received.includes(text!)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('outbound delivery when a worker dies (D1)', () => {
  let app: NestFastifyApplication;
  let sim: WechatSim;
  let worker: ChildProcess | undefined;
  let output = '';

  /** The queue worker as its own process, on the same database, Redis prefix and WeChat. */
  function startWorker(): ChildProcess {
    const config = app.get<AppConfig>(APP_CONFIG);
    const child = spawn(process.execPath, ['-r', REGISTER, 'apps/api/src/main.worker.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: inject('databaseUrl'),
        REDIS_URL: inject('redisUrl'),
        REDIS_PREFIX: config.redis.prefix,
        WECHAT_API_BASE_URL: sim.url,
        SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
        SUPERADMIN_USERNAME: SUPERADMIN.username,
        SUPERADMIN_PASSWORD: SUPERADMIN.password,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    return child;
  }

  beforeAll(async () => {
    sim = await startWechatSim({ officialAccountMessageQuota: 1000 });
    // This process only writes; the child process is the one that delivers.
    app = await createTestApp({ ROLE: 'api', WECHAT_API_BASE_URL: sim.url });
  });
  afterEach(() => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  });
  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('D1 a worker killed in the middle of a delivery leaves nothing sent twice and nothing pending after a restart', async () => {
    const b = await OutboundBed.create(app, sim, await signInSuperadmin(app), 'official_account');
    const openid = b.customer();
    await b.userActs(openid);
    await b.allowSends(openid, 1000);
    // Each send takes a moment, so the kill lands while one is with WeChat.
    sim.injectFault({ endpoint: 'send', delayMs: 30, times: 10_000 });
    const texts = range(80, 'k');

    worker = startWorker();
    for (let i = 0; i < texts.length; i += 8) await b.write(openid, texts.slice(i, i + 8));
    await eventually(
      () => {
        expect(worker!.exitCode, output).toBeNull();
        expect(sim.inbox(b.appId, openid).length).toBeGreaterThanOrEqual(20);
      },
      60_000,
      () => `first sends (worker output: ${output})`,
    );
    worker.kill('SIGKILL');
    await once(worker, 'exit');
    const atKill = sim.inbox(b.appId, openid).length;
    expect(atKill).toBeLessThan(texts.length);

    worker = startWorker();
    const rows = await eventually(
      async () => {
        const all = await b.rows(openid);
        expect(all.filter((row) => row.state === 'pending' || row.state === 'sending')).toEqual([]);
        return all;
      },
      90_000,
      () => `delivery after the restart (worker output: ${output})`,
    );
    expectEachOnceInOrder(rows, b.received(openid));
    expect(rows.filter((row) => row.state === 'unconfirmed').length).toBeLessThanOrEqual(1);
    sim.clearFaults();
  }, 180_000);
});

describe('outbound delivery when Redis restarts empty (D1)', () => {
  let app: NestFastifyApplication;
  let sim: WechatSim;
  let redis: ChildProcess | undefined;
  let port = 0;

  async function startRedis(): Promise<void> {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    await eventually(async () => {
      await probe.connect().catch(() => undefined);
      expect(await probe.ping()).toBe('PONG');
    }, 10_000, 'redis-server answering');
    probe.disconnect();
  }

  async function killRedis(): Promise<void> {
    redis!.kill('SIGKILL');
    await once(redis!, 'exit');
  }

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    sim = await startWechatSim({ officialAccountMessageQuota: 1000 });
    app = await createTestApp({ ROLE: 'all', WECHAT_API_BASE_URL: sim.url, REDIS_URL: `redis://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await sim?.close();
    if (redis && redis.exitCode === null) await killRedis();
  });

  it('D1 rows whose jobs died with Redis, and rows written while it was down, are all delivered once, in order', async () => {
    const b = await OutboundBed.create(app, sim, await signInSuperadmin(app), 'official_account');
    const openid = b.customer();
    await b.userActs(openid);
    await b.allowSends(openid, 1000);
    const texts = range(45, 'r');

    // WeChat asks to wait a minute (45011): the rows wait for a retry job that only Redis knows of.
    sim.injectFault({ endpoint: 'send', errcode: 45011 });
    await b.write(openid, texts.slice(0, 30));
    await eventually(async () => expect((await b.rows(openid))[0]).toMatchObject({ state: 'pending', reason: 'retry', attempts: 1 }));

    await killRedis();
    await startRedis();
    // No job is left anywhere (the retry would have waited 60 s): the sweeper finds the rows.
    await eventually(async () => expect((await b.rows(openid)).map((row) => row.state)).toEqual(texts.slice(0, 30).map(() => 'sent')), 40_000, 'the sweeper');

    // Rows written while Redis is down queue their jobs when it is back.
    await killRedis();
    const restarted = new Promise((done) => setTimeout(done, 1500)).then(startRedis);
    for (let i = 30; i < texts.length; i += 5) await b.write(openid, texts.slice(i, i + 5));
    await restarted;

    const rows = await eventually(
      async () => {
        const all = await b.rows(openid);
        expect(all.map((row) => row.state)).toEqual(texts.map(() => 'sent'));
        return all;
      },
      90_000,
      'every row sent',
    );
    expectEachOnceInOrder(rows, b.received(openid));
    expect(b.received(openid)).toEqual(texts);
  }, 180_000);
});
