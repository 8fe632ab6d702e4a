import type { LicenseApplication, LicenseAuditAction, LicenseAuditEntry, TenantSummary } from '@kefu/contracts';
import { useQueries } from '@tanstack/react-query';
import { App, Badge, Button, Card, DatePicker, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { fetchLicense, licenseKeys } from '../../license/api';
import { seatsProblem } from '../../license/seats';
import { PageHeader } from '../../shell/components/PageHeader';
import { formatDate, formatDateTime } from '../../tenants/format';
import { useTenants } from '../../tenants/hooks/useTenants';
import { useProblemText } from '../../tenants/useProblemMessage';
import type { AuditQuery } from '../api';
import { GrantModal } from '../components/GrantModal';
import { RejectModal } from '../components/RejectModal';
import { describeGrant, toGrantRequest, type GrantFormValues } from '../grant';
import { useApplications, useAudit, useChangeLicense, useGrant, useReject, useRevokeLicense } from '../hooks/useLicenses';

const ACTIONS: LicenseAuditAction[] = ['apply', 'grant', 'reject', 'change', 'revoke', 'expire'];
const ACTION_COLORS: Record<LicenseAuditAction, string> = {
  apply: 'processing',
  grant: 'success',
  reject: 'error',
  change: 'blue',
  revoke: 'volcano',
  expire: 'default',
};

type GrantTarget = { kind: 'grant'; application: LicenseApplication } | { kind: 'change'; tenant: TenantSummary; expiresAt: string | null };

function PendingTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const pending = useApplications('pending');
  const grant = useGrant();
  const reject = useReject();
  const problemText = useProblemText();
  const [granting, setGranting] = useState<LicenseApplication | null>(null);
  const [rejecting, setRejecting] = useState<LicenseApplication | null>(null);
  const [error, setError] = useState<string | null>(null);
  const initial = useMemo<GrantFormValues>(() => ({ unlimited: false, seats: granting?.seats ?? 1, expiresOn: null }), [granting]);

  return (
    <>
      <Table<LicenseApplication>
        rowKey="id"
        loading={pending.isLoading}
        dataSource={pending.data}
        pagination={{ hideOnSinglePage: true }}
        locale={{ emptyText: t('licenses.noPending') }}
        columns={[
          { title: t('licenses.tenant'), dataIndex: 'tenantName', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
          { title: t('licenses.seatsAsked'), dataIndex: 'seats', width: 110 },
          { title: t('licenses.note'), dataIndex: 'note', render: (note: string) => note || <Typography.Text type="secondary">—</Typography.Text> },
          { title: t('licenses.appliedBy'), dataIndex: 'appliedBy', width: 130 },
          { title: t('licenses.appliedAt'), dataIndex: 'createdAt', width: 170, render: formatDateTime },
          {
            title: t('ui.actions'),
            key: 'actions',
            width: 160,
            render: (_, application) => (
              <Space>
                <Button type="primary" size="small" onClick={() => (setError(null), setGranting(application))}>
                  {t('licenses.grant')}
                </Button>
                <Button size="small" danger onClick={() => setRejecting(application)}>
                  {t('licenses.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <GrantModal
        open={!!granting}
        title={t('licenses.grantTitle')}
        okText={t('licenses.grant')}
        summary={granting ? t('licenses.grantSummary', { name: granting.tenantName, seats: granting.seats }) : undefined}
        initial={initial}
        loading={grant.isPending}
        error={error}
        onClose={() => setGranting(null)}
        onSubmit={(values) =>
          granting &&
          grant.mutate(
            { id: granting.id, body: toGrantRequest(values) },
            {
              onSuccess: () => {
                message.success(t('licenses.granted', { name: granting.tenantName }));
                setGranting(null);
              },
              onError: (failure) => setError(seatsProblem(failure)?.message ?? problemText(failure)),
            },
          )
        }
      />
      <RejectModal
        open={!!rejecting}
        summary={rejecting ? t('licenses.rejectSummary', { name: rejecting.tenantName, seats: rejecting.seats }) : undefined}
        loading={reject.isPending}
        onClose={() => setRejecting(null)}
        onSubmit={(reason) =>
          rejecting &&
          reject.mutate(
            { id: rejecting.id, body: reason ? { reason } : {} },
            {
              onSuccess: () => {
                message.success(t('licenses.rejected', { name: rejecting.tenantName }));
                setRejecting(null);
              },
              onError: (failure) => message.error(problemText(failure)),
            },
          )
        }
      />
    </>
  );
}

function GrantedTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const tenants = useTenants();
  const change = useChangeLicense();
  const revoke = useRevokeLicense();
  const problemText = useProblemText();
  const multi = useMemo(() => (tenants.data ?? []).filter((tenant) => tenant.licenseMode === 'multi'), [tenants.data]);
  const licenses = useQueries({
    queries: multi.map((tenant) => ({ queryKey: licenseKeys.of(tenant.id), queryFn: () => fetchLicense(tenant.id) })),
  });
  const [target, setTarget] = useState<GrantTarget | null>(null);
  const [error, setError] = useState<string | null>(null);
  const initial = useMemo<GrantFormValues>(() => {
    if (target?.kind !== 'change') return { unlimited: false, seats: 1, expiresOn: null };
    return {
      unlimited: target.tenant.seats === null,
      seats: target.tenant.seats ?? target.tenant.agentCount,
      expiresOn: target.expiresAt ? dayjs(target.expiresAt) : null,
    };
  }, [target]);

  const rows = multi.map((tenant, index) => ({ tenant, license: licenses[index]?.data }));

  const confirmRevoke = (tenant: TenantSummary) =>
    modal.confirm({
      title: t('licenses.revokeTitle', { name: tenant.name }),
      content: t('licenses.revokeHint'),
      okText: t('licenses.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('ui.cancel'),
      onOk: () =>
        revoke.mutateAsync(tenant.id).then(
          () => message.success(t('licenses.revoked', { name: tenant.name })),
          (failure: unknown) => message.error(problemText(failure)),
        ),
    });

  return (
    <>
      <Table
        rowKey={(row) => row.tenant.id}
        loading={tenants.isLoading}
        dataSource={rows}
        pagination={{ hideOnSinglePage: true }}
        locale={{ emptyText: t('licenses.noGranted') }}
        columns={[
          { title: t('licenses.tenant'), key: 'name', render: (_, row) => <Typography.Text strong>{row.tenant.name}</Typography.Text> },
          {
            title: t('licenses.seats'),
            key: 'seats',
            width: 140,
            render: (_, row) => (row.tenant.seats === null ? <Tag color="blue">{t('license.unlimited')}</Tag> : row.tenant.seats),
          },
          { title: t('licenses.used'), key: 'used', width: 100, render: (_, row) => row.tenant.agentCount },
          { title: t('licenses.grantedAt'), key: 'grantedAt', width: 170, render: (_, row) => formatDateTime(row.license?.grantedAt) },
          {
            title: t('licenses.expiresOn'),
            key: 'expiresAt',
            width: 140,
            render: (_, row) => (row.license?.expiresAt ? formatDate(row.license.expiresAt) : t('licenses.noExpiry')),
          },
          {
            title: t('ui.actions'),
            key: 'actions',
            width: 170,
            render: (_, row) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => {
                    setError(null);
                    setTarget({ kind: 'change', tenant: row.tenant, expiresAt: row.license?.expiresAt ?? null });
                  }}
                >
                  {t('licenses.change')}
                </Button>
                <Button size="small" danger onClick={() => confirmRevoke(row.tenant)}>
                  {t('licenses.revoke')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <GrantModal
        open={target?.kind === 'change'}
        title={t('licenses.changeTitle')}
        okText={t('ui.save')}
        summary={target?.kind === 'change' ? t('licenses.changeSummary', { name: target.tenant.name, used: target.tenant.agentCount }) : undefined}
        initial={initial}
        loading={change.isPending}
        error={error}
        onClose={() => setTarget(null)}
        onSubmit={(values) =>
          target?.kind === 'change' &&
          change.mutate(
            { tenantId: target.tenant.id, body: toGrantRequest(values) },
            {
              onSuccess: () => {
                message.success(t('licenses.changed', { name: target.tenant.name }));
                setTarget(null);
              },
              onError: (failure) => {
                const seats = seatsProblem(failure);
                setError(seats ? t('licenses.belowAgents', { used: seats.used }) : problemText(failure));
              },
            },
          )
        }
      />
    </>
  );
}

function RejectedTab() {
  const { t } = useTranslation();
  const rejected = useApplications('rejected');
  return (
    <Table<LicenseApplication>
      rowKey="id"
      loading={rejected.isLoading}
      dataSource={rejected.data}
      pagination={{ hideOnSinglePage: true }}
      locale={{ emptyText: t('licenses.noRejected') }}
      columns={[
        { title: t('licenses.tenant'), dataIndex: 'tenantName' },
        { title: t('licenses.seatsAsked'), dataIndex: 'seats', width: 110 },
        { title: t('licenses.rejectReason'), dataIndex: 'rejectReason', render: (reason: string | null) => reason || '—' },
        { title: t('licenses.decidedBy'), dataIndex: 'decidedBy', width: 130 },
        { title: t('licenses.decidedAt'), dataIndex: 'decidedAt', width: 170, render: formatDateTime },
      ]}
    />
  );
}

function AuditTab() {
  const { t } = useTranslation();
  const tenants = useTenants();
  const [tenantId, setTenantId] = useState<string | undefined>();
  const [action, setAction] = useState<LicenseAuditAction | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const query: AuditQuery = {
    tenantId,
    action,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
    page,
    pageSize: 20,
  };
  const audit = useAudit(query);
  const unlimited = t('license.unlimited');

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('licenses.allTenants')}
          style={{ width: 200 }}
          value={tenantId}
          onChange={(value) => (setTenantId(value), setPage(1))}
          options={(tenants.data ?? []).map((tenant) => ({ value: tenant.id, label: tenant.name }))}
        />
        <Select
          allowClear
          placeholder={t('licenses.allActions')}
          style={{ width: 140 }}
          value={action}
          onChange={(value) => (setAction(value), setPage(1))}
          options={ACTIONS.map((value) => ({ value, label: t(`licenses.actions.${value}`) }))}
        />
        <DatePicker.RangePicker value={range} onChange={(value) => (setRange(value), setPage(1))} />
      </Space>
      <Table<LicenseAuditEntry>
        rowKey="id"
        loading={audit.isFetching}
        dataSource={audit.data?.items}
        pagination={{ current: page, pageSize: 20, total: audit.data?.total ?? 0, hideOnSinglePage: true, onChange: setPage }}
        locale={{ emptyText: t('licenses.noAudit') }}
        columns={[
          { title: t('licenses.time'), dataIndex: 'createdAt', width: 170, render: formatDateTime },
          { title: t('licenses.tenant'), dataIndex: 'tenantName' },
          {
            title: t('licenses.action'),
            dataIndex: 'action',
            width: 110,
            render: (value: LicenseAuditAction) => <Tag color={ACTION_COLORS[value]}>{t(`licenses.actions.${value}`)}</Tag>,
          },
          {
            title: t('licenses.detail'),
            key: 'detail',
            render: (_, entry) => {
              const before = describeGrant(entry.before, unlimited);
              const after = describeGrant(entry.after, unlimited);
              if (!before && !after) return '—';
              return before && after ? `${before} → ${after}` : (after ?? before);
            },
          },
          {
            title: t('licenses.actor'),
            dataIndex: 'actorName',
            width: 130,
            render: (name: string, entry) => (entry.actorId ? name : t('licenses.system')),
          },
        ]}
      />
    </>
  );
}

export function LicensesPage() {
  const { t } = useTranslation();
  const pending = useApplications('pending');
  useDocumentTitle(t('nav.licenses'));
  const count = pending.data?.length ?? 0;

  return (
    <>
      <PageHeader title={t('nav.licenses')} description={t('licenses.description')} />
      <Card variant="borderless">
        <Tabs
          destroyOnHidden
          items={[
            {
              key: 'pending',
              label: (
                <Space size={6}>
                  {t('licenses.tabPending')}
                  <Badge count={count} size="small" />
                </Space>
              ),
              children: <PendingTab />,
            },
            { key: 'granted', label: t('licenses.tabGranted'), children: <GrantedTab /> },
            { key: 'rejected', label: t('licenses.tabRejected'), children: <RejectedTab /> },
            { key: 'audit', label: t('licenses.tabAudit'), children: <AuditTab /> },
          ]}
        />
      </Card>
    </>
  );
}
