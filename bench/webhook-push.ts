/**
 * Pushes through the whole system: api and worker (ROLE=all, or apart) on this machine's PostgreSQL and
 * Redis (a database and key prefix of their own, removed afterwards), wechat-sim in a process of its own.
 * A tenant with a secure-mode JSON mini-program channel in human + robot mode and a few agents; thousands
 * of customers push signed, encrypted text over loopback at a fixed rate for a bounded time.
 *
 * Reported, each beside a bare node:http server answering `success` under the same load from the same
 * generator: sustained pushes/s and the answer time (p50/p99) at a fixed offered rate, and the most
 * pushes/s with a fixed number of connections, first for the webhook alone (the same build with dispatch
 * answering at once, in a process of its own), then for the whole system; also how fast first contacts
 * (new customers) go, and the relay latency from a push to the first message it causes in the
 * simulator's inbox.
 *
 * Run: npm run bench (builds first), or after `npx nx run-many -t build -p @kefu/api,@kefu/wechat-sim`:
 *   npx tsx bench/webhook-push.ts
 * Knobs (environment): BENCH_RATE pushes/s (1000), BENCH_SECONDS (20), BENCH_MAX_SECONDS (8),
 * BENCH_CONNECTIONS (64), BENCH_CUSTOMERS (2000), BENCH_AGENTS (4),
 * BENCH_ROLE (all: one process | split: api and worker apart),
 * BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (redis://127.0.0.1:6379),
 * BENCH_PROFILE=1 (a V8 CPU profile of the api process, `.cpuprofile` in the kept output folder).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Pool } from 'undici';
import { encodePush, type PushChannel, type WechatPush } from '../libs/wechat/src';

const ROOT = resolve(__dirname, '..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RATE = env('BENCH_RATE', 1000);
const SECONDS = env('BENCH_SECONDS', 20);
const MAX_SECONDS = env('BENCH_MAX_SECONDS', 8);
const CONNECTIONS = env('BENCH_CONNECTIONS', 64);
const AGENTS = env('BENCH_AGENTS', 4);
const CUSTOMERS = env('BENCH_CUSTOMERS', 2000);
/** Bounded work: the most pushes the closed-loop phase may send. */
const MAX_PHASE_PUSHES = 60_000;
// One process by default, as `npm start` runs it: each process has a pool of up to 40 database
// connections, and two would take most of PostgreSQL's 100 from whatever else runs on the machine.
const ROLE = process.env.BENCH_ROLE === 'split' ? 'split' : 'all';
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOST = '127.0.0.1';
const SUPERADMIN = { username: 'bench', password: 'bench-superadmin-password' };
const MARKER = /mk(\d+)x/;

interface Push {
  path: string;
  body: string;
  from: string;
  /** Position in the sustained phase (its marker), or -1. */
  seq: number;
}

interface PhaseResult {
  sent: number;
  ok: number;
  failures: Map<string, number>;
  elapsedMs: number;
  latencies: Float64Array;
  /** Date.now() at each push's scheduled send, for the relay latency. */
  sentAt: Float64Array;
  /** 1 for each push answered `success`. */
  accepted: Uint8Array;
  /** Date.now() when each push was answered. */
  answeredAt: Float64Array;
}

/** The api with DispatchService.handle answering at once, everything else as built. */
const WEBHOOK_ALONE = `
require('reflect-metadata');
const { DispatchService } = require('./apps/api/dist/modules/dispatch/dispatch.service');
if (typeof DispatchService.prototype.handle !== 'function') throw new Error('DispatchService.handle is not a method any more');
DispatchService.prototype.handle = async () => ({ duplicate: false });
const { createHttpApp } = require('./apps/api/dist/bootstrap');
const { loadConfig } = require('./apps/api/dist/config');
const config = loadConfig();
createHttpApp(config).then((app) => app.listen({ port: config.http.port, host: config.http.host }));
`;

