import type { OfflineMessageQuery } from '@kefu/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dashboardKeys } from '../../dashboard/api';
import { listOfflineMessages, markOfflineRead, offlineKeys } from '../api';

export function useOfflineMessages(tenantId: string, query: OfflineMessageQuery) {
  return useQuery({
    queryKey: offlineKeys.list(tenantId, query),
    queryFn: () => listOfflineMessages(tenantId, query),
    placeholderData: keepPreviousData,
  });
}

export function useMarkOfflineRead(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => markOfflineRead(tenantId, ids),
    onSettled: () =>
      Promise.all([offlineKeys.all, dashboardKeys.all].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
