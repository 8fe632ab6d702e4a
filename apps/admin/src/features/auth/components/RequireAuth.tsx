import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { CurrentUserContext } from '../currentUser';
import { useLogout } from '../hooks/useLogout';
import { useMe } from '../hooks/useMe';
import { useSession } from '../hooks/useSession';
import type { LoginLocationState } from '../redirect';

/** Lets signed-in users through once their account is loaded; sends everyone else to the login page. */
export function RequireAuth() {
  const { t } = useTranslation();
  const location = useLocation();
  const signedIn = useSession() !== null;
  const me = useMe();
  const { signOut, pending } = useLogout();

  if (!signedIn) {
    const state: LoginLocationState = {
      from: { pathname: location.pathname, search: location.search, hash: location.hash },
    };
    return <Navigate to="/login" replace state={state} />;
  }

  if (me.isPending) {
    return (
      <div className="full-page-center">
        <Spin size="large" description={t('shell.loading')} />
      </div>
    );
  }

  if (me.isError || !me.data) {
    return (
      <div className="full-page-center">
        <Result
          status="warning"
          title={t('shell.loadFailed')}
          extra={[
            <Button key="retry" type="primary" onClick={() => void me.refetch()} loading={me.isFetching}>
              {t('shell.retry')}
            </Button>,
            <Button key="logout" onClick={() => void signOut()} loading={pending}>
              {t('auth.logout')}
            </Button>,
          ]}
        />
      </div>
    );
  }

  return (
    <CurrentUserContext.Provider value={me.data}>
      <Outlet />
    </CurrentUserContext.Provider>
  );
}
