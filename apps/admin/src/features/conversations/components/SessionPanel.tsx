import { Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../tenants/format';
import { useProblemText } from '../../tenants/useProblemMessage';
import { customerLabel, SESSION_STATE_COLORS } from '../format';
import { useSession, useTranscript } from '../hooks/useConversations';
import { ReplyBox } from './ReplyBox';
import { TranscriptView } from './TranscriptView';
import { WindowMeterTag } from './WindowMeterTag';

/** One session: who, its state and window meter, the transcript and the admin's reply box. */
export function SessionPanel({ tenantId, sessionId }: { tenantId: string; sessionId: string | undefined }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const session = useSession(tenantId, sessionId);
  const transcript = useTranscript(tenantId, sessionId);

  if (!sessionId) {
    return (
      <Card variant="borderless" className="session-panel session-panel--empty">
        <Empty description={t('conversations.pick')} />
      </Card>
    );
  }
  if (session.isError) {
    return (
      <Card variant="borderless" className="session-panel session-panel--empty">
        <Empty description={problemText(session.error)} />
      </Card>
    );
  }
  if (!session.data) {
    return (
      <Card variant="borderless" className="session-panel session-panel--empty">
        <Spin />
      </Card>
    );
  }

  const data = session.data;
  const name = customerLabel(data.customer);
  return (
    <Card variant="borderless" className="session-panel" data-testid="session-panel">
      <div className="session-panel__head">
        <div>
          <Space size={8} wrap>
            <Typography.Title level={4} className="session-panel__title">
              {name}
            </Typography.Title>
            <Tag color={SESSION_STATE_COLORS[data.state]}>{t(`conversations.states.${data.state}`)}</Tag>
            <WindowMeterTag meter={data.customer.window} />
          </Space>
          <div className="session-panel__meta">
            <Typography.Text type="secondary">
              {data.agent ? data.agent.nickname : t('conversations.noAgent')}
              {data.preferredAgent && !data.agent ? ` · ${t('conversations.prefers', { agent: data.preferredAgent.nickname })}` : ''}
              {' · '}
              {t('conversations.openedAt', { time: formatDateTime(data.createdAt) })}
              {data.closedAt
                ? ` · ${t('conversations.closedAt', {
                    time: formatDateTime(data.closedAt),
                    reason: data.closeReason ? t(`conversations.closeReasons.${data.closeReason}`) : '—',
                  })}`
                : ''}
            </Typography.Text>
          </div>
        </div>
      </div>
      <div className="session-panel__body">
        {transcript.data ? (
          <TranscriptView entries={transcript.data.entries} customerName={name} />
        ) : transcript.isError ? (
          <Empty description={problemText(transcript.error)} />
        ) : (
          <div className="session-panel__loading">
            <Spin />
          </div>
        )}
      </div>
      <ReplyBox key={sessionId} tenantId={tenantId} sessionId={sessionId} disabled={data.state === 'closed'} />
    </Card>
  );
}
