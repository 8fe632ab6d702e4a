import type { ApplyForSeatsRequest, License, LicenseApplication } from '@kefu/contracts';
import { http } from '../../app/http';

export async function fetchLicense(tenantId: string): Promise<License> {
  const { data } = await http.get<License>(`/api/tenants/${tenantId}/license`);
  return data;
}

export async function applyForSeats(tenantId: string, body: ApplyForSeatsRequest): Promise<LicenseApplication> {
  const { data } = await http.post<LicenseApplication>(`/api/tenants/${tenantId}/license/applications`, body);
  return data;
}

export const licenseKeys = {
  all: ['license'] as const,
  of: (tenantId: string) => [...licenseKeys.all, tenantId] as const,
};
