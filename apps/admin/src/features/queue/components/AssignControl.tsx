import type { DashboardAgent } from '@kefu/contracts';
import { App, Button, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customerLabel } from '../../conversations/format';
import { useProblemText } from '../../tenants/useProblemMessage';
import { useAssign } from '../hooks/useQueue';

/** Hands one waiting session to a chosen agent; the preferred agent is chosen first. */
export function AssignControl({
  tenantId,
  sessionId,
  customer,
  agents,
  preferredAgentId,
}: {
  tenantId: string;
  sessionId: string;
  customer: string;
  agents: DashboardAgent[];
  preferredAgentId: string | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const assign = useAssign(tenantId);
  const [agentId, setAgentId] = useState<string | undefined>(preferredAgentId ?? undefined);

  const submit = () => {
    const agent = agents.find((candidate) => candidate.id === agentId);
    if (!agent) return;
    assign.mutate(
      { sessionId, agentId: agent.id },
      {
        onSuccess: () => void message.success(t('queue.assigned', { customer, agent: agent.nickname })),
        onError: (error) => void message.error(problemText(error)),
      },
    );
  };

  return (
    <Space size={8}>
      <Typography.Text type="secondary">{t('queue.assignTo')}</Typography.Text>
      <Select<string>
        style={{ width: 220 }}
        value={agentId}
        placeholder={t('queue.chooseAgent')}
        aria-label={t('queue.chooseAgent')}
        onChange={setAgentId}
        options={agents.map((agent) => ({
          value: agent.id,
          disabled: !agent.active || agent.status === 'offline',
          label: (
            <span>
              {agent.nickname}
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                {!agent.active
                  ? t('queue.agentInactive')
                  : agent.serving
                    ? t('queue.agentServing', { customer: customerLabel(agent.serving) })
                    : t(`agents.statuses.${agent.status}`)}
              </Typography.Text>
            </span>
          ),
        }))}
      />
      <Button type="primary" onClick={submit} disabled={!agentId} loading={assign.isPending}>
        {t('queue.assign')}
      </Button>
    </Space>
  );
}
