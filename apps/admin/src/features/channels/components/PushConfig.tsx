import { SyncOutlined } from '@ant-design/icons';
import type { Channel } from '@kefu/contracts';
import { Alert, Button, Descriptions, Space, Typography } from 'antd';
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

/** The EncodingAESKey in full when this tab sent it, otherwise its ends, with the action that makes a new one. */
function AesKey({ channel, aesKey, onChangeKey, changingKey }: PushConfigProps) {
  const { t } = useTranslation();
  const change = (
    <Button size="small" icon={<SyncOutlined />} loading={changingKey} onClick={onChangeKey} data-testid="change-aes-key">
      {t('channels.push.aesKeyChange')}
    </Button>
  );
  if (aesKey) {
    return (
      <div>
        <Space wrap>
          <Value text={aesKey} testId="push-aes-key" />
          {change}
        </Space>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('channels.push.aesKeyHint')}
          </Typography.Text>
        </div>
        <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="push-aes-key-once">
          {t('channels.push.aesKeyOnce')}
        </Typography.Text>
      </div>
    );
  }
  return (
    <div>
      <Space wrap>
        <Typography.Text code className="push-config__value" data-testid="push-aes-key-masked">
          {channel.encodingAesKeyMasked}
        </Typography.Text>
        {change}
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('channels.push.aesKeyMaskedHint')}
        </Typography.Text>
      </div>
    </div>
  );
}

interface PushConfigProps {
  channel: Channel;
  /** The full EncodingAESKey, known only right after this tab sent it. */
  aesKey?: string;
  onChangeKey: () => void;
  changingKey: boolean;
}

/** The values to type into WeChat's 消息推送 form, field by field, in its order. */
export function PushConfig(props: PushConfigProps) {
  const { channel } = props;
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
          <AesKey {...props} />
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
