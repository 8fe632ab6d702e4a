import type { CreateTenantRequest, TenantSummary, UpdateTenantRequest } from '@kefu/contracts';
import { http } from '../../app/http';

export async function listTenants(): Promise<TenantSummary[]> {
  const { data } = await http.get<TenantSummary[]>('/api/tenants');
  return data;
}

export async function createTenant(body: CreateTenantRequest): Promise<TenantSummary> {
  const { data } = await http.post<TenantSummary>('/api/tenants', body);
  return data;
}

export async function updateTenant(id: string, body: UpdateTenantRequest): Promise<TenantSummary> {
  const { data } = await http.patch<TenantSummary>(`/api/tenants/${id}`, body);
  return data;
}

export const tenantKeys = {
  all: ['tenants'] as const,
  list: () => [...tenantKeys.all, 'list'] as const,
};
