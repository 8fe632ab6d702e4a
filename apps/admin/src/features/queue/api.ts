import type { AssignRequest, Queue } from '@kefu/contracts';
import { http } from '../../app/http';

export async function getQueue(tenantId: string): Promise<Queue> {
  const { data } = await http.get<Queue>(`/api/tenants/${tenantId}/queue`);
  return data;
}

export async function assignSession(tenantId: string, sessionId: string, body: AssignRequest): Promise<void> {
  await http.post(`/api/tenants/${tenantId}/queue/${sessionId}/assign`, body);
}

export const queueKeys = {
  all: ['queue'] as const,
  detail: (tenantId: string) => [...queueKeys.all, tenantId] as const,
};
