import {
  AppstoreOutlined,
  BookOutlined,
  ApiOutlined,
  CommentOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FieldTimeOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  ShopOutlined,
  TeamOutlined,
  AuditOutlined,
} from '@ant-design/icons';
import type { Role } from '@kefu/contracts';
import type { ReactNode } from 'react';

export type AreaKey =
  | 'tenants'
  | 'licenses'
  | 'dashboard'
  | 'conversations'
  | 'queue'
  | 'messages'
  | 'agents'
  | 'knowledge'
  | 'channels'
  | 'settings'
  | 'license'
  | 'sandbox';

export interface NavItem {
  key: AreaKey;
  path: string;
  icon: ReactNode;
  roles: readonly Role[];
}

const SUPERADMIN: readonly Role[] = ['superadmin'];
const TENANT_ADMIN: readonly Role[] = ['tenant_admin'];

/** Every area of the console, in menu order. Labels are `nav.<key>`, descriptions `areas.<key>`. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'tenants', path: '/tenants', icon: <ShopOutlined />, roles: SUPERADMIN },
  { key: 'licenses', path: '/licenses', icon: <AuditOutlined />, roles: SUPERADMIN },
  { key: 'dashboard', path: '/dashboard', icon: <DashboardOutlined />, roles: TENANT_ADMIN },
  { key: 'conversations', path: '/conversations', icon: <CommentOutlined />, roles: TENANT_ADMIN },
  { key: 'queue', path: '/queue', icon: <FieldTimeOutlined />, roles: TENANT_ADMIN },
  { key: 'messages', path: '/messages', icon: <MessageOutlined />, roles: TENANT_ADMIN },
  { key: 'agents', path: '/agents', icon: <TeamOutlined />, roles: TENANT_ADMIN },
  { key: 'knowledge', path: '/knowledge', icon: <BookOutlined />, roles: TENANT_ADMIN },
  { key: 'channels', path: '/channels', icon: <ApiOutlined />, roles: TENANT_ADMIN },
  { key: 'settings', path: '/settings', icon: <SettingOutlined />, roles: TENANT_ADMIN },
  { key: 'license', path: '/license', icon: <SafetyCertificateOutlined />, roles: TENANT_ADMIN },
  { key: 'sandbox', path: '/sandbox', icon: <ExperimentOutlined />, roles: TENANT_ADMIN },
];

export const FALLBACK_ICON = <AppstoreOutlined />;

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/** The page a role lands on after signing in. */
export function homePathFor(role: Role): string {
  return navItemsFor(role)[0]?.path ?? '/';
}

/** The menu entry a location belongs to (its own page or one below it). */
export function navItemForPath(pathname: string): NavItem | undefined {
  return NAV_ITEMS.find((item) => pathname === item.path || pathname.startsWith(`${item.path}/`));
}
