import type { DashboardPoint } from '@kefu/contracts';

export interface ChartPoint {
  label: string;
  sessions: number;
  messages: number;
}

/** Hourly points labelled by the hour of the day (`08`). */
export function hourlyPoints(points: DashboardPoint[]): ChartPoint[] {
  return points.map((point) => ({
    label: String(new Date(point.start).getHours()).padStart(2, '0'),
    sessions: point.sessions,
    messages: point.messages,
  }));
}

/** Daily points labelled by the weekday in the console's language (`周一`, `Mon`). */
export function dailyPoints(points: DashboardPoint[], language: string): ChartPoint[] {
  const weekday = new Intl.DateTimeFormat(language, { weekday: 'short' });
  return points.map((point) => ({ label: weekday.format(new Date(point.start)), sessions: point.sessions, messages: point.messages }));
}
