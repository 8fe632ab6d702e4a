import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelaySystem } from './relay-harness';

const CUSTOMERS = 200;
const MESSAGES_EACH = 3;
const AGENTS = ['一号', '二号', '三号', '四号', '五号'];

/** Each customer message carries a token no other message contains: ⟨customer.message⟩. */
const token = (customer: number, message: number) => `⟨${customer}.${message}⟩`;
const TOKEN = /⟨(\d+)\.(\d+)⟩/g;

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

describe('concurrency: 200 customers and 5 agents at once', () => {
  let system: RelaySystem;
  beforeAll(async () => {
    system = await RelaySystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  it('forwards every message exactly once, in order, never giving a customer two agents or an agent two customers', async () => {
    const relay = await system.tenant({ agents: AGENTS.map((nickname, i) => ({ nickname, isAdmin: i === 0 })), seats: null });
    relay.settleAfterPush = false;
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => i + 1);
    const agentsWork = AGENTS.map(async (nickname) => {
      for (let round = 0; round < 12; round++) {
        await relay.agent(nickname).says(round % 3 === 2 ? '排队' : '下一个');
      }
    });
    await Promise.all([
      inParallel(customers, 32, async (customer) => {
        for (let message = 1; message <= MESSAGES_EACH; message++) {
          await relay.customer(`客户${customer}`).says(`第${message}条 ${token(customer, message)}`);
        }
      }),
      ...agentsWork,
    ]);

    // Drain the queue: every agent moves on until nobody waits, then writes once more for held messages (D2).
    for (let round = 0; round < 100; round++) {
      const [{ waiting }] = await relay.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM sessions WHERE tenant_id = $1 AND state = 'waiting'`,
        [relay.tenantId],
      );
      if (waiting === 0) break;
      await Promise.all(AGENTS.map((nickname) => relay.agent(nickname).says('下一个')));
    }
    for (let round = 0; round < 3; round++) await Promise.all(AGENTS.map((nickname) => relay.agent(nickname).says('排队')));
    await relay.settle(60000);

    const [{ open }] = await relay.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM outbound_messages WHERE tenant_id = $1 AND recipient = 'agent' AND state <> 'sent'`,
      [relay.tenantId],
    );
    expect(open).toBe(0);

    const seen = new Map<string, number>();
    for (const nickname of AGENTS) {
      const lastSeen = new Map<number, number>();
      // 排队 reports quote first words; only messages handed over count.
      for (const text of relay.agent(nickname).received().filter((text) => !text.startsWith('排队 '))) {
        for (const [, customer, message] of text.matchAll(TOKEN)) {
          const key = `${customer}.${message}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          // Each customer's messages reach an agent in the order they were written.
          expect(Number(message), `order of customer ${customer} at ${nickname}`).toBeGreaterThan(lastSeen.get(Number(customer)) ?? 0);
          lastSeen.set(Number(customer), Number(message));
        }
      }
    }
    const [{ offline }] = await relay.query<{ offline: number }>(`SELECT count(*)::int AS offline FROM offline_messages WHERE tenant_id = $1`, [relay.tenantId]);
    const missing = customers.flatMap((c) => Array.from({ length: MESSAGES_EACH }, (_, m) => `${c}.${m + 1}`)).filter((key) => !seen.has(key));
    const twice = [...seen].filter(([, count]) => count > 1);
    expect(twice).toEqual([]);
    expect(missing.length).toBe(offline);

    // Never two agents for one customer at once, nor two customers for one agent: every pair of sessions of one
    // customer (or one agent) is disjoint in time.
    const overlaps = await relay.query(
      `SELECT a.id FROM sessions a JOIN sessions b ON a.id < b.id AND a.tenant_id = b.tenant_id
         AND (a.customer_id = b.customer_id OR (a.agent_id = b.agent_id AND a.assigned_at IS NOT NULL AND b.assigned_at IS NOT NULL))
         AND tstzrange(COALESCE(a.assigned_at, a.queued_at), COALESCE(a.closed_at, 'infinity')) && tstzrange(COALESCE(b.assigned_at, b.queued_at), COALESCE(b.closed_at, 'infinity'))
       WHERE a.tenant_id = $1`,
      [relay.tenantId],
    );
    expect(overlaps).toEqual([]);
  }, 300_000);
});
