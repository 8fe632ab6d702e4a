import { Layout } from 'antd';
import { useState } from 'react';
import { Outlet } from 'react-router-dom';
import { AppHeader } from './AppHeader';
import { SideMenu } from './SideMenu';

const COLLAPSED_KEY = 'kefu.admin.siderCollapsed';

export function AppLayout() {
  // The menu the user chose on wide screens; narrow screens start collapsed without changing it.
  const [preferCollapsed, setPreferCollapsed] = useState(() => window.localStorage.getItem(COLLAPSED_KEY) === '1');
  const [narrow, setNarrow] = useState(false);
  const [collapsed, setCollapsed] = useState(preferCollapsed);

  const toggle = () => {
    const next = !collapsed;
    setCollapsed(next);
    if (!narrow) {
      setPreferCollapsed(next);
      window.localStorage.setItem(COLLAPSED_KEY, next ? '1' : '0');
    }
  };

  const onBreakpoint = (broken: boolean) => {
    setNarrow(broken);
    setCollapsed(broken || preferCollapsed);
  };

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-layout__header">
        <AppHeader collapsed={collapsed} onToggleCollapsed={toggle} />
      </Layout.Header>
      <Layout hasSider>
        <Layout.Sider
          className="app-layout__sider"
          width={220}
          collapsedWidth={64}
          collapsed={collapsed}
          breakpoint="lg"
          onBreakpoint={onBreakpoint}
          trigger={null}
        >
          <SideMenu />
        </Layout.Sider>
        <Layout.Content className="app-layout__content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
