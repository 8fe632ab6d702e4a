export interface HealthStatus {
  status: 'ok' | 'error';
  checks: Record<string, { status: 'up' | 'down'; message?: string }>;
}
