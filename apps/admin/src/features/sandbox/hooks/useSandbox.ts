import type { SandboxPhone, SandboxTypeRequest } from '@kefu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentUser } from '../../auth/currentUser';
import { addCustomer, getPhoneMedia, getSandboxStatus, listPhones, sandboxKeys, typeOnPhone } from '../api';

/** Phones show what WeChat delivered; the relay answers through its queue, so they are read every second. */
const PHONES_REFRESH_MS = 1000;

export function useSandboxStatus() {
  return useQuery({
    queryKey: sandboxKeys.status,
    queryFn: getSandboxStatus,
    staleTime: 60_000,
    refetchInterval: (query) => (query.state.data?.state === 'starting' ? 2000 : false),
  });
}

/** Whether the signed-in admin's tenant is the demo shop of a running sandbox. */
export function useIsSandboxTenant(): boolean {
  const me = useCurrentUser();
  const status = useSandboxStatus();
  return !!me.tenantId && status.data?.enabled === true && status.data.tenantId === me.tenantId;
}

export function usePhones(tenantId: string, enabled: boolean) {
  return useQuery({
    queryKey: sandboxKeys.phones(tenantId),
    queryFn: () => listPhones(tenantId),
    enabled: enabled && !!tenantId,
    refetchInterval: PHONES_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}

export function useAddCustomer(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (nickname: string) => addCustomer(tenantId, { nickname }),
    onSuccess: (phone) =>
      queryClient.setQueryData<SandboxPhone[]>(sandboxKeys.phones(tenantId), (phones) =>
        phones && !phones.some((entry) => entry.openid === phone.openid) ? [...phones, phone] : phones,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sandboxKeys.phones(tenantId) }),
  });
}

export function useTypeOnPhone(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { openid: string } & SandboxTypeRequest) => {
      const { openid, ...request } = input;
      return typeOnPhone(tenantId, openid, request);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: sandboxKeys.phones(tenantId) }),
  });
}

/** A phone's picture as a data: address; undefined while it loads. */
export function usePhoneMedia(tenantId: string, mediaId: string | null) {
  const file = useQuery({
    queryKey: sandboxKeys.media(tenantId, mediaId ?? ''),
    queryFn: async () => readAsDataUrl(await getPhoneMedia(tenantId, mediaId!)),
    enabled: !!tenantId && !!mediaId,
    // The bytes behind a media id never change.
    staleTime: Infinity,
    retry: false,
  });
  return { src: file.data, failed: file.isError };
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(blob);
  });
}
