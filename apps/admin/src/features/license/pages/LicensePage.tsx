import { ClockCircleOutlined } from '@ant-design/icons';
import type { ApplyForSeatsRequest } from '@kefu/contracts';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeProblem } from '../../../app/errors';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCurrentUser } from '../../auth/currentUser';
import { PageHeader } from '../../shell/components/PageHeader';
import { formatDate, formatDateTime } from '../../tenants/format';
import { showFieldErrors } from '../../tenants/serverErrors';
import { useProblemText } from '../../tenants/useProblemMessage';
import { SeatMeter } from '../components/SeatMeter';
import { useApplyForSeats, useLicense } from '../hooks/useLicense';

export function LicensePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenantId = useCurrentUser().tenantId ?? '';
  const license = useLicense(tenantId);
  const apply = useApplyForSeats(tenantId);
  const problemText = useProblemText();
  const [form] = Form.useForm<ApplyForSeatsRequest>();
  useDocumentTitle(t('nav.license'));

  const submit = (values: ApplyForSeatsRequest) =>
    apply.mutate(
      { seats: values.seats, ...(values.note?.trim() ? { note: values.note.trim() } : {}) },
      {
        onSuccess: () => {
          message.success(t('license.applied'));
          form.resetFields();
        },
        onError: (error) => {
          const problem = describeProblem(error);
          if (problem.status === 409) return message.error(t('license.alreadyPending'));
          const rest = showFieldErrors(form, problem, { seats: 'seats', note: 'note' });
          if (rest.length || problem.status !== 400) message.error(problemText(error));
        },
      },
    );

  const data = license.data;
  const pending = data?.pendingApplication;

  return (
    <>
      <PageHeader title={t('nav.license')} description={t('license.description')} />
      {license.isError ? <Alert type="error" showIcon title={problemText(license.error)} /> : null}
      {!data ? (
        <Card variant="borderless">
          <Skeleton active />
        </Card>
      ) : (
        <>
          <SeatMeter license={data} showLink={false} />
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={24} lg={12}>
              <Card variant="borderless" title={t('license.current')} style={{ height: '100%' }}>
                <Descriptions column={1} size="middle">
                  <Descriptions.Item label={t('license.mode')}>
                    {data.mode === 'multi' ? <Tag color="blue">{t('license.modeMulti')}</Tag> : <Tag>{t('license.modeSingle')}</Tag>}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('license.seats')}>
                    {data.mode === 'single' ? t('license.singleSeat') : data.seats === null ? t('license.unlimited') : t('license.seatCount', { seats: data.seats })}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('license.used')}>{data.used}</Descriptions.Item>
                  <Descriptions.Item label={t('license.grantedAt')}>{formatDateTime(data.grantedAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('license.expiresAt')}>
                    {data.mode === 'multi' ? (data.expiresAt ? formatDate(data.expiresAt) : t('license.noExpiry')) : '—'}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card variant="borderless" title={t('license.applyTitle')} style={{ height: '100%' }}>
                {pending ? (
                  <Alert
                    type="info"
                    showIcon
                    icon={<ClockCircleOutlined />}
                    data-testid="pending-application"
                    title={t('license.pendingTitle', { seats: pending.seats })}
                    description={
                      <>
                        <div>{t('license.pendingHint', { time: formatDateTime(pending.createdAt), user: pending.appliedBy })}</div>
                        {pending.note ? <Typography.Text type="secondary">{t('license.noteLabel', { note: pending.note })}</Typography.Text> : null}
                      </>
                    }
                  />
                ) : (
                  <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ seats: Math.max(2, data.used + 1) }}>
                    <Typography.Paragraph type="secondary">{t('license.applyHint')}</Typography.Paragraph>
                    <Form.Item
                      name="seats"
                      label={t('license.seatsWanted')}
                      rules={[{ required: true, message: t('license.seatsRule') }]}
                    >
                      <InputNumber min={1} max={1000} precision={0} style={{ width: 160 }} suffix={t('license.seatUnit')} />
                    </Form.Item>
                    <Form.Item name="note" label={t('license.note')} rules={[{ max: 500 }]}>
                      <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('license.notePlaceholder')} />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" loading={apply.isPending}>
                      {t('license.apply')}
                    </Button>
                  </Form>
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </>
  );
}
