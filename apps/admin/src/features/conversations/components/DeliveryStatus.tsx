import { CheckOutlined, ClockCircleOutlined, CloseCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import type { TranscriptDelivery } from '@kefu/contracts';
import { useTranslation } from 'react-i18next';
import { deliveryText } from '../format';

const ICONS = {
  sent: <CheckOutlined />,
  waiting: <ClockCircleOutlined />,
  failed: <CloseCircleOutlined />,
  pending: <LoadingOutlined />,
};

export function DeliveryStatus({ delivery }: { delivery: TranscriptDelivery }) {
  const { t } = useTranslation();
  const { text, tone } = deliveryText(t, delivery);
  return (
    <div className={`chat-delivery chat-delivery--${tone}`} data-testid="delivery">
      {ICONS[tone]}
      <span>{text}</span>
    </div>
  );
}
