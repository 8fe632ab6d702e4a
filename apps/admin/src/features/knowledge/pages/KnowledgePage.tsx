import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DatabaseOutlined,
  DeleteOutlined,
  DownloadOutlined,
  DownOutlined,
  EditOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { KnowledgeCacheCounts, KnowledgeItemType, KnowledgeItemView, KnowledgeTransferFormat } from '@kefu/contracts';
import { App, Button, Card, Dropdown, Input, Popconfirm, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem } from '../../../app/errors';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { PageHeader } from '../../shell/components/PageHeader';
import { exportItems } from '../api';
import { ImportModal } from '../components/ImportModal';
import { ItemSummary } from '../components/ItemSummary';
import { KnowledgeEditor } from '../components/KnowledgeEditor';
import { TryItBox } from '../components/TryItBox';
import { TYPE_META, TYPE_ORDER, TypeTag } from '../components/typeMeta';
import { useAgents, useDeleteItem, useKnowledgeList, useMoveItem, useRebuildCache, useTenantId } from '../hooks/useKnowledge';
import '../knowledge.css';

type Tab = 'all' | KnowledgeItemType;

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function KnowledgePage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const tenantId = useTenantId();
  const title = t('nav.knowledge');
  useDocumentTitle(title);

  const [tab, setTab] = useState<Tab>('all');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<{ item: KnowledgeItemView | null } | null>(null);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);

  const type = tab === 'all' ? undefined : tab;
  const list = useKnowledgeList({ type, q: q || undefined, page, pageSize });
  const agents = useAgents();
  const remove = useDeleteItem();
  const move = useMoveItem();
  const cache = useRebuildCache();

  const agentNames = useMemo(
    () => new Map((agents.data ?? []).map((agent) => [agent.id, agent.nickname])),
    [agents.data],
  );
  const total = list.data?.total ?? 0;
  const items = list.data?.items ?? [];

  function failed(error: unknown, fallback: string) {
    const problem = describeProblem(error);
    void message.error(problem.network ? t('knowledge.errors.network') : problem.messages[0] ?? fallback);
  }

  function showCounts(counts: KnowledgeCacheCounts) {
    modal.success({
      title: t('knowledge.cache.done'),
      content: (
        <div data-testid="cache-counts">
          <Typography.Text>{t('knowledge.cache.summary', { items: counts.items, keywords: counts.keywords })}</Typography.Text>
          <div className="kb-cache-counts">
            {TYPE_ORDER.map((key) => (
              <Tag key={key} color={TYPE_META[key].color} icon={TYPE_META[key].icon}>
                {t(`knowledge.types.${key}`)} {counts.byType[key] ?? 0}
              </Tag>
            ))}
          </div>
        </div>
      ),
    });
  }

  async function exportAs(format: KnowledgeTransferFormat) {
    setExporting(true);
    try {
      const blob = await exportItems(tenantId, format);
      const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
      download(blob, `knowledge-${day}.${format}`);
    } catch (error) {
      failed(error, t('knowledge.errors.exportFailed'));
    } finally {
      setExporting(false);
    }
  }

  const firstShown = (page - 1) * pageSize;
  const columns: ColumnsType<KnowledgeItemView> = [
    {
      key: 'order',
      title: t('knowledge.list.order'),
      width: 80,
      align: 'center',
      render: (_, item, index) => {
        const position = firstShown + index;
        return (
          <span className="kb-order">
            <Tooltip title={t('knowledge.actions.moveUp')} mouseEnterDelay={0.6}>
              <Button
                type="text"
                size="small"
                icon={<ArrowUpOutlined />}
                aria-label={t('knowledge.actions.moveUp')}
                disabled={position === 0 || move.isPending}
                onClick={() => move.mutate({ itemId: item.id, direction: -1, filter: { type, q } }, { onError: (e) => failed(e, t('knowledge.errors.moveFailed')) })}
              />
            </Tooltip>
            <Tooltip title={t('knowledge.actions.moveDown')} mouseEnterDelay={0.6}>
              <Button
                type="text"
                size="small"
                icon={<ArrowDownOutlined />}
                aria-label={t('knowledge.actions.moveDown')}
                disabled={position >= total - 1 || move.isPending}
                onClick={() => move.mutate({ itemId: item.id, direction: 1, filter: { type, q } }, { onError: (e) => failed(e, t('knowledge.errors.moveFailed')) })}
              />
            </Tooltip>
          </span>
        );
      },
    },
    {
      key: 'number',
      title: t('knowledge.fields.number'),
      dataIndex: 'number',
      width: 84,
      render: (number: number) => <span className="kb-number">{number}</span>,
    },
    {
      key: 'keyword',
      title: t('knowledge.fields.keyword'),
      dataIndex: 'keyword',
      width: 180,
      ellipsis: true,
      render: (keyword: string, item) => (
        <Typography.Link className="kb-keyword" onClick={() => setEditing({ item })}>
          {keyword}
        </Typography.Link>
      ),
    },
    {
      key: 'type',
      title: t('knowledge.fields.type'),
      dataIndex: 'type',
      width: 132,
      render: (value: KnowledgeItemType) => <TypeTag type={value} />,
    },
    {
      key: 'summary',
      title: t('knowledge.list.summary'),
      render: (_, item) => <ItemSummary item={item} />,
    },
    {
      key: 'agent',
      title: t('knowledge.list.agent'),
      dataIndex: 'agentId',
      width: 130,
      ellipsis: true,
      render: (agentId: string | null) =>
        agentId ? (
          (agentNames.get(agentId) ?? <Typography.Text type="secondary">{t('knowledge.list.agentUnknown')}</Typography.Text>)
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('knowledge.list.actions'),
      width: 172,
      render: (_, item) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ item })}>
            {t('knowledge.actions.edit')}
          </Button>
          <Popconfirm
            title={t('knowledge.list.deleteTitle', { keyword: item.keyword })}
            description={t('knowledge.list.deleteHint')}
            okText={t('knowledge.actions.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('knowledge.actions.cancel')}
            onConfirm={() =>
              remove.mutateAsync(item.id).then(
                () => void message.success(t('knowledge.list.deleted', { number: item.number })),
                (error: unknown) => failed(error, t('knowledge.errors.deleteFailed')),
              )
            }
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              {t('knowledge.actions.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const tabs: { key: Tab; label: React.ReactNode }[] = [
    { key: 'all', label: t('knowledge.types.all') },
    ...TYPE_ORDER.map((key) => ({ key, label: t(`knowledge.types.${key}`) })),
  ];

  return (
    <div className="kb-page">
      <PageHeader
        title={title}
        description={t('knowledge.description')}
        extra={
          <Space>
            <Button
              icon={<DatabaseOutlined />}
              loading={cache.isPending}
              onClick={() => cache.mutate(undefined, { onSuccess: showCounts, onError: (e) => failed(e, t('knowledge.errors.cacheFailed')) })}
            >
              {t('knowledge.cache.rebuild')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('knowledge.import.open')}
            </Button>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'json', label: t('knowledge.export.json') },
                  { key: 'csv', label: t('knowledge.export.csv') },
                ],
                onClick: ({ key }) => void exportAs(key as KnowledgeTransferFormat),
              }}
            >
              <Button icon={<DownloadOutlined />} loading={exporting}>
                <Space size={4}>
                  {t('knowledge.export.open')}
                  <DownOutlined style={{ fontSize: 10 }} />
                </Space>
              </Button>
            </Dropdown>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ item: null })}>
              {t('knowledge.actions.create')}
            </Button>
          </Space>
        }
      />
      <TryItBox />
      <Card variant="borderless">
        <Tabs
          className="kb-tabs"
          activeKey={tab}
          items={tabs}
          onChange={(key) => {
            setTab(key as Tab);
            setPage(1);
          }}
        />
        <div className="kb-toolbar">
          <Input.Search
            className="kb-toolbar__search"
            allowClear
            value={search}
            placeholder={t('knowledge.list.searchPlaceholder')}
            aria-label={t('knowledge.list.searchPlaceholder')}
            onChange={(event) => {
              setSearch(event.target.value);
              if (!event.target.value) {
                setQ('');
                setPage(1);
              }
            }}
            onSearch={(value) => {
              setQ(value.trim());
              setPage(1);
            }}
          />
          <Typography.Text type="secondary">{t('knowledge.list.total', { count: total })}</Typography.Text>
        </div>
        <Table<KnowledgeItemView>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={list.isFetching || move.isPending}
          locale={{
            emptyText: list.isError ? t('knowledge.list.loadFailed') : q || type ? t('knowledge.list.noMatch') : t('knowledge.list.empty'),
          }}
          pagination={{
            current: page,
            pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            onChange: (next, size) => {
              setPage(size !== pageSize ? 1 : next);
              setPageSize(size);
            },
          }}
          tableLayout="fixed"
        />
      </Card>
      {editing ? (
        <KnowledgeEditor
          key={editing.item?.id ?? 'new'}
          item={editing.item}
          initialType={type}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ImportModal open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}
