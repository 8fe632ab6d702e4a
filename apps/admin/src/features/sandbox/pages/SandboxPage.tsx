import { ExperimentOutlined } from '@ant-design/icons';
import { App, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCurrentUser } from '../../auth/currentUser';
import { PageHeader } from '../../shell/components/PageHeader';
import { useProblemText } from '../../tenants/useProblemMessage';
import { AddCustomerButton } from '../components/AddCustomerButton';
import { CommandHint } from '../components/CommandHint';
import { Phone } from '../components/Phone';
import { useAddCustomer, usePhones, useSandboxStatus, useTypeOnPhone } from '../hooks/useSandbox';
import '../sandbox.css';

/** The demo's mini-program, as the chat's title bar shows it. */
const APP_NAME = '演示小程序';

export function SandboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const tenantId = useCurrentUser().tenantId ?? '';
  const status = useSandboxStatus();
  const isDemo = status.data?.state === 'ready' && status.data.tenantId === tenantId;
  const phones = usePhones(tenantId, isDemo);
  const addCustomer = useAddCustomer(tenantId);
  const typeOnPhone = useTypeOnPhone(tenantId);
  useDocumentTitle(t('nav.sandbox'));

  const header = <PageHeader title={t('nav.sandbox')} description={t('sandbox.description')} />;
  if (status.isLoading || status.data?.state === 'starting') {
    return (
      <>
        {header}
        <div className="sb-loading">
          <Spin tip={t('sandbox.starting')}>
            <div className="sb-loading__space" />
          </Spin>
        </div>
      </>
    );
  }
  if (!isDemo) {
    return (
      <>
        {header}
        <Result
          icon={<ExperimentOutlined />}
          title={status.data?.enabled ? t('sandbox.notDemo') : t('sandbox.off')}
          subTitle={status.data?.enabled ? t('sandbox.notDemoHint') : t('sandbox.offHint')}
        />
      </>
    );
  }

  const all = phones.data ?? [];
  const customers = all.filter((phone) => phone.role === 'customer');
  const agents = all.filter((phone) => phone.role === 'agent');
  const report = (error: unknown) => void message.error(problemText(error));
  const send = (openid: string) => (input: { text?: string; picture?: boolean }) =>
    typeOnPhone.mutateAsync({ openid, ...input }).catch((error: unknown) => {
      report(error);
      throw error;
    });
  const add = (nickname: string) =>
    addCustomer.mutateAsync(nickname).then(
      () => undefined,
      (error: unknown) => {
        report(error);
        throw error;
      },
    );

  const group = (title: string, list: typeof all, kind: 'customers' | 'agents') => (
    <div className={`sb-group sb-group--${kind}`}>
      <Typography.Text type="secondary" className="sb-group__title">
        {title} · {list.length}
      </Typography.Text>
      <div className="sb-group__phones">
        {list.map((phone) => (
          <Phone key={phone.openid} phone={phone} tenantId={tenantId} appName={APP_NAME} onSend={send(phone.openid)} />
        ))}
      </div>
    </div>
  );

  return (
    <div className="sb-page">
      <PageHeader
        title={t('nav.sandbox')}
        description={t('sandbox.description')}
        extra={<AddCustomerButton taken={customers.map((phone) => phone.name)} onAdd={add} />}
      />
      <CommandHint />
      {phones.isError && !phones.data ? (
        <Result status="warning" title={problemText(phones.error)} />
      ) : phones.isLoading ? (
        <div className="sb-loading">
          <Spin />
        </div>
      ) : (
        <div className="sb-phones">
          {group(t('sandbox.customers'), customers, 'customers')}
          {group(t('sandbox.agents'), agents, 'agents')}
        </div>
      )}
    </div>
  );
}
