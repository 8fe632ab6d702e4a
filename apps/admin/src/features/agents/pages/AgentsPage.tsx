import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Agent } from '@kefu/contracts';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCurrentUser } from '../../auth/currentUser';
import { SeatMeter } from '../../license/components/SeatMeter';
import { useLicense } from '../../license/hooks/useLicense';
import { PageHeader } from '../../shell/components/PageHeader';
import { formatDateTime } from '../../tenants/format';
import { useProblemText } from '../../tenants/useProblemMessage';
import { AgentModal } from '../components/AgentModal';
import { useAgents, useDeleteAgent, useNewBindingCode } from '../hooks/useAgents';

const STATUS_COLORS: Record<Agent['status'], string> = { idle: 'success', hidden: 'purple', busy: 'warning', offline: 'default' };

export function AgentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenantId = useCurrentUser().tenantId ?? '';
  const agents = useAgents(tenantId);
  const license = useLicense(tenantId);
  const remove = useDeleteAgent(tenantId);
  const regenerate = useNewBindingCode(tenantId);
  const problemText = useProblemText();
  const [editing, setEditing] = useState<Agent | null | undefined>(undefined);
  useDocumentTitle(t('nav.agents'));

  const bindingCell = (agent: Agent) => {
    if (agent.openid) return <Typography.Text code>{agent.openid}</Typography.Text>;
    return (
      <Space orientation="vertical" size={0}>
        <Space size={6}>
          <Tag color="orange">{t('agents.unbound')}</Tag>
          {agent.bindingCode ? (
            <Typography.Text strong copyable data-testid="binding-code" style={{ fontSize: 16, letterSpacing: 2 }}>
              {agent.bindingCode}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('agents.codeExpired')}</Typography.Text>
          )}
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {agent.bindingCode
            ? t('agents.codeHint', { time: formatDateTime(agent.bindingCodeExpiresAt) })
            : t('agents.codeExpiredHint')}
        </Typography.Text>
      </Space>
    );
  };

  return (
    <>
      <PageHeader
        title={t('nav.agents')}
        description={t('agents.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('agents.add')}
          </Button>
        }
      />
      {license.data ? <SeatMeter license={license.data} /> : null}
      <Card variant="borderless" style={{ marginTop: 16 }}>
        <Table<Agent>
          rowKey="id"
          loading={agents.isLoading}
          dataSource={agents.data}
          pagination={{ hideOnSinglePage: true, pageSize: 50 }}
          locale={{ emptyText: agents.isError ? problemText(agents.error) : t('agents.empty') }}
          columns={[
            {
              title: t('agents.nickname'),
              dataIndex: 'nickname',
              render: (nickname: string, agent) => (
                <Space size={6} wrap>
                  <Typography.Text strong>{nickname}</Typography.Text>
                  {agent.isAdmin ? <Tag color="gold">{t('agents.admin')}</Tag> : null}
                  {agent.active ? null : (
                    <Tooltip title={t('agents.inactiveHint')}>
                      <Tag color="red">{t('agents.inactive')}</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            { title: t('agents.binding'), key: 'binding', render: (_, agent) => bindingCell(agent) },
            {
              title: t('agents.status'),
              dataIndex: 'status',
              width: 100,
              render: (status: Agent['status']) => <Tag color={STATUS_COLORS[status]}>{t(`agents.statuses.${status}`)}</Tag>,
            },
            { title: t('agents.createdAt'), dataIndex: 'createdAt', width: 170, render: formatDateTime },
            {
              title: t('ui.actions'),
              key: 'actions',
              width: 240,
              render: (_, agent) => (
                <Space size={0}>
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(agent)}>
                    {t('ui.edit')}
                  </Button>
                  {agent.openid ? null : (
                    <Button
                      type="link"
                      size="small"
                      icon={<ReloadOutlined />}
                      onClick={() =>
                        regenerate.mutate(agent.id, {
                          onSuccess: (updated) => message.success(t('agents.codeRenewed', { code: updated.bindingCode })),
                          onError: (error) => message.error(problemText(error)),
                        })
                      }
                    >
                      {t('agents.newCode')}
                    </Button>
                  )}
                  <Popconfirm
                    title={t('agents.deleteTitle', { name: agent.nickname })}
                    description={t('agents.deleteHint')}
                    okText={t('ui.delete')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('ui.cancel')}
                    onConfirm={() =>
                      remove.mutateAsync(agent.id).then(
                        () => message.success(t('agents.deleted', { name: agent.nickname })),
                        (error: unknown) => message.error(problemText(error)),
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
      <AgentModal tenantId={tenantId} open={editing !== undefined} agent={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
