import { CheckCircleFilled, LockOutlined, UserOutlined } from '@ant-design/icons';
import type { LoginRequest } from '@kefu/contracts';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { describeProblem } from '../../../app/errors';
import { BrandMark } from '../../../components/BrandMark';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCountdown } from '../hooks/useCountdown';
import { useLogin } from '../hooks/useLogin';
import { useSession } from '../hooks/useSession';
import { loginErrorMessage } from '../loginError';
import { peekSignInNotice } from '../notice';
import { redirectTarget } from '../redirect';

export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const signedIn = useSession() !== null;
  const loginMutation = useLogin();
  const lock = useCountdown();
  const [notice] = useState(peekSignInNotice);
  useDocumentTitle(t('auth.login.submit'));

  if (signedIn) return <Navigate to={redirectTarget(location.state)} replace />;

  const problem = loginMutation.isError ? describeProblem(loginMutation.error) : null;
  const locked = problem?.status === 429 && lock.running && lock.secondsLeft > 0;
  // A lock that has run out leaves nothing to say.
  const lockOver = problem?.status === 429 && lock.running && lock.secondsLeft === 0;
  const errorMessage =
    problem && !lockOver ? loginErrorMessage(problem, t, locked ? lock.secondsLeft : undefined) : null;

  const onFinish = (values: LoginRequest) => {
    lock.reset();
    loginMutation.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onError: (error) => {
          const { status, retryAfter } = describeProblem(error);
          if (status === 429 && retryAfter) lock.start(retryAfter);
        },
      },
    );
  };

  // Locks are per account: another name may be tried at once.
  const onValuesChange = (changed: Partial<LoginRequest>) => {
    if ('username' in changed && lock.running) {
      lock.reset();
      loginMutation.reset();
    }
  };

  const year = new Date().getFullYear();

  return (
    <div className="login-page">
      <aside className="login-brand">
        <div className="login-brand__logo">
          <BrandMark size={40} inverted />
          <span>{t('app.fullName')}</span>
        </div>
        <div className="login-brand__body">
          <h1>{t('auth.brand.headline')}</h1>
          <p>{t('auth.brand.description')}</p>
          <ul>
            {(['pointChannels', 'pointQueue', 'pointKnowledge'] as const).map((key) => (
              <li key={key}>
                <CheckCircleFilled />
                <span>{t(`auth.brand.${key}`)}</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="login-brand__footer">{t('app.copyright', { year })}</div>
      </aside>

      <main className="login-main">
        <div className="login-main__topbar">
          <LanguageSwitch />
        </div>
        <div className="login-card">
          <div className="login-card__mobile-logo">
            <BrandMark size={36} />
            <span>{t('app.fullName')}</span>
          </div>
          <Typography.Title level={2} className="login-card__title">
            {t('auth.login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" className="login-card__subtitle">
            {t('auth.login.subtitle')}
          </Typography.Paragraph>

          {errorMessage ? (
            <Alert
              className="login-card__alert"
              type="error"
              showIcon
              title={errorMessage}
              role="alert"
              data-testid="login-error"
            />
          ) : notice === 'expired' ? (
            <Alert className="login-card__alert" type="info" showIcon title={t('auth.sessionExpired')} />
          ) : null}

          <Form<LoginRequest>
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={onFinish}
            onValuesChange={onValuesChange}
            autoComplete="on"
          >
            <Form.Item
              label={t('auth.login.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('auth.login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder={t('auth.login.usernamePlaceholder')}
                autoComplete="username"
                autoFocus
                maxLength={64}
              />
            </Form.Item>
            <Form.Item
              label={t('auth.login.password')}
              name="password"
              rules={[{ required: true, message: t('auth.login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                placeholder={t('auth.login.passwordPlaceholder')}
                autoComplete="current-password"
                maxLength={128}
              />
            </Form.Item>
            <Form.Item className="login-card__submit">
              <Button type="primary" htmlType="submit" block loading={loginMutation.isPending} disabled={locked}>
                {t('auth.login.submit')}
              </Button>
            </Form.Item>
          </Form>
        </div>
        <div className="login-main__footer">{t('app.copyright', { year })}</div>
      </main>
    </div>
  );
}
