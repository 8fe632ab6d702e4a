import type { CreateTenantRequest, UpdateTenantRequest } from '@kefu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createTenant, listTenants, tenantKeys, updateTenant } from '../api';

export function useTenants() {
  return useQuery({ queryKey: tenantKeys.list(), queryFn: listTenants });
}

export function useCreateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTenantRequest) => createTenant(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKeys.all }),
  });
}

export function useUpdateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTenantRequest }) => updateTenant(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKeys.all }),
  });
}
