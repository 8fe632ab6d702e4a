import type { Channel } from '@kefu/contracts';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../tenants/format';
import { describeCheck } from '../check';

export function CheckAlert({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const result = describeCheck(channel, t);
  return (
    <Alert
      type={result.type}
      showIcon
      data-testid="check-result"
      title={result.title}
      description={
        <>
          <div>{result.description}</div>
          {channel.checkedAt ? (
            <div style={{ opacity: 0.65, fontSize: 12, marginTop: 4 }}>{t('channels.check.checkedAt', { time: formatDateTime(channel.checkedAt) })}</div>
          ) : null}
        </>
      }
    />
  );
}
