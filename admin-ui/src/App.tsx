import { App as AntApp } from 'antd';
import type { ThemeConfig } from 'antd';
import { BrowserRouter } from 'react-router-dom';
import { SessionProvider } from './auth/SessionContext';
import { LanguageProvider } from './i18n/language';
import { LocalizedConfig } from './i18n/LocalizedConfig';
import { AppRoutes } from './routes';

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f6f4a',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, " +
      "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans SC', 'Noto Sans', sans-serif",
  },
  components: {
    Layout: { siderBg: '#10261b', triggerBg: '#0b1c13' },
    Menu: {
      darkItemBg: '#10261b',
      darkSubMenuItemBg: '#0b1c13',
      darkItemSelectedBg: '#1f6f4a',
    },
  },
};

// Router basename follows Vite's `base` ("/admin/") so links work under /admin/.
const basename = import.meta.env.BASE_URL.replace(/\/$/, '') || '/';

export function App() {
  return (
    <LanguageProvider>
      <LocalizedConfig theme={theme}>
        <AntApp>
          <SessionProvider>
            <BrowserRouter basename={basename}>
              <AppRoutes />
            </BrowserRouter>
          </SessionProvider>
        </AntApp>
      </LocalizedConfig>
    </LanguageProvider>
  );
}
