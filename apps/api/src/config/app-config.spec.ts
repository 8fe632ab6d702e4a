import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('has working defaults for one machine', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.role).toBe('all');
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/kefu');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.usesDevelopmentSecretKey).toBe(true);
    expect(config.webhook.maxSkewSeconds).toBe(300);
    expect(loadConfig({ WEBHOOK_MAX_SKEW_SECONDS: '0' }).webhook.maxSkewSeconds).toBe(0);
    expect(config.sandbox).toEqual({ mode: 'auto', simPort: 0 });
  });

  it('names every bad variable in one error', () => {
    const read = () =>
      loadConfig({ PORT: 'abc', REDIS_URL: 'http://nope', ROLE: 'boss', SECRET_KEY: 'short', NODE_ENV: 'production' });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      const { problems, message } = error as ConfigError;
      expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['PORT', 'REDIS_URL', 'ROLE', 'SECRET_KEY']);
      expect(message).toContain('PORT');
      expect(message).toContain('"abc"');
      expect(message).not.toContain('short'); // secrets are never echoed
    }
  });

  it('requires SECRET_KEY in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY is required in production/);
  });
});
