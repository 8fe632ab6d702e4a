import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config';
import { migrations } from './migrations';
import { QueryErrorLogger } from './query-error-logger';

export function typeormOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn'],
    logger: new QueryErrorLogger(['error', 'warn']),
    // Each running delivery holds a connection of its own for its lock (16 per worker), beside the api's queries.
    extra: { max: 40, connectionTimeoutMillis: 5000 },
  };
}
