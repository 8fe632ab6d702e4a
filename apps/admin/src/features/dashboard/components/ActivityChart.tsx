import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { ChartPoint } from '../series';

/** New sessions and customer messages per hour or per day, side by side. */
export function ActivityChart({ points, height = 260 }: { points: ChartPoint[]; height?: number }) {
  const { t } = useTranslation();
  return (
    <div style={{ width: '100%', height }} data-testid="activity-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barGap={2}>
          <CartesianGrid vertical={false} stroke="#eef0f5" />
          <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: '#d9dde7' }} tick={{ fontSize: 12, fill: '#7a8294' }} interval={0} />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#7a8294' }} />
          <Tooltip cursor={{ fill: 'rgba(31, 94, 255, 0.06)' }} />
          <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="sessions" name={t('dashboard.seriesSessions')} fill="#1f5eff" radius={[3, 3, 0, 0]} maxBarSize={18} />
          <Bar dataKey="messages" name={t('dashboard.seriesMessages')} fill="#7fb2ff" radius={[3, 3, 0, 0]} maxBarSize={18} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
