import type { TFunction } from 'i18next';
import type { ProblemInfo } from '../../app/errors';

/** The message the login form shows for a failed attempt. */
export function loginErrorMessage(problem: ProblemInfo, t: TFunction, secondsLeft?: number): string {
  if (problem.network) return t('auth.errors.network');
  switch (problem.status) {
    case 401:
      return t('auth.errors.invalidCredentials');
    case 429: {
      const seconds = secondsLeft ?? problem.retryAfter;
      return seconds && seconds > 0
        ? t('auth.errors.tooManyAttempts', { seconds })
        : t('auth.errors.tooManyAttemptsLater');
    }
    case 400:
      return problem.messages.length
        ? t('auth.errors.invalid', { details: problem.messages.join('; ') })
        : t('auth.errors.unknown');
  }
  if (problem.status && problem.status >= 500) return t('auth.errors.server');
  return t('auth.errors.unknown');
}
