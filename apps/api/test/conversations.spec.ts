import type { LiveEvent, TranscriptEntry } from '@kefu/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_CONFIG, AppConfig } from '../src/config';
import { DispatchService } from '../src/modules/dispatch/dispatch.service';
import { Customer } from '../src/modules/dispatch/entities/customer.entity';
import { InboundMessage } from '../src/modules/dispatch/entities/message.entity';
import { OfflineMessage } from '../src/modules/dispatch/entities/offline-message.entity';
import { OutboundMessage } from '../src/modules/dispatch/entities/outbound-message.entity';
import { SendWindowRow } from '../src/modules/dispatch/entities/send-window.entity';
import { Session } from '../src/modules/dispatch/entities/session.entity';
import { LiveEventsService } from '../src/modules/dispatch/live/live-events.service';
import { createTenant, grantSeats, signInSuperadmin, TenantFixture, wechatApp } from './tenant-fixtures';
import { createTestApp } from './test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A time zone in which the last hour and the next hour are both today, so rows written "a few
 * minutes ago" count as today whatever time the tests run.
 */
function middayZone(): string {
  for (const zone of ['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kolkata']) {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hour12: false }).format(new Date()));
    if (hour >= 2 && hour <= 21) return zone;
  }
  return 'UTC';
}

describe('the live console api', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let channelId: string;
  const agents: Record<'alice' | 'bob', string> = { alice: '', bob: '' };
  const customers: Record<'zhang' | 'li' | 'wang', Customer> = {} as never;
  const sessions: Record<'active' | 'old' | 'waiting', Session> = {} as never;
  const offline: { unread: string; read: string; otherTenant: string } = { unread: '', read: '', otherTenant: '' };
  let itemId: string;
  let now: number;
  const tz = middayZone();
  const url = (path: string) => `/api/tenants/${tenant.id}${path}`;

  let dedup = 0;
  async function inbound(customer: Customer, session: Session | null, content: InboundMessage['content'], at: number) {
    return db.getRepository(InboundMessage).save({
      tenantId: customer.tenantId,
      channelId: customer.channelId,
      dedupKey: `msg-${++dedup}`,
      openid: customer.openid,
      sender: 'customer',
      customerId: customer.id,
      sessionId: session?.id ?? null,
      type: content.type,
      content,
      handling: 'forwarded',
      wechatCreatedAt: new Date(at),
      receivedAt: new Date(at),
    });
  }

  async function outbound(session: Session, fields: Partial<OutboundMessage> & Pick<OutboundMessage, 'author' | 'content'>, at: number) {
    const customer = Object.values(customers).find((c) => c.id === session.customerId)!;
    return db.getRepository(OutboundMessage).save({
      tenantId: session.tenantId,
      channelId: customer.channelId,
      openid: customer.openid,
      recipient: 'customer',
      customerId: customer.id,
      sessionId: session.id,
      state: 'sent',
      sentAt: new Date(at),
      createdAt: new Date(at),
      updatedAt: new Date(at),
      ...fields,
    });
  }

  async function customer(fixture: TenantFixture, channel: string, number: number, nickname: string | null) {
    return db.getRepository(Customer).save({
      tenantId: fixture.id,
      channelId: channel,
      openid: `o-customer-${fixture.id.slice(0, 8)}-${number}`,
      number,
      nickname,
      lastSeenAt: new Date(now - number * MINUTE),
    });
  }

  async function channelOf(fixture: TenantFixture): Promise<string> {
    const response = await fixture.admin.call('POST', `/api/tenants/${fixture.id}/channels`, { name: 'shop', kind: 'miniprogram', ...wechatApp() });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  }

  beforeAll(async () => {
    // Nothing answers at port 1: channels are saved with the check marked unreachable.
    app = await createTestApp({ WECHAT_API_BASE_URL: 'http://127.0.0.1:1' });
    db = app.get<DataSource>(getDataSourceToken());
    const superadmin = await signInSuperadmin(app);
    [tenant, other] = await Promise.all([createTenant(app, superadmin), createTenant(app, superadmin)]);
    await grantSeats(superadmin, tenant.id, null);
    channelId = await channelOf(tenant);
    for (const nickname of ['alice', 'bob'] as const) {
      const response = await tenant.admin.call('POST', url('/agents'), { nickname, openid: `o-agent-${nickname}-0001` });
      expect(response.statusCode).toBe(201);
      agents[nickname] = response.json().id;
    }
    const item = await tenant.admin.call('POST', url('/knowledge'), {
      keyword: '营业时间',
      type: 'text',
      content: '[name]您好，门店每天 10:00-22:00 营业',
    });
    expect(item.statusCode).toBe(201);
    itemId = item.json().id;

    now = Date.now();
    customers.zhang = await customer(tenant, channelId, 1, '张三');
    customers.li = await customer(tenant, channelId, 2, '李四');
    customers.wang = await customer(tenant, channelId, 3, '王五');
    const windows = db.getRepository(SendWindowRow);
    await windows.save([
      { channelId, openid: customers.zhang.openid, tenantId: tenant.id, remaining: 3, expiresAt: new Date(now + 31 * HOUR), lastMessageAt: new Date(now), updatedAt: new Date(now) },
      { channelId, openid: customers.li.openid, tenantId: tenant.id, remaining: 0, expiresAt: new Date(now + HOUR), lastMessageAt: null, updatedAt: new Date(now) },
      { channelId, openid: customers.wang.openid, tenantId: tenant.id, remaining: 5, expiresAt: new Date(now - HOUR), lastMessageAt: null, updatedAt: new Date(now) },
    ]);

    const repo = db.getRepository(Session);
    sessions.old = await repo.save({
      tenantId: tenant.id,
      customerId: customers.li.id,
      agentId: agents.bob,
      state: 'closed',
      queuedAt: new Date(now - 50 * HOUR),
      assignedAt: new Date(now - 50 * HOUR),
      closedAt: new Date(now - 49 * HOUR),
      closeReason: 'goodbye',
      lastActivityAt: new Date(now - 49 * HOUR),
      createdAt: new Date(now - 50 * HOUR),
    });
    sessions.active = await repo.save({
      tenantId: tenant.id,
      customerId: customers.zhang.id,
      agentId: agents.alice,
      state: 'active',
      queuedAt: new Date(now - 10 * MINUTE),
      assignedAt: new Date(now - 9 * MINUTE),
      lastActivityAt: new Date(now - 2 * MINUTE),
      createdAt: new Date(now - 10 * MINUTE),
    });
    sessions.waiting = await repo.save({
      tenantId: tenant.id,
      customerId: customers.wang.id,
      preferredAgentId: agents.bob,
      state: 'waiting',
      queuedAt: new Date(now - 3 * MINUTE),
      lastActivityAt: new Date(now - MINUTE),
      createdAt: new Date(now - 4 * MINUTE),
    });

    await inbound(customers.li, sessions.old, { type: 'text', text: '退货怎么办理' }, now - 50 * HOUR);
    await inbound(customers.zhang, sessions.active, { type: 'text', text: '我的订单还没到' }, now - 10 * MINUTE);
    await inbound(
      customers.zhang,
      sessions.active,
      { type: 'image', mediaId: 'media-photo', picUrl: 'https://mmbiz.example.com/photo.jpg' },
      now - 9.5 * MINUTE,
    );
    await outbound(sessions.active, { author: 'system', content: { type: 'item', itemId } }, now - 9.2 * MINUTE);
    await outbound(sessions.active, { author: 'agent', agentId: agents.alice, content: { type: 'text', text: '您好，我查一下' } }, now - 8.5 * MINUTE);
    await outbound(sessions.active, { author: 'agent', agentId: agents.alice, content: { type: 'image', mediaId: 'media-photo' } }, now - 8 * MINUTE);
    await outbound(
      sessions.active,
      { author: 'agent', agentId: agents.alice, content: { type: 'text', text: '已经发货了' }, state: 'held', reason: 'window_closed', sentAt: null },
      now - 7 * MINUTE,
    );
    await outbound(
      sessions.active,
      {
        author: 'admin',
        content: { type: 'text', text: '补偿一张优惠券' },
        state: 'failed',
        reason: 'permanent',
        reasonDetail: '45015 response out of time limit',
        sentAt: null,
      },
      now - 6 * MINUTE,
    );
    await inbound(customers.wang, sessions.waiting, { type: 'text', text: '之前的话' }, now - 4 * MINUTE);
    await inbound(customers.wang, sessions.waiting, { type: 'text', text: '有人吗' }, now - 2 * MINUTE);
    await inbound(
      customers.wang,
      sessions.waiting,
      { type: 'miniprogrampage', title: '春季新品', appId: 'wx1', pagePath: 'pages/item?id=7', thumbMediaId: 't1', thumbUrl: '' },
      now - MINUTE,
    );

    const offlineRepo = db.getRepository(OfflineMessage);
    const unread = await inbound(customers.li, null, { type: 'text', text: '晚上有人吗？' }, now - 30 * MINUTE);
    const read = await inbound(customers.li, null, { type: 'text', text: '明天再来' }, now - 20 * MINUTE);
    offline.unread = (await offlineRepo.save({ tenantId: tenant.id, customerId: customers.li.id, messageId: unread.id })).id;
    offline.read = (await offlineRepo.save({ tenantId: tenant.id, customerId: customers.li.id, messageId: read.id, readAt: new Date(now) })).id;

    const otherChannel = await channelOf(other);
    const stranger = await customer(other, otherChannel, 1, '陌生人');
    const strangerMessage = await inbound(stranger, null, { type: 'text', text: '别家的留言' }, now - 5 * MINUTE);
    offline.otherTenant = (await offlineRepo.save({ tenantId: other.id, customerId: stranger.id, messageId: strangerMessage.id })).id;
  });
  afterAll(() => app?.close());

  describe('dashboard', () => {
    it('counts customers online, the queue, agents, waits and first responses of today', async () => {
      const response = await tenant.admin.call('GET', url(`/dashboard?tz=${encodeURIComponent(tz)}`));
      expect(response.statusCode).toBe(200);
      const dashboard = response.json();
      expect(dashboard).toMatchObject({
        timeZone: tz,
        customersOnline: 1,
        waiting: 1,
        activeSessions: 1,
        sessionsToday: 2,
        averageWaitSeconds: 60,
        averageFirstResponseSeconds: 30,
        unreadOfflineMessages: 1,
      });
      expect(dashboard.longestWaitSeconds).toBeGreaterThanOrEqual(180);
      expect(dashboard.agents).toEqual([
        { id: agents.alice, nickname: 'alice', status: 'idle', active: true, serving: { id: customers.zhang.id, number: 1, nickname: '张三' } },
        { id: agents.bob, nickname: 'bob', status: 'idle', active: true, serving: null },
      ]);
    });

    it('gives 24 hours of today and 7 days of this week, which add up to the same', async () => {
      const dashboard = (await tenant.admin.call('GET', url(`/dashboard?tz=${encodeURIComponent(tz)}`))).json();
      expect(dashboard.hourly).toHaveLength(24);
      expect(dashboard.daily).toHaveLength(7);
      const sum = (points: { sessions: number; messages: number }[], key: 'sessions' | 'messages') =>
        points.reduce((total, point) => total + point[key], 0);
      expect(sum(dashboard.hourly, 'sessions')).toBe(2);
      // Today: 2 of 张三, 3 of 王五, 2 offline ones of 李四.
      expect(sum(dashboard.hourly, 'messages')).toBe(7);
      const today = dashboard.daily.find((point: { start: string }) => point.start === dashboard.hourly[0].start);
      expect(today).toMatchObject({ sessions: 2, messages: 7 });
      expect(new Date(dashboard.hourly[1].start).getTime() - new Date(dashboard.hourly[0].start).getTime()).toBe(HOUR);
    });

    it('refuses an unknown time zone with a clear message', async () => {
      const response = await tenant.admin.call('GET', url('/dashboard?tz=Mars/Olympus'));
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toEqual(['tz must be an IANA time zone such as Asia/Shanghai']);
    });
  });

  describe('sessions', () => {
    const ids = (response: { json(): { items: { id: string }[] } }) => response.json().items.map((s) => s.id);

    it('lists sessions newest first with customer, agent and the last message', async () => {
      const response = await tenant.admin.call('GET', url('/sessions'));
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page).toMatchObject({ total: 3, page: 1, pageSize: 20 });
      expect(ids(response)).toEqual([sessions.waiting.id, sessions.active.id, sessions.old.id]);
      expect(page.items[1]).toMatchObject({
        state: 'active',
        customer: { id: customers.zhang.id, number: 1, nickname: '张三' },
        agent: { id: agents.alice, nickname: 'alice' },
        messageCount: 2,
        lastMessage: { type: 'image', url: 'https://mmbiz.example.com/photo.jpg' },
      });
      expect(page.items[0]).toMatchObject({ state: 'waiting', agent: null, preferredAgent: { id: agents.bob, nickname: 'bob' } });
    });

    it('filters by state, agent, time opened and words in the messages, either way', async () => {
      expect(ids(await tenant.admin.call('GET', url('/sessions?state=closed')))).toEqual([sessions.old.id]);
      expect(ids(await tenant.admin.call('GET', url(`/sessions?agentId=${agents.alice}`)))).toEqual([sessions.active.id]);
      const from = new Date(now - 5 * MINUTE).toISOString();
      expect(ids(await tenant.admin.call('GET', url(`/sessions?from=${from}`)))).toEqual([sessions.waiting.id]);
      const to = new Date(now - 24 * HOUR).toISOString();
      expect(ids(await tenant.admin.call('GET', url(`/sessions?to=${to}`)))).toEqual([sessions.old.id]);
      expect(ids(await tenant.admin.call('GET', url(`/sessions?q=${encodeURIComponent('订单')}`)))).toEqual([sessions.active.id]);
      expect(ids(await tenant.admin.call('GET', url(`/sessions?q=${encodeURIComponent('发货')}`)))).toEqual([sessions.active.id]);
      expect(ids(await tenant.admin.call('GET', url(`/sessions?q=${encodeURIComponent('#3')}`)))).toEqual([sessions.waiting.id]);
      expect(ids(await tenant.admin.call('GET', url(`/sessions?q=${encodeURIComponent('100%')}`)))).toEqual([]);
    });

    it('pages', async () => {
      const second = (await tenant.admin.call('GET', url('/sessions?page=2&pageSize=1'))).json();
      expect(second).toMatchObject({ total: 3, page: 2, pageSize: 1 });
      expect(second.items.map((s: { id: string }) => s.id)).toEqual([sessions.active.id]);
      const beyond = (await tenant.admin.call('GET', url('/sessions?page=9'))).json();
      expect(beyond).toMatchObject({ items: [], total: 3 });
    });

    it('refuses bad filters with clear messages', async () => {
      const response = await tenant.admin.call('GET', url('/sessions?state=open&agentId=alice&from=yesterday&pageSize=500&colour=red'));
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toEqual(
        expect.arrayContaining([
          'property colour should not exist',
          'agentId must be an agent id',
          'state must be "waiting", "active" or "closed"',
          'from must be an ISO 8601 date or time, such as 2026-12-01 or 2026-12-01T08:00:00+08:00',
          'pageSize must be a whole number from 1 to 100',
        ]),
      );
    });

    it('shows a session with its customer and the window meter (I1)', async () => {
      const response = await tenant.admin.call('GET', url(`/sessions/${sessions.active.id}`));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        id: sessions.active.id,
        state: 'active',
        customer: {
          id: customers.zhang.id,
          number: 1,
          nickname: '张三',
          window: { open: true, remaining: 3, expiresAt: new Date(now + 31 * HOUR).toISOString() },
        },
      });
      const closed = (await tenant.admin.call('GET', url(`/sessions/${sessions.old.id}`))).json();
      expect(closed.customer.window).toEqual({ open: false, remaining: 0, expiresAt: new Date(now + HOUR).toISOString() });
      const expired = (await tenant.admin.call('GET', url(`/sessions/${sessions.waiting.id}`))).json();
      expect(expired.customer.window).toMatchObject({ open: false, remaining: 0 });
    });

    it('gives the transcript: inbound and outbound merged by time, each sent message with its delivery', async () => {
      const response = await tenant.admin.call('GET', url(`/sessions/${sessions.active.id}/messages`));
      expect(response.statusCode).toBe(200);
      const entries: TranscriptEntry[] = response.json().entries;
      expect(entries.map((entry) => `${entry.direction} ${entry.content.type}`)).toEqual([
        'in text',
        'in image',
        'out text',
        'out text',
        'out image',
        'out text',
        'out text',
      ]);
      expect(entries[1].content).toEqual({ type: 'image', url: 'https://mmbiz.example.com/photo.jpg' });
      expect(entries[2]).toMatchObject({
        author: 'system',
        item: { number: 1, keyword: '营业时间' },
        content: { type: 'text', text: '张三您好，门店每天 10:00-22:00 营业' },
        delivery: { state: 'sent', reason: null, reasonText: null },
      });
      expect(entries[3]).toMatchObject({ author: 'agent', agent: { id: agents.alice, nickname: 'alice' }, content: { text: '您好，我查一下' } });
      // The picture the agent sent back is the customer's, known by its media id.
      expect(entries[4].content).toEqual({ type: 'image', url: 'https://mmbiz.example.com/photo.jpg' });
      expect(entries[5]).toMatchObject({
        delivery: { state: 'held', reason: 'window_closed', reasonText: "The customer's window is closed; it opens again when they write", sentAt: null },
      });
      expect(entries[6]).toMatchObject({
        author: 'admin',
        agent: null,
        delivery: { state: 'failed', reason: 'permanent', reasonText: 'WeChat refused the message (45015 response out of time limit)' },
      });
    });

    it('answers 404 for a session that does not exist, 400 for one that is not an id', async () => {
      const missing = await tenant.admin.call('GET', url('/sessions/00000000-0000-4000-8000-000000000000/messages'));
      expect(missing.statusCode).toBe(404);
      expect(missing.json().message).toBe('No such session');
      expect((await tenant.admin.call('GET', url('/sessions/not-an-id'))).statusCode).toBe(400);
    });
  });

  describe('queue', () => {
    it('lists waiting sessions with what the customer wrote while waiting', async () => {
      const response = await tenant.admin.call('GET', url('/queue'));
      expect(response.statusCode).toBe(200);
      const queue = response.json();
      expect(queue.entries).toHaveLength(1);
      const [entry] = queue.entries;
      expect(entry).toMatchObject({
        sessionId: sessions.waiting.id,
        position: 1,
        customer: { id: customers.wang.id, number: 3, nickname: '王五', window: { open: false, remaining: 0 } },
        queuedAt: new Date(now - 3 * MINUTE).toISOString(),
        preferredAgent: { id: agents.bob, nickname: 'bob' },
      });
      expect(entry.waitedSeconds).toBeGreaterThanOrEqual(180);
      expect(entry.messages.map((m: { content: unknown }) => m.content)).toEqual([
        { type: 'text', text: '有人吗' },
        { type: 'miniprogrampage', title: '春季新品', pagePath: 'pages/item?id=7', thumbUrl: null },
      ]);
      expect(queue.agents.map((a: { nickname: string; status: string }) => `${a.nickname} ${a.status}`)).toEqual(['alice idle', 'bob idle']);
    });

    it('hands a session to an agent through the engine', async () => {
      const assign = vi.spyOn(app.get(DispatchService), 'assign').mockResolvedValue(undefined);
      try {
        const response = await tenant.admin.call('POST', url(`/queue/${sessions.waiting.id}/assign`), { agentId: agents.bob });
        expect(response.statusCode).toBe(204);
        expect(assign).toHaveBeenCalledWith(tenant.id, sessions.waiting.id, agents.bob);
      } finally {
        assign.mockRestore();
      }
    });

    it('refuses an assignment without an agent, to an unknown agent or of an unknown session', async () => {
      const none = await tenant.admin.call('POST', url(`/queue/${sessions.waiting.id}/assign`), {});
      expect(none.statusCode).toBe(400);
      expect(none.json().message).toEqual(['agentId must be an agent id']);
      const bad = await tenant.admin.call('POST', url(`/queue/${sessions.waiting.id}/assign`), { agentId: 'bob' });
      expect(bad.json().message).toEqual(['agentId must be an agent id']);
      const unknownAgent = await tenant.admin.call('POST', url(`/queue/${sessions.waiting.id}/assign`), {
        agentId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknownAgent.statusCode).toBe(404);
      expect(unknownAgent.json().message).toBe('No such agent');
      const unknownSession = await tenant.admin.call('POST', url('/queue/00000000-0000-4000-8000-000000000000/assign'), { agentId: agents.bob });
      expect(unknownSession.statusCode).toBe(404);
    });
  });

  describe('reply', () => {
    it('passes the admin’s text to the engine', async () => {
      const reply = vi.spyOn(app.get(DispatchService), 'reply').mockResolvedValue(undefined);
      try {
        const response = await tenant.admin.call('POST', url(`/sessions/${sessions.active.id}/reply`), { text: '  马上为您处理  ' });
        expect(response.statusCode).toBe(202);
        expect(reply).toHaveBeenCalledWith(tenant.id, sessions.active.id, '马上为您处理');
      } finally {
        reply.mockRestore();
      }
    });

    it('refuses an empty or a too long text', async () => {
      for (const body of [{}, { text: '   ' }]) {
        const response = await tenant.admin.call('POST', url(`/sessions/${sessions.active.id}/reply`), body);
        expect(response.statusCode).toBe(400);
        expect(response.json().message).toEqual(['text must not be empty']);
      }
      const long = await tenant.admin.call('POST', url(`/sessions/${sessions.active.id}/reply`), { text: '长'.repeat(2001) });
      expect(long.json().message).toEqual(['text must be at most 2000 characters']);
    });
  });

  describe('offline messages', () => {
    it('lists unread ones by default, read ones on request, with the unread count', async () => {
      const unread = (await tenant.admin.call('GET', url('/offline-messages'))).json();
      expect(unread).toMatchObject({ total: 1, unread: 1 });
      expect(unread.items).toEqual([
        {
          id: offline.unread,
          customer: { id: customers.li.id, number: 2, nickname: '李四' },
          content: { type: 'text', text: '晚上有人吗？' },
          writtenAt: new Date(now - 30 * MINUTE).toISOString(),
          readAt: null,
        },
      ]);
      const read = (await tenant.admin.call('GET', url('/offline-messages?status=read'))).json();
      expect(read.items.map((m: { id: string }) => m.id)).toEqual([offline.read]);
      expect((await tenant.admin.call('GET', url('/offline-messages?status=all'))).json().total).toBe(2);
      const bad = await tenant.admin.call('GET', url('/offline-messages?status=new'));
      expect(bad.json().message).toEqual(['status must be "unread", "read" or "all"']);
    });

    it("marks them read, ignoring other tenants' ids", async () => {
      const response = await tenant.admin.call('POST', url('/offline-messages/read'), { ids: [offline.unread, offline.otherTenant] });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ marked: 1 });
      expect((await tenant.admin.call('POST', url('/offline-messages/read'), { ids: [offline.unread] })).json()).toEqual({ marked: 0 });
      expect((await tenant.admin.call('GET', url('/offline-messages'))).json()).toMatchObject({ items: [], unread: 0 });
      const [row] = await db.query('SELECT read_at FROM offline_messages WHERE id = $1', [offline.otherTenant]);
      expect(row.read_at).toBeNull();
    });

    it('refuses a bad list of ids', async () => {
      expect((await tenant.admin.call('POST', url('/offline-messages/read'), { ids: [] })).json().message).toEqual([
        'ids must name at least one offline message',
      ]);
      expect((await tenant.admin.call('POST', url('/offline-messages/read'), { ids: ['abc'] })).json().message).toEqual([
        'each id must be an offline message id (digits)',
      ]);
      expect((await tenant.admin.call('POST', url('/offline-messages/read'), {})).statusCode).toBe(400);
    });
  });

  describe('customers', () => {
    it('lists customers, most recently seen first, with their window meter; searches by number or nickname', async () => {
      const page = (await tenant.admin.call('GET', url('/customers'))).json();
      expect(page.total).toBe(3);
      expect(page.items.map((c: { number: number }) => c.number)).toEqual([1, 2, 3]);
      expect(page.items[0].window).toMatchObject({ open: true, remaining: 3 });
      expect((await tenant.admin.call('GET', url(`/customers?q=${encodeURIComponent('李')}`))).json().items.map((c: { number: number }) => c.number)).toEqual([2]);
      expect((await tenant.admin.call('GET', url(`/customers?q=${encodeURIComponent('#3')}`))).json().items.map((c: { number: number }) => c.number)).toEqual([3]);
    });
  });

  describe('tenant isolation', () => {
    it("answers 404 for this tenant's sessions reached through another tenant", async () => {
      const base = `/api/tenants/${other.id}`;
      for (const [method, path, body] of [
        ['GET', `/sessions/${sessions.active.id}`, undefined],
        ['GET', `/sessions/${sessions.active.id}/messages`, undefined],
        ['POST', `/sessions/${sessions.active.id}/reply`, {}],
        ['POST', `/queue/${sessions.waiting.id}/assign`, {}],
      ] as const) {
        const response = await other.admin.call(method, `${base}${path}`, body);
        expect(`${method} ${path} → ${response.statusCode}`).toBe(`${method} ${path} → 404`);
      }
      expect((await other.admin.call('GET', `${base}/sessions`)).json()).toMatchObject({ items: [], total: 0 });
      expect((await other.admin.call('GET', `${base}/queue`)).json().entries).toEqual([]);
      expect((await other.admin.call('GET', `${base}/customers`)).json().items.map((c: { nickname: string }) => c.nickname)).toEqual(['陌生人']);
      expect((await other.admin.call('GET', `${base}/dashboard`)).json()).toMatchObject({ waiting: 0, activeSessions: 0, unreadOfflineMessages: 1 });
      expect((await other.admin.call('GET', `/api/tenants/${tenant.id}/dashboard`)).statusCode).toBe(404);
    });
  });

  describe('live updates', () => {
    let second: NestFastifyApplication;
    let base: string;

    beforeAll(async () => {
      // Another api instance on the same Redis prefix, listening on a real port for the stream.
      const prefix = app.get<AppConfig>(APP_CONFIG).redis.prefix;
      second = await createTestApp({ WECHAT_API_BASE_URL: 'http://127.0.0.1:1', REDIS_PREFIX: prefix });
      await second.listen(0, '127.0.0.1');
      const address = second.getHttpServer().address() as { port: number };
      base = `http://127.0.0.1:${address.port}`;
    });
    let secondClosed = false;
    afterAll(async () => {
      if (!secondClosed) await second?.close();
    });

    /** Reads a text/event-stream, one event at a time. */
    async function openStream(tenantId: string, token: string) {
      const controller = new AbortController();
      const response = await fetch(`${base}/api/tenants/${tenantId}/events`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      return {
        response,
        close: () => controller.abort(),
        async next(): Promise<{ event: string; data: string }> {
          for (;;) {
            const end = buffer.indexOf('\n\n');
            if (end >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const lines = block.split('\n');
              const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
              if (!event) continue;
              const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '';
              return { event, data };
            }
            const { value, done } = await reader.read();
            if (done) throw new Error('The stream ended');
            buffer += value;
          }
        },
      };
    }

    it("delivers a change announced on one instance to a console connected to another, only for its tenant", async () => {
      const stream = await openStream(tenant.id, tenant.admin.token);
      try {
        expect(stream.response.status).toBe(200);
        expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        expect((await stream.next()).event).toBe('ready');

        const live = app.get(LiveEventsService);
        live.notify(other.id, ['agents']);
        live.notify(tenant.id, ['queue']);
        live.notify(tenant.id, ['sessions', 'queue']);

        const change = await stream.next();
        expect(change.event).toBe('change');
        const event: LiveEvent = JSON.parse(change.data);
        expect(event.topics).toEqual(['queue', 'sessions']);
      } finally {
        stream.close();
      }
      // A console that goes away is forgotten.
      await expect.poll(() => second.get(LiveEventsService).listenerCount).toBe(0);
    });

    it('announces offline messages marked read from the console', async () => {
      const fresh = await inbound(customers.li, null, { type: 'text', text: '还在吗' }, Date.now());
      const row = await db.getRepository(OfflineMessage).save({ tenantId: tenant.id, customerId: customers.li.id, messageId: fresh.id });
      const stream = await openStream(tenant.id, tenant.admin.token);
      try {
        expect((await stream.next()).event).toBe('ready');
        expect((await tenant.admin.call('POST', url('/offline-messages/read'), { ids: [row.id] })).json()).toEqual({ marked: 1 });
        expect(JSON.parse((await stream.next()).data).topics).toEqual(['offline']);
      } finally {
        stream.close();
      }
    });

    it('needs a signed-in user of the tenant', async () => {
      expect((await fetch(`${base}/api/tenants/${tenant.id}/events`)).status).toBe(401);
      const foreign = await fetch(`${base}/api/tenants/${tenant.id}/events`, { headers: { authorization: `Bearer ${other.admin.token}` } });
      expect(foreign.status).toBe(404);
    });

    it('ends open streams when the instance shuts down, so it can', async () => {
      const stream = await openStream(tenant.id, tenant.admin.token);
      expect((await stream.next()).event).toBe('ready');
      await second.close();
      secondClosed = true;
      await expect(stream.next()).rejects.toThrow('The stream ended');
    });
  });
});
