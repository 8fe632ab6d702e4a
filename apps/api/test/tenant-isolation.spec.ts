import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCaller, createTenant, signInSuperadmin, TenantFixture, wechatApp } from './tenant-fixtures';
import { createTestApp } from './test-app';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

interface Route {
  method: Method;
  path: string;
  hasBody: boolean;
  /** The body is a JSON object validated by a DTO (not, say, an uploaded file). */
  hasDtoBody: boolean;
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
}

/** Every route of the running app, read from its OpenAPI document, so a new route is covered by itself. */
async function routesOf(app: NestFastifyApplication): Promise<Route[]> {
  const document = (await app.inject({ url: '/api/docs-json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    METHODS.filter((method) => operations[method.toLowerCase()]).map((method) => {
      const body = operations[method.toLowerCase()]!.requestBody;
      return {
        method,
        path,
        hasBody: body !== undefined,
        hasDtoBody: body?.content?.['application/json']?.schema?.$ref !== undefined,
      };
    }),
  );
}

function fill(path: string, ids: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? randomUUID());
}

describe('tenant isolation', () => {
  let app: NestFastifyApplication;
  let superadmin: ApiCaller;
  let a: TenantFixture;
  let b: TenantFixture;
  let routes: Route[];
  /** Tenant A's real ids, by the name of the route parameter they fill. */
  const idsOfA: Record<string, string> = {};

  beforeAll(async () => {
    // Nothing answers at port 1: channels are saved with the check marked unreachable.
    app = await createTestApp({ WECHAT_API_BASE_URL: 'http://127.0.0.1:1' });
    superadmin = await signInSuperadmin(app);
    [a, b] = await Promise.all([createTenant(app, superadmin), createTenant(app, superadmin)]);
    for (const tenant of [a, b]) {
      const channel = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/channels`, { name: 'shop', kind: 'miniprogram', ...wechatApp() });
      const agent = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/agents`, { nickname: 'boss' });
      const user = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/users`, { username: `${tenant.adminUsername}-2`, password: 'another-password' });
      const application = await tenant.admin.call('POST', `/api/tenants/${tenant.id}/license/applications`, { seats: 2 });
      expect([channel.statusCode, agent.statusCode, user.statusCode, application.statusCode]).toEqual([201, 201, 201, 201]);
      if (tenant === a) {
        Object.assign(idsOfA, {
          tenantId: a.id,
          channelId: channel.json().id,
          agentId: agent.json().id,
          userId: user.json().id,
          applicationId: application.json().id,
        });
      }
    }
    routes = await routesOf(app);
  });
  afterAll(() => app?.close());

  it('finds the tenant-scoped routes in the OpenAPI document', () => {
    const scoped = routes.filter((route) => route.path.includes('{tenantId}')).map((r) => `${r.method} ${r.path}`);
    expect(scoped).toEqual(
      expect.arrayContaining([
        'GET /api/tenants/{tenantId}/channels',
        'POST /api/tenants/{tenantId}/channels/{channelId}/check',
        'DELETE /api/tenants/{tenantId}/agents/{agentId}',
        'PUT /api/tenants/{tenantId}/settings',
        'GET /api/tenants/{tenantId}/license',
        'DELETE /api/tenants/{tenantId}/users/{userId}',
        'PUT /api/licenses/{tenantId}',
      ]),
    );
    expect(scoped.length).toBeGreaterThanOrEqual(20);
  });

  it("answers 404 to another tenant's admin on every route with a :tenantId, every method", async () => {
    const scoped = routes.filter((route) => route.path.includes('{tenantId}'));
    const answers: string[] = [];
    for (const route of scoped) {
      const response = await b.admin.call(route.method, fill(route.path, idsOfA), route.hasBody ? {} : undefined);
      answers.push(`${route.method} ${route.path} → ${response.statusCode}`);
    }
    expect(answers).toEqual(scoped.map((route) => `${route.method} ${route.path} → 404`));
  });

  it("answers 404 for tenant A's channels, agents and users reached through tenant B's own id", async () => {
    const nested = routes.filter((route) => route.path.includes('{tenantId}') && /\{(?!tenantId)\w+\}/.test(route.path));
    expect(nested.length).toBeGreaterThanOrEqual(6);
    const answers: string[] = [];
    for (const route of nested) {
      const response = await b.admin.call(route.method, fill(route.path, { ...idsOfA, tenantId: b.id }), route.hasBody ? {} : undefined);
      answers.push(`${route.method} ${route.path} → ${response.statusCode}`);
    }
    expect(answers).toEqual(nested.map((route) => `${route.method} ${route.path} → 404`));
  });

  it('left tenant A untouched', async () => {
    const channels = (await a.admin.call('GET', `/api/tenants/${a.id}/channels`)).json();
    const agents = (await a.admin.call('GET', `/api/tenants/${a.id}/agents`)).json();
    const users = (await a.admin.call('GET', `/api/tenants/${a.id}/users`)).json();
    expect(channels.map((c: { id: string }) => c.id)).toEqual([idsOfA.channelId]);
    expect(agents.map((x: { id: string }) => x.id)).toEqual([idsOfA.agentId]);
    expect(users).toHaveLength(2);
    expect((await a.admin.call('GET', `/api/tenants/${a.id}/license`)).json().pendingApplication.id).toBe(idsOfA.applicationId);
  });

  it('refuses tenantId, role and isSuperadmin in every JSON request body with 400', async () => {
    const withBody = routes.filter((route) => route.hasDtoBody);
    expect(withBody.length).toBeGreaterThanOrEqual(10);
    const answers: string[] = [];
    for (const route of withBody) {
      const response = await superadmin.call(route.method, fill(route.path, idsOfA), {
        tenantId: b.id,
        role: 'superadmin',
        isSuperadmin: true,
      });
      const message = [response.json().message].flat().join('; ');
      const refused =
        response.statusCode === 400 &&
        ['tenantId', 'role', 'isSuperadmin'].every((field) => message.includes(`property ${field} should not exist`));
      answers.push(`${route.method} ${route.path} → ${refused ? 'refused' : `${response.statusCode} ${message}`}`);
    }
    expect(answers).toEqual(withBody.map((route) => `${route.method} ${route.path} → refused`));
  });
});
