import type { MediaChannelState } from '@kefu/contracts';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const HOUR = 3600_000;

/** How long until a media id expires, in the largest whole unit (2 days, 5 hours, under an hour). */
export function expiresIn(expiresAt: string, now = Date.now()): { unit: 'days' | 'hours' | 'lessThanHour'; count: number } {
  const left = Date.parse(expiresAt) - now;
  if (left >= 24 * HOUR) return { unit: 'days', count: Math.floor(left / (24 * HOUR)) };
  if (left >= HOUR) return { unit: 'hours', count: Math.floor(left / HOUR) };
  return { unit: 'lessThanHour', count: 0 };
}

function StateTag({ state }: { state: MediaChannelState }) {
  const { t } = useTranslation();
  switch (state.status) {
    case 'uploaded': {
      const left = expiresIn(state.expiresAt!);
      const when = t(`knowledge.media.in.${left.unit}`, { count: left.count });
      return (
        <Tooltip title={t('knowledge.media.uploadedHint', { time: new Date(state.expiresAt!).toLocaleString() })}>
          <Tag color="success">{t('knowledge.media.uploaded', { when })}</Tag>
        </Tooltip>
      );
    }
    case 'failed':
      return (
        <Space size={4} wrap>
          <Tooltip title={state.error}>
            <Tag color="error">{t('knowledge.media.failed')}</Tag>
          </Tooltip>
          <Typography.Text type="danger" className="kb-media__reason">
            {state.error}
          </Typography.Text>
        </Space>
      );
    case 'expired':
      return (
        <Tooltip title={t('knowledge.media.expiredHint')}>
          <Tag color="warning">{t('knowledge.media.expired')}</Tag>
        </Tooltip>
      );
    default:
      return (
        <Tooltip title={t('knowledge.media.missingHint')}>
          <Tag>{t('knowledge.media.missing')}</Tag>
        </Tooltip>
      );
  }
}

/** F3: a file's WeChat media id on each channel, as WeChat sees it now. */
export function MediaStates({ channels }: { channels: MediaChannelState[] }) {
  const { t } = useTranslation();
  if (!channels.length) return <Typography.Text type="secondary">{t('knowledge.media.noChannels')}</Typography.Text>;
  return (
    <ul className="kb-media__states" data-testid="media-states">
      {channels.map((state) => (
        <li key={state.channelId}>
          <span className="kb-media__channel">{state.channelName}</span>
          <StateTag state={state} />
        </li>
      ))}
    </ul>
  );
}
