import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config';

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        prefix: `${config.redis.prefix}:bull`,
        createClient: (type) => {
          // Bull's blocking and subscriber connections must not give up on a slow command. Its
          // command connection sends what is issued in one tick as one pipeline (one socket write).
          const options: RedisOptions =
            type === 'client' ? { enableAutoPipelining: true } : { maxRetriesPerRequest: null, enableReadyCheck: false };
          return new Redis(config.redis.url, options);
        },
      }),
    }),
  ],
})
export class QueueModule {}