const children: ChildProcess[] = [];
const names = new Map<ChildProcess, string>();
const logDir = mkdtempSync(join(tmpdir(), 'kefu-bench-'));
/** The processes' output is kept when something went wrong or was named in the report, else removed. */
let keepLogs = process.env.BENCH_PROFILE === '1';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function start(name: string, args: string[], extraEnv: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(logDir, `${name}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.once('exit', (code, signal) => {
    if (stopping || child.killed) return;
    keepLogs = true;
    console.error(`${name} exited (${code ?? signal}); its output is in ${join(logDir, `${name}.log`)}`);
  });
  children.push(child);
  names.set(child, name);
  return child;
}

async function waitFor(url: string, timeoutMs = 60_000, owner?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (owner && owner.exitCode !== null) throw new Error(`the process behind ${url} exited (logs: ${logDir})`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (logs: ${logDir})`);
    await sleep(200);
  }
}

/** CPU seconds each process has used so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function pidsOf(command: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** CPU used so far by the system's processes, by Redis, and by the whole machine (PostgreSQL is most of the rest). */
function cpuNow(): Map<string, number> {
  const usage = new Map<string, number>();
  for (const child of children) {
    const name = names.get(child)!;
    if (child.pid && ['api', 'worker', 'wechat-sim'].includes(name)) usage.set(name, cpuSeconds(child.pid));
  }
  usage.set('redis', pidsOf('redis-server').reduce((sum, pid) => sum + cpuSeconds(pid), 0));
  usage.set('load generator', cpuSeconds(process.pid));
  // The first line of /proc/stat: the machine's user, nice, system, idle, iowait, irq, softirq … ticks.
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  usage.set('whole machine', (ticks.reduce((sum, value) => sum + value, 0) - ticks[3] - ticks[4]) / 100);
  return usage;
}

