import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config';
import { migrations } from './migrations';

export function typeormOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
