import { Suspense, useState } from 'react';
import { Flex, Layout, Spin, Typography } from 'antd';
import { Outlet } from 'react-router-dom';
import { HeaderBar } from './HeaderBar';
import { SiderMenu } from './SiderMenu';

const COLLAPSE_KEY = 'laurel.admin.siderCollapsed';

function Brand({ collapsed }: { collapsed: boolean }) {
  return (
    <Flex align="center" gap={10} style={{ height: 64, padding: collapsed ? '0 24px' : '0 20px' }}>
      <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={28} height={28} />
      {!collapsed && (
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
          Laurel Console
        </Typography.Text>
      )}
    </Flex>
  );
}

/** Shell for authenticated pages: sider menu, header, content outlet. */
export function AppLayout() {
  const [collapsed, setCollapsed] = useState(() => window.localStorage.getItem(COLLAPSE_KEY) === '1');
  const toggle = () =>
    setCollapsed((c) => {
      window.localStorage.setItem(COLLAPSE_KEY, c ? '0' : '1');
      return !c;
    });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        trigger={null}
        breakpoint="lg"
        onBreakpoint={(broken) => setCollapsed(broken)}
        width={220}
        style={{
          position: 'sticky',
          top: 0,
          height: '100vh',
          overflow: 'auto',
        }}
      >
        <Brand collapsed={collapsed} />
        <SiderMenu />
      </Layout.Sider>
      <Layout>
        <HeaderBar collapsed={collapsed} onToggle={toggle} />
        <Layout.Content style={{ padding: 24 }}>
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 64 }}>
                <Spin />
              </Flex>
            }
          >
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
