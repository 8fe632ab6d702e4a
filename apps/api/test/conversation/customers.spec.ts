import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelaySystem } from './relay-harness';

/** Rules A and B through the webhook, the engine, the outbox and wechat-sim: what every phone received. */
describe('customers (rules A, B)', () => {
  let system: RelaySystem;
  beforeAll(async () => {
    system = await RelaySystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  it('A1: `openid` from anyone is answered with their openid, nothing else happens', async () => {
    const relay = await system.tenant();
    await relay.customer('张三').says('  OpenID ');
    await relay.agent('小艳').says('openid');
    expect(relay.news('张三', '小艳')).toEqual({
      张三: [`您的 openid：${relay.openidOf('张三')}`],
      小艳: [`您的 openid：${relay.openidOf('小艳')}`],
    });
    expect(await relay.query(`SELECT count(*)::int AS n FROM sessions WHERE tenant_id = $1`, [relay.tenantId])).toEqual([{ n: 0 }]);
  });

  it('A2: an unused binding code binds the sender to that agent, once', async () => {
    const relay = await system.tenant({ seats: 2 });
    const added = await relay.call('POST', `/api/tenants/${relay.tenantId}/agents`, { nickname: '新客服' });
    await relay.customer('手机').says(added.bindingCode);
    expect(relay.customer('手机').news()).toEqual(['绑定成功：您现在是客服「新客服」。发送「帮助」查看命令。']);
    const agents: { id: string }[] = await relay.call('GET', `/api/tenants/${relay.tenantId}/agents`);
    expect(agents.find((agent) => agent.id === added.id)).toMatchObject({ openid: relay.openidOf('手机'), bindingCode: null });
    await relay.customer('别人').says(added.bindingCode);
    expect(relay.customer('别人').news()).not.toContain('绑定成功：您现在是客服「新客服」。发送「帮助」查看命令。');
  });

  it('A3, B6.2, B6.1: a customer is given the free agent; their text then reaches that agent as [#n nickname] text', async () => {
    const relay = await system.tenant();
    const zhang = relay.customer('张三');
    await zhang.enters(JSON.stringify({ nickname: '张三' }));
    await zhang.says('你好，我想问一下发货时间');
    expect(relay.news('张三', '小艳')).toEqual({
      张三: ['您好，客服「小艳」为您服务。'],
      小艳: ['新客户 #1 张三：你好，我想问一下发货时间'],
    });
    await zhang.says('今天能发吗');
    await zhang.sendsPicture();
    await zhang.sendsCard('蓝色连衣裙');
    expect(relay.agent('小艳').news()).toEqual(['[#1 张三] 今天能发吗', '[image]', '[card 蓝色连衣裙]']);
    await relay.agent('小艳').says('今天下午发');
    expect(zhang.news()).toEqual(['今天下午发']);
  });

  it('B1: first contact gives the next number; a nickname from session-from is kept up to date', async () => {
    const relay = await system.tenant();
    await relay.customer('甲').enters('甲先生');
    await relay.customer('乙').enters(JSON.stringify({ nickname: '乙女士' }));
    await relay.customer('甲').enters(JSON.stringify({ nickname: '甲老板' }));
    const rows = await relay.query(`SELECT number, nickname FROM customers WHERE tenant_id = $1 ORDER BY number`, [relay.tenantId]);
    expect(rows).toEqual([
      { number: 1, nickname: '甲老板' },
      { number: 2, nickname: '乙女士' },
    ]);
  });

  it('B2: entering sends the welcome item; a returning customer also hears who served them; no session opens', async () => {
    const relay = await system.tenant({
      knowledge: [{ number: 1, keyword: '引导语', type: 'text', content: '[name]您好{br}1.菜单{br}2.联系方式' }],
      settings: { welcomeItemNumber: 1 },
    });
    const li = relay.customer('李四');
    await li.enters(JSON.stringify({ nickname: '李四' }));
    expect(li.news()).toEqual(['李四您好\n1.菜单\n2.联系方式']);
    expect(await relay.query(`SELECT count(*)::int AS n FROM sessions WHERE tenant_id = $1`, [relay.tenantId])).toEqual([{ n: 0 }]);
    await li.says('在吗');
    await li.says('再见');
    li.news();
    await li.enters();
    expect(li.news()).toEqual(['李四您好\n1.菜单\n2.联系方式', '上次为您服务的客服是「小艳」。']);
  });

  it('B3: 再见 closes the session with the goodbye text; the agent is told and takes the next waiting customer (C2)', async () => {
    const relay = await system.tenant();
    await relay.customer('张三').enters('张三');
    await relay.customer('张三').says('你好');
    await relay.customer('王五').enters('王五');
    await relay.customer('王五').says('有人吗');
    relay.news('张三', '王五', '小艳');
    await relay.customer('张三').says('再见');
    expect(relay.news('张三', '王五', '小艳')).toEqual({
      张三: ['感谢您的咨询，再见！'],
      王五: ['您好，客服「小艳」为您服务。'],
      小艳: ['#1 张三 已离开。', expect.stringMatching(/^接入 #2 王五 · 等待 \d\d:\d\d · 剩 \d 条 · \d+ 小时\n等待时说：\n1\. 有人吗$/)],
    });
  });

  it('B4: a number or keyword (full-width too) answers with the item, is kept in history and not forwarded', async () => {
    const relay = await system.tenant({
      knowledge: [
        { number: 2, keyword: '联系方式', type: 'text', content: '电话 010-53878028，[name]' },
        { number: 3, keyword: 'QQ', type: 'link', title: '转接客服QQ', description: 'QQ: 511079021', url: 'http://wpa.qq.com/msgrd?v=3&uin=511079021', pictureUrl: 'https://example.com/qq.png' },
      ],
    });
    const zhang = relay.customer('张三');
    await zhang.says('２');
    await zhang.says(' 联系方式 ');
    await zhang.says('ｑｑ');
    expect(zhang.news()).toEqual(['电话 010-53878028，客户', '电话 010-53878028，客户', '[link 转接客服QQ]']);
    expect(relay.agent('小艳').news()).toEqual([]);
    const handled = await relay.query(`SELECT handling FROM messages WHERE tenant_id = $1 AND sender = 'customer' ORDER BY id`, [relay.tenantId]);
    expect(handled).toEqual([{ handling: 'knowledge' }, { handling: 'knowledge' }, { handling: 'knowledge' }]);
  });

  it('B5: an agent nickname routes to that agent: at once when free (hidden counts), else queued with that agent preferred', async () => {
    const relay = await system.tenant({ agents: [{ nickname: '小艳', isAdmin: true }, { nickname: '小张' }] });
    await relay.agent('小张').says('隐身');
    await relay.customer('甲').says('小张');
    expect(relay.news('甲', '小张')).toEqual({
      甲: ['您好，客服「小张」为您服务。'],
      小张: ['已隐身：不会自动分配新客户，客户仍可点名找您。', '新客户 #1：您好，客服「小张」为您服务。'],
    });
    await relay.customer('乙').says('小张');
    expect(relay.customer('乙').news()).toEqual(['客服「小张」正在接待其他客户，请稍候，您前面还有 0 位。']);
    await relay.agent('小张').says('下一个');
    expect(relay.customer('乙').news()).toEqual(['您好，客服「小张」为您服务。']);
  });

  it('B4, B5: an item that names an agent answers and routes the customer to that agent', async () => {
    const relay = await system.tenant({ agents: [{ nickname: '小艳', isAdmin: true }, { nickname: '售后小李' }] });
    await relay.call('POST', `/api/tenants/${relay.tenantId}/knowledge`, {
      number: 5,
      keyword: '售后',
      type: 'text',
      content: '售后问题由小李为您处理',
      agentId: relay.agentIds.get('售后小李'),
    });
    await relay.customer('甲').says('售后');
    expect(relay.news('甲', '售后小李', '小艳')).toEqual({
      甲: ['售后问题由小李为您处理', '您好，客服「售后小李」为您服务。'],
      售后小李: ['新客户 #1：您好，客服「售后小李」为您服务。'],
      小艳: [],
    });
  });

  it('B6.3: the queue place is told on entering and again only when it changes', async () => {
    const relay = await system.tenant();
    await relay.customer('甲').says('在吗');
    await relay.customer('乙').says('有人吗');
    await relay.customer('丙').says('你好');
    expect(relay.news('乙', '丙')).toEqual({ 乙: ['客服都在忙，请稍候，您前面还有 0 位。'], 丙: ['客服都在忙，请稍候，您前面还有 1 位。'] });
    await relay.customer('丙').says('还要多久');
    expect(relay.customer('丙').news()).toEqual([]);
    await relay.customer('乙').says('再见');
    await relay.customer('丙').says('还在吗');
    expect(relay.customer('丙').news()).toEqual(['您前面还有 0 位。']);
  });

  it('B6.4, H2: in human + robot mode the robot answers while the customer waits; the agent still gets what was written', async () => {
    const relay = await system.tenant({
      settings: { mode: 'human_robot' },
      knowledge: [{ number: 2, keyword: '联系方式', type: 'text', content: '电话 010-53878028' }],
    });
    await relay.customer('甲').says('你好');
    await relay.customer('乙').says('怎么联系你们');
    await relay.customer('乙').says('量子力学');
    expect(relay.customer('乙').news()).toEqual([
      '客服都在忙，请稍候，您前面还有 0 位。',
      '电话 010-53878028',
      '抱歉，我没有理解您的问题，请稍候，人工客服马上为您服务。',
    ]);
    relay.agent('小艳').news();
    await relay.agent('小艳').says('下一个');
    expect(relay.agent('小艳').news()).toEqual([expect.stringContaining('等待时说：\n1. 怎么联系你们\n2. 量子力学')]);
  });

  it('H1: in human mode nobody but agents answers a waiting customer', async () => {
    const relay = await system.tenant({ knowledge: [{ number: 2, keyword: '联系方式', type: 'text', content: '电话' }] });
    await relay.customer('甲').says('你好');
    await relay.customer('乙').says('怎么联系你们');
    expect(relay.customer('乙').news()).toEqual(['客服都在忙，请稍候，您前面还有 0 位。']);
  });

  it('B6.5: with no agent online the message is kept as an offline message and the notice is sent once', async () => {
    const relay = await system.tenant();
    await relay.agent('小艳').says('下班');
    await relay.customer('甲').says('你们几点上班');
    await relay.customer('甲').says('我明天再来');
    expect(relay.customer('甲').news()).toEqual(['客服暂时不在线，您的留言我们会尽快回复。']);
    const offline = await relay.query(`SELECT count(*)::int AS n FROM offline_messages WHERE tenant_id = $1 AND read_at IS NULL`, [relay.tenantId]);
    expect(offline).toEqual([{ n: 2 }]);
  });

  it('B7: pictures and cards follow B6 like text (queued, then handed over at pickup)', async () => {
    const relay = await system.tenant();
    await relay.customer('甲').says('你好');
    await relay.customer('乙').sendsPicture();
    await relay.customer('乙').sendsCard('红色外套');
    relay.agent('小艳').news();
    await relay.agent('小艳').says('p');
    expect(relay.agent('小艳').news()).toEqual([
      expect.stringContaining('等待时说：\n1. [图片]\n2. [小程序卡片] 红色外套'),
      '[image]',
      '[card 红色外套]',
    ]);
  });

  it('D4: the push is answered while WeChat is slow to take the relay\'s sends: sending never runs inside the webhook', async () => {
    const relay = await system.tenant();
    // Every send now takes longer than WeChat waits for a push's answer (5 s).
    system.sim.injectFault({ endpoint: 'send', delayMs: 6000, times: 2 });
    const result = await system.sim.push(relay.pushChannel, { type: 'text', from: relay.openidOf('甲'), content: '你好' }, { retries: 0 });
    expect(result).toMatchObject({ delivered: true, body: 'success' });
    expect(result.attempts).toHaveLength(1);
    await relay.settle(20000);
    expect(relay.news('甲', '小艳')).toEqual({ 甲: ['您好，客服「小艳」为您服务。'], 小艳: ['新客户 #1：你好'] });
  });

  it('D3: a push WeChat retries (same MsgId) is answered and does nothing more', async () => {
    const relay = await system.tenant();
    await relay.customer('甲').says('你好', { msgId: '4561255354251345929' });
    await relay.customer('甲').says('你好', { msgId: '4561255354251345929' });
    expect(relay.news('甲', '小艳')).toEqual({ 甲: ['您好，客服「小艳」为您服务。'], 小艳: ['新客户 #1：你好'] });
    expect(await relay.query(`SELECT count(*)::int AS n FROM messages WHERE tenant_id = $1 AND sender = 'customer'`, [relay.tenantId])).toEqual([{ n: 1 }]);
  });
});
