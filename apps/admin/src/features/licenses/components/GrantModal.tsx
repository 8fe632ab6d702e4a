import { Alert, Checkbox, DatePicker, Form, InputNumber, Modal, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { GrantFormValues } from '../grant';

interface GrantModalProps {
  open: boolean;
  title: string;
  okText: string;
  /** Who it is for and what they asked. */
  summary?: string;
  initial: GrantFormValues;
  loading: boolean;
  error?: string | null;
  onSubmit: (values: GrantFormValues) => void;
  onClose: () => void;
}

export function GrantModal({ open, title, okText, summary, initial, loading, error, onSubmit, onClose }: GrantModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantFormValues>();
  const unlimited = Form.useWatch('unlimited', form);

  useEffect(() => {
    if (open) form.setFieldsValue(initial);
  }, [open, initial, form]);

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('ui.cancel')}
      confirmLoading={loading}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {summary ? <Typography.Paragraph type="secondary">{summary}</Typography.Paragraph> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="grant-error" /> : null}
      <Form form={form} layout="vertical" onFinish={onSubmit} requiredMark={false}>
        <Form.Item label={t('licenses.seats')} required>
          <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
            <Form.Item
              name="seats"
              noStyle
              rules={unlimited ? [] : [{ required: true, message: t('licenses.seatsRequired') }]}
            >
              <InputNumber min={1} max={100000} precision={0} disabled={unlimited} style={{ width: 160 }} aria-label={t('licenses.seats')} />
            </Form.Item>
            <Form.Item name="unlimited" valuePropName="checked" noStyle>
              <Checkbox>{t('license.unlimited')}</Checkbox>
            </Form.Item>
          </div>
        </Form.Item>
        <Form.Item name="expiresOn" label={t('licenses.expiresOn')} extra={t('licenses.expiresOnHint')}>
          <DatePicker
            style={{ width: 220 }}
            disabledDate={(day) => day.isBefore(dayjs().startOf('day'))}
            placeholder={t('licenses.noExpiry')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
