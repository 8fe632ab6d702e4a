import { LICENSING_JOBS, QUEUES } from '@kefu/contracts';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCaller, createTenant, grantSeats, signInSuperadmin, TenantFixture } from '../../../test/tenant-fixtures';
import { createTestApp, testConfig } from '../../../test/test-app';
import { createWorkerApp } from '../../bootstrap';

describe('licensing', () => {
  let app: NestFastifyApplication;
  let superadmin: ApiCaller;
  let dataSource: DataSource;

  const addAgents = async (tenant: TenantFixture, ...nicknames: string[]) => {
    const created = [];
    for (const nickname of nicknames) {
      const response = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/agents`, { nickname });
      expect(response.statusCode).toBe(201);
      created.push(response.json());
    }
    return created;
  };
  const agentsOf = async (tenant: TenantFixture) => (await tenant.admin.call('GET', `/api/tenants/${tenant.id}/agents`)).json();
  const licenseOf = async (tenant: TenantFixture) => (await tenant.admin.call('GET', `/api/tenants/${tenant.id}/license`)).json();
  const auditOf = async (tenantId: string) =>
    (await superadmin.call('GET', `/api/licenses/audit?tenantId=${tenantId}&pageSize=100`)).json();

  beforeAll(async () => {
    app = await createTestApp();
    superadmin = await signInSuperadmin(app);
    dataSource = app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => app?.close());

  it('G2: a tenant applies for seats, one application at a time; the superadmin sees it with the tenant name', async () => {
    const tenant = await createTenant(app, superadmin);
    expect(await licenseOf(tenant)).toMatchObject({ mode: 'single', seats: 1, used: 0, expiresAt: null, pendingApplication: null });

    const applied = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/license/applications`, { seats: 3, note: '三位客服轮班' });
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toMatchObject({ tenantId: tenant.id, tenantName: tenant.name, seats: 3, status: 'pending', appliedBy: tenant.adminUsername });
    const again = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/license/applications`, { seats: 5 });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/already waiting/);
    expect((await licenseOf(tenant)).pendingApplication).toMatchObject({ id: applied.json().id, seats: 3 });

    const bad = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/license/applications`, { seats: 0, note: 'x'.repeat(501) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message.join(' ')).toMatch(/seats must be a whole number from 1 to 1000.*note must be at most 500/);

    const pending = (await superadmin.call('GET', '/api/licenses/applications?status=pending')).json();
    expect(pending.find((a: { id: string }) => a.id === applied.json().id)).toMatchObject({ tenantName: tenant.name });
    expect((await tenant.admin.call('GET', '/api/licenses/applications')).statusCode).toBe(403);
  });

  it('G2: the superadmin grants seats until a date; every step is in the audit log with who and when', async () => {
    const tenant = await createTenant(app, superadmin);
    const application = (await tenant.admin.call('POST', `/api/tenants/${tenant.id}/license/applications`, { seats: 3 })).json();
    const expiresAt = new Date(Date.now() + 30 * 86400000).toISOString();
    const past = await superadmin.call('POST', `/api/licenses/applications/${application.id}/grant`, { seats: 3, expiresAt: '2001-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().message.join(' ')).toMatch(/expiresAt must be in the future/);

    const granted = await superadmin.call('POST', `/api/licenses/applications/${application.id}/grant`, { seats: 3, expiresAt });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ status: 'granted', grantedSeats: 3, grantedExpiresAt: expiresAt, decidedBy: 'root' });
    expect(await licenseOf(tenant)).toMatchObject({ mode: 'multi', seats: 3, used: 0, expiresAt, pendingApplication: null });
    const twice = await superadmin.call('POST', `/api/licenses/applications/${application.id}/grant`, { seats: 3 });
    expect(twice.statusCode).toBe(409);

    const audit = await auditOf(tenant.id);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['grant', 'apply']);
    expect(audit.items[1]).toMatchObject({ actorName: tenant.adminUsername, applicationId: application.id, after: { seats: 3 } });
    expect(audit.items[0]).toMatchObject({
      actorName: 'root',
      tenantName: tenant.name,
      before: { mode: 'single', seats: 1 },
      after: { mode: 'multi', seats: 3, expiresAt },
    });
    expect(audit.items[0].actorId).toBeTruthy();
    expect(Date.parse(audit.items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(audit.items[1].createdAt));
  });

  it('G2: a rejected application is closed with the reason, and the tenant may apply again', async () => {
    const tenant = await createTenant(app, superadmin);
    const application = (await tenant.admin.call('POST', `/api/tenants/${tenant.id}/license/applications`, { seats: 50 })).json();
    const rejected = await superadmin.call('POST', `/api/licenses/applications/${application.id}/reject`, { reason: '请先说明用途' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectReason: '请先说明用途' });
    expect((await licenseOf(tenant)).mode).toBe('single');
    expect((await tenant.admin.call('POST', `/api/tenants/${tenant.id}/license/applications`, { seats: 5 })).statusCode).toBe(201);
    const actions = (await auditOf(tenant.id)).items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['apply', 'reject', 'apply']);
  });

  it('G3: seats change, but never below the agents in use until agents are removed', async () => {
    const tenant = await createTenant(app, superadmin);
    await grantSeats(superadmin, tenant.id, 4);
    const [, , third] = await addAgents(tenant, 'a', 'b', 'c');
    const lower = await superadmin.call('PUT', `/api/licenses/${tenant.id}`, { seats: 2 });
    expect(lower.statusCode).toBe(409);
    expect(lower.json()).toMatchObject({ code: 'seats_below_agents', seats: 2, used: 3 });
    expect(lower.json().message).toMatch(/3 agents, more than 2 seats/);
    await tenant.admin.call('DELETE', `/api/tenants/${tenant.id}/agents/${third.id}`);
    const changed = await superadmin.call('PUT', `/api/licenses/${tenant.id}`, { seats: 2 });
    expect(changed.json()).toMatchObject({ mode: 'multi', seats: 2, used: 2 });
    const unlimited = await superadmin.call('PUT', `/api/licenses/${tenant.id}`, { seats: null });
    expect(unlimited.json()).toMatchObject({ mode: 'multi', seats: null });
    const tenants = (await superadmin.call('GET', '/api/tenants')).json();
    expect(tenants.find((t: { id: string }) => t.id === tenant.id)).toMatchObject({ licenseMode: 'multi', seats: null, agentCount: 2 });
    const actions = (await auditOf(tenant.id)).items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['change', 'change', 'grant']);
  });

  it('G4: revoking returns to single-agent mode: only the oldest admin agent stays active, nothing is deleted', async () => {
    const tenant = await createTenant(app, superadmin);
    await grantSeats(superadmin, tenant.id, 5);
    const [plain, firstAdmin, secondAdmin] = await addAgents(tenant, 'plain', 'boss', 'boss2');
    for (const agent of [firstAdmin, secondAdmin]) {
      await tenant.admin.call('PATCH', `/api/tenants/${tenant.id}/agents/${agent.id}`, { isAdmin: true });
    }
    const revoked = await superadmin.call('DELETE', `/api/licenses/${tenant.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ mode: 'single', seats: 1, used: 3 });

    const agents = await agentsOf(tenant);
    expect(agents).toHaveLength(3);
    const byId = new Map(agents.map((a: { id: string }) => [a.id, a]));
    expect(byId.get(firstAdmin.id)).toMatchObject({ active: true, status: 'idle', isAdmin: true });
    expect(byId.get(plain.id)).toMatchObject({ active: false, status: 'offline' });
    expect(byId.get(secondAdmin.id)).toMatchObject({ active: false, status: 'offline' });

    const back = await tenant.admin.call('PATCH', `/api/tenants/${tenant.id}/agents/${plain.id}`, { status: 'idle' });
    expect(back.statusCode).toBe(409);
    expect(back.json().message).toMatch(/only "boss" can work/);
    expect((await tenant.admin.call('POST', `/api/tenants/${tenant.id}/agents`, { nickname: 'more' })).statusCode).toBe(409);
    expect((await superadmin.call('DELETE', `/api/licenses/${tenant.id}`)).statusCode).toBe(404);

    const [entry] = (await auditOf(tenant.id)).items;
    expect(entry).toMatchObject({ action: 'revoke', actorName: 'root', before: { mode: 'multi', seats: 5 }, after: { mode: 'single', keptAgentId: firstAdmin.id, agentsSetOffline: 2 } });
  });

  it('G4: an expired grant is single-agent mode at once, and the job returns the tenant there as the system', async () => {
    const tenant = await createTenant(app, superadmin);
    await grantSeats(superadmin, tenant.id, 3);
    const [admin, helper] = await addAgents(tenant, 'first', 'second');
    await dataSource.query(`UPDATE licenses SET expires_at = now() - interval '1 second' WHERE tenant_id = $1`, [tenant.id]);

    expect(await licenseOf(tenant)).toMatchObject({ mode: 'single', seats: 1, used: 2, expiresAt: null });
    const before = await agentsOf(tenant);
    expect(before.find((a: { id: string }) => a.id === admin.id)).toMatchObject({ active: true });
    expect(before.find((a: { id: string }) => a.id === helper.id)).toMatchObject({ active: false, status: 'idle' });

    const worker = await createWorkerApp(testConfig({ ROLE: 'worker', WORKER_QUEUES: QUEUES.licensing }));
    try {
      const queue = worker.get<Queue>(getQueueToken(QUEUES.licensing));
      expect((await queue.getRepeatableJobs()).map((job) => job.name)).toEqual([LICENSING_JOBS.expireGrants]);
      const job = await queue.add(LICENSING_JOBS.expireGrants, {});
      expect(await job.finished()).toBeGreaterThanOrEqual(1);
    } finally {
      await worker.close();
    }
    const after = await agentsOf(tenant);
    expect(after.find((a: { id: string }) => a.id === admin.id)).toMatchObject({ active: true, isAdmin: true, status: 'idle' });
    expect(after.find((a: { id: string }) => a.id === helper.id)).toMatchObject({ active: false, status: 'offline' });
    const [entry] = (await auditOf(tenant.id)).items;
    expect(entry).toMatchObject({ action: 'expire', actorName: 'system', actorId: null, after: { mode: 'single', keptAgentId: admin.id } });
  });

  it('keeps the audit log append-only in the database', async () => {
    const tenant = await createTenant(app, superadmin);
    await grantSeats(superadmin, tenant.id, 2);
    await expect(dataSource.query(`UPDATE license_audit SET actor_name = 'someone' WHERE tenant_id = $1`, [tenant.id])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM license_audit WHERE tenant_id = $1`, [tenant.id])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`TRUNCATE license_audit`)).rejects.toThrow(/append-only/);
    expect((await auditOf(tenant.id)).items).toHaveLength(1);
  });

  it('filters and pages the audit log, newest first', async () => {
    const tenant = await createTenant(app, superadmin);
    for (const seats of [2, 3, 4, 5]) await grantSeats(superadmin, tenant.id, seats);
    const page = (await superadmin.call('GET', `/api/licenses/audit?tenantId=${tenant.id}&action=change&page=2&pageSize=2`)).json();
    expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0].after).toMatchObject({ seats: 3 });
    const first = (await superadmin.call('GET', `/api/licenses/audit?tenantId=${tenant.id}&pageSize=1`)).json();
    expect(first.items[0].after).toMatchObject({ seats: 5 });
    const future = (await superadmin.call('GET', `/api/licenses/audit?tenantId=${tenant.id}&from=2999-01-01T00:00:00Z`)).json();
    expect(future.total).toBe(0);
    const bad = await superadmin.call('GET', '/api/licenses/audit?action=steal&pageSize=1000');
    expect(bad.statusCode).toBe(400);
  });
});
