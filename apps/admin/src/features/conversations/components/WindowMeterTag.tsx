import { ClockCircleOutlined } from '@ant-design/icons';
import type { WindowMeter } from '@kefu/contracts';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { windowMeterText, windowMeterTone } from '../format';
import { useNow } from '../hooks/useNow';

const COLORS = { open: 'green', low: 'orange', closed: 'default' } as const;

/** I1: sends left and how long the customer's window stays open. */
export function WindowMeterTag({ meter }: { meter: WindowMeter }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  return (
    <Tooltip title={t('conversations.window.hint')}>
      <Tag color={COLORS[windowMeterTone(meter, now)]} icon={<ClockCircleOutlined />} data-testid="window-meter">
        {windowMeterText(t, meter, now)}
      </Tag>
    </Tooltip>
  );
}
