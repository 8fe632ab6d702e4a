import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config';

export const REDIS = Symbol('REDIS');

/** Redis keys of this system all start with REDIS_PREFIX, so several installs or test runs share one server. */
export function redisKey(config: AppConfig, ...parts: string[]): string {
  return [config.redis.prefix, ...parts].join(':');
}

/**
 * Logs when Redis goes away and when it is back, once each: ioredis reconnects by itself, and
 * without a listener it prints every failed attempt as an unhandled error.
 */
function watched(redis: Redis): Redis {
  const logger = new Logger('Redis');
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn(`Redis is not answering (${error.message}); reconnecting`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log('Redis answers again');
  });
  return redis;
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      // Commands issued in one tick leave as one pipeline: one socket write instead of one each.
      useFactory: (config: AppConfig) => watched(new Redis(config.redis.url, { maxRetriesPerRequest: 3, enableAutoPipelining: true })),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
