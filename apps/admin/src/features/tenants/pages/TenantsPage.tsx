import { PlusOutlined } from '@ant-design/icons';
import type { CreateTenantRequest, TenantSummary } from '@kefu/contracts';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem } from '../../../app/errors';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { PageHeader } from '../../shell/components/PageHeader';
import { formatDateTime } from '../format';
import { useCreateTenant, useTenants, useUpdateTenant } from '../hooks/useTenants';
import { showFieldErrors } from '../serverErrors';
import { useProblemText } from '../useProblemMessage';

const FIELDS = { name: 'name', adminUsername: 'adminUsername', adminPassword: 'adminPassword' };

function CreateTenantModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateTenantRequest>();
  const create = useCreateTenant();
  const problemText = useProblemText();

  const submit = (values: CreateTenantRequest) => {
    create.mutate(values, {
      onSuccess: (tenant) => {
        message.success(t('tenants.created', { name: tenant.name }));
        form.resetFields();
        onClose();
      },
      onError: (error) => {
        const problem = describeProblem(error);
        if (problem.status === 409) {
          form.setFields([{ name: 'adminUsername', errors: [t('tenants.usernameTaken')] }]);
          return;
        }
        const rest = showFieldErrors(form, problem, FIELDS);
        if (rest.length || problem.status !== 400) message.error(problemText(error));
      },
    });
  };

  return (
    <Modal
      open={open}
      title={t('tenants.create')}
      okText={t('ui.create')}
      cancelText={t('ui.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} preserve={false}>
        <Form.Item name="name" label={t('tenants.name')} rules={[{ required: true, whitespace: true, message: t('tenants.nameRequired') }, { max: 100 }]}>
          <Input placeholder={t('tenants.namePlaceholder')} maxLength={100} />
        </Form.Item>
        <Form.Item
          name="adminUsername"
          label={t('tenants.adminUsername')}
          extra={t('tenants.adminUsernameHint')}
          rules={[
            { required: true, message: t('tenants.adminUsernameRequired') },
            { pattern: /^[A-Za-z0-9_.@-]{3,64}$/, message: t('tenants.adminUsernameRule') },
          ]}
        >
          <Input autoComplete="off" placeholder="daoxing" />
        </Form.Item>
        <Form.Item
          name="adminPassword"
          label={t('tenants.adminPassword')}
          rules={[
            { required: true, message: t('tenants.adminPasswordRequired') },
            { min: 8, max: 256, message: t('tenants.adminPasswordRule') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function TenantsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenants = useTenants();
  const update = useUpdateTenant();
  const problemText = useProblemText();
  const [creating, setCreating] = useState(false);
  useDocumentTitle(t('nav.tenants'));

  const setStatus = (tenant: TenantSummary, status: TenantSummary['status']) =>
    update.mutateAsync({ id: tenant.id, body: { status } }).then(
      () => message.success(t(status === 'active' ? 'tenants.activated' : 'tenants.suspended', { name: tenant.name })),
      (error: unknown) => message.error(problemText(error)),
    );

  return (
    <>
      <PageHeader
        title={t('nav.tenants')}
        description={t('areas.tenants')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tenants.create')}
          </Button>
        }
      />
      <Card variant="borderless">
        <Table<TenantSummary>
          rowKey="id"
          loading={tenants.isLoading}
          dataSource={tenants.data}
          pagination={{ hideOnSinglePage: true, pageSize: 20 }}
          locale={{ emptyText: tenants.isError ? problemText(tenants.error) : t('tenants.empty') }}
          columns={[
            { title: t('tenants.name'), dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
            {
              title: t('tenants.status'),
              dataIndex: 'status',
              width: 110,
              render: (status: TenantSummary['status']) =>
                status === 'active' ? <Tag color="success">{t('tenants.statusActive')}</Tag> : <Tag color="default">{t('tenants.statusSuspended')}</Tag>,
            },
            {
              title: t('tenants.mode'),
              dataIndex: 'licenseMode',
              width: 120,
              render: (mode: TenantSummary['licenseMode']) =>
                mode === 'multi' ? <Tag color="blue">{t('license.modeMulti')}</Tag> : <Tag>{t('license.modeSingle')}</Tag>,
            },
            {
              title: t('tenants.seats'),
              key: 'seats',
              width: 130,
              render: (_, tenant) => `${tenant.agentCount} / ${tenant.seats ?? t('license.unlimited')}`,
            },
            { title: t('tenants.createdAt'), dataIndex: 'createdAt', width: 170, render: formatDateTime },
            {
              title: t('ui.actions'),
              key: 'actions',
              width: 110,
              render: (_, tenant) =>
                tenant.status === 'active' ? (
                  <Popconfirm
                    title={t('tenants.suspendTitle', { name: tenant.name })}
                    description={t('tenants.suspendHint')}
                    okText={t('tenants.suspend')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('ui.cancel')}
                    onConfirm={() => setStatus(tenant, 'suspended')}
                  >
                    <Button type="link" danger size="small">
                      {t('tenants.suspend')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Popconfirm
                    title={t('tenants.activateTitle', { name: tenant.name })}
                    okText={t('tenants.activate')}
                    cancelText={t('ui.cancel')}
                    onConfirm={() => setStatus(tenant, 'active')}
                  >
                    <Button type="link" size="small">
                      {t('tenants.activate')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <CreateTenantModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
