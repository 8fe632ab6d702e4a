import type { UpdateSettingsRequest } from '@kefu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchSettings, saveSettings, settingsKeys } from '../api';

export function useSettings(tenantId: string) {
  return useQuery({ queryKey: settingsKeys.of(tenantId), queryFn: () => fetchSettings(tenantId) });
}

export function useSaveSettings(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSettingsRequest) => saveSettings(tenantId, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKeys.of(tenantId), saved);
      return queryClient.invalidateQueries({ queryKey: settingsKeys.all });
    },
  });
}
