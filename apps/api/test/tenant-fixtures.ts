import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { SUPERADMIN } from './test-app';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Calls the api as one signed-in user. */
export interface ApiCaller {
  token: string;
  call(method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export interface TenantFixture {
  id: string;
  name: string;
  adminUsername: string;
  adminPassword: string;
  admin: ApiCaller;
}

/** A short random suffix, so names stay unique across the spec files sharing one database. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function callerFor(app: NestFastifyApplication, token: string): ApiCaller {
  return {
    token,
    call: (method, url, payload) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      }),
  };
}

export async function signIn(app: NestFastifyApplication, username: string, password: string): Promise<ApiCaller> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  return callerFor(app, response.json().accessToken);
}

export function signInSuperadmin(app: NestFastifyApplication): Promise<ApiCaller> {
  return signIn(app, SUPERADMIN.username, SUPERADMIN.password);
}

/** Creates a tenant with its first admin (as the superadmin) and signs that admin in. */
export async function createTenant(app: NestFastifyApplication, superadmin: ApiCaller, name = unique('tenant')): Promise<TenantFixture> {
  const adminUsername = unique('admin');
  const adminPassword = 'tenant-admin-password';
  const response = await superadmin.call('POST', '/api/tenants', { name, adminUsername, adminPassword });
  if (response.statusCode !== 201) throw new Error(`creating tenant ${name} failed: ${response.statusCode} ${response.body}`);
  const admin = await signIn(app, adminUsername, adminPassword);
  return { id: response.json().id, name, adminUsername, adminPassword, admin };
}

/** A random AppID / AppSecret / original id in WeChat's shapes. */
export function wechatApp(): { appId: string; appSecret: string; originalId: string } {
  return {
    appId: `wx${randomBytes(8).toString('hex')}`,
    appSecret: randomBytes(16).toString('hex'),
    originalId: `gh_${randomBytes(6).toString('hex')}`,
  };
}

/** Grants a tenant seats directly (as the superadmin); null = unlimited. */
export async function grantSeats(superadmin: ApiCaller, tenantId: string, seats: number | null): Promise<void> {
  const response = await superadmin.call('PUT', `/api/licenses/${tenantId}`, { seats });
  if (response.statusCode !== 200) throw new Error(`granting seats failed: ${response.statusCode} ${response.body}`);
}
