import { DISPATCH_JOBS, QUEUES } from '@kefu/contracts';
import { startWechatSim, type WechatSim } from '@kefu/wechat-sim';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsService } from '../src/metrics/metrics.service';
import { KnowledgeService } from '../src/modules/knowledge/knowledge.service';
import { multipart, png } from './media-fixtures';
import { eventually, OutboundBed, range } from './outbound-fixtures';
import { ApiCaller, signInSuperadmin, unique } from './tenant-fixtures';
import { createTestApp } from './test-app';

const CLOSED = '客户的发送窗口已关闭（客户需再发一条消息）';

/** The outbound queue against the real Postgres and Redis, with wechat-sim as WeChat; api and worker in one process. */
describe('outbound delivery', () => {
  let app: NestFastifyApplication;
  let sim: WechatSim;
  let superadmin: ApiCaller;

  beforeAll(async () => {
    // Official accounts let a test send more than WeChat's 5 messages to one user; the relay's window is widened to match.
    sim = await startWechatSim({ officialAccountMessageQuota: 1000 });
    app = await createTestApp({ ROLE: 'all', WECHAT_API_BASE_URL: sim.url });
    superadmin = await signInSuperadmin(app);
  });
  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  const bed = (kind: 'miniprogram' | 'official_account' = 'miniprogram') => OutboundBed.create(app, sim, superadmin, kind);

  /** Waits until none of the openid's rows is pending or sending any more, and returns them. */
  const settled = (b: OutboundBed, openid: string, timeoutMs = 20_000) =>
    eventually(
      async () => {
        const rows = await b.rows(openid);
        expect(rows.filter((row) => row.state === 'pending' || row.state === 'sending')).toEqual([]);
        return rows;
      },
      timeoutMs,
      'all rows delivered',
    );

  it('D1 delivers many rows to one recipient in id order, each exactly once', async () => {
    const b = await bed('official_account');
    const openid = b.customer();
    await b.userActs(openid);
    await b.allowSends(openid, 1000);
    const texts = range(60);
    // Many small transactions, each queuing its own job, as a busy conversation writes them.
    await Promise.all(Array.from({ length: 10 }, (_, i) => i).map(async (i) => b.write(openid, texts.slice(i * 6, i * 6 + 6))));
    const rows = await settled(b, openid, 30_000);
    expect(rows.map((row) => row.state)).toEqual(texts.map(() => 'sent'));
    expect(b.received(openid)).toEqual(rows.map((row) => row.text));
    expect(new Set(b.received(openid)).size).toBe(60);
  });

  it('D1 a row written while a run is with WeChat goes out in that run, without a job of its own', async () => {
    const b = await bed();
    const openid = b.customer();
    await b.userActs(openid);
    sim.injectFault({ endpoint: 'send', delayMs: 500 });
    await b.write(openid, ['先']);
    await eventually(async () => expect((await b.rows(openid)).map((row) => row.state)).toEqual(['sending']));
    await b.write(openid, ['后'], { enqueue: false });
    // Well before the sweeper would queue the row (it waits 10 s for a pending row).
    await eventually(() => expect(b.received(openid)).toEqual(['先', '后']), 5_000);
    expect((await settled(b, openid)).map((row) => row.state)).toEqual(['sent', 'sent']);
  });

  it('D1 retries a send WeChat answered -1, in order and without a duplicate', async () => {
    const b = await bed();
    const openid = b.customer();
    await b.userActs(openid);
    sim.injectFault({ endpoint: 'send', errcode: -1, times: 2 });
    await b.write(openid, ['一', '二', '三']);
    const rows = await settled(b, openid);
    expect(rows.map((row) => [row.state, row.attempts])).toEqual([
      ['sent', 3],
      ['sent', 1],
      ['sent', 1],
    ]);
    expect(b.received(openid)).toEqual(['一', '二', '三']);
    expect(sim.pendingFaults()).toEqual([]);
  });

  it('D1 renews the access token when WeChat answers 40001 and sends once', async () => {
    const b = await bed();
    const openid = b.customer();
    await b.userActs(openid);
    await b.write(openid, ['先']);
    await settled(b, openid);
    expect(sim.revokeTokens(b.appId)).toBeGreaterThan(0);
    await b.write(openid, ['后']);
    const rows = await settled(b, openid);
    expect(rows.map((row) => [row.state, row.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    expect(b.received(openid)).toEqual(['先', '后']);
  });

  it('C11 holds what WeChat refuses for a closed window (45015), tells the agent once, and sends it when the customer writes again', async () => {
    const b = await bed();
    const openid = b.customer();
    await b.userActs(openid);
    await b.userActs(b.agentOpenid);
    sim.injectFault({ endpoint: 'send', errcode: 45015, errmsg: 'response out of time limit or subscription is canceled rid: 1-2-3' });
    await b.write(openid, ['您好', '在吗'], { reportTo: b.report('#12 张三') });

    await eventually(async () => expect((await b.rows(openid)).map((row) => [row.state, row.reason])).toEqual([
      ['held', 'window_closed'],
      ['held', 'window_closed'],
    ]));
    await eventually(() => expect(b.received(b.agentOpenid)).toEqual([`✗ 未送达 #12 张三（2 条）：${CLOSED}`]));
    expect(b.received(openid)).toEqual([]);

    // The customer writes again: the engine records the window and queues the customer.
    await b.userActs(openid);
    await b.enqueue(openid);
    await eventually(() => expect(b.received(openid)).toEqual(['您好', '在吗']));
    await eventually(() => expect(b.received(b.agentOpenid)).toEqual([
      `✗ 未送达 #12 张三（2 条）：${CLOSED}`,
      '✓ 客户已再次发消息，之前未送达的 2 条消息已补发给 #12 张三',
    ]));
    expect((await settled(b, openid)).map((row) => row.state)).toEqual(['sent', 'sent']);
  });

  it('C6 answers the agent ✓ once WeChat accepted the message, ✗ with the reason when the window is closed; D2 nothing is tried outside it', async () => {
    const b = await bed();
    const open = b.customer();
    const closed = b.customer();
    await b.userActs(open);
    await b.userActs(b.agentOpenid);
    await b.write(open, ['@12 的回复'], { reportTo: b.report('#12 张三', true) });
    await eventually(() => expect(b.received(b.agentOpenid)).toEqual(['✓ 已发送给 #12 张三']));
    expect(b.received(open)).toEqual(['@12 的回复']);

    // The simulator would accept it (the user wrote there), but the relay's window model says no: nothing is sent.
    await b.userActs(closed, 'message', { relay: false });
    await b.write(closed, ['@13 的回复'], { reportTo: b.report('#13 李四', true) });
    await eventually(() => expect(b.received(b.agentOpenid)).toEqual(['✓ 已发送给 #12 张三', `✗ 未送达 #13 李四：${CLOSED}`]));
    expect((await b.rows(closed)).map((row) => [row.state, row.reason])).toEqual([['held', 'window_closed']]);
    expect(b.received(closed)).toEqual([]);
  });

  it('C11 in English when the tenant replies in English', async () => {
    const b = await bed();
    const response = await b.admin.call('PUT', `/api/tenants/${b.tenantId}/settings`, { replyLanguage: 'en' });
    expect(response.statusCode, response.body).toBe(200);
    const openid = b.customer();
    await b.userActs(b.agentOpenid);
    await b.write(openid, ['hello'], { reportTo: b.report('#3 Anna') });
    await eventually(() =>
      expect(b.received(b.agentOpenid)).toEqual([
        "✗ Not delivered to #3 Anna: the customer's sending window is closed (the customer has to write again)",
      ]),
    );
  });

  it('D2 keeps what does not fit an agent window and sends it as one digest when the agent writes again, pictures after it', async () => {
    const b = await bed();
    const picture = sim.addMedia(b.appId, 'image');
    await b.write(b.agentOpenid, ['New customer #1 张三: 你好', 'New customer #2 李四: 在吗', { type: 'image', mediaId: picture.mediaId }, '#1 张三 left'], {
      recipient: 'agent',
    });
    await eventually(async () => expect((await b.rows(b.agentOpenid)).map((row) => row.state)).toEqual(['held', 'held', 'held', 'held']));
    expect(b.received(b.agentOpenid)).toEqual([]);

    await b.userActs(b.agentOpenid);
    await b.enqueue(b.agentOpenid);
    await eventually(() =>
      expect(b.received(b.agentOpenid)).toEqual([
        '📨 等您的 3 条消息：\n\nNew customer #1 张三: 你好\n\nNew customer #2 李四: 在吗\n\n#1 张三 left',
        '[image]',
      ]),
    );
    expect((await settled(b, b.agentOpenid)).map((row) => row.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it("D2 ends an agent's last allowed send with the warning and how many wait", async () => {
    const b = await bed();
    // Entering the chat allows two sends within a minute, on both sides.
    await b.userActs(b.agentOpenid, 'enter_session');
    await b.write(b.agentOpenid, ['一', '二', '三', '四'], { recipient: 'agent' });
    await eventually(() => expect(b.received(b.agentOpenid)).toEqual(['一', '二\n\n⚠️ 发送额度只剩这一条：请回复任意内容，还有 2 条消息在等您。']));
    await eventually(async () => expect((await b.rows(b.agentOpenid)).map((row) => row.state)).toEqual(['sent', 'sent', 'held', 'held']));

    await b.userActs(b.agentOpenid);
    await b.enqueue(b.agentOpenid);
    await eventually(() => expect(b.received(b.agentOpenid)).toHaveLength(3));
    expect(b.received(b.agentOpenid)[2]).toBe('📨 等您的 2 条消息：\n\n三\n\n四');
  });

  it('I2 merges the agent lines written within a few seconds into a customer’s last send and tells the agent', async () => {
    const b = await bed();
    const openid = b.customer();
    await b.userActs(openid, 'enter_session');
    await b.userActs(b.agentOpenid);
    await b.write(openid, ['好的'], { reportTo: b.report('#5 王五') });
    await settled(b, openid);
    // One line, then the next a moment later, each its own push and transaction.
    await b.write(openid, ['发货了'], { reportTo: b.report('#5 王五') });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await b.write(openid, ['单号 123'], { reportTo: b.report('#5 王五') });
    await eventually(() => expect(b.received(openid)).toEqual(['好的', '发货了\n单号 123']));
    await eventually(() =>
      expect(b.received(b.agentOpenid)).toEqual([
        '⚠️ #5 王五 的发送额度已用完（您的 2 行已合并为一条发出）：客户再发一条消息之前，后续消息无法送达。',
      ]),
    );
  });

  it('F3 uploads a knowledge picture again when WeChat no longer knows its media id (40007), once; a second refusal fails it', async () => {
    const b = await bed();
    const body = multipart('菜单.png', png());
    const uploaded = await app.inject({
      method: 'POST',
      url: `/api/tenants/${b.tenantId}/media`,
      headers: { authorization: `Bearer ${b.admin.token}`, ...body.headers },
      payload: body.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const item = await b.admin.call('POST', `/api/tenants/${b.tenantId}/knowledge`, {
      keyword: unique('kw'),
      type: 'image',
      mediaAssetId: uploaded.json().id,
    });
    expect(item.statusCode, item.body).toBe(201);
    const openid = b.customer();
    await b.userActs(openid);
    await b.userActs(b.agentOpenid);
    const first = await app.get(KnowledgeService).renderForChannel(b.tenantId, item.json().id, { openid, channelKind: 'miniprogram' }, b.channelId);
    const staleId = (first.image as { media_id: string }).media_id;

    sim.injectFault({ endpoint: 'send', errcode: 40007, errmsg: 'invalid media_id rid: 4-5-6' });
    await b.write(openid, [{ type: 'item', itemId: item.json().id }], { reportTo: b.report('#7 赵六') });
    expect((await settled(b, openid)).map((row) => row.state)).toEqual(['sent']);
    const [sent] = sim.inbox(b.appId, openid);
    expect(sent.msgtype).toBe('image');
    expect((sent.message.image as { media_id: string }).media_id).not.toBe(staleId);

    sim.injectFault({ endpoint: 'send', errcode: 40007, errmsg: 'invalid media_id rid: 4-5-6', times: 2 });
    await b.write(openid, [{ type: 'item', itemId: item.json().id }], { reportTo: b.report('#7 赵六') });
    expect((await settled(b, openid)).map((row) => [row.state, row.reason])).toEqual([
      ['sent', null],
      ['failed', 'invalid_media'],
    ]);
    await eventually(() => expect(b.received(b.agentOpenid)).toEqual(['✗ 未送达 #7 赵六：图片或媒体文件已失效']));
    expect(sim.inbox(b.appId, openid)).toHaveLength(1);
  });

  it('fails a message WeChat refuses for good (permanent), says why, and goes on with the next', async () => {
    const b = await bed();
    const openid = b.customer();
    await b.userActs(openid);
    await b.userActs(b.agentOpenid);
    sim.injectFault({ endpoint: 'send', errcode: 50002, errmsg: 'user limited' });
    await b.write(openid, ['被拒', '下一条'], { reportTo: b.report('#8 钱七') });
    const rows = await settled(b, openid);
    expect(rows.map((row) => [row.state, row.reason, row.reason_detail])).toEqual([
      ['failed', 'permanent', expect.stringMatching(/^user limited rid: /)],
      ['sent', null, null],
    ]);
    expect(b.received(openid)).toEqual(['下一条']);
    await eventually(() => expect(b.received(b.agentOpenid)).toEqual([expect.stringMatching(/^✗ 未送达 #8 钱七：微信拒绝了这条消息（user limited rid: .+）$/)]));
  });

  it('D1 the sweeper queues rows whose job was lost', async () => {
    const b = await bed();
    const openid = b.customer();
    await b.userActs(openid);
    await b.write(openid, ['没有任务的一', '没有任务的二'], { enqueue: false });
    expect(b.received(openid)).toEqual([]);
    await eventually(() => expect(b.received(openid)).toEqual(['没有任务的一', '没有任务的二']), 40_000, 'the sweeper');
    expect((await settled(b, openid)).map((row) => row.state)).toEqual(['sent', 'sent']);
  }, 60_000);

  it('schedules the sweeper once and counts deliveries by result', async () => {
    const repeatable = await app.get<Queue>(getQueueToken(QUEUES.dispatch)).getRepeatableJobs();
    expect(repeatable.map((job) => job.name)).toEqual([DISPATCH_JOBS.sweep]);
    const metrics = await app.get(MetricsService).registry.getSingleMetricAsString('kefu_outbound_messages_total');
    expect(metrics).toMatch(/kefu_outbound_messages_total\{recipient="customer",result="sent"\} \d+/);
    expect(metrics).toMatch(/result="held"/);
  });
});
