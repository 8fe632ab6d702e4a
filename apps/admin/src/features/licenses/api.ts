import type {
  GrantRequest,
  License,
  LicenseApplication,
  LicenseApplicationStatus,
  LicenseAuditAction,
  LicenseAuditEntry,
  Page,
  RejectRequest,
} from '@kefu/contracts';
import { http } from '../../app/http';

export interface AuditQuery {
  tenantId?: string;
  action?: LicenseAuditAction;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function listApplications(status: LicenseApplicationStatus): Promise<LicenseApplication[]> {
  const { data } = await http.get<LicenseApplication[]>('/api/licenses/applications', { params: { status } });
  return data;
}

export async function grantApplication(id: string, body: GrantRequest): Promise<LicenseApplication> {
  const { data } = await http.post<LicenseApplication>(`/api/licenses/applications/${id}/grant`, body);
  return data;
}

export async function rejectApplication(id: string, body: RejectRequest): Promise<LicenseApplication> {
  const { data } = await http.post<LicenseApplication>(`/api/licenses/applications/${id}/reject`, body);
  return data;
}

export async function changeLicense(tenantId: string, body: GrantRequest): Promise<License> {
  const { data } = await http.put<License>(`/api/licenses/${tenantId}`, body);
  return data;
}

export async function revokeLicense(tenantId: string): Promise<License> {
  const { data } = await http.delete<License>(`/api/licenses/${tenantId}`);
  return data;
}

export async function fetchAudit(query: AuditQuery): Promise<Page<LicenseAuditEntry>> {
  const { data } = await http.get<Page<LicenseAuditEntry>>('/api/licenses/audit', { params: query });
  return data;
}

export const licensesKeys = {
  all: ['licenses'] as const,
  applications: (status: LicenseApplicationStatus) => [...licensesKeys.all, 'applications', status] as const,
  audit: (query: AuditQuery) => [...licensesKeys.all, 'audit', query] as const,
};
