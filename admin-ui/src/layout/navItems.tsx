import type { ReactNode } from 'react';
import {
  ApiOutlined,
  AuditOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CrownOutlined,
  DashboardOutlined,
  GiftOutlined,
  ShopOutlined,
  SafetyCertificateOutlined,
  TagsOutlined,
  ShoppingCartOutlined,
  ScheduleOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { Role } from '../auth/types';
import { useLanguage, type Language } from '../i18n/language';

export interface NavItem {
  path: string;
  label: ReactNode;
  icon: ReactNode;
  /** Minimum role that sees the item. */
  minRole: Role;
}

/** A menu label in the console's language. */
function Translated({ text }: { text: Record<Language, string> }) {
  return <>{text[useLanguage().language]}</>;
}

export const NAV_ITEMS: readonly NavItem[] = [
  {
    path: '/',
    label: 'Dashboard',
    icon: <DashboardOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/members',
    label: 'Members',
    icon: <TeamOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/earning-rules',
    label: 'Earning rules',
    icon: <GiftOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/tiers',
    label: 'Tiers',
    icon: <CrownOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/tasks',
    label: <Translated text={{ en: 'Tasks', zh: '任务' }} />,
    icon: <CheckSquareOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/check-in',
    label: <Translated text={{ en: 'Check-in', zh: '签到' }} />,
    icon: <CalendarOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/benefits',
    label: <Translated text={{ en: 'Benefits', zh: '会员权益' }} />,
    icon: <SafetyCertificateOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/coupon-templates',
    label: <Translated text={{ en: 'Coupons', zh: '优惠券' }} />,
    icon: <TagsOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/rewards',
    label: <Translated text={{ en: 'Points mall', zh: '积分商城' }} />,
    icon: <ShopOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/redemptions',
    label: <Translated text={{ en: 'Redemptions', zh: '兑换记录' }} />,
    icon: <ShoppingCartOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/operators',
    label: 'Operators',
    icon: <UserSwitchOutlined />,
    minRole: 'admin',
  },
  {
    path: '/api-keys',
    label: 'API keys',
    icon: <ApiOutlined />,
    minRole: 'admin',
  },
  {
    path: '/audit',
    label: 'Audit log',
    icon: <AuditOutlined />,
    minRole: 'viewer',
  },
  {
    path: '/jobs',
    label: 'Jobs',
    icon: <ScheduleOutlined />,
    minRole: 'viewer',
  },
];

/** Pages under another entry's path: a package is edited from the benefits entry. */
const NAV_ALIASES: Record<string, string> = { '/benefit-packages': '/benefits' };

/** The nav item whose path is the longest prefix of `pathname`. */
export function activeNavPath(pathname: string): string {
  const alias = Object.keys(NAV_ALIASES).find((prefix) => pathname.startsWith(prefix));
  if (alias) return NAV_ALIASES[alias] ?? '/';
  const match = NAV_ITEMS.filter((i) =>
    i.path === '/' ? pathname === '/' : pathname === i.path || pathname.startsWith(`${i.path}/`),
  ).sort((a, b) => b.path.length - a.path.length)[0];
  return match?.path ?? '/';
}
