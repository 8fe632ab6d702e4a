import type { ApplyForSeatsRequest } from '@kefu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyForSeats, fetchLicense, licenseKeys } from '../api';

export function useLicense(tenantId: string | null) {
  return useQuery({
    queryKey: licenseKeys.of(tenantId ?? ''),
    queryFn: () => fetchLicense(tenantId!),
    enabled: !!tenantId,
  });
}

export function useApplyForSeats(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplyForSeatsRequest) => applyForSeats(tenantId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: licenseKeys.all }),
  });
}
