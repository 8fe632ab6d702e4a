import { Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useCurrentUser } from '../../auth/currentUser';
import { useIsSandboxTenant } from '../../sandbox/hooks/useSandbox';
import { navItemForPath, navItemsFor } from '../navigation';

export function SideMenu() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { pathname } = useLocation();
  const selected = navItemForPath(pathname);
  // The sandbox's page is there only while the api runs it, for the demo shop.
  const sandbox = useIsSandboxTenant();

  return (
    <Menu
      mode="inline"
      className="side-menu"
      selectedKeys={selected ? [selected.path] : []}
      items={navItemsFor(me.role)
        .filter((item) => item.key !== 'sandbox' || sandbox)
        .map((item) => ({
          key: item.path,
          icon: item.icon,
          label: <Link to={item.path}>{t(`nav.${item.key}`)}</Link>,
        }))}
    />
  );
}
