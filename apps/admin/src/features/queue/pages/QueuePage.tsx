import { FieldTimeOutlined } from '@ant-design/icons';
import type { DashboardAgent, QueueEntry } from '@kefu/contracts';
import { Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCurrentUser } from '../../auth/currentUser';
import { MessageContent } from '../../conversations/components/MessageContent';
import { WindowMeterTag } from '../../conversations/components/WindowMeterTag';
import { customerLabel, formatWait } from '../../conversations/format';
import { useNow } from '../../conversations/hooks/useNow';
import { useLiveUpdates } from '../../live/hooks/useLiveUpdates';
import { PageHeader } from '../../shell/components/PageHeader';
import { useProblemText } from '../../tenants/useProblemMessage';
import { AssignControl } from '../components/AssignControl';
import { useQueue } from '../hooks/useQueue';
import '../../conversations/conversations.css';

function QueueCard({ entry, tenantId, now, agents }: { entry: QueueEntry; tenantId: string; now: number; agents: DashboardAgent[] }) {
  const { t } = useTranslation();
  const name = customerLabel(entry.customer);
  const waited = Math.max(entry.waitedSeconds, Math.floor((now - new Date(entry.queuedAt).getTime()) / 1000));
  return (
    <Card variant="borderless" className="queue-card" data-testid="queue-entry">
      <div className="queue-card__head">
        <Space size={10} wrap>
          <span className="queue-card__position">{t('queue.position', { n: entry.position })}</span>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {name}
          </Typography.Text>
          <Tag icon={<FieldTimeOutlined />} color="orange" data-testid="waited">
            {t('queue.waited', { time: formatWait(waited) })}
          </Tag>
          <WindowMeterTag meter={entry.customer.window} />
          {entry.preferredAgent ? <Tag color="blue">{t('queue.prefers', { agent: entry.preferredAgent.nickname })}</Tag> : null}
        </Space>
        <AssignControl
          key={entry.preferredAgent?.id ?? 'none'}
          tenantId={tenantId}
          sessionId={entry.sessionId}
          customer={name}
          agents={agents}
          preferredAgentId={entry.preferredAgent?.id ?? null}
        />
      </div>
      <div className="queue-card__messages">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('queue.wrote')}
        </Typography.Text>
        {entry.messages.length === 0 ? (
          <div className="queue-card__message">
            <Typography.Text type="secondary">{t('queue.wroteNothing')}</Typography.Text>
          </div>
        ) : (
          entry.messages.map((message) => (
            <div className="queue-card__message" key={message.id}>
              <span className="queue-card__message-time">{dayjs(message.at).format('HH:mm')}</span>
              <MessageContent content={message.content} />
            </div>
          ))
        )}
      </div>
    </Card>
  );
}

export function QueuePage() {
  const { t } = useTranslation();
  const tenantId = useCurrentUser().tenantId ?? '';
  const queue = useQueue(tenantId);
  const problemText = useProblemText();
  const now = useNow(1000);
  useLiveUpdates(tenantId);
  useDocumentTitle(t('nav.queue'));

  const entries = queue.data?.entries ?? [];
  return (
    <>
      <PageHeader
        title={t('nav.queue')}
        description={t('queue.description')}
        extra={queue.data ? <Tag color={entries.length ? 'orange' : 'default'}>{t('queue.count', { n: entries.length })}</Tag> : null}
      />
      {queue.isLoading ? (
        <Card variant="borderless">
          <Spin />
        </Card>
      ) : entries.length === 0 ? (
        <Card variant="borderless">
          <Empty description={queue.isError ? problemText(queue.error) : t('queue.empty')} />
        </Card>
      ) : (
        entries.map((entry) => (
          <QueueCard key={entry.sessionId} entry={entry} tenantId={tenantId} now={now} agents={queue.data?.agents ?? []} />
        ))
      )}
    </>
  );
}
