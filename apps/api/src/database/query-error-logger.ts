import { Logger } from '@nestjs/common';
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';

/**
 * TypeORM's own loggers print a failed query's parameters, which can hold password hashes, sealed
 * secrets and channel tokens. This one logs the query and the database's error, never the parameters.
 */
export class QueryErrorLogger extends AbstractLogger {
  private readonly logger = new Logger('Database');

  override logQueryError(error: string | Error, query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    const message = typeof error === 'string' ? error : error.message;
    this.logger.error({ query: query.slice(0, 500) }, `Query failed: ${message}`);
  }

  protected writeLog(level: LogLevel, logMessage: LogMessage | LogMessage[]): void {
    for (const entry of Array.isArray(logMessage) ? logMessage : [logMessage]) {
      if (level === 'warn') this.logger.warn(String(entry.message));
      else if (level === 'error') this.logger.error(String(entry.message));
    }
  }
}
