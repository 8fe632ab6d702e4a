import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dashboardKeys } from '../../dashboard/api';
import { sessionKeys } from '../../conversations/api';
import { assignSession, getQueue, queueKeys } from '../api';

export function useQueue(tenantId: string) {
  return useQuery({ queryKey: queueKeys.detail(tenantId), queryFn: () => getQueue(tenantId) });
}

export function useAssign(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ sessionId, agentId }: { sessionId: string; agentId: string }) => assignSession(tenantId, sessionId, { agentId }),
    onSettled: () =>
      Promise.all(
        [queueKeys.all, sessionKeys.all, dashboardKeys.all].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ),
  });
}
