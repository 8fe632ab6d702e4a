import pg from 'pg';

const POSTGRES_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * The database of the running system that holds this tenant. startSystem gives each run a fresh
 * database of its own; the tenant's id (a random UUID) tells which one is ours.
 */
export async function databaseOfTenant(tenantId: string): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  let names: string[];
  try {
    names = (await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'kefu\\_e2e\\_%'`)).rows.map(
      (row) => row.datname,
    );
  } finally {
    await admin.end();
  }
  for (const name of names) {
    const client = new pg.Client({ connectionString: `${POSTGRES_URL}/${name}` });
    try {
      await client.connect();
      const found = await client.query(`SELECT 1 FROM tenants WHERE id = $1`, [tenantId]).catch(() => ({ rowCount: 0 }));
      if (found.rowCount) return client;
    } catch {
      // A database of another run, going away meanwhile.
    }
    await client.end().catch(() => undefined);
  }
  throw new Error(`No e2e database holds tenant ${tenantId}`);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface SeedIds {
  tenantId: string;
  channelId: string;
  alice: string;
  bob: string;
  itemId: string;
  linkItemId: string;
}

export interface Seeded {
  zhangSession: string;
  liSession: string;
  waitingSession: string;
  offlineIds: string[];
}

/**
 * A morning of a small shop, written straight into the tables (as the conversation engine would
 * have): 张三 served by alice with pictures, a knowledge item, a link and a failed send; 李四's
 * closed chat with a reply waiting for the window; 王五 waiting for bob, who is hidden; two offline messages.
 */
export async function seedConversations(db: pg.Client, ids: SeedIds, now = Date.now()): Promise<Seeded> {
  const at = (msAgo: number) => new Date(now - msAgo);
  let dedup = 0;

  const customer = async (number: number, nickname: string, seenAgo: number) =>
    (
      await db.query<{ id: string; openid: string }>(
        `INSERT INTO customers (tenant_id, channel_id, openid, number, nickname, last_seen_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id, openid`,
        [ids.tenantId, ids.channelId, `o-e2e-customer-${number}-${ids.tenantId.slice(0, 8)}`, number, nickname, at(seenAgo)],
      )
    ).rows[0];
  const zhang = await customer(1, '张三', 2 * MINUTE);
  const li = await customer(2, '李四', 40 * MINUTE);
  const wang = await customer(3, '王五', 3 * MINUTE);
  await db.query(`INSERT INTO customer_counters (tenant_id, last_number) VALUES ($1, 3) ON CONFLICT (tenant_id) DO UPDATE SET last_number = 3`, [
    ids.tenantId,
  ]);

  const window = (openid: string, remaining: number, expiresAt: Date) =>
    db.query(
      `INSERT INTO send_windows (channel_id, openid, tenant_id, remaining, expires_at, last_message_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, now(), now())`,
      [ids.channelId, openid, ids.tenantId, remaining, expiresAt],
    );
  await window(zhang.openid, 3, new Date(now + 31 * HOUR + 20 * MINUTE));
  await window(li.openid, 0, new Date(now + 2 * HOUR));
  await window(wang.openid, 5, new Date(now + 47 * HOUR));

  const session = async (fields: {
    customerId: string;
    state: 'waiting' | 'active' | 'closed';
    agentId?: string | null;
    preferredAgentId?: string | null;
    createdAgo: number;
    assignedAgo?: number;
    closedAgo?: number;
  }) =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO sessions (tenant_id, customer_id, agent_id, preferred_agent_id, state, queued_at, assigned_at, closed_at,
                               close_reason, last_activity_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $6) RETURNING id`,
        [
          ids.tenantId,
          fields.customerId,
          fields.agentId ?? null,
          fields.preferredAgentId ?? null,
          fields.state,
          at(fields.createdAgo),
          fields.assignedAgo === undefined ? null : at(fields.assignedAgo),
          fields.closedAgo === undefined ? null : at(fields.closedAgo),
          fields.closedAgo === undefined ? null : 'goodbye',
          at(fields.closedAgo ?? MINUTE),
        ],
      )
    ).rows[0].id;
  const liSession = await session({ customerId: li.id, state: 'closed', agentId: ids.bob, createdAgo: 70 * MINUTE, assignedAgo: 69 * MINUTE, closedAgo: 50 * MINUTE });
  const zhangSession = await session({ customerId: zhang.id, state: 'active', agentId: ids.alice, createdAgo: 14 * MINUTE, assignedAgo: 13 * MINUTE });
  const waitingSession = await session({ customerId: wang.id, state: 'waiting', preferredAgentId: ids.bob, createdAgo: 4 * MINUTE });
  // As the engine keeps them: alice busy with 张三, bob hidden (else the engine would hand him 王五 at once).
  await db.query(`UPDATE agents SET status = CASE WHEN id = $1 THEN 'busy' ELSE 'hidden' END WHERE id IN ($1, $2)`, [ids.alice, ids.bob]);

  const inbound = async (who: { id: string; openid: string }, sessionId: string | null, content: Record<string, unknown>, ago: number) =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO messages (tenant_id, channel_id, dedup_key, openid, sender, customer_id, session_id, type, content, handling,
                               wechat_created_at, received_at)
         VALUES ($1, $2, $3, $4, 'customer', $5, $6, $7, $8, 'forwarded', $9, $9) RETURNING id`,
        [ids.tenantId, ids.channelId, `e2e-${++dedup}`, who.openid, who.id, sessionId, content.type, content, at(ago)],
      )
    ).rows[0].id;
  const outbound = (
    who: { id: string; openid: string },
    sessionId: string,
    fields: { author: string; agentId?: string; content: Record<string, unknown>; state?: string; reason?: string; detail?: string },
    ago: number,
  ) =>
    db.query(
      `INSERT INTO outbound_messages (tenant_id, channel_id, openid, recipient, customer_id, agent_id, session_id, author, content,
                                      state, reason, reason_detail, created_at, updated_at, sent_at)
       VALUES ($1, $2, $3, 'customer', $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)`,
      [
        ids.tenantId,
        ids.channelId,
        who.openid,
        who.id,
        fields.agentId ?? null,
        sessionId,
        fields.author,
        fields.content,
        fields.state ?? 'sent',
        fields.reason ?? null,
        fields.detail ?? null,
        at(ago),
        (fields.state ?? 'sent') === 'sent' ? at(ago - 1000) : null,
      ],
    );

  await inbound(li, liSession, { type: 'text', text: '请问可以开发票吗？' }, 70 * MINUTE);
  await outbound(li, liSession, { author: 'agent', agentId: ids.bob, content: { type: 'text', text: '可以的，下单时填写抬头即可' } }, 68 * MINUTE);
  await inbound(li, liSession, { type: 'text', text: '再见' }, 50 * MINUTE);
  await outbound(
    li,
    liSession,
    { author: 'agent', agentId: ids.bob, content: { type: 'text', text: '发票已经开好了，请查收邮箱' }, state: 'held', reason: 'window_closed' },
    45 * MINUTE,
  );

  await inbound(zhang, zhangSession, { type: 'event', event: 'user_enter_tempsession', sessionFrom: '' }, 15 * MINUTE);
  await inbound(zhang, zhangSession, { type: 'text', text: '你好，我的订单 #20261201 还没发货' }, 14 * MINUTE);
  await outbound(zhang, zhangSession, { author: 'system', content: { type: 'text', text: '已为您接通客服 alice，请稍候' } }, 13.9 * MINUTE);
  await outbound(zhang, zhangSession, { author: 'agent', agentId: ids.alice, content: { type: 'text', text: '您好，我帮您查一下，请发一下订单截图' } }, 12.5 * MINUTE);
  await inbound(
    zhang,
    zhangSession,
    { type: 'image', mediaId: 'e2e-media-1', picUrl: 'data:image/svg+xml;base64,' + Buffer.from(ORDER_PICTURE).toString('base64') },
    11 * MINUTE,
  );
  await outbound(zhang, zhangSession, { author: 'system', content: { type: 'item', itemId: ids.itemId } }, 10 * MINUTE);
  await outbound(zhang, zhangSession, { author: 'agent', agentId: ids.alice, content: { type: 'item', itemId: ids.linkItemId } }, 9.5 * MINUTE);
  await inbound(
    zhang,
    zhangSession,
    { type: 'miniprogrampage', title: '冬季羽绒服 限时八折', appId: 'wx0000', pagePath: 'pages/item/index?id=88', thumbMediaId: 't-1', thumbUrl: '' },
    9 * MINUTE,
  );
  await outbound(
    zhang,
    zhangSession,
    { author: 'agent', agentId: ids.alice, content: { type: 'text', text: '已经催仓库了，今天下午发出，单号稍后发您' } },
    8 * MINUTE,
  );
  await outbound(
    zhang,
    zhangSession,
    {
      author: 'admin',
      content: { type: 'text', text: '为表歉意，送您一张 20 元优惠券' },
      state: 'failed',
      reason: 'permanent',
      detail: '43101 user refuse to accept the msg',
    },
    6 * MINUTE,
  );

  await inbound(wang, waitingSession, { type: 'text', text: '有人在吗？想问下尺码' }, 3 * MINUTE);
  await inbound(wang, waitingSession, { type: 'text', text: '身高 175 穿多大' }, 2 * MINUTE);

  const offlineIds: string[] = [];
  for (const [text, ago] of [
    ['晚上还能下单吗？', 9 * HOUR],
    ['明天早上几点开门', 8 * HOUR],
  ] as const) {
    const messageId = await inbound(li, null, { type: 'text', text }, ago);
    const row = await db.query<{ id: string }>(
      `INSERT INTO offline_messages (tenant_id, customer_id, message_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [ids.tenantId, li.id, messageId, at(ago)],
    );
    offlineIds.push(row.rows[0].id);
  }
  return { zhangSession, liSession, waitingSession, offlineIds };
}

/** A stand-in for the customer's screenshot of their order, drawn so the picture needs no network. */
const ORDER_PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="240" viewBox="0 0 200 240">
<rect width="200" height="240" rx="10" fill="#ffffff"/><rect width="200" height="44" rx="10" fill="#ff7a45"/>
<text x="16" y="28" font-size="15" fill="#fff" font-family="sans-serif">订单详情</text>
<rect x="16" y="60" width="56" height="56" rx="6" fill="#ffd8bf"/>
<rect x="84" y="64" width="96" height="10" rx="5" fill="#d9d9d9"/><rect x="84" y="84" width="70" height="10" rx="5" fill="#e8e8e8"/>
<rect x="16" y="132" width="168" height="1" fill="#f0f0f0"/>
<text x="16" y="160" font-size="12" fill="#595959" font-family="sans-serif">订单号 20261201</text>
<text x="16" y="184" font-size="12" fill="#fa541c" font-family="sans-serif">待发货</text>
<rect x="16" y="204" width="168" height="22" rx="11" fill="#fff2e8"/></svg>`;
