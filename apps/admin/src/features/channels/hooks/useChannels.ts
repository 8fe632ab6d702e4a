import type { Channel, CreateChannelRequest, UpdateChannelRequest } from '@kefu/contracts';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { channelKeys, checkChannel, createChannel, deleteChannel, fetchChannel, listChannels, updateChannel } from '../api';

export function useChannels(tenantId: string) {
  return useQuery({ queryKey: channelKeys.list(tenantId), queryFn: () => listChannels(tenantId) });
}

export function useChannel(tenantId: string, id: string | undefined) {
  return useQuery({ queryKey: channelKeys.one(tenantId, id ?? ''), queryFn: () => fetchChannel(tenantId, id!), enabled: !!id });
}

/**
 * The full EncodingAESKey of the channel when this tab sent it (connecting the channel or changing the
 * key); undefined otherwise, and then only `encodingAesKeyMasked` is known.
 */
export function useSentAesKey(tenantId: string, id: string | undefined): string | undefined {
  return useQuery<string>({ queryKey: channelKeys.sentAesKey(tenantId, id ?? ''), queryFn: skipToken, staleTime: Infinity, gcTime: Infinity })
    .data;
}

function useStore(tenantId: string) {
  const queryClient = useQueryClient();
  return (channel: Channel, sentAesKey?: string) => {
    queryClient.setQueryData(channelKeys.one(tenantId, channel.id), channel);
    if (sentAesKey) queryClient.setQueryData(channelKeys.sentAesKey(tenantId, channel.id), sentAesKey);
    return queryClient.invalidateQueries({ queryKey: channelKeys.list(tenantId) });
  };
}

export function useCreateChannel(tenantId: string) {
  const store = useStore(tenantId);
  return useMutation({
    mutationFn: (body: CreateChannelRequest) => createChannel(tenantId, body),
    onSuccess: (channel, body) => store(channel, body.encodingAesKey),
  });
}

export function useUpdateChannel(tenantId: string) {
  const store = useStore(tenantId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateChannelRequest }) => updateChannel(tenantId, id, body),
    onSuccess: (channel, { body }) => store(channel, body.encodingAesKey),
  });
}

export function useCheckChannel(tenantId: string) {
  const store = useStore(tenantId);
  return useMutation({ mutationFn: (id: string) => checkChannel(tenantId, id), onSuccess: (channel) => store(channel) });
}

export function useDeleteChannel(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteChannel(tenantId, id),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: channelKeys.sentAesKey(tenantId, id) });
      return queryClient.invalidateQueries({ queryKey: channelKeys.all });
    },
  });
}
