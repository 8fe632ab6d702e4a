import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { RequireAuth } from '../features/auth/components/RequireAuth';
import { LoginPage } from '../features/auth/pages/LoginPage';
import { AppLayout } from '../features/shell/components/AppLayout';
import { RoleGate } from '../features/shell/components/RoleGate';
import { NAV_ITEMS } from '../features/shell/navigation';
import { ComingSoonPage } from '../features/shell/pages/ComingSoonPage';
import { HomeRedirect } from '../features/shell/pages/HomeRedirect';
import { NotFoundPage } from '../features/shell/pages/NotFoundPage';

/** Areas that have their own pages replace their placeholder here as they are built. */
const areaRoutes: RouteObject[] = NAV_ITEMS.map((item) => ({
  path: `${item.path.slice(1)}/*`,
  element: (
    <RoleGate roles={item.roles}>
      <ComingSoonPage area={item.key} />
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