/** CPU milliseconds per answered push, per process, between two readings. */
function cpuPerPush(before: Map<string, number>, after: Map<string, number>, answered: number): string {
  if (!answered) return 'n/a';
  return [...after]
    .map(([name, seconds]) => `${name} ${(((seconds - (before.get(name) ?? 0)) * 1000) / answered).toFixed(2)} ms`)
    .join(', ');
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function call<T = unknown>(base: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Runs `count` calls with at most `parallel` at a time. */
async function inParallel(count: number, parallel: number, run: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (value: number) => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : 'n/a');

function record(failures: Map<string, number>, key: string): void {
  failures.set(key, (failures.get(key) ?? 0) + 1);
}

/**
 * Sends `pushes[i]` at `start + i / rate` whatever the answers (open loop); latency counts from the
 * scheduled time, so a server that falls behind is charged for the wait. When more than
 * `backlogSeconds` of pushes are unanswered the rate is not sustainable: sending stops and the
 * unanswered requests are abandoned, so an overloaded system ends the phase quickly.
 */
async function openLoop(pool: Pool, pushes: Push[], rate: number, backlogSeconds = 2): Promise<PhaseResult> {
  const latencies: number[] = [];
  const sentAt = new Float64Array(pushes.length).fill(NaN);
  const accepted = new Uint8Array(pushes.length);
  const answeredAt = new Float64Array(pushes.length).fill(NaN);
  const failures = new Map<string, number>();
  const backlog = Math.max(50, rate * backlogSeconds);
  const abandon = new AbortController();
  setMaxListeners(Infinity, abandon.signal);
  let ok = 0;
  let done = 0;
  let issued = 0;
  let stopped = false;
  const started = performance.now();
  const wallStarted = Date.now();
  let finished = started;
  await new Promise<void>((resolveAll) => {
    const fire = (i: number) => {
      const scheduled = started + (i * 1000) / rate;
      sentAt[i] = wallStarted + (i * 1000) / rate;
      const push = pushes[i];
      pool
        .request({ path: push.path, method: 'POST', headers: { 'content-type': 'application/json' }, body: push.body, signal: abandon.signal })
        .then(async (response) => {
          const text = await response.body.text();
          if (response.statusCode === 200 && text === 'success') {
            ok++;
            accepted[i] = 1;
          } else record(failures, `${response.statusCode} ${text.slice(0, 40)}`);
          finished = performance.now();
          latencies.push(finished - scheduled);
          answeredAt[i] = wallStarted + (finished - started);
        })
        .catch((error: Error) => record(failures, abandon.signal.aborted ? 'abandoned unanswered' : error.message))
        .finally(() => {
          if (++done === issued && (stopped || issued === pushes.length)) resolveAll();
        });
    };
    const tick = () => {
      const due = Math.min(pushes.length, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      while (issued < due && issued - done < backlog) fire(issued++);
      if (issued < due) {
        stopped = true;
        abandon.abort();
        if (done === issued) resolveAll();
        return;
      }
      if (issued < pushes.length) setTimeout(tick, 1);
    };
    tick();
  });
  if (stopped) record(failures, `not sent: more than ${backlogSeconds} s of pushes were unanswered (${pushes.length - issued} pushes)`);
  return { sent: issued, ok, failures, elapsedMs: finished - started, latencies: Float64Array.from(latencies), sentAt, accepted, answeredAt };
}

/** `connections` senders, each sending the next push as soon as its last one is answered, for `seconds`. */
async function closedLoop(pool: Pool, pushes: Push[], connections: number, seconds: number): Promise<PhaseResult> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let ok = 0;
  let next = 0;
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < pushes.length && performance.now() < stopAt) {
        const push = pushes[next++];
        const sent = performance.now();
        try {
          const response = await pool.request({ path: push.path, method: 'POST', headers: { 'content-type': 'application/json' }, body: push.body });
          const text = await response.body.text();
          if (response.statusCode === 200 && text === 'success') ok++;
          else record(failures, `${response.statusCode} ${text.slice(0, 40)}`);
        } catch (error) {
          record(failures, (error as Error).message);
        }
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { sent: latencies.length, ok, failures, elapsedMs: performance.now() - started, latencies: Float64Array.from(latencies), sentAt: new Float64Array(), accepted: new Uint8Array(), answeredAt: new Float64Array() };
}

function summary(result: PhaseResult) {
  const sorted = Float64Array.from(result.latencies).sort();
  return {
    rate: (result.ok * 1000) / result.elapsedMs,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    failures: [...result.failures].map(([what, n]) => `${n}× ${what}`).join(', '),
  };
}

/** Inbox entries of the simulator: every send WeChat accepted. */
interface InboxEntry {
  openid: string;
  msgtype: string;
  message: unknown;
  at: number;
}

/**
 * Latency from each accepted push to the first inbox message it caused: a message quoting the push's
 * marker belongs to that push; any other message belongs to the recipient's latest push before it.
 */
function relayLatencies(
  pushes: Push[],
  run: PhaseResult,
  inbox: InboxEntry[],
): { latencies: Float64Array; afterAnswer: Float64Array; reached: number; accepted: number } {
  const { sentAt, accepted, answeredAt } = run;
  const bySender = new Map<string, number[]>();
  pushes.forEach((push, i) => {
    if (!accepted[i]) return;
    const list = bySender.get(push.from);
    if (list) list.push(i);
    else bySender.set(push.from, [i]);
  });
  const first = new Float64Array(pushes.length).fill(Infinity);
  for (const entry of inbox) {
    const marked = MARKER.exec(JSON.stringify(entry.message));
    let index = marked ? Number(marked[1]) : -1;
    // A push given up on by the generator may still have been handled: its messages are left out.
    if (index >= 0 && index < pushes.length && !accepted[index]) continue;
    if (index < 0 || index >= pushes.length) {
      const own = bySender.get(entry.openid);
      index = -1;
      if (own) for (const i of own) if (sentAt[i] <= entry.at) index = i;
    }
    if (index >= 0) first[index] = Math.min(first[index], entry.at - sentAt[index]);
  }
  const reachedAt = [...first.keys()].filter((i) => Number.isFinite(first[i]));
  const sorted = (values: number[]) => Float64Array.from(values.map((value) => Math.max(0, value))).sort();
  return {
    latencies: sorted(reachedAt.map((i) => first[i])),
    afterAnswer: sorted(reachedAt.map((i) => first[i] + sentAt[i] - answeredAt[i])),
    reached: reachedAt.length,
    accepted: run.ok,
  };
}

/** What became of the messages the relay meant to send, when the outbox table is there to ask. */
async function outboxStates(databaseUrl: string): Promise<string | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ state: string; count: string }>(
      'SELECT state, count(*) AS count FROM outbound_messages GROUP BY state ORDER BY count(*) DESC',
    );
    return rows.map((row) => `${row.state} ${row.count}`).join(', ');
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let stopping = false;

async function main(): Promise<void> {
  for (const file of ['apps/api/dist/main.js', 'apps/api/dist/main.worker.js', 'apps/wechat-sim/dist/main.js']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: build first (npx nx run-many -t build -p @kefu/api,@kefu/wechat-sim)`);
  }
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const database = `kefu_bench_${run}`;
  const prefix = `kefu-bench-${run}`;
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const databaseUrl = new URL(POSTGRES_URL);
  databaseUrl.pathname = `/${database}`;

  let cleaning: Promise<void> | undefined;
  const cleanUp = () => (cleaning ??= removeEverything(database, prefix));
  // A Ctrl-C reaches this process twice (from the terminal and relayed by tsx): the second must not kill it.
  const interrupted = () => {
    if (cleaning) return;
    console.error('interrupted: stopping the processes and removing the database');
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    await measure(databaseUrl.toString(), prefix);
  } catch (error) {
    keepLogs = true;
    throw error;
  } finally {
    await cleanUp();
    if (keepLogs) console.log(`processes' output: ${logDir}`);
    else rmSync(logDir, { recursive: true, force: true });
  }
}

/** Stops every process this run started and removes its database and Redis keys. */
async function removeEverything(database: string, prefix: string): Promise<void> {
  stopping = true;
  const stop = (child: ChildProcess) =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  // The simulator last, so that deliveries still running do not fail against a WeChat that is gone.
  const simulator = children.filter((child) => names.get(child) === 'wechat-sim');
  const others = children.filter((child) => !simulator.includes(child));
  await Promise.all(others.map(stop));
  await Promise.all(simulator.map(stop));
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = nextCursor;
  } while (cursor !== '0');
  await redis.quit();
}

