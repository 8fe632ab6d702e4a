import { Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

interface RejectModalProps {
  open: boolean;
  summary?: string;
  loading: boolean;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}

export function RejectModal({ open, summary, loading, onSubmit, onClose }: RejectModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={t('licenses.rejectTitle')}
      okText={t('licenses.reject')}
      okButtonProps={{ danger: true }}
      cancelText={t('ui.cancel')}
      confirmLoading={loading}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <p>{summary}</p>
      <Form form={form} layout="vertical" onFinish={(values) => onSubmit(values.reason?.trim() ?? '')}>
        <Form.Item name="reason" label={t('licenses.rejectReason')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('licenses.rejectReasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
