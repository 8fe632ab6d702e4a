import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCaller, createTenant, signIn, signInSuperadmin, unique } from '../../../test/tenant-fixtures';
import { createTestApp } from '../../../test/test-app';

describe('tenants and their users', () => {
  let app: NestFastifyApplication;
  let superadmin: ApiCaller;

  beforeAll(async () => {
    app = await createTestApp();
    superadmin = await signInSuperadmin(app);
  });
  afterAll(() => app?.close());

  it('creates a tenant with its first admin, who signs in to it; lists tenants with mode, seats and agents', async () => {
    const name = unique('道行');
    const adminUsername = unique('Boss');
    const created = await superadmin.call('POST', '/api/tenants', { name, adminUsername, adminPassword: 'secret-password' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name, status: 'active', licenseMode: 'single', seats: 1, agentCount: 0 });
    const admin = await signIn(app, adminUsername.toLowerCase(), 'secret-password');
    const me = (await admin.call('GET', '/api/me')).json();
    expect(me).toMatchObject({ role: 'tenant_admin', tenantId: created.json().id });
    expect((await admin.call('GET', `/api/tenants/${me.tenantId}`)).json()).toMatchObject({ name });

    const listed = (await superadmin.call('GET', '/api/tenants')).json();
    expect(listed.find((t: { id: string }) => t.id === created.json().id)).toMatchObject({ name, agentCount: 0 });
    expect((await admin.call('GET', '/api/tenants')).statusCode).toBe(403);
    expect((await admin.call('POST', '/api/tenants', { name: 'x', adminUsername: 'xyz', adminPassword: '12345678' })).statusCode).toBe(403);

    const taken = await superadmin.call('POST', '/api/tenants', { name: 'other', adminUsername: adminUsername.toUpperCase(), adminPassword: 'secret-password' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().message).toMatch(/is taken/);
    const bad = await superadmin.call('POST', '/api/tenants', { name: '', adminUsername: 'a b', adminPassword: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message.join(' ')).toMatch(/name must be 1 to 100.*adminUsername must be.*adminPassword must be 8/);
  });

  it('suspends a tenant: its admins cannot sign in and their tokens stop working at once; reactivating lets them back', async () => {
    const tenant = await createTenant(app, superadmin);
    const url = `/api/tenants/${tenant.id}`;
    expect((await tenant.admin.call('GET', `${url}/agents`)).statusCode).toBe(200);
    const suspended = await superadmin.call('PATCH', url, { status: 'suspended' });
    expect(suspended.json()).toMatchObject({ status: 'suspended' });
    await superadmin.call('PATCH', url, { status: 'active' });

    const refreshToken = (
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: tenant.adminUsername, password: tenant.adminPassword } })
    ).json().refreshToken;
    await superadmin.call('PATCH', url, { status: 'suspended' });
    const refreshed = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
    expect(refreshed.statusCode).toBe(403);
    const refused = await tenant.admin.call('GET', `${url}/agents`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'tenant_suspended' });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: tenant.adminUsername, password: tenant.adminPassword } });
    expect(login.statusCode).toBe(403);
    expect(login.json().message).toMatch(/tenant is suspended/);

    await superadmin.call('PATCH', url, { status: 'active', name: 'renamed' });
    expect((await tenant.admin.call('GET', `${url}/agents`)).statusCode).toBe(200);
    expect((await tenant.admin.call('GET', url)).json()).toMatchObject({ name: 'renamed', status: 'active' });
    expect((await superadmin.call('PATCH', url, { status: 'gone' })).statusCode).toBe(400);
    expect((await tenant.admin.call('PATCH', url, { status: 'active' })).statusCode).toBe(403);
  });

  it('lets a tenant admin manage its users: usernames unique in any letter case, never deleting yourself', async () => {
    const tenant = await createTenant(app, superadmin);
    const url = `/api/tenants/${tenant.id}/users`;
    const username = unique('Helper');
    const created = await tenant.admin.call('POST', url, { username, password: 'helper-password' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username, role: 'tenant_admin', tenantId: tenant.id, lastLoginAt: null });
    expect(created.body).not.toMatch(/password/i);

    const clash = await tenant.admin.call('POST', url, { username: username.toUpperCase(), password: 'helper-password' });
    expect(clash.statusCode).toBe(409);
    const superClash = await tenant.admin.call('POST', url, { username: 'ROOT', password: 'helper-password' });
    expect(superClash.statusCode).toBe(409);

    const users = (await tenant.admin.call('GET', url)).json();
    expect(users.map((u: { username: string }) => u.username).sort()).toEqual([tenant.adminUsername, username].sort());
    const me = users.find((u: { username: string }) => u.username === tenant.adminUsername);
    const self = await tenant.admin.call('DELETE', `${url}/${me.id}`);
    expect(self.statusCode).toBe(409);
    expect(self.json().message).toMatch(/cannot delete your own account/);

    const helper = await signIn(app, username, 'helper-password');
    expect((await helper.call('DELETE', `${url}/${me.id}`)).statusCode).toBe(204);
    expect((await tenant.admin.call('GET', url)).statusCode).toBe(200); // the token lives until it expires
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: tenant.adminUsername, password: tenant.adminPassword } });
    expect(login.statusCode).toBe(401);
  });

  it('answers 404 to the superadmin for a tenant that does not exist', async () => {
    for (const path of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await superadmin.call('GET', `/api/tenants/${path}/agents`)).statusCode).toBe(404);
      expect((await superadmin.call('PATCH', `/api/tenants/${path}`, { status: 'active' })).statusCode).toBe(404);
    }
  });
});
