import type { Channel } from '@kefu/contracts';
import { Alert, Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Value({ text, testId }: { text: string; testId?: string }) {
  return (
    <Typography.Text code copyable={{ text }} className="push-config__value" data-testid={testId}>
      {text}
    </Typography.Text>
  );
}

function Row({ value, hint }: { value: ReactNode; hint: string }) {
  return (
    <div>
      <div>{value}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {hint}
      </Typography.Text>
    </div>
  );
}

/** The values to type into WeChat's 消息推送 form, field by field, in its order. */
export function PushConfig({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const official = channel.kind === 'official_account';
  const modeLabel = t(`channels.modes.${channel.mode}`);
  const formatLabel = channel.format.toUpperCase();
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={official ? t('channels.push.whereOfficial') : t('channels.push.whereMini')}
        description={t('channels.push.how')}
      />
      <Descriptions bordered column={1} size="middle" styles={{ label: { width: 200, whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('channels.push.url')}>
          <Row value={<Value text={channel.webhookUrl} testId="push-url" />} hint={t('channels.push.urlHint')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('channels.push.token')}>
          <Row value={<Value text={channel.token} testId="push-token" />} hint={t('channels.push.tokenHint')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('channels.push.aesKey')}>
          <Row value={<Value text={channel.encodingAesKey} testId="push-aes-key" />} hint={t('channels.push.aesKeyHint')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('channels.push.mode')}>
          <Row value={<Value text={modeLabel} />} hint={t('channels.push.modeHint')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('channels.push.format')}>
          <Row value={<Value text={formatLabel} />} hint={official ? t('channels.push.formatHintOfficial') : t('channels.push.formatHint')} />
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}
