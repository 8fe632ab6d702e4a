import { useQuery } from '@tanstack/react-query';
import { browserTimeZone, dashboardKeys, getDashboard } from '../api';

/** Live updates refresh it on every change; the minute refetch moves waits and "today" along. */
export function useDashboard(tenantId: string) {
  const timeZone = browserTimeZone();
  return useQuery({
    queryKey: dashboardKeys.detail(tenantId, timeZone),
    queryFn: () => getDashboard(tenantId, timeZone),
    refetchInterval: 60_000,
  });
}
