import type { Dashboard } from '@kefu/contracts';
import { http } from '../../app/http';

export async function getDashboard(tenantId: string, timeZone: string): Promise<Dashboard> {
  const { data } = await http.get<Dashboard>(`/api/tenants/${tenantId}/dashboard`, { params: { tz: timeZone } });
  return data;
}

export const dashboardKeys = {
  all: ['dashboard'] as const,
  detail: (tenantId: string, timeZone: string) => [...dashboardKeys.all, tenantId, timeZone] as const,
};

/** The browser's time zone, in which the dashboard counts "today". */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai';
  } catch {
    return 'Asia/Shanghai';
  }
}
