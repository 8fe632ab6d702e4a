import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/test-app';

describe('operations endpoints', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('answers live and ready when PostgreSQL and Redis answer', async () => {
    expect((await app.inject({ url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('exposes Prometheus metrics including answered requests', async () => {
    await app.inject({ url: '/health/live' });
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('kefu_http_requests_total{method="GET",route="/health/live",status="200"}');
  });

  it('documents the api in OpenAPI and Swagger UI', async () => {
    const spec = (await app.inject({ url: '/api/docs-json' })).json();
    expect(spec.paths['/api/auth/login']).toBeDefined();
    expect(spec.paths['/api/me']).toBeDefined();
    expect((await app.inject({ url: '/api/docs' })).statusCode).toBe(200);
  });

  it('sends security headers and a request id', async () => {
    const response = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-request-id']).toBe('abc-123');
  });

  it('answers unknown api paths with 404 json and refuses oversized bodies', async () => {
    const missing = await app.inject({ url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    const huge = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
  });
});
