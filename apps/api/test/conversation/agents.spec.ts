import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationEngine } from '../../src/modules/dispatch/engine/conversation-engine';
import { Relay, RelaySystem } from './relay-harness';

const MINUTE = 60_000;

/** Rules C and E through the webhook, the engine, the outbox and wechat-sim: what every phone received. */
describe('agents (rules C) and session life (rules E)', () => {
  let system: RelaySystem;
  beforeAll(async () => {
    system = await RelaySystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  /** A tenant whose agent 小艳 serves 张三 (#1) while 王五 (#2) waits. */
  async function busyTenant(options: Parameters<RelaySystem['tenant']>[0] = {}): Promise<Relay> {
    const relay = await system.tenant(options);
    await relay.customer('张三').enters('张三');
    await relay.customer('张三').says('你好');
    await relay.customer('王五').enters('王五');
    await relay.customer('王五').says('我也要问');
    relay.news('张三', '王五', ...(options.agents ?? [{ nickname: '小艳' }]).map((agent) => agent.nickname));
    return relay;
  }

  it('C1: 下一个 closes the current session (farewell push) and hands over the next waiting customer in one message', async () => {
    const relay = await busyTenant({ settings: { farewell: { type: 'text', text: '请关注我们的公众号 www17cheng' } } });
    await relay.customer('王五').says('还有一个问题');
    await relay.agent('小艳').says('下一个');
    expect(relay.news('张三', '王五', '小艳')).toEqual({
      张三: ['请关注我们的公众号 www17cheng'],
      王五: ['您好，客服「小艳」为您服务。'],
      小艳: [expect.stringMatching(/^接入 #2 王五 · 等待 00:\d\d · 剩 5 条 · 4[78] 小时\n等待时说：\n1\. 我也要问\n2\. 还有一个问题$/)],
    });
    await relay.agent('小艳').says('p');
    expect(relay.news('王五', '小艳')).toEqual({ 王五: ['请关注我们的公众号 www17cheng'], 小艳: ['没有排队的客户，您现在空闲。'] });
  });

  it('C1: the farewell may be a knowledge item; customers who asked for this agent come first', async () => {
    const relay = await busyTenant({
      agents: [{ nickname: '小艳', isAdmin: true }, { nickname: '小张' }],
      knowledge: [{ number: 9, keyword: '关注', type: 'text', content: '[name]，欢迎再来' }],
      settings: { farewell: { type: 'item', number: 9 } },
    });
    // 张三 went to 小艳 and 王五 to 小张; now 赵六 waits, then 钱七 asks for 小艳.
    await relay.customer('赵六').says('在吗');
    await relay.customer('钱七').says('小艳');
    relay.news('赵六', '钱七', '小艳');
    await relay.agent('小艳').says('下一个');
    expect(relay.news('张三', '钱七', '赵六')).toEqual({ 张三: ['张三，欢迎再来'], 钱七: ['您好，客服「小艳」为您服务。'], 赵六: [] });
  });

  it('C2, C8: 上班 takes the next waiting customer at once; 下班 puts the current one back at the head of the queue', async () => {
    const relay = await busyTenant({ agents: [{ nickname: '小艳', isAdmin: true }, { nickname: '小张' }] });
    // 小张 took 王五; 赵六 waits.
    await relay.customer('赵六').says('在吗');
    relay.news('赵六', '小张', '小艳');
    await relay.agent('小张').says('下班');
    expect(relay.agent('小张').news()).toEqual(['已下班：#2 王五 已回到队首。']);
    await relay.agent('小艳').says('下一个');
    expect(relay.agent('小艳').news()[0]).toMatch(/^接入 #2 王五/);
    await relay.agent('小张').says('上班');
    expect(relay.agent('小张').news()).toEqual(['已上班：有客户排队时会自动接入。', expect.stringMatching(/^接入 #3 · 等待/)]);
  });

  it('C2: a customer who joined the queue just as the agent became free is handed over by the sweeper', async () => {
    const relay = await busyTenant();
    // 张三 leaves without the engine seeing it (as if both happened at the same moment): 小艳 is idle, 王五 waits.
    await relay.query(`UPDATE sessions SET state = 'closed', closed_at = now(), close_reason = 'goodbye' WHERE tenant_id = $1 AND state = 'active'`, [relay.tenantId]);
    await relay.query(`UPDATE agents SET status = 'idle' WHERE tenant_id = $1`, [relay.tenantId]);
    await relay.app.get(ConversationEngine).sweepSessions();
    await relay.settle();
    expect(relay.news('王五', '小艳')).toEqual({ 王五: ['您好，客服「小艳」为您服务。'], 小艳: [expect.stringMatching(/^接入 #2 王五/)] });
  });

  it('C3, I1: 排队 lists who waits, how long, their first words and window, and in multi-agent mode each agent', async () => {
    const relay = await busyTenant({ agents: [{ nickname: '小艳', isAdmin: true }, { nickname: '小张' }] });
    await relay.customer('赵六').says('我想退货，衣服太大了，能不能换一件小一号的');
    await relay.agent('小艳').says('m');
    const [report] = relay.agent('小艳').news();
    expect(report).toMatch(/^排队 1 位\n#3 等待 00:\d\d “我想退货，衣服太大了，能不能换一件小一号…” · 剩 4 条 · 4[78] 小时\n客服：\n小艳 忙碌 · #1 张三\n小张 忙碌 · #2 王五$/u);
  });

  it('C4: 清零 closes every waiting session and answers with the count; admins only', async () => {
    const relay = await busyTenant({ agents: [{ nickname: '小艳', isAdmin: true }, { nickname: '小张' }] });
    await relay.customer('赵六').says('在吗');
    await relay.customer('钱七').says('在吗');
    await relay.agent('小张').says('清零');
    expect(relay.agent('小张').news()).toEqual(['只有管理员可以使用这个命令。']);
    await relay.agent('小艳').says('0');
    expect(relay.agent('小艳').news()).toEqual(['已清空排队：2 位。']);
    const [{ n }] = await relay.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE tenant_id = $1 AND state = 'waiting'`, [relay.tenantId]);
    expect(n).toBe(0);
  });

  it('C4, G1: in single-agent mode the one agent is the admin and may clear', async () => {
    const relay = await busyTenant({ agents: [{ nickname: '小艳' }], seats: 1 });
    await relay.agent('小艳').says('清零');
    expect(relay.agent('小艳').news()).toEqual(['已清空排队：1 位。']);
  });

  it('C5: 看留言 gives the unread offline messages oldest first in one bundle, then marks them read', async () => {
    const relay = await system.tenant();
    await relay.agent('小艳').says('下班');
    await relay.customer('甲').enters('甲');
    await relay.customer('甲').says('你们几点开门');
    await relay.customer('乙').says('发票怎么开');
    relay.news('小艳');
    await relay.agent('小艳').says('看留言');
    expect(relay.agent('小艳').news()).toEqual([
      expect.stringMatching(/^未读留言 2 条：\n#1 甲 \d\d-\d\d \d\d:\d\d：你们几点开门\n#2 \d\d-\d\d \d\d:\d\d：发票怎么开$/),
    ]);
    await relay.agent('小艳').says('看留言');
    expect(relay.agent('小艳').news()).toEqual(['没有未读留言。']);
  });

  it('C6: @n:text reaches customer #n without changing the session, and the agent gets ✓ once WeChat accepted it', async () => {
    const relay = await busyTenant({ knowledge: [{ number: 3, keyword: '网址', type: 'text', content: '易企程网址 www.17cheng.cn' }] });
    await relay.agent('小艳').says('@2:您稍等，马上到您');
    await relay.agent('小艳').says('@2 3#');
    await relay.agent('小艳').says('@2:网址#');
    await relay.agent('小艳').says('@99:你好');
    expect(relay.news('王五', '小艳')).toEqual({
      王五: ['您稍等，马上到您', '易企程网址 www.17cheng.cn', '易企程网址 www.17cheng.cn'],
      小艳: ['✓ 已发送给 #2 王五', '✓ 已发送给 #2 王五', '✓ 已发送给 #2 王五', '没有 #99 这位客户。'],
    });
    await relay.agent('小艳').says('还是您');
    expect(relay.customer('张三').news()).toEqual(['还是您']);
  });

  it('C7: @所有人 sends to every customer whose window is open, in the background; admins only', async () => {
    const relay = await busyTenant({ agents: [{ nickname: '小艳', isAdmin: true }, { nickname: '小张' }] });
    await relay.agent('小张').says('@所有人 今天全场八折');
    expect(relay.agent('小张').news()).toEqual(['只有管理员可以使用这个命令。']);
    await relay.agent('小艳').says('@所有人 今天全场八折');
    await waitFor(() => relay.agent('小艳').received().some((text) => text.startsWith('群发完成')));
    await relay.settle();
    expect(relay.news('张三', '王五', '小艳')).toEqual({
      张三: ['今天全场八折'],
      王五: ['今天全场八折'],
      小艳: ['正在群发，完成后告诉您结果。', '群发完成：发送 2 位，跳过 0 位（发送窗口已关闭）。'],
    });
  });

  it('C8: 隐身 keeps the current customer and takes no new ones', async () => {
    const relay = await system.tenant({ agents: [{ nickname: '小艳', isAdmin: true }, { nickname: '小张' }] });
    await relay.agent('小艳').says('隐身');
    await relay.customer('甲').says('你好');
    expect(relay.news('小艳', '小张')).toEqual({
      小艳: ['已隐身：不会自动分配新客户，客户仍可点名找您。'],
      小张: ['新客户 #1：你好'],
    });
  });

  it('C9, C10: 生成缓存 answers with the counts; 帮助 and ? list the commands', async () => {
    const relay = await system.tenant({ knowledge: [{ number: 1, keyword: '菜单', type: 'text', content: '菜单' }] });
    await relay.agent('小艳').says('生成缓存');
    await relay.agent('小艳').says('?');
    const [cache, help] = relay.agent('小艳').news();
    expect(cache).toBe('缓存已生成：知识 1 条，客服 1 位。');
    expect(help).toContain('下一个 / p');
    expect(help).toContain('@所有人');
  });

  it('C11: other text goes to the current customer; without one the agent is told how many wait', async () => {
    const relay = await system.tenant();
    await relay.agent('小艳').says('大家好');
    expect(relay.agent('小艳').news()).toEqual(['您当前没有接待的客户，也没有人排队。']);
    await relay.customer('甲').says('你好');
    await relay.agent('小艳').sendsPicture();
    expect(relay.customer('甲').news()).toEqual(['您好，客服「小艳」为您服务。', '[image]']);
  });

  it('C11, D2: a reply that cannot reach the customer (window closed) is reported to the agent', async () => {
    // A system of its own: the simulator's clock moves two days on.
    const own = await RelaySystem.start();
    try {
      const relay = await own.tenant();
      await relay.customer('甲').says('你好');
      relay.news('甲', '小艳');
      own.sim.clock.advance(49 * 60 * MINUTE);
      await relay.agent('小艳').says('抱歉久等了');
      expect(relay.customer('甲').news()).toEqual([]);
      expect(relay.agent('小艳').news()).toEqual([expect.stringMatching(/^✗ 未送达 #1/)]);
    } finally {
      await own.close();
    }
  });

  it('E1: an active session idle for the tenant\'s timeout closes; the agent is told and takes the next (C2)', async () => {
    const relay = await busyTenant({ settings: { idleTimeoutMinutes: 10 } });
    const engine = relay.app.get(ConversationEngine);
    await engine.sweepSessions(new Date(Date.now() + 5 * MINUTE));
    await relay.settle();
    expect(relay.agent('小艳').news()).toEqual([]);
    await engine.sweepSessions(new Date(Date.now() + 11 * MINUTE));
    await relay.settle();
    expect(relay.agent('小艳').news()).toEqual(['#1 张三 长时间没有消息，会话已结束。', expect.stringMatching(/^接入 #2 王五/)]);
  });

  it('E2: a waiting session whose customer\'s window closed leaves the queue; its messages become offline messages', async () => {
    const relay = await busyTenant();
    const engine = relay.app.get(ConversationEngine);
    await engine.sweepSessions(new Date(Date.now() + 49 * 60 * MINUTE));
    await relay.settle();
    const sessions = await relay.query(`SELECT state, close_reason FROM sessions s JOIN customers c ON c.id = s.customer_id WHERE c.tenant_id = $1 AND c.number = 2`, [relay.tenantId]);
    expect(sessions).toEqual([{ state: 'closed', close_reason: 'window_closed' }]);
    const offline = await relay.query(`SELECT count(*)::int AS n FROM offline_messages WHERE tenant_id = $1 AND read_at IS NULL`, [relay.tenantId]);
    expect(offline).toEqual([{ n: 1 }]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
