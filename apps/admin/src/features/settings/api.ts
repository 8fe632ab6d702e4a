import type { TenantSettings, UpdateSettingsRequest } from '@kefu/contracts';
import { http } from '../../app/http';

export async function fetchSettings(tenantId: string): Promise<TenantSettings> {
  const { data } = await http.get<TenantSettings>(`/api/tenants/${tenantId}/settings`);
  return data;
}

export async function saveSettings(tenantId: string, body: UpdateSettingsRequest): Promise<TenantSettings> {
  const { data } = await http.put<TenantSettings>(`/api/tenants/${tenantId}/settings`, body);
  return data;
}

export const settingsKeys = {
  all: ['settings'] as const,
  of: (tenantId: string) => [...settingsKeys.all, tenantId] as const,
};
