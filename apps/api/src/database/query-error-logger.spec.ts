import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryErrorLogger } from './query-error-logger';

describe('database error log', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names the failed query and the error but never its parameters', () => {
    const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    new QueryErrorLogger(['error']).logQueryError(
      'duplicate key value violates unique constraint "users_username_key"',
      'INSERT INTO users (username, password_hash) VALUES ($1, $2)',
      ['admin', '$argon2id$v=19$secret-hash'],
    );
    const logged = JSON.stringify(error.mock.calls);
    expect(logged).toContain('users_username_key');
    expect(logged).toContain('INSERT INTO users');
    expect(logged).not.toContain('argon2id');
  });
});
