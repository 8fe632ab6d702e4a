import {
  ClockCircleOutlined,
  CommentOutlined,
  FieldTimeOutlined,
  MessageOutlined,
  ThunderboltOutlined,
  UserOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import type { Agent, Dashboard } from '@kefu/contracts';
import { Card, Col, Empty, List, Row, Space, Spin, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCurrentUser } from '../../auth/currentUser';
import { customerLabel, formatDuration, formatWait } from '../../conversations/format';
import { useLiveUpdates } from '../../live/hooks/useLiveUpdates';
import { PageHeader } from '../../shell/components/PageHeader';
import { useProblemText } from '../../tenants/useProblemMessage';
import { ActivityChart } from '../components/ActivityChart';
import { useDashboard } from '../hooks/useDashboard';
import { dailyPoints, hourlyPoints } from '../series';
import '../../conversations/conversations.css';

const STATUS_COLORS: Record<Agent['status'], string> = { idle: 'success', hidden: 'purple', busy: 'warning', offline: 'default' };

function Figure({ title, hint, value, icon, footer, testId }: { title: string; hint?: string; value: ReactNode; icon: ReactNode; footer?: ReactNode; testId: string }) {
  const label = hint ? (
    <Tooltip title={hint}>
      <span className="dashboard-figure__label">{title}</span>
    </Tooltip>
  ) : (
    <span className="dashboard-figure__label">{title}</span>
  );
  return (
    <Card variant="borderless" className="dashboard-figure" data-testid={testId}>
      <div className="dashboard-figure__icon">{icon}</div>
      <Statistic title={label} value={value as string} />
      <div className="dashboard-figure__footer">{footer ?? '\u00a0'}</div>
    </Card>
  );
}

function Figures({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const cards = [
    { testId: 'figure-online', title: t('dashboard.customersOnline'), hint: t('dashboard.customersOnlineHint'), value: data.customersOnline, icon: <WifiOutlined /> },
    {
      testId: 'figure-waiting',
      title: t('dashboard.waiting'),
      value: data.waiting,
      icon: <FieldTimeOutlined />,
      footer: data.longestWaitSeconds === null ? t('dashboard.noWait') : t('dashboard.longestWait', { time: formatWait(data.longestWaitSeconds) }),
    },
    { testId: 'figure-active', title: t('dashboard.activeSessions'), value: data.activeSessions, icon: <CommentOutlined /> },
    { testId: 'figure-today', title: t('dashboard.sessionsToday'), value: data.sessionsToday, icon: <UserOutlined /> },
    {
      testId: 'figure-wait',
      title: t('dashboard.averageWait'),
      hint: t('dashboard.averageWaitHint'),
      value: formatDuration(t, data.averageWaitSeconds),
      icon: <ClockCircleOutlined />,
    },
    {
      testId: 'figure-response',
      title: t('dashboard.averageFirstResponse'),
      hint: t('dashboard.averageFirstResponseHint'),
      value: formatDuration(t, data.averageFirstResponseSeconds),
      icon: <ThunderboltOutlined />,
    },
    {
      testId: 'figure-offline',
      title: t('dashboard.unreadOffline'),
      value: data.unreadOfflineMessages,
      icon: <MessageOutlined />,
      footer: data.unreadOfflineMessages ? <Link to="/messages">{t('nav.messages')}</Link> : undefined,
    },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((card) => (
        <Col key={card.testId} xs={24} sm={12} lg={8} xxl={6} xl={6}>
          <Figure {...card} />
        </Col>
      ))}
    </Row>
  );
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const tenantId = useCurrentUser().tenantId ?? '';
  const dashboard = useDashboard(tenantId);
  const problemText = useProblemText();
  useLiveUpdates(tenantId);
  useDocumentTitle(t('nav.dashboard'));

  const data = dashboard.data;
  return (
    <>
      <PageHeader
        title={t('nav.dashboard')}
        description={t('dashboard.description')}
        extra={data ? <Typography.Text type="secondary">{t('dashboard.timeZone', { zone: data.timeZone })}</Typography.Text> : null}
      />
      {!data ? (
        <Card variant="borderless">{dashboard.isError ? <Empty description={problemText(dashboard.error)} /> : <Spin />}</Card>
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Figures data={data} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <Card variant="borderless" title={t('dashboard.today')}>
                <ActivityChart points={hourlyPoints(data.hourly)} />
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card variant="borderless" title={t('dashboard.agents')} data-testid="dashboard-agents">
                <List
                  dataSource={data.agents}
                  locale={{ emptyText: t('dashboard.noAgents') }}
                  renderItem={(agent) => (
                    <List.Item extra={<Tag color={STATUS_COLORS[agent.status]}>{t(`agents.statuses.${agent.status}`)}</Tag>}>
                      <List.Item.Meta
                        title={agent.nickname}
                        description={agent.serving ? t('dashboard.serving', { customer: customerLabel(agent.serving) }) : t('dashboard.notServing')}
                      />
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
          <Card variant="borderless" title={t('dashboard.week')}>
            <ActivityChart points={dailyPoints(data.daily, i18n.language)} height={220} />
          </Card>
        </Space>
      )}
    </>
  );
}
