import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERADMIN, createTestApp } from '../../../test/test-app';

describe('sign-in', () => {
  let app: NestFastifyApplication;
  const login = (username: string, password: string, ip = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

  beforeAll(async () => {
    app = await createTestApp({ LOGIN_MAX_FAILURES: '10', LOGIN_LOCK_SECONDS: '2' });
  });
  afterAll(() => app.close());

  it('creates the superadmin on first start and lets it sign in (any letter case of the name)', async () => {
    const response = await login(SUPERADMIN.username.toUpperCase(), SUPERADMIN.password);
    expect(response.statusCode).toBe(200);
    const pair = response.json();
    expect(pair).toMatchObject({ expiresIn: 900 });
    const me = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${pair.accessToken}` } });
    expect(me.json()).toMatchObject({ username: SUPERADMIN.username, role: 'superadmin', tenantId: null });
  });

  it('answers the same for a wrong password and an unknown account', async () => {
    const wrong = await login(SUPERADMIN.username, 'nope', '10.0.0.2');
    const unknown = await login('nobody-here', 'nope', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe(unknown.json().message);
  });

  it('rejects unknown fields and malformed bodies with what to fix', async () => {
    const extra = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'a', password: 'b', role: 'superadmin' },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toContain('property role should not exist');
    const missing = await app.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message.join(' ')).toMatch(/username/);
  });

  it('locks an account after ten failures and lets the right password in after the wait', async () => {
    const ip = '10.0.0.3';
    expect((await login(SUPERADMIN.username, SUPERADMIN.password, ip)).statusCode).toBe(200); // resets the count
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await login(SUPERADMIN.username, `wrong-${attempt}`, ip)).statusCode).toBe(401);
    }
    const locked = await login(SUPERADMIN.username, SUPERADMIN.password, '10.0.0.4');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().retryAfter).toBeGreaterThan(0);
    const unknownAccount = await login('nobody-else', 'x', ip);
    expect(unknownAccount.statusCode).toBe(401);

    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await login(SUPERADMIN.username, SUPERADMIN.password, '10.0.0.4')).statusCode).toBe(200);
  }, 60000);

  it('rotates refresh tokens and revokes every session when a used one comes back', async () => {
    const first = (await login(SUPERADMIN.username, SUPERADMIN.password, '10.0.0.5')).json();
    const refresh = (token: string) => app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: token } });
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    expect((await refresh(second.json().refreshToken)).statusCode).toBe(401);
  });

  it('logs out by revoking the refresh token', async () => {
    const pair = (await login(SUPERADMIN.username, SUPERADMIN.password, '10.0.0.6')).json();
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: pair.refreshToken } });
    expect(out.statusCode).toBe(204);
    const again = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: pair.refreshToken } });
    expect(again.statusCode).toBe(401);
  });

  it('refuses the api without a valid access token', async () => {
    expect((await app.inject({ url: '/api/me' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/me', headers: { authorization: 'Bearer forged' } })).statusCode).toBe(401);
  });
});
