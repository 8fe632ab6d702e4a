import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Skeleton, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeProblem } from '../../../app/errors';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCurrentUser } from '../../auth/currentUser';
import { useChannels } from '../../channels/hooks/useChannels';
import { PageHeader } from '../../shell/components/PageHeader';
import { formatDateTime } from '../../tenants/format';
import { showFieldErrors } from '../../tenants/serverErrors';
import { useProblemText } from '../../tenants/useProblemMessage';
import { SETTINGS_FIELDS, toSettingsForm, toSettingsRequest, type SettingsFormValues } from '../form';
import { useSaveSettings, useSettings } from '../hooks/useSettings';

const TEXT_RULES = (message: string) => [
  { required: true, whitespace: true, message },
  { max: 600, message },
];

export function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenantId = useCurrentUser().tenantId ?? '';
  const settings = useSettings(tenantId);
  const channels = useChannels(tenantId);
  const save = useSaveSettings(tenantId);
  const problemText = useProblemText();
  const [form] = Form.useForm<SettingsFormValues>();
  const mode = Form.useWatch('mode', form);
  const farewellType = Form.useWatch('farewellType', form);
  useDocumentTitle(t('nav.settings'));

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toSettingsForm(settings.data));
  }, [settings.data, form]);

  const officialAccounts = (channels.data ?? []).filter((channel) => channel.kind === 'official_account');

  const submit = (values: SettingsFormValues) =>
    save.mutate(toSettingsRequest(values), {
      onSuccess: () => message.success(t('settings.saved')),
      onError: (error) => {
        const problem = describeProblem(error);
        const rest = showFieldErrors(form, problem, SETTINGS_FIELDS);
        if (rest.length || problem.status !== 400) message.error(problemText(error));
      },
    });

  if (!settings.data) {
    return (
      <>
        <PageHeader title={t('nav.settings')} description={t('settings.description')} />
        {settings.isError ? <Alert type="error" showIcon title={problemText(settings.error)} /> : null}
        <Card variant="borderless">
          <Skeleton active />
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={t('nav.settings')}
        description={t('settings.description')}
        extra={
          <Typography.Text type="secondary">
            {settings.data.updatedAt ? t('settings.updatedAt', { time: formatDateTime(settings.data.updatedAt) }) : t('settings.defaults')}
          </Typography.Text>
        }
      />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Card variant="borderless" title={t('settings.sections.mode')} style={{ marginBottom: 16 }}>
              <Form.Item name="mode" label={t('settings.mode')}>
                <Radio.Group>
                  <Space orientation="vertical">
                    {(['human', 'human_robot', 'official_account'] as const).map((value) => (
                      <Radio key={value} value={value}>
                        <Typography.Text strong>{t(`settings.modes.${value}`)}</Typography.Text>
                        <br />
                        <Typography.Text type="secondary">{t(`settings.modeHints.${value}`)}</Typography.Text>
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
              </Form.Item>
              {mode === 'official_account' ? (
                <Form.Item
                  name="linkedChannelId"
                  label={t('settings.linkedChannel')}
                  extra={
                    officialAccounts.length ? (
                      t('settings.linkedChannelHint')
                    ) : (
                      <>
                        {t('settings.noOfficialAccount')} <Link to="/channels/new">{t('channels.add')}</Link>
                      </>
                    )
                  }
                  rules={[{ required: true, message: t('settings.linkedChannelRequired') }]}
                >
                  <Select
                    placeholder={t('settings.linkedChannelPlaceholder')}
                    options={officialAccounts.map((channel) => ({ value: channel.id, label: `${channel.name}（${channel.appId}）` }))}
                  />
                </Form.Item>
              ) : null}
              <Form.Item name="replyLanguage" label={t('settings.replyLanguage')} extra={t('settings.replyLanguageHint')}>
                <Select
                  style={{ width: 200 }}
                  options={[
                    { value: 'zh-CN', label: '简体中文' },
                    { value: 'en', label: 'English' },
                  ]}
                />
              </Form.Item>
            </Card>
            <Card variant="borderless" title={t('settings.sections.timing')} style={{ marginBottom: 16 }}>
              <Form.Item
                name="idleTimeoutMinutes"
                label={t('settings.idleTimeout')}
                extra={t('settings.idleTimeoutHint')}
                rules={[{ required: true, type: 'integer', min: 1, max: 1440, message: t('settings.idleTimeoutRule') }]}
              >
                <InputNumber min={1} max={1440} precision={0} style={{ width: 200 }} suffix={t('settings.minutes')} />
              </Form.Item>
              <Form.Item
                name="missedChatSeconds"
                label={t('settings.missedChat')}
                extra={t('settings.missedChatHint')}
                rules={[{ required: true, type: 'integer', min: 30, max: 3600, message: t('settings.missedChatRule') }]}
              >
                <InputNumber min={30} max={3600} precision={0} style={{ width: 200 }} suffix={t('settings.seconds')} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card variant="borderless" title={t('settings.sections.messages')} style={{ marginBottom: 16 }}>
              <Form.Item name="welcomeItemNumber" label={t('settings.welcomeItem')} extra={t('settings.welcomeItemHint')}>
                <InputNumber min={1} precision={0} style={{ width: 200 }} placeholder={t('settings.none')} />
              </Form.Item>
              <Form.Item name="farewellType" label={t('settings.farewell')} extra={t('settings.farewellHint')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'none', label: t('settings.farewellTypes.none') },
                    { value: 'text', label: t('settings.farewellTypes.text') },
                    { value: 'item', label: t('settings.farewellTypes.item') },
                  ]}
                />
              </Form.Item>
              {farewellType === 'text' ? (
                <Form.Item name="farewellText" label={t('settings.farewellText')} rules={TEXT_RULES(t('settings.textRule'))}>
                  <Input.TextArea rows={3} maxLength={600} showCount placeholder={t('settings.farewellTextPlaceholder')} />
                </Form.Item>
              ) : null}
              {farewellType === 'item' ? (
                <Form.Item
                  name="farewellNumber"
                  label={t('settings.farewellItem')}
                  rules={[{ required: true, message: t('settings.itemRule') }]}
                >
                  <InputNumber min={1} precision={0} style={{ width: 200 }} />
                </Form.Item>
              ) : null}
              <Form.Item name="goodbyeText" label={t('settings.goodbyeText')} extra={t('settings.goodbyeTextHint')} rules={TEXT_RULES(t('settings.textRule'))}>
                <Input.TextArea rows={2} maxLength={600} showCount />
              </Form.Item>
              <Form.Item name="offlineNotice" label={t('settings.offlineNotice')} extra={t('settings.offlineNoticeHint')} rules={TEXT_RULES(t('settings.textRule'))}>
                <Input.TextArea rows={2} maxLength={600} showCount />
              </Form.Item>
              <Form.Item
                name="robotFallbackText"
                label={t('settings.robotFallback')}
                extra={t('settings.robotFallbackHint')}
                rules={TEXT_RULES(t('settings.textRule'))}
              >
                <Input.TextArea rows={2} maxLength={600} showCount />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Card variant="borderless" className="settings__actions">
          <Space>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
              {t('ui.save')}
            </Button>
            <Button onClick={() => settings.data && form.setFieldsValue(toSettingsForm(settings.data))}>{t('ui.reset')}</Button>
          </Space>
        </Card>
      </Form>
    </>
  );
}
