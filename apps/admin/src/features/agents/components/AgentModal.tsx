import type { Agent } from '@kefu/contracts';
import { Alert, App, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeProblem } from '../../../app/errors';
import { seatsProblem } from '../../license/seats';
import { showFieldErrors } from '../../tenants/serverErrors';
import { useProblemText } from '../../tenants/useProblemMessage';
import { toCreateRequest, toFormValues, toUpdateRequest, type AgentFormValues } from '../form';
import { useCreateAgent, useUpdateAgent } from '../hooks/useAgents';

const FIELDS = { nickname: 'nickname', openid: 'openid', isAdmin: 'isAdmin', status: 'status' };
const STATUSES: Agent['status'][] = ['idle', 'hidden', 'busy', 'offline'];

interface AgentModalProps {
  tenantId: string;
  open: boolean;
  /** The agent to edit; none to add one. */
  agent?: Agent | null;
  onClose: () => void;
  onCreated?: (agent: Agent) => void;
}

export function AgentModal({ tenantId, open, agent, onClose, onCreated }: AgentModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AgentFormValues>();
  const create = useCreateAgent(tenantId);
  const update = useUpdateAgent(tenantId);
  const problemText = useProblemText();
  const [seatError, setSeatError] = useState<{ message: string; seats: number; used: number } | null>(null);

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue(agent ? toFormValues(agent) : { nickname: '', openid: '', isAdmin: false });
  }, [open, agent, form]);

  const fail = (error: unknown) => {
    const seats = seatsProblem(error);
    if (seats) {
      setSeatError({ message: seats.message, seats: seats.seats, used: seats.used });
      return;
    }
    const problem = describeProblem(error);
    if (problem.status === 409) {
      message.error(problemText(error));
      return;
    }
    const rest = showFieldErrors(form, problem, FIELDS);
    if (rest.length || problem.status !== 400) message.error(problemText(error));
  };

  const submit = (values: AgentFormValues) => {
    setSeatError(null);
    if (agent) {
      const body = toUpdateRequest(agent, values);
      if (!Object.keys(body).length) return onClose();
      update.mutate(
        { id: agent.id, body },
        {
          onSuccess: () => {
            message.success(t('agents.saved'));
            onClose();
          },
          onError: fail,
        },
      );
    } else {
      create.mutate(toCreateRequest(values), {
        onSuccess: (created) => {
          message.success(t('agents.added', { name: created.nickname }));
          onCreated?.(created);
          onClose();
        },
        onError: fail,
      });
    }
  };

  return (
    <Modal
      open={open}
      title={agent ? t('agents.edit') : t('agents.add')}
      okText={agent ? t('ui.save') : t('agents.add')}
      cancelText={t('ui.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => setSeatError(null)}
      forceRender
    >
      {seatError ? (
        <Alert
          type="error"
          showIcon
          data-testid="seat-error"
          style={{ marginBottom: 16 }}
          title={
            seatError.seats === 1
              ? t('agents.seatsFullSingle')
              : t('agents.seatsFull', { seats: seatError.seats, used: seatError.used })
          }
          description={
            <>
              <div>{seatError.message}</div>
              <Link to="/license">{t('agents.goApply')}</Link>
            </>
          }
        />
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="nickname"
          label={t('agents.nickname')}
          rules={[
            { required: true, whitespace: true, message: t('agents.nicknameRequired') },
            { max: 32, message: t('agents.nicknameRule') },
          ]}
        >
          <Input placeholder={t('agents.nicknamePlaceholder')} maxLength={32} />
        </Form.Item>
        <Form.Item
          name="openid"
          label={t('agents.openid')}
          extra={agent ? t('agents.openidEditHint') : t('agents.openidHint')}
          rules={[{ pattern: /^[A-Za-z0-9_-]{6,64}$/, message: t('agents.openidRule') }]}
        >
          <Input placeholder="opy0C0aTS3vygwC_3xslIYqLRGQ" allowClear />
        </Form.Item>
        <Form.Item name="isAdmin" label={t('agents.isAdmin')} valuePropName="checked" extra={t('agents.isAdminHint')}>
          <Switch />
        </Form.Item>
        {agent ? (
          <Form.Item name="status" label={t('agents.status')}>
            <Select options={STATUSES.map((status) => ({ value: status, label: t(`agents.statuses.${status}`) }))} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
