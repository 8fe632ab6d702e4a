import type { MarkOfflineReadResult, OfflineMessagePage, OfflineMessageQuery } from '@kefu/contracts';
import { http } from '../../app/http';

const base = (tenantId: string) => `/api/tenants/${tenantId}/offline-messages`;

export async function listOfflineMessages(tenantId: string, query: OfflineMessageQuery): Promise<OfflineMessagePage> {
  const { data } = await http.get<OfflineMessagePage>(base(tenantId), { params: query });
  return data;
}

export async function markOfflineRead(tenantId: string, ids: string[]): Promise<MarkOfflineReadResult> {
  const { data } = await http.post<MarkOfflineReadResult>(`${base(tenantId)}/read`, { ids });
  return data;
}

export const offlineKeys = {
  all: ['offline-messages'] as const,
  list: (tenantId: string, query: OfflineMessageQuery) => [...offlineKeys.all, tenantId, query] as const,
};
