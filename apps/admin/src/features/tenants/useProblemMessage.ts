import { useTranslation } from 'react-i18next';
import { describeProblem } from '../../app/errors';

/** One sentence for an error of the api, in the console's language where the api has no words. */
export function useProblemText() {
  const { t } = useTranslation();
  return (error: unknown, fallback?: string): string => {
    const problem = describeProblem(error);
    if (problem.network) return t('ui.errors.network');
    if (problem.status && problem.status >= 500) return t('ui.errors.server');
    if (problem.messages.length) return problem.messages.join('；');
    return fallback ?? t('ui.errors.unknown');
  };
}
