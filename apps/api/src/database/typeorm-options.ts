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
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
