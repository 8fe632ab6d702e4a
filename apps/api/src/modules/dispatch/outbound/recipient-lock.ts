import type { DataSource, QueryRunner } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import { Recipient, recipientKey } from './outbound-content';

/**
 * One recipient's delivery lock: a session-level advisory lock held on a connection of its own for
 * the whole run, so a recipient's messages leave one at a time and in order, whichever job started
 * the run. Postgres drops the lock with the connection, so a worker that dies leaves nothing behind.
 * The run does its short transactions on the same connection.
 */
export class RecipientLock {
  private constructor(
    readonly runner: QueryRunner,
    private readonly key: string,
  ) {}

  /** The lock, or null when another run holds it. */
  static async tryAcquire(dataSource: DataSource, recipient: Recipient): Promise<RecipientLock | null> {
    const runner = dataSource.createQueryRunner();
    const key = `outbound:${recipientKey(recipient)}`;
    try {
      await runner.connect();
      const [row] = await preparedQuery<{ locked: boolean }>(runner.manager, `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [
        key,
      ]);
      if (row?.locked === true) return new RecipientLock(runner, key);
    } catch (error) {
      await runner.release();
      throw error;
    }
    await runner.release();
    return null;
  }

  async release(): Promise<void> {
    try {
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
      await preparedQuery(this.runner.manager, `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [this.key]);
      await this.runner.release();
    } catch (error) {
      // Never hand a connection that may still hold the lock back to the pool: close it instead.
      await (this.runner as QueryRunner & { releasePostgresConnection(error: unknown): Promise<void> }).releasePostgresConnection(
        error instanceof Error ? error : new Error(String(error)),
      );
    }
  }
}
