import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { StartupError, ensureDatabase, ensureRedis } from './preflight';

describe('start-up checks', () => {
  it('names the PostgreSQL address and how to start it when nothing answers', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/kefu' });
    const started = Date.now();
    const error = await ensureDatabase(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1 .*pg_ctlcluster/);
    expect((error as Error).message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(10000);
  });

  it('names the Redis address and how to start it when nothing answers', async () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1' });
    const error = await ensureRedis(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^Cannot reach Redis at 127\.0\.0\.1:1 .*redis-server/);
  });
});
