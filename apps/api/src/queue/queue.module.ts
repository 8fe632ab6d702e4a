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
          // Bull's blocking and subscriber connections must not give up on a slow command.
          const options: RedisOptions =
            type === 'client' ? {} : { maxRetriesPerRequest: null, enableReadyCheck: false };
          return new Redis(config.redis.url, options);
        },
      }),
    }),
  ],
})
export class QueueModule {}
