import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Channel } from '@kefu/contracts';
import { Alert, App, Button, Card, Col, Descriptions, Divider, Form, Input, Radio, Result, Row, Skeleton, Space, Steps, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { describeProblem } from '../../../app/errors';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCurrentUser } from '../../auth/currentUser';
import { PageHeader } from '../../shell/components/PageHeader';
import { showFieldErrors } from '../../tenants/serverErrors';
import { useProblemText } from '../../tenants/useProblemMessage';
import { CheckAlert } from '../components/CheckAlert';
import { PushConfig } from '../components/PushConfig';
import { generateEncodingAesKey, NEW_CHANNEL, toCreateRequest, toFormValues, toUpdateRequest, type ChannelFormValues } from '../form';
import { useChannel, useCheckChannel, useCreateChannel, useSentAesKey, useUpdateChannel } from '../hooks/useChannels';

const FIELDS = {
  name: 'name',
  kind: 'kind',
  originalId: 'originalId',
  appId: 'appId',
  appSecret: 'appSecret',
  mode: 'mode',
  format: 'format',
  token: 'name',
  encodingAesKey: 'name',
};

function BasicsStep({ channel, onSaved }: { channel?: Channel; onSaved: (channel: Channel) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenantId = useCurrentUser().tenantId ?? '';
  const [form] = Form.useForm<ChannelFormValues>();
  const kind = Form.useWatch('kind', form);
  const create = useCreateChannel(tenantId);
  const update = useUpdateChannel(tenantId);
  const problemText = useProblemText();

  useEffect(() => {
    form.setFieldsValue(channel ? toFormValues(channel) : NEW_CHANNEL);
  }, [channel, form]);

  useEffect(() => {
    if (kind === 'official_account') form.setFieldValue('format', 'xml');
  }, [kind, form]);

  const fail = (error: unknown) => {
    const problem = describeProblem(error);
    if (problem.status === 409) {
      form.setFields([{ name: 'appId', errors: [t('channels.appIdTaken')] }]);
      return;
    }
    const rest = showFieldErrors(form, problem, FIELDS);
    if (rest.length || problem.status !== 400) message.error(problemText(error));
  };

  const submit = (values: ChannelFormValues) => {
    if (channel) {
      const body = toUpdateRequest(channel, values);
      if (!Object.keys(body).length) return onSaved(channel);
      update.mutate({ id: channel.id, body }, { onSuccess: onSaved, onError: fail });
    } else {
      create.mutate(toCreateRequest(values, generateEncodingAesKey()), { onSuccess: onSaved, onError: fail });
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={NEW_CHANNEL}>
      <Form.Item name="kind" label={t('channels.kind')}>
        <Radio.Group optionType="button" buttonStyle="solid">
          <Radio.Button value="miniprogram">{t('channels.kinds.miniprogram')}</Radio.Button>
          <Radio.Button value="official_account">{t('channels.kinds.official_account')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="name"
        label={t('channels.name')}
        extra={t('channels.nameHint')}
        rules={[{ required: true, whitespace: true, message: t('channels.nameRequired') }, { max: 64 }]}
      >
        <Input placeholder={t('channels.namePlaceholder')} maxLength={64} />
      </Form.Item>
      <Form.Item
        name="originalId"
        label={t('channels.originalId')}
        extra={t('channels.originalIdHint')}
        rules={[
          { required: true, message: t('channels.originalIdRule') },
          { pattern: /^\s*gh_[0-9a-f]{12}\s*$/i, message: t('channels.originalIdRule') },
        ]}
      >
        <Input placeholder="gh_70775cca084e" />
      </Form.Item>
      <Form.Item
        name="appId"
        label="AppID"
        extra={t('channels.appIdHint')}
        rules={[
          { required: true, message: t('channels.appIdRule') },
          { pattern: /^\s*wx[0-9a-f]{16}\s*$/i, message: t('channels.appIdRule') },
        ]}
      >
        <Input placeholder="wx45bc6e74580b1f30" />
      </Form.Item>
      <Form.Item
        name="appSecret"
        label="AppSecret"
        extra={channel ? t('channels.appSecretKeep', { masked: channel.appSecretMasked }) : t('channels.appSecretHint')}
        rules={[
          { required: !channel, message: t('channels.appSecretRule') },
          { pattern: /^\s*[0-9a-f]{32}\s*$/i, message: t('channels.appSecretRule') },
        ]}
      >
        <Input.Password placeholder={channel ? channel.appSecretMasked : t('channels.appSecretPlaceholder')} autoComplete="new-password" />
      </Form.Item>
      <Divider titlePlacement="start" plain>
        {t('channels.pushOptions')}
      </Divider>
      <Form.Item name="mode" label={t('channels.push.mode')} extra={t('channels.modeHint')}>
        <Radio.Group>
          <Radio value="plain">{t('channels.modes.plain')}</Radio>
          <Radio value="compatible">{t('channels.modes.compatible')}</Radio>
          <Radio value="secure">
            {t('channels.modes.secure')} <Tag color="green">{t('channels.recommended')}</Tag>
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="format"
        label={t('channels.push.format')}
        extra={kind === 'official_account' ? t('channels.push.formatHintOfficial') : undefined}
      >
        <Radio.Group>
          <Radio value="json" disabled={kind === 'official_account'}>
            JSON
          </Radio>
          <Radio value="xml">XML</Radio>
        </Radio.Group>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending}>
        {t('channels.saveAndCheck')}
      </Button>
    </Form>
  );
}

export function ChannelWizardPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const tenantId = useCurrentUser().tenantId ?? '';
  const { channelId } = useParams();
  const aesKey = useSentAesKey(tenantId, channelId);
  const changeKey = useUpdateChannel(tenantId);
  const [params, setParams] = useSearchParams();
  const step = Math.min(2, Math.max(0, Number(params.get('step') ?? 0) || 0));
  const existing = useChannel(tenantId, channelId);
  const recheck = useCheckChannel(tenantId);
  const problemText = useProblemText();
  const location = useLocation();
  const [savedHere, setSavedHere] = useState(false);
  const justSaved = savedHere || (location.state as { saved?: boolean } | null)?.saved === true;
  const channel = existing.data;
  useDocumentTitle(channel ? channel.name : t('channels.add'));

  const go = (next: number, id = channelId) => {
    const search = next ? `?step=${next}` : '';
    if (id && id !== channelId) navigate(`/channels/${id}${search}`, { replace: true });
    else setParams(next ? { step: String(next) } : {});
  };

  const onSaved = (saved: Channel) => {
    setSavedHere(true);
    if (!channelId) navigate(`/channels/${saved.id}`, { replace: true, state: { saved: true } });
  };

  const runCheck = () =>
    channel &&
    recheck.mutate(channel.id, {
      onSuccess: (checked) => (checked.checkStatus === 'ok' ? message.success(t('channels.check.okTitle')) : undefined),
      onError: (error) => message.error(problemText(error)),
    });

  /** A new EncodingAESKey, saved at once; WeChat's form must be given it too. */
  const confirmChangeKey = () =>
    channel &&
    modal.confirm({
      title: t('channels.push.aesKeyChangeTitle'),
      content: t('channels.push.aesKeyChangeWarning'),
      okText: t('channels.push.aesKeyChange'),
      cancelText: t('ui.cancel'),
      onOk: () =>
        changeKey
          .mutateAsync({ id: channel.id, body: { encodingAesKey: generateEncodingAesKey() } })
          .then(() => void message.success(t('channels.push.aesKeyChanged')))
          .catch((error: unknown) => void message.error(problemText(error))),
    });

  if (channelId && existing.isLoading) {
    return (
      <Card variant="borderless">
        <Skeleton active />
      </Card>
    );
  }

  return (
    <>
      <PageHeader
        title={channel ? channel.name : t('channels.add')}
        description={t('channels.wizardHint')}
        extra={
          <Link to="/channels">
            <Button icon={<ArrowLeftOutlined />}>{t('channels.backToList')}</Button>
          </Link>
        }
      />
      <Card variant="borderless">
        <Steps
          current={step}
          style={{ marginBottom: 32 }}
          onChange={channel ? (next) => go(next) : undefined}
          items={[
            { title: t('channels.steps.basics'), description: t('channels.steps.basicsHint') },
            { title: t('channels.steps.push'), description: t('channels.steps.pushHint'), disabled: !channel },
            { title: t('channels.steps.done'), description: t('channels.steps.doneHint'), disabled: !channel },
          ]}
        />
        {step === 0 ? (
          <Row gutter={[32, 24]}>
            <Col xs={24} lg={14}>
              <BasicsStep channel={channel} onSaved={onSaved} />
            </Col>
            <Col xs={24} lg={10}>
              <div style={{ position: 'sticky', top: 80 }}>
                {channel ? (
                  <>
                    <CheckAlert channel={channel} />
                    <Space style={{ marginTop: 16 }} wrap>
                      <Button type={justSaved ? 'primary' : 'default'} onClick={() => go(1)}>
                        {justSaved ? t('channels.next') : t('channels.skipToPush')}
                      </Button>
                      {channel.checkStatus !== 'ok' ? (
                        <Button icon={<ReloadOutlined />} loading={recheck.isPending} onClick={runCheck}>
                          {t('channels.recheck')}
                        </Button>
                      ) : null}
                    </Space>
                  </>
                ) : (
                  <Alert
                    type="info"
                    showIcon
                    title={t('channels.prepareTitle')}
                    description={
                      <ol style={{ margin: 0, paddingInlineStart: 18 }}>
                        <li>{t('channels.prepare1')}</li>
                        <li>{t('channels.prepare2')}</li>
                        <li>{t('channels.prepare3')}</li>
                      </ol>
                    }
                  />
                )}
              </div>
            </Col>
          </Row>
        ) : null}
        {step === 1 && channel ? (
          <>
            <PushConfig channel={channel} aesKey={aesKey} onChangeKey={confirmChangeKey} changingKey={changeKey.isPending} />
            <Space style={{ marginTop: 24 }}>
              <Button onClick={() => go(0)}>{t('channels.previous')}</Button>
              <Button type="primary" onClick={() => go(2)}>
                {t('channels.pushDone')}
              </Button>
            </Space>
          </>
        ) : null}
        {step === 2 && channel ? (
          <Result
            status={channel.checkStatus === 'ok' ? 'success' : channel.checkCode === 'wechat_unreachable' || channel.checkStatus === 'unchecked' ? 'warning' : 'error'}
            title={channel.checkStatus === 'ok' ? t('channels.doneTitle', { name: channel.name }) : t('channels.doneWithProblem', { name: channel.name })}
            subTitle={t('channels.doneHint')}
            extra={[
              <Button key="recheck" icon={<ReloadOutlined />} loading={recheck.isPending} onClick={runCheck}>
                {t('channels.recheck')}
              </Button>,
              <Button key="push" onClick={() => go(1)}>
                {t('channels.viewPush')}
              </Button>,
              <Link key="list" to="/channels">
                <Button type="primary">{t('channels.backToList')}</Button>
              </Link>,
            ]}
          >
            <div style={{ maxWidth: 640, margin: '0 auto' }}>
              <CheckAlert channel={channel} />
              <Descriptions column={1} size="small" style={{ marginTop: 16 }}>
                <Descriptions.Item label={t('channels.kind')}>{t(`channels.kinds.${channel.kind}`)}</Descriptions.Item>
                <Descriptions.Item label="AppID">{channel.appId}</Descriptions.Item>
                <Descriptions.Item label="AppSecret">{channel.appSecretMasked}</Descriptions.Item>
                <Descriptions.Item label={t('channels.originalId')}>{channel.originalId}</Descriptions.Item>
              </Descriptions>
            </div>
          </Result>
        ) : null}
      </Card>
    </>
  );
}
