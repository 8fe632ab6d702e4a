import type { PoolClient } from 'pg';
import { type EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';
import { stringHash } from '../common/string-hash';

/** Statement names by text: `kefu_` and a hash of the text, so one text always has one name. */
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `kefu_${stringHash(text).toString(36)}_${text.length.toString(36)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement as a named prepared statement, so PostgreSQL parses and plans it once per
 * connection rather than on every call; for the statements each push and each delivery runs.
 * The text must be fixed (one per call site, values only as parameters). Answers the rows
 * (of an UPDATE … RETURNING too). Runs on the manager's connection, inside its transaction if
 * it has one; fails as TypeORM's own queries do (QueryFailedError, logged without parameters).
 */
export async function preparedQuery<Row = Record<string, unknown>>(manager: EntityManager, text: string, values: unknown[]): Promise<Row[]> {
  const own = manager.queryRunner && !manager.queryRunner.isReleased ? null : manager.connection.createQueryRunner();
  const runner: QueryRunner = own ?? manager.queryRunner!;
  try {
    const client = (await runner.connect()) as PoolClient;
    try {
      return (await client.query({ name: nameOf(text), text, values })).rows as Row[];
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      manager.connection.logger.logQueryError(error, text, values, runner);
      throw new QueryFailedError(text, values, error);
    }
  } finally {
    if (own) await own.release();
  }
}
