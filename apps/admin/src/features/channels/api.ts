import type { Channel, CreateChannelRequest, UpdateChannelRequest } from '@kefu/contracts';
import { http } from '../../app/http';

const base = (tenantId: string) => `/api/tenants/${tenantId}/channels`;

export async function listChannels(tenantId: string): Promise<Channel[]> {
  const { data } = await http.get<Channel[]>(base(tenantId));
  return data;
}

export async function fetchChannel(tenantId: string, id: string): Promise<Channel> {
  const { data } = await http.get<Channel>(`${base(tenantId)}/${id}`);
  return data;
}

export async function createChannel(tenantId: string, body: CreateChannelRequest): Promise<Channel> {
  const { data } = await http.post<Channel>(base(tenantId), body);
  return data;
}

export async function updateChannel(tenantId: string, id: string, body: UpdateChannelRequest): Promise<Channel> {
  const { data } = await http.patch<Channel>(`${base(tenantId)}/${id}`, body);
  return data;
}

export async function deleteChannel(tenantId: string, id: string): Promise<void> {
  await http.delete(`${base(tenantId)}/${id}`);
}

export async function checkChannel(tenantId: string, id: string): Promise<Channel> {
  const { data } = await http.post<Channel>(`${base(tenantId)}/${id}/check`);
  return data;
}

export const channelKeys = {
  all: ['channels'] as const,
  list: (tenantId: string) => [...channelKeys.all, tenantId, 'list'] as const,
  one: (tenantId: string, id: string) => [...channelKeys.all, tenantId, id] as const,
  /**
   * The EncodingAESKey this tab sent for a channel, kept in memory only (until sign-out or reload):
   * the api returns it masked. Outside `all`, so refreshing the channels never touches it.
   */
  sentAesKey: (tenantId: string, id: string) => ['channel-sent-aes-key', tenantId, id] as const,
};
