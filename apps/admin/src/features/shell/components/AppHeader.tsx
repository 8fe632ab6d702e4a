import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Avatar, Button, Divider, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { BrandMark } from '../../../components/BrandMark';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { useCurrentUser } from '../../auth/currentUser';
import { useLogout } from '../../auth/hooks/useLogout';

interface AppHeaderProps {
  collapsed: boolean;
  onToggleCollapsed: () => void;
}

export function AppHeader({ collapsed, onToggleCollapsed }: AppHeaderProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { signOut, pending } = useLogout();

  return (
    <div className="app-header">
      <div className="app-header__left">
        <Tooltip title={collapsed ? t('shell.expand') : t('shell.collapse')} placement="bottom">
          <Button
            type="text"
            className="app-header__toggle"
            aria-label={collapsed ? t('shell.expand') : t('shell.collapse')}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={onToggleCollapsed}
          />
        </Tooltip>
        <Link to="/" className="app-header__brand">
          <BrandMark size={30} />
          <span className="app-header__product">{t('app.fullName')}</span>
        </Link>
      </div>

      <div className="app-header__right">
        <LanguageSwitch size="small" />
        <Divider orientation="vertical" className="app-header__divider" />
        <div className="app-header__user" data-testid="current-user">
          <Avatar size={32} className="app-header__avatar">
            {me.username.slice(0, 1).toUpperCase()}
          </Avatar>
          <span className="app-header__username">{me.username}</span>
          <Tag color={me.role === 'superadmin' ? 'gold' : 'blue'} variant="filled" className="app-header__role">
            {t(`roles.${me.role}`)}
          </Tag>
        </div>
        <Button
          type="text"
          icon={<LogoutOutlined />}
          loading={pending}
          aria-label={t('auth.logout')}
          onClick={() => void signOut()}
        >
          <span className="app-header__logout-label">{t('auth.logout')}</span>
        </Button>
      </div>
    </div>
  );
}
