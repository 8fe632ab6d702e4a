import type { Channel, CreateChannelRequest, UpdateChannelRequest } from '@kefu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { channelKeys, checkChannel, createChannel, deleteChannel, fetchChannel, listChannels, updateChannel } from '../api';

export function useChannels(tenantId: string) {
  return useQuery({ queryKey: channelKeys.list(tenantId), queryFn: () => listChannels(tenantId) });
}

export function useChannel(tenantId: string, id: string | undefined) {
  return useQuery({ queryKey: channelKeys.one(tenantId, id ?? ''), queryFn: () => fetchChannel(tenantId, id!), enabled: !!id });
}

function useStore(tenantId: string) {
  const queryClient = useQueryClient();
  return (channel?: Channel) => {
    if (channel) queryClient.setQueryData(channelKeys.one(tenantId, channel.id), channel);
    return queryClient.invalidateQueries({ queryKey: channelKeys.list(tenantId) });
  };
}

export function useCreateChannel(tenantId: string) {
  const store = useStore(tenantId);
  return useMutation({ mutationFn: (body: CreateChannelRequest) => createChannel(tenantId, body), onSuccess: store });
}

export function useUpdateChannel(tenantId: string) {
  const store = useStore(tenantId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateChannelRequest }) => updateChannel(tenantId, id, body),
    onSuccess: store,
  });
}

export function useCheckChannel(tenantId: string) {
  const store = useStore(tenantId);
  return useMutation({ mutationFn: (id: string) => checkChannel(tenantId, id), onSuccess: store });
}

export function useDeleteChannel(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteChannel(tenantId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}
