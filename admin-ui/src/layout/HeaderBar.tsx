import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Flex, Layout, Tag, Tooltip, Typography, theme } from 'antd';
import { ROLE_COLORS, ROLE_LABELS } from '../auth/roles';
import { useSession } from '../auth/useSession';
import { LanguageSwitch } from '../i18n/LanguageSwitch';

export interface HeaderBarProps {
  collapsed: boolean;
  onToggle: () => void;
}

export function HeaderBar({ collapsed, onToggle }: HeaderBarProps) {
  const { user, signOut } = useSession();
  const { token } = theme.useToken();
  return (
    <Layout.Header
      style={{
        padding: '0 16px 0 8px',
        background: token.colorBgContainer,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        position: 'sticky',
        top: 0,
        zIndex: 10,
      }}
    >
      <Flex justify="space-between" align="center" style={{ height: '100%' }}>
        <Button
          type="text"
          aria-label={collapsed ? 'Expand menu' : 'Collapse menu'}
          icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          onClick={onToggle}
        />
        {user && (
          <Flex align="center" gap={12}>
            <LanguageSwitch />
            <Avatar size="small" icon={<UserOutlined />} />
            <Tooltip title={user.name}>
              <Typography.Text>{user.email}</Typography.Text>
            </Tooltip>
            <Tag color={ROLE_COLORS[user.role]}>{ROLE_LABELS[user.role]}</Tag>
            <Button icon={<LogoutOutlined />} onClick={signOut}>
              Log out
            </Button>
          </Flex>
        )}
      </Flex>
    </Layout.Header>
  );
}
