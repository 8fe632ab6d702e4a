import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { License } from '@kefu/contracts';
import { Button, Card, Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { seatMeterText, seatPercent } from '../seats';

export function SeatMeter({ license, showLink = true }: { license: License; showLink?: boolean }) {
  const { t } = useTranslation();
  const percent = seatPercent(license);
  const full = percent !== null && percent >= 100;
  return (
    <Card variant="borderless" className="seat-meter" data-testid="seat-meter">
      <Flex align="center" gap={24} wrap>
        <Progress
          type="circle"
          size={64}
          percent={percent ?? 0}
          status="normal"
          strokeColor={full && license.mode === 'multi' ? '#fa8c16' : undefined}
          format={() => (license.seats === null ? '∞' : `${license.used}/${license.seats}`)}
        />
        <div style={{ flex: 1, minWidth: 240 }}>
          <Typography.Title level={5} style={{ margin: 0 }} data-testid="seat-meter-text">
            {seatMeterText(license, t)}
          </Typography.Title>
          <Typography.Text type="secondary">
            {license.mode === 'single' ? t('license.singleExplained') : full ? t('license.fullExplained') : t('license.multiExplained')}
          </Typography.Text>
        </div>
        {showLink ? (
          <Link to="/license">
            <Button icon={<SafetyCertificateOutlined />}>{license.mode === 'single' || full ? t('license.applyMore') : t('license.view')}</Button>
          </Link>
        ) : null}
      </Flex>
    </Card>
  );
}
