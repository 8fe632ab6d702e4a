import type { CreateAgentRequest, UpdateAgentRequest } from '@kefu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { licenseKeys } from '../../license/api';
import { tenantKeys } from '../../tenants/api';
import { agentKeys, createAgent, deleteAgent, listAgents, newBindingCode, updateAgent } from '../api';

export function useAgents(tenantId: string) {
  return useQuery({ queryKey: agentKeys.list(tenantId), queryFn: () => listAgents(tenantId) });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: agentKeys.all }),
      queryClient.invalidateQueries({ queryKey: licenseKeys.all }),
      queryClient.invalidateQueries({ queryKey: tenantKeys.all }),
    ]);
}

export function useCreateAgent(tenantId: string) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: CreateAgentRequest) => createAgent(tenantId, body), onSettled: invalidate });
}

export function useUpdateAgent(tenantId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateAgentRequest }) => updateAgent(tenantId, id, body),
    onSuccess: invalidate,
  });
}

export function useDeleteAgent(tenantId: string) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => deleteAgent(tenantId, id), onSuccess: invalidate });
}

export function useNewBindingCode(tenantId: string) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => newBindingCode(tenantId, id), onSuccess: invalidate });
}
