import { CheckCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import type { Channel } from '@kefu/contracts';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeCheck } from '../check';

export function CheckTag({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const result = describeCheck(channel, t);
  const tag =
    channel.checkStatus === 'ok' ? (
      <Tag icon={<CheckCircleOutlined />} color="success">
        {t('channels.status.ok')}
      </Tag>
    ) : channel.checkStatus === 'unchecked' ? (
      <Tag icon={<MinusCircleOutlined />}>{t('channels.status.unchecked')}</Tag>
    ) : channel.checkCode === 'wechat_unreachable' ? (
      <Tag icon={<ExclamationCircleOutlined />} color="warning">
        {result.title}
      </Tag>
    ) : (
      <Tag icon={<CloseCircleOutlined />} color="error">
        {result.title}
      </Tag>
    );
  return <Tooltip title={result.description}>{tag}</Tooltip>;
}
