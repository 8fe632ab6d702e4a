import type { SessionListQuery, SessionState, SessionSummary } from '@kefu/contracts';
import { Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useAgents } from '../../agents/hooks/useAgents';
import { useCurrentUser } from '../../auth/currentUser';
import { useLiveUpdates } from '../../live/hooks/useLiveUpdates';
import { PageHeader } from '../../shell/components/PageHeader';
import { formatDateTime } from '../../tenants/format';
import { useProblemText } from '../../tenants/useProblemMessage';
import { SessionPanel } from '../components/SessionPanel';
import { customerLabel, previewText, SESSION_STATE_COLORS } from '../format';
import { useSessions } from '../hooks/useConversations';
import '../conversations.css';

const STATES: SessionState[] = ['waiting', 'active', 'closed'];
const PAGE_SIZE = 15;
const ROW_TEST_ID = { 'data-testid': 'session-row' };

export function ConversationsPage() {
  const { t } = useTranslation();
  const tenantId = useCurrentUser().tenantId ?? '';
  const navigate = useNavigate();
  const sessionId = useParams()['*'] || undefined;
  const problemText = useProblemText();
  const agents = useAgents(tenantId);
  const [filters, setFilters] = useState<SessionListQuery>({ page: 1, pageSize: PAGE_SIZE });
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const sessions = useSessions(tenantId, filters);
  useLiveUpdates(tenantId);
  useDocumentTitle(t('nav.conversations'));

  const change = (next: Partial<SessionListQuery>) => setFilters((current) => ({ ...current, ...next, page: next.page ?? 1 }));

  return (
    <>
      <PageHeader title={t('nav.conversations')} description={t('conversations.description')} />
      <div className="conversations">
        <Card variant="borderless" className="conversations__list">
          <Space orientation="vertical" size={10} className="conversations__filters">
            <Input.Search
              allowClear
              placeholder={t('conversations.filters.search')}
              aria-label={t('conversations.filters.search')}
              onSearch={(q) => change({ q: q.trim() || undefined })}
            />
            <Space size={8} wrap>
              <Select<string>
                allowClear
                style={{ width: 150 }}
                placeholder={t('conversations.filters.allAgents')}
                aria-label={t('conversations.filters.agent')}
                options={(agents.data ?? []).map((agent) => ({ value: agent.id, label: agent.nickname }))}
                onChange={(agentId) => change({ agentId: agentId || undefined })}
              />
              <Select<SessionState>
                allowClear
                style={{ width: 130 }}
                placeholder={t('conversations.filters.allStates')}
                aria-label={t('conversations.filters.state')}
                options={STATES.map((state) => ({ value: state, label: t(`conversations.states.${state}`) }))}
                onChange={(state) => change({ state: state || undefined })}
              />
              <DatePicker.RangePicker
                value={range}
                allowEmpty={[true, true]}
                placeholder={[t('conversations.filters.from'), t('conversations.filters.to')]}
                onChange={(value) => {
                  setRange(value);
                  change({
                    from: value?.[0]?.startOf('day').toISOString(),
                    to: value?.[1]?.endOf('day').toISOString(),
                  });
                }}
              />
            </Space>
          </Space>
          <Table<SessionSummary>
            rowKey="id"
            size="middle"
            loading={sessions.isLoading}
            dataSource={sessions.data?.items}
            locale={{ emptyText: sessions.isError ? problemText(sessions.error) : t('conversations.empty') }}
            rowClassName={(row) => (row.id === sessionId ? 'conversations__row conversations__row--selected' : 'conversations__row')}
            onRow={(row) => ({ onClick: () => navigate(`/conversations/${row.id}`), ...ROW_TEST_ID })}
            pagination={{
              current: filters.page,
              pageSize: PAGE_SIZE,
              total: sessions.data?.total ?? 0,
              hideOnSinglePage: true,
              showSizeChanger: false,
              size: 'small',
              onChange: (page) => setFilters((current) => ({ ...current, page })),
            }}
            columns={[
              {
                title: t('conversations.columns.customer'),
                key: 'customer',
                render: (_, row) => (
                  <div className="conversations__cell">
                    <Space size={6}>
                      <Typography.Text strong>{customerLabel(row.customer)}</Typography.Text>
                      <Tag color={SESSION_STATE_COLORS[row.state]} variant="filled">
                        {t(`conversations.states.${row.state}`)}
                      </Tag>
                    </Space>
                    <Typography.Text type="secondary" ellipsis className="conversations__preview">
                      {previewText(t, row.lastMessage) || '—'}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                title: t('conversations.columns.agent'),
                key: 'agent',
                width: 96,
                render: (_, row) =>
                  row.agent ? row.agent.nickname : <Typography.Text type="secondary">{t('conversations.noAgent')}</Typography.Text>,
              },
              {
                title: t('conversations.columns.time'),
                dataIndex: 'createdAt',
                width: 104,
                render: (value: string) => <Typography.Text type="secondary">{formatDateTime(value).slice(5)}</Typography.Text>,
              },
            ]}
          />
        </Card>
        <SessionPanel tenantId={tenantId} sessionId={sessionId} />
      </div>
    </>
  );
}
