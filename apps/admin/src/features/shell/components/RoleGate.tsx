import type { Role } from '@kefu/contracts';
import type { ReactNode } from 'react';
import { useCurrentUser } from '../../auth/currentUser';
import { ForbiddenPage } from '../pages/ForbiddenPage';

export function RoleGate({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useCurrentUser();
  return roles.includes(me.role) ? children : <ForbiddenPage />;
}
