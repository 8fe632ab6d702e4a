import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCaller, createTenant, grantSeats, signInSuperadmin, TenantFixture } from '../../../test/tenant-fixtures';
import { createTestApp } from '../../../test/test-app';
import { AgentsService } from './agents.service';

const openid = (n: number) => `opy0C0aTS3vygwC_3xslIYq${String(n).padStart(5, '0')}`;

describe('agents and seats', () => {
  let app: NestFastifyApplication;
  let superadmin: ApiCaller;
  let dataSource: DataSource;
  const agentsUrl = (tenant: TenantFixture) => `/api/tenants/${tenant.id}/agents`;

  beforeAll(async () => {
    app = await createTestApp();
    superadmin = await signInSuperadmin(app);
    dataSource = app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => app?.close());

  it('G1: a new tenant is in single-agent mode: one agent, made its admin, available at once', async () => {
    const tenant = await createTenant(app, superadmin);
    const first = await tenant.admin.call('POST', agentsUrl(tenant), { nickname: '客服小艳', openid: openid(1), isAdmin: false });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ nickname: '客服小艳', openid: openid(1), isAdmin: true, status: 'idle', active: true, bindingCode: null });

    const second = await tenant.admin.call('POST', agentsUrl(tenant), { nickname: '客服小张' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'seats_exhausted', seats: 1, used: 1 });
    expect(second.json().message).toMatch(/Single-agent mode allows 1 agent .*apply for multi-agent seats/);

    const demoted = await tenant.admin.call('PATCH', `${agentsUrl(tenant)}/${first.json().id}`, { isAdmin: false });
    expect(demoted.json().isAdmin).toBe(true);
  });

  it('A2: an agent added without openid gets a 6-digit code that binds once and expires after 30 minutes', async () => {
    const tenant = await createTenant(app, superadmin);
    await grantSeats(superadmin, tenant.id, 5);
    const created = await tenant.admin.call('POST', agentsUrl(tenant), { nickname: 'Lily' });
    const agent = created.json();
    expect(agent.bindingCode).toMatch(/^\d{6}$/);
    const minutes = (Date.parse(agent.bindingCodeExpiresAt) - Date.now()) / 60000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    const listed = (await tenant.admin.call('GET', agentsUrl(tenant))).json();
    expect(listed.find((a: { id: string }) => a.id === agent.id)).toMatchObject({ bindingCode: agent.bindingCode });

    const agents = app.get(AgentsService);
    const other = await createTenant(app, superadmin);
    expect(await agents.bindByCode(other.id, agent.bindingCode, openid(2))).toBeNull();
    expect(await agents.bindByCode(tenant.id, '000000' === agent.bindingCode ? '000001' : '000000', openid(2))).toBeNull();
    const bound = await agents.bindByCode(tenant.id, agent.bindingCode, openid(2));
    expect(bound).toMatchObject({ id: agent.id, openid: openid(2), bindingCode: null });
    expect(await agents.bindByCode(tenant.id, agent.bindingCode, openid(3))).toBeNull();

    const renewed = (await tenant.admin.call('POST', `${agentsUrl(tenant)}/${agent.id}/binding-code`)).json();
    expect(renewed.bindingCode).toMatch(/^\d{6}$/);
    await dataSource.query(`UPDATE agents SET binding_code_expires_at = now() - interval '1 second' WHERE id = $1`, [agent.id]);
    expect(await agents.bindByCode(tenant.id, renewed.bindingCode, openid(4))).toBeNull();
    const expired = (await tenant.admin.call('GET', agentsUrl(tenant))).json().find((a: { id: string }) => a.id === agent.id);
    expect(expired).toMatchObject({ bindingCode: null, bindingCodeExpiresAt: null, openid: openid(2) });
  });

  it('A2: unbinding a phone issues a fresh code', async () => {
    const tenant = await createTenant(app, superadmin);
    const agent = (await tenant.admin.call('POST', agentsUrl(tenant), { nickname: 'Max', openid: openid(5) })).json();
    const unbound = (await tenant.admin.call('PATCH', `${agentsUrl(tenant)}/${agent.id}`, { openid: null })).json();
    expect(unbound).toMatchObject({ openid: null });
    expect(unbound.bindingCode).toMatch(/^\d{6}$/);
  });

  it('keeps nicknames (any letter case) and openids unique in a tenant, naming the clash', async () => {
    const tenant = await createTenant(app, superadmin);
    await grantSeats(superadmin, tenant.id, null);
    expect((await tenant.admin.call('POST', agentsUrl(tenant), { nickname: 'Anna', openid: openid(6) })).statusCode).toBe(201);
    const sameName = await tenant.admin.call('POST', agentsUrl(tenant), { nickname: 'ANNA' });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().message).toContain('"ANNA"');
    const sameOpenid = await tenant.admin.call('POST', agentsUrl(tenant), { nickname: 'Bert', openid: openid(6) });
    expect(sameOpenid.statusCode).toBe(409);
    expect(sameOpenid.json().message).toContain('"Anna"');
    const bad = await tenant.admin.call('POST', agentsUrl(tenant), { nickname: '', openid: 'has spaces' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message.join(' ')).toMatch(/nickname must be 1 to 32.*openid must be/);
    const other = await createTenant(app, superadmin);
    expect((await other.admin.call('POST', agentsUrl(other), { nickname: 'anna', openid: openid(6) })).statusCode).toBe(201);
  });

  it('changes status and nickname, and deletes agents', async () => {
    const tenant = await createTenant(app, superadmin);
    await grantSeats(superadmin, tenant.id, 2);
    const agent = (await tenant.admin.call('POST', agentsUrl(tenant), { nickname: 'Cleo', isAdmin: false })).json();
    expect(agent).toMatchObject({ isAdmin: false, status: 'idle', active: true });
    const hidden = (await tenant.admin.call('PATCH', `${agentsUrl(tenant)}/${agent.id}`, { status: 'hidden', nickname: 'Cleo W' })).json();
    expect(hidden).toMatchObject({ status: 'hidden', nickname: 'Cleo W' });
    const bad = await tenant.admin.call('PATCH', `${agentsUrl(tenant)}/${agent.id}`, { status: 'away' });
    expect(bad.statusCode).toBe(400);
    expect((await tenant.admin.call('DELETE', `${agentsUrl(tenant)}/${agent.id}`)).statusCode).toBe(204);
    expect((await tenant.admin.call('DELETE', `${agentsUrl(tenant)}/${agent.id}`)).statusCode).toBe(404);
  });

  it('G3: with 3 seats the fourth agent is refused, saying seats and use', async () => {
    const tenant = await createTenant(app, superadmin);
    await grantSeats(superadmin, tenant.id, 3);
    for (const nickname of ['a1', 'a2', 'a3']) {
      expect((await tenant.admin.call('POST', agentsUrl(tenant), { nickname })).statusCode).toBe(201);
    }
    const fourth = await tenant.admin.call('POST', agentsUrl(tenant), { nickname: 'a4' });
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json()).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'seats_exhausted',
      message: 'All 3 seats are in use (3 agents). Remove an agent or apply for more seats.',
      seats: 3,
      used: 3,
    });
  });

  it('G3: ten agents added at the same moment with 3 seats: exactly 3 are added', async () => {
    const tenant = await createTenant(app, superadmin);
    await grantSeats(superadmin, tenant.id, 3);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => tenant.admin.call('POST', agentsUrl(tenant), { nickname: `race-${i}` })),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(7);
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM agents WHERE tenant_id = $1', [tenant.id]);
    expect(count).toBe(3);
  });

  it('G3: two admins adding at the same moment in single-agent mode: one agent', async () => {
    const tenant = await createTenant(app, superadmin);
    const responses = await Promise.all(
      ['x', 'y', 'z'].map((nickname) => tenant.admin.call('POST', agentsUrl(tenant), { nickname })),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
  });
});
