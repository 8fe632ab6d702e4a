import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { inject } from 'vitest';
import { createHttpApp } from '../src/bootstrap';
import { AppConfig, loadConfig } from '../src/config';

export const SUPERADMIN = { username: 'root', password: 'test-superadmin-password' };

/** The configuration of a test app: this run's database and Redis prefix, plus overrides. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    ROLE: 'api',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `${inject('redisPrefix')}:${Math.random().toString(36).slice(2, 8)}`,
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    SUPERADMIN_USERNAME: SUPERADMIN.username,
    SUPERADMIN_PASSWORD: SUPERADMIN.password,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** A whole api application on the real Postgres and Redis, answering through fastify's inject. */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const app = await createHttpApp(testConfig(overrides));
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
