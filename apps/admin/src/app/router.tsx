import type { ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { RequireAuth } from '../features/auth/components/RequireAuth';
import { LoginPage } from '../features/auth/pages/LoginPage';
import { AppLayout } from '../features/shell/components/AppLayout';
import { RoleGate } from '../features/shell/components/RoleGate';
import { NAV_ITEMS, type AreaKey } from '../features/shell/navigation';
import { ComingSoonPage } from '../features/shell/pages/ComingSoonPage';
import { HomeRedirect } from '../features/shell/pages/HomeRedirect';
import { NotFoundPage } from '../features/shell/pages/NotFoundPage';
import { AgentsPage } from '../features/agents/pages/AgentsPage';
import { ChannelsPage } from '../features/channels/pages/ChannelsPage';
import { LicensePage } from '../features/license/pages/LicensePage';
import { LicensesPage } from '../features/licenses/pages/LicensesPage';
import { SettingsPage } from '../features/settings/pages/SettingsPage';
import { TenantsPage } from '../features/tenants/pages/TenantsPage';
import { KnowledgePage } from '../features/knowledge/pages/KnowledgePage';
import { DashboardPage } from '../features/dashboard/pages/DashboardPage';
import { ConversationsPage } from '../features/conversations/pages/ConversationsPage';
import { QueuePage } from '../features/queue/pages/QueuePage';
import { OfflineMessagesPage } from '../features/messages/pages/OfflineMessagesPage';
import { SandboxPage } from '../features/sandbox/pages/SandboxPage';

/** Pages of the tenant, seat and channel areas. */
const accountPages: Partial<Record<AreaKey, ReactNode>> = {
  tenants: <TenantsPage />,
  licenses: <LicensesPage />,
  agents: <AgentsPage />,
  channels: <ChannelsPage />,
  settings: <SettingsPage />,
  license: <LicensePage />,
};

/** Pages of the knowledge base. */
const knowledgePages: Partial<Record<AreaKey, ReactNode>> = {
  knowledge: <KnowledgePage />,
};

/** Pages of the live console. */
const livePages: Partial<Record<AreaKey, ReactNode>> = {
  dashboard: <DashboardPage />,
  conversations: <ConversationsPage />,
  queue: <QueuePage />,
  messages: <OfflineMessagesPage />,
  sandbox: <SandboxPage />,
};

/** Areas that have their own pages replace their placeholder here as they are built. */
const areaRoutes: RouteObject[] = NAV_ITEMS.map((item) => ({
  path: `${item.path.slice(1)}/*`,
  element: (
    <RoleGate roles={item.roles}>
      {accountPages[item.key] ?? knowledgePages[item.key] ?? livePages[item.key] ?? <ComingSoonPage area={item.key} />}
    </RoleGate>
  ),
}));

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [{ index: true, element: <HomeRedirect /> }, ...areaRoutes, { path: '*', element: <NotFoundPage /> }],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
