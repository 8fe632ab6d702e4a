import { CheckOutlined } from '@ant-design/icons';
import type { OfflineMessageStatus, OfflineMessageView } from '@kefu/contracts';
import { App, Badge, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCurrentUser } from '../../auth/currentUser';
import { MessageContent } from '../../conversations/components/MessageContent';
import { customerLabel } from '../../conversations/format';
import { useLiveUpdates } from '../../live/hooks/useLiveUpdates';
import { PageHeader } from '../../shell/components/PageHeader';
import { formatDateTime } from '../../tenants/format';
import { useProblemText } from '../../tenants/useProblemMessage';
import { useMarkOfflineRead, useOfflineMessages } from '../hooks/useOfflineMessages';
import '../../conversations/conversations.css';

const STATUSES: OfflineMessageStatus[] = ['unread', 'read', 'all'];
const PAGE_SIZE = 20;

export function OfflineMessagesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenantId = useCurrentUser().tenantId ?? '';
  const problemText = useProblemText();
  const [status, setStatus] = useState<OfflineMessageStatus>('unread');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const messages = useOfflineMessages(tenantId, { status, page, pageSize: PAGE_SIZE });
  const markRead = useMarkOfflineRead(tenantId);
  useLiveUpdates(tenantId);
  useDocumentTitle(t('nav.messages'));

  const mark = (ids: string[]) =>
    markRead.mutate(ids, {
      onSuccess: ({ marked }) => {
        setSelected((current) => current.filter((id) => !ids.includes(id)));
        void message.success(t('offline.marked', { n: marked }));
      },
      onError: (error) => void message.error(problemText(error)),
    });

  const unread = messages.data?.unread ?? 0;
  return (
    <>
      <PageHeader title={t('nav.messages')} description={t('offline.description')} />
      <Card variant="borderless">
        <div className="page-toolbar" style={{ display: 'flex', justifyContent: 'space-between', gap: 12, marginBottom: 16, flexWrap: 'wrap' }}>
          <Space size={12}>
            <Segmented<OfflineMessageStatus>
              value={status}
              onChange={(value) => {
                setStatus(value);
                setPage(1);
                setSelected([]);
              }}
              options={STATUSES.map((value) => ({ value, label: t(`offline.tabs.${value}`) }))}
            />
            <Badge count={unread} overflowCount={999} title={t('offline.unreadBadge', { n: unread })} />
          </Space>
          <Button type="primary" icon={<CheckOutlined />} disabled={selected.length === 0} loading={markRead.isPending} onClick={() => mark(selected)}>
            {t('offline.markSelected', { n: selected.length })}
          </Button>
        </div>
        <Table<OfflineMessageView>
          rowKey="id"
          loading={messages.isLoading}
          dataSource={messages.data?.items}
          locale={{
            emptyText: messages.isError ? problemText(messages.error) : status === 'unread' ? t('offline.emptyUnread') : t('offline.empty'),
          }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(String)),
            getCheckboxProps: (row) => ({ disabled: row.readAt !== null }),
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: messages.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            onChange: setPage,
          }}
          columns={[
            {
              title: t('offline.columns.customer'),
              key: 'customer',
              width: 160,
              render: (_, row) => (
                <Space size={6}>
                  <Typography.Text strong>{customerLabel(row.customer)}</Typography.Text>
                  {row.readAt ? null : <Tag color="red">{t('offline.unreadTag')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('offline.columns.content'),
              key: 'content',
              render: (_, row) => (
                <div className="offline-content" data-testid="offline-content">
                  <MessageContent content={row.content} />
                </div>
              ),
            },
            { title: t('offline.columns.writtenAt'), dataIndex: 'writtenAt', width: 160, render: formatDateTime },
            { title: t('offline.columns.readAt'), dataIndex: 'readAt', width: 160, render: formatDateTime },
            {
              title: t('ui.actions'),
              key: 'actions',
              width: 120,
              render: (_, row) =>
                row.readAt ? null : (
                  <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => mark([row.id])}>
                    {t('offline.markRead')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
