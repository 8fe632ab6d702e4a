import { Client } from 'pg';
import Redis from 'ioredis';
import { AppConfig } from '../config';

/** A start-up problem the operator has to fix, reported as one line. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const CONNECT_TIMEOUT_MS = 3000;

function describeAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('redis') ? '6379' : '5432')}`;
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** Creates the database named in DATABASE_URL when it does not exist yet. */
export async function ensureDatabase(config: AppConfig): Promise<void> {
  const target = new URL(config.database.url);
  const name = databaseName(config.database.url);
  const admin = new URL(target);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(
      `Cannot reach PostgreSQL at ${describeAddress(config.database.url)} (${(error as Error).message || (error as { code?: string }).code}). ` +
        `Start it (on Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set DATABASE_URL.`,
    );
  }
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another instance
      });
    }
  } finally {
    await client.end();
  }
}

/** Fails fast with one clear line when Redis does not answer. */
export async function ensureRedis(config: AppConfig): Promise<void> {
  const redis = new Redis(config.redis.url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new StartupError(
      `Cannot reach Redis at ${describeAddress(config.redis.url)} (${(error as Error).message}). ` +
        `Start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}
