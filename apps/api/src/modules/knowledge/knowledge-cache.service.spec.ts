import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestApp } from '../../../test/test-app';
import { hashPassword } from '../tenants/passwords';
import { KnowledgeCacheService } from './knowledge-cache.service';
import { KnowledgeService } from './knowledge.service';

describe('F4 knowledge caches on every instance', () => {
  // Two api instances of one installation: same database, same Redis prefix.
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  let tenantId: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    const prefix = `${inject('redisPrefix')}:cache-${Math.random().toString(36).slice(2, 8)}`;
    first = await createTestApp({ REDIS_PREFIX: prefix });
    second = await createTestApp({ REDIS_PREFIX: prefix });
    const db = first.get(DataSource);
    [{ id: tenantId }] = await db.query(`INSERT INTO tenants (name) VALUES ('缓存店') RETURNING id`);
    const username = `cache-${randomUUID().slice(0, 8)}`;
    await db.query(`INSERT INTO users (tenant_id, username, password_hash, role) VALUES ($1, $2, $3, 'tenant_admin')`, [
      tenantId,
      username,
      await hashPassword('cache-admin-password'),
    ]);
    const login = await first.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'cache-admin-password' } });
    headers = { authorization: `Bearer ${login.json().accessToken}` };
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  const onFirst = (method: 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) =>
    first.inject({ method, url: `/api/tenants/${tenantId}/knowledge${path}`, headers, ...(payload ? { payload } : {}) });

  it('a change made on one instance answers the next message on the other', async () => {
    const engine = second.get(KnowledgeService);
    const created = (await onFirst('POST', '', { number: 1, keyword: '营业时间', type: 'text', content: '10:00-22:00' })).json();
    expect((await engine.match(tenantId, '营业时间'))?.content).toBe('10:00-22:00'); // loads the cache on the second

    await onFirst('PATCH', `/${created.id}`, { content: '9:00-21:00', keyword: '开门时间' });
    expect((await engine.match(tenantId, '营业时间'))).toBeNull();
    expect((await engine.match(tenantId, '开门时间'))?.content).toBe('9:00-21:00');

    await onFirst('POST', '', { number: 2, keyword: '联系方式', title: '联系方式', type: 'text', content: '400-800-1234' });
    expect((await engine.findByNumber(tenantId, 2))?.keyword).toBe('联系方式');
    expect((await engine.search(tenantId, '怎么联系你们')).item?.number).toBe(2);

    await onFirst('DELETE', `/${created.id}`);
    expect(await engine.match(tenantId, '1')).toBeNull();
  });

  it('announces every change on the Redis channel under the prefix, and each instance drops its copy', async () => {
    const cache = second.get(KnowledgeCacheService);
    expect(cache.channel).toMatch(new RegExp(`^${inject('redisPrefix')}:.*:knowledge:changed$`));
    const heard = new Promise<string>((resolve) => {
      const stop = cache.onChangeNotice((id) => {
        stop();
        resolve(id);
      });
    });
    await onFirst('POST', '', { number: 3, keyword: '地址', type: 'text', content: '徐汇区' });
    expect(await heard).toBe(tenantId);
  });

  it('keeps serving from memory between changes', async () => {
    const engine = second.get(KnowledgeService);
    await engine.match(tenantId, '地址');
    // Written behind the service's back: not seen until a change or a rebuild.
    await second.get(DataSource).query(`UPDATE knowledge_items SET content = '直接改的' WHERE tenant_id = $1 AND number = 3`, [tenantId]);
    expect((await engine.match(tenantId, '地址'))?.content).toBe('徐汇区');

    // C9 生成缓存, asked on the first instance, reaches the second as well.
    const rebuilt = await onFirst('POST', '/cache/rebuild');
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.json()).toEqual({
      items: 2,
      keywords: 2,
      byType: { text: 2, link: 0, image: 0, miniprogram: 0, voice: 0, video: 0 },
    });
    expect((await engine.match(tenantId, '地址'))?.content).toBe('直接改的');
  });

  it('a change through an import reaches the other instance too', async () => {
    const engine = second.get(KnowledgeService);
    await engine.match(tenantId, '地址');
    const imported = await first.inject({
      method: 'POST',
      url: `/api/tenants/${tenantId}/knowledge/import?format=json`,
      headers,
      payload: [{ number: 9, keyword: '发票', type: 'text', content: '电子发票' }],
    });
    expect(imported.json()).toMatchObject({ created: 1, refused: 0 });
    expect((await engine.match(tenantId, '９'))?.keyword).toBe('发票');
  });
});
