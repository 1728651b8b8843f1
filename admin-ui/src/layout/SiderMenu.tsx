import { Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { hasRole } from '../auth/roles';
import { useSession } from '../auth/useSession';
import { activeNavPath, NAV_ITEMS } from './navItems';

/** Sider navigation; admin-only entries are hidden from lower roles. */
export function SiderMenu() {
  const { user } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  const items: MenuProps['items'] = NAV_ITEMS.filter((i) => hasRole(user?.role, i.minRole)).map((i) => ({
    key: i.path,
    icon: i.icon,
    label: i.label,
  }));

  return <Menu theme="dark" mode="inline" selectedKeys={[activeNavPath(pathname)]} items={items} onClick={({ key }) => navigate(key)} />;
}
