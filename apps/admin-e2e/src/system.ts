import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

export const WORKSPACE_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const API_MAIN = resolve(WORKSPACE_ROOT, 'apps/api/dist/main.js');
const ADMIN_INDEX = resolve(WORKSPACE_ROOT, 'apps/admin/dist/index.html');

const POSTGRES_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
const READY_TIMEOUT_MS = 60_000;

/** A running api (with the console it serves) on its own database and Redis key prefix. */
export interface RunningSystem {
  baseUrl: string;
  superadmin: { username: string; password: string };
  /** What the api printed so far. */
  output(): string;
  stop(): Promise<void>;
}

const random = (bytes: number) => randomBytes(bytes).toString('hex');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) resolvePort(address.port);
        else reject(new Error('Could not find a free port'));
      });
    });
  });
}

async function withAdminDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Keeps the last lines a process printed, to show when something goes wrong. */
function captureOutput(child: ChildProcess, maxChars = 64_000) {
  let text = '';
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    if (text.length > maxChars) text = text.slice(-maxChars);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text;
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The api exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((done) => setTimeout(done, 300));
  }
  throw new Error(`The api was not ready within ${READY_TIMEOUT_MS / 1000} s (last answer: ${last}):\n${output()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts the built api (apps/api/dist) with ROLE=all on a fresh database and a Redis prefix of
 * its own; `stop()` ends it and removes both.
 */
export interface SystemOptions {
  /** Where the api reaches WeChat's HTTP API (default: WeChat's real host). */
  wechatApiBaseUrl?: string;
  /** More environment for the api, e.g. SANDBOX=on. */
  env?: Record<string, string>;
}

export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  for (const file of [API_MAIN, ADMIN_INDEX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build the api and the console first`);
  }

  const id = random(6);
  const database = `kefu_e2e_${id}`;
  const redisPrefix = `kefu-e2e-${id}`;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const superadmin = { username: 'admin', password: `Pw-${random(12)}` };

  await withAdminDb((client) => client.query(`CREATE DATABASE "${database}"`));

  const child = spawn(process.execPath, [API_MAIN], {
    cwd: WORKSPACE_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: process.env.TZ,
      ROLE: 'all',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `${POSTGRES_URL}/${database}`,
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      SECRET_KEY: random(32),
      SUPERADMIN_USERNAME: superadmin.username,
      SUPERADMIN_PASSWORD: superadmin.password,
      PUBLIC_BASE_URL: baseUrl,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...(options.wechatApiBaseUrl ? { WECHAT_API_BASE_URL: options.wechatApiBaseUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);

  const cleanUp = async () => {
    await stopProcess(child);
    await withAdminDb((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await deleteRedisKeys(redisPrefix);
  };

  try {
    await waitUntilReady(baseUrl, child, output);
  } catch (error) {
    await cleanUp().catch(() => undefined);
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    baseUrl,
    superadmin,
    output,
    stop: () => (stopped ??= cleanUp()),
  };
}