async function measure(databaseUrl: string, prefix: string): Promise<void> {
  const [simPort, apiPort, barePort, alonePort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const simUrl = `http://${HOST}:${simPort}`;
  const apiUrl = `http://${HOST}:${apiPort}`;
  const bareUrl = `http://${HOST}:${barePort}`;
  const aloneUrl = `http://${HOST}:${alonePort}`;

  start('wechat-sim', ['apps/wechat-sim/dist/main.js'], { SIM_PORT: String(simPort), SIM_HOST: HOST });
  const system = {
    NODE_ENV: 'production',
    PORT: String(apiPort),
    HOST,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    WECHAT_API_BASE_URL: simUrl,
    SECRET_KEY: randomBytes(32).toString('hex'),
    SUPERADMIN_USERNAME: SUPERADMIN.username,
    SUPERADMIN_PASSWORD: SUPERADMIN.password,
    LOG_LEVEL: 'warn',
    ADMIN_DIST_DIR: join(logDir, 'no-console'),
  };
  // BENCH_PROFILE=1 writes a CPU profile of the api process when it exits (Chrome DevTools reads it).
  const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`] : [];
  start('api', [...profile, 'apps/api/dist/main.js'], { ...system, ROLE: ROLE === 'all' ? 'all' : 'api' });
  start(
    'bare',
    [
      '-e',
      `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }); res.end('success'); }); }).listen(${barePort}, '${HOST}')`,
    ],
    {},
  );
  await Promise.all([waitFor(`${simUrl}/__sim/health`), waitFor(`${apiUrl}/health/ready`), waitFor(`${bareUrl}/`)]);
  // These start after the api has migrated the fresh database. The second api is the same build with
  // dispatch answering at once: the webhook's own share of a push.
  if (ROLE === 'split') start('worker', ['apps/api/dist/main.worker.js'], system);
  const alone = start('webhook-alone', ['-e', WEBHOOK_ALONE], { ...system, ROLE: 'api', PORT: String(alonePort) });
  const aloneProblem = await waitFor(`${aloneUrl}/health/ready`, 30_000, alone).then(
    () => undefined,
    () => {
      keepLogs = true;
      return `it did not start; its output is in ${join(logDir, 'webhook-alone.log')}`;
    },
  );

  // The merchant: a tenant with unlimited seats in human + robot mode, one secure JSON mini-program.
  const root = (await call<{ accessToken: string }>(apiUrl, 'POST', '/api/auth/login', SUPERADMIN)).accessToken;
  const tenant = await call<{ id: string }>(apiUrl, 'POST', '/api/tenants', { name: `bench-${prefix}`, adminUsername: 'benchadmin', adminPassword: 'bench-admin-password' }, root);
  await call(apiUrl, 'PUT', `/api/licenses/${tenant.id}`, { seats: null }, root);
  const token = (await call<{ accessToken: string }>(apiUrl, 'POST', '/api/auth/login', { username: 'benchadmin', password: 'bench-admin-password' }))
    .accessToken;
  await call(apiUrl, 'PUT', `/api/tenants/${tenant.id}/settings`, { mode: 'human_robot' }, token).catch((error: Error) =>
    console.log(`(settings not changed: ${error.message})`),
  );
  const appId = `wx${randomBytes(8).toString('hex')}`;
  const appSecret = randomBytes(16).toString('hex');
  const originalId = `gh_${randomBytes(6).toString('hex')}`;
  await call(simUrl, 'POST', '/__sim/apps', { appId, secret: appSecret, kind: 'miniprogram', originalId });
  // The api shows the EncodingAESKey only masked, so the bench chooses it, as a merchant copying WeChat's does.
  const encodingAesKey = randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'a').slice(0, 43);
  const created = await call<{ id: string; token: string }>(
    apiUrl,
    'POST',
    `/api/tenants/${tenant.id}/channels`,
    { name: 'bench', kind: 'miniprogram', appId, appSecret, originalId, encodingAesKey, mode: 'secure', format: 'json' },
    token,
  );
  const channel: PushChannel = { token: created.token, appId, encodingAesKey, mode: 'secure', format: 'json' };
  const agents = Array.from({ length: AGENTS }, (_, i) => `oBenchAgent${i}${randomBytes(6).toString('hex')}`);
  for (const [i, openid] of agents.entries()) {
    await call(apiUrl, 'POST', `/api/tenants/${tenant.id}/agents`, { nickname: `客服${i + 1}`, openid, isAdmin: i === 0 }, token);
  }

  const sustainedCount = Math.round(RATE * SECONDS);
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => `oBenchCustomer${i.toString(36).padStart(5, '0')}`);
  // Pushes skip the simulator's phone, so the simulator is told about each user's message itself: that
  // opens the sending window the relay's answers need.
  const interact = (openid: string) => call(simUrl, 'POST', '/__sim/interactions', { appid: appId, openid, action: 'message' });
  await inParallel(customers.length + agents.length, 16, (i) => interact(i < agents.length ? agents[i] : customers[i - agents.length]));

  // Above 2^53, as WeChat's are, and inside a signed 64-bit integer.
  let msgId = 6_000_000_000_000_000_000n + BigInt(Date.now()) * 1000n;
  const compose = (from: string, content: string, seq: number, path: string): Push => {
    const push: WechatPush = {
      category: 'message',
      type: 'text',
      toUserName: originalId,
      fromUserName: from,
      createTime: Math.floor(Date.now() / 1000),
      msgId: String(msgId++),
      content,
      raw: Object.create(null),
    };
    const { body, query } = encodePush({ push, channel, timestamp: String(push.createTime), nonce: String(100000000 + Math.floor(Math.random() * 899999999)) });
    return { path: `${path}?${new URLSearchParams(query as Record<string, string>)}`, body, from, seq };
  };
  const webhookPath = `/wechat/${created.id}`;
  // One in fifty pushes comes from an agent: the next customer, or a reply to the current one.
  const measured = Array.from({ length: sustainedCount }, (_, i) => {
    if (i % 50 === 25 && agents.length) {
      const agent = agents[((i / 50) | 0) % agents.length];
      return compose(agent, i % 100 === 25 ? '下一个' : `好的，马上为您查询 mk${i}x`, i, webhookPath);
    }
    return compose(customers[i % customers.length], `请问订单 mk${i}x 什么时候发货？`, i, webhookPath);
  });
  const agentStart = agents.map((agent) => compose(agent, '上班', -1, webhookPath));
  const maxPushes = Array.from({ length: MAX_PHASE_PUSHES }, (_, i) => compose(customers[i % customers.length], `还有问题 ${i}`, -1, webhookPath));
  const firstContacts = customers.map((customer, i) => compose(customer, `在吗 hello${i}`, -1, webhookPath));

  const pool = (origin: string) => new Pool(origin, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 60_000 });
  const bare = pool(bareUrl);
  const relay = pool(apiUrl);
  const webhookAlone = pool(aloneUrl);

  console.log(
    `load: ${customers.length} customers' first contacts, then ${RATE} pushes/s for ${SECONDS} s (${sustainedCount} pushes, ` +
      `${agents.length} agents among them), then ${CONNECTIONS} connections for up to ${MAX_SECONDS} s; ` +
      `api and worker ${ROLE === 'all' ? 'in one process' : 'as separate processes'}`,
  );

  // The baseline first, while the system is idle.
  // Warm-ups at the measured rate: the first second of a fresh process is several times slower (JIT).
  const warmup = maxPushes.slice(0, RATE * 3);
  await openLoop(bare, warmup, RATE);
  const bareSustained = summary(await openLoop(bare, measured, RATE));
  const bareMax = summary(await closedLoop(bare, maxPushes, CONNECTIONS, MAX_SECONDS));

  let aloneSustained: ReturnType<typeof summary> | undefined;
  let aloneMax: ReturnType<typeof summary> | undefined;
  if (!aloneProblem) {
    await openLoop(webhookAlone, warmup, RATE);
    aloneSustained = summary(await openLoop(webhookAlone, measured, RATE));
    aloneMax = summary(await closedLoop(webhookAlone, maxPushes, CONNECTIONS, MAX_SECONDS));
  }
  await webhookAlone.close();
  alone.kill('SIGTERM');

  // Every customer's first message (which creates the customer) before the measured run, which is then
  // made of returning customers, as a shop's steady traffic mostly is.
  await openLoop(relay, agentStart, 50);
  const enrolCpu = cpuNow();
  const enrolRun = await closedLoop(relay, firstContacts, 32, 120);
  const enrolCost = cpuPerPush(enrolCpu, cpuNow(), enrolRun.ok);
  const enrol = summary(enrolRun);
  await sleep(2000);
  await call(simUrl, 'DELETE', '/__sim/inbox');
  await inParallel(customers.length + agents.length, 16, (i) => interact(i < agents.length ? agents[i] : customers[i - agents.length]));

  const relayCpu = cpuNow();
  const relayRun = await openLoop(relay, measured, RATE);
  const relaySustained = summary(relayRun);

  // Let the worker catch up (the inbox unchanged for 3 s, 30 s at most), then read what reached the phones.
  let inbox: InboxEntry[] = [];
  for (let waited = 0, last = -1, still = 0; waited < 30_000 && still < 3; waited += 1000) {
    await sleep(1000);
    inbox = await call<InboxEntry[]>(simUrl, 'GET', '/__sim/inbox');
    still = inbox.length === last ? still + 1 : 0;
    last = inbox.length;
  }
  // Until the worker caught up: what the answered pushes cost, deliveries included.
  const relayCost = cpuPerPush(relayCpu, cpuNow(), relayRun.ok);
  const relayed = relayLatencies(measured.slice(0, relayRun.sent), relayRun, inbox);
  const outbox = await outboxStates(databaseUrl);

  const relayMax = summary(await closedLoop(relay, maxPushes, CONNECTIONS, MAX_SECONDS));
  await Promise.all([bare.close(), relay.close()]);

  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  const rate = (value: number) => `${value.toFixed(0)}/s`;
  if (aloneSustained && aloneMax) {
    console.log(
      `webhook alone (dispatch answering at once), ${RATE}/s offered: ${rate(aloneSustained.rate)} (bare ${rate(bareSustained.rate)}), ` +
        `p50 ${ms(aloneSustained.p50)} (bare ${ms(bareSustained.p50)}), p99 ${ms(aloneSustained.p99)} (bare ${ms(bareSustained.p99)})`,
    );
    if (aloneSustained.failures) console.log(`  failures: ${aloneSustained.failures}`);
    console.log(
      `webhook alone, most with ${CONNECTIONS} connections: ${rate(aloneMax.rate)} (p99 ${ms(aloneMax.p99)}), ` +
        `bare ${rate(bareMax.rate)} (p99 ${ms(bareMax.p99)}), ratio ${ratio(aloneMax.rate, bareMax.rate)}`,
    );
    if (aloneMax.failures) console.log(`  failures: ${aloneMax.failures}`);
  } else {
    console.log(`webhook alone: n/a (${aloneProblem})`);
  }
  console.log(`first contacts (new customers, 32 connections): ${rate(enrol.rate)}, p50 ${ms(enrol.p50)}, p99 ${ms(enrol.p99)}`);
  if (enrol.failures) console.log(`  failures: ${enrol.failures}`);
  console.log(`  CPU per push: ${enrolCost}`);
  console.log(
    `whole system, ${RATE}/s offered: ${rate(relaySustained.rate)} answered success, bare ${rate(bareSustained.rate)} ` +
      `(ratio ${ratio(relaySustained.rate, bareSustained.rate)})`,
  );
  console.log(
    `webhook answer: p50 ${ms(relaySustained.p50)} (bare ${ms(bareSustained.p50)}), p99 ${ms(relaySustained.p99)} (bare ${ms(bareSustained.p99)})`,
  );
  if (relaySustained.failures) console.log(`  relay failures: ${relaySustained.failures}`);
  console.log(`  CPU per answered push, until the worker caught up: ${relayCost}`);
  console.log(
    `whole system, most with ${CONNECTIONS} connections: ${rate(relayMax.rate)} (p99 ${ms(relayMax.p99)}), ` +
      `bare ${rate(bareMax.rate)} (p99 ${ms(bareMax.p99)}), ratio ${ratio(relayMax.rate, bareMax.rate)}`,
  );
  if (relayMax.failures) console.log(`  relay failures: ${relayMax.failures}`);
  if (outbox) console.log(`outbound messages after the run, by state: ${outbox}`);
  if (relayed.reached === 0) {
    const why =
      inbox.length === 0
        ? 'no message reached the simulator inbox within 30 s of the last push'
        : `${inbox.length} inbox messages, none traceable to a push`;
    keepLogs = true;
    console.log(`relay latency push → inbox: n/a (${why}; worker log: ${join(logDir, ROLE === 'all' ? 'api.log' : 'worker.log')})`);
  } else {
    console.log(
      `relay latency push → first message it caused in the inbox: p50 ${ms(percentile(relayed.latencies, 50))}, ` +
        `p99 ${ms(percentile(relayed.latencies, 99))} (${relayed.reached} of the ${relayed.accepted} accepted pushes caused one; ${inbox.length} inbox messages)`,
    );
    console.log(
      `  of which after the webhook's answer (engine's queue jobs, worker, send): p50 ${ms(percentile(relayed.afterAnswer, 50))}, ` +
        `p99 ${ms(percentile(relayed.afterAnswer, 99))}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
