import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import type { Channel } from '@kefu/contracts';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate } from 'react-router-dom';
import { describeProblem } from '../../../app/errors';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCurrentUser } from '../../auth/currentUser';
import { PageHeader } from '../../shell/components/PageHeader';
import { formatDateTime } from '../../tenants/format';
import { useProblemText } from '../../tenants/useProblemMessage';
import { CheckTag } from '../components/CheckTag';
import { useChannels, useCheckChannel, useDeleteChannel } from '../hooks/useChannels';
import { ChannelWizardPage } from './ChannelWizardPage';

function ChannelList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const tenantId = useCurrentUser().tenantId ?? '';
  const channels = useChannels(tenantId);
  const check = useCheckChannel(tenantId);
  const remove = useDeleteChannel(tenantId);
  const problemText = useProblemText();
  useDocumentTitle(t('nav.channels'));

  return (
    <>
      <PageHeader
        title={t('nav.channels')}
        description={t('channels.description')}
        extra={
          <Link to="/channels/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('channels.add')}
            </Button>
          </Link>
        }
      />
      <Card variant="borderless">
        <Table<Channel>
          rowKey="id"
          loading={channels.isLoading}
          dataSource={channels.data}
          pagination={{ hideOnSinglePage: true }}
          locale={{ emptyText: channels.isError ? problemText(channels.error) : t('channels.empty') }}
          columns={[
            {
              title: t('channels.name'),
              dataIndex: 'name',
              render: (name: string, channel) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/channels/${channel.id}`}>
                    <Typography.Text strong>{name}</Typography.Text>
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {channel.originalId}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('channels.kind'),
              dataIndex: 'kind',
              width: 100,
              render: (kind: Channel['kind']) => <Tag color={kind === 'miniprogram' ? 'geekblue' : 'green'}>{t(`channels.kinds.${kind}`)}</Tag>,
            },
            { title: 'AppID', dataIndex: 'appId', width: 200, render: (appId: string) => <Typography.Text code>{appId}</Typography.Text> },
            { title: 'AppSecret', dataIndex: 'appSecretMasked', width: 200, render: (masked: string) => <Typography.Text type="secondary">{masked}</Typography.Text> },
            { title: t('channels.checkStatus'), key: 'check', width: 170, render: (_, channel) => <CheckTag channel={channel} /> },
            { title: t('channels.checkedAt'), dataIndex: 'checkedAt', width: 160, render: formatDateTime },
            {
              title: t('ui.actions'),
              key: 'actions',
              width: 320,
              render: (_, channel) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => navigate(`/channels/${channel.id}`)}>
                    {t('ui.edit')}
                  </Button>
                  <Button type="link" size="small" icon={<SendOutlined />} onClick={() => navigate(`/channels/${channel.id}?step=1`)}>
                    {t('channels.pushShort')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    icon={<ReloadOutlined />}
                    loading={check.isPending && check.variables === channel.id}
                    onClick={() =>
                      check.mutate(channel.id, {
                        onSuccess: (checked) =>
                          checked.checkStatus === 'ok' ? message.success(t('channels.check.okTitle')) : message.warning(t('channels.check.failedShort')),
                        onError: (error) => message.error(problemText(error)),
                      })
                    }
                  >
                    {t('channels.recheck')}
                  </Button>
                  <Popconfirm
                    title={t('channels.deleteTitle', { name: channel.name })}
                    description={t('channels.deleteHint')}
                    okText={t('ui.delete')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('ui.cancel')}
                    onConfirm={() =>
                      remove.mutateAsync(channel.id).then(
                        () => message.success(t('channels.deleted', { name: channel.name })),
                        (error: unknown) =>
                          message.error(describeProblem(error).status === 409 ? t('channels.deleteLinked') : problemText(error)),
                      )
                    }
                  >
                    <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                      {t('ui.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}

export function ChannelsPage() {
  return (
    <Routes>
      <Route index element={<ChannelList />} />
      <Route path="new" element={<ChannelWizardPage />} />
      <Route path=":channelId" element={<ChannelWizardPage />} />
    </Routes>
  );
}
