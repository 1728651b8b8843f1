import type { ReactNode } from 'react';
import { ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useLanguage } from './language';

const ANT_LOCALES = { en: enUS, zh: zhCN };

/** Ant Design's own texts (empty tables, pagination, confirmations) follow the console's language. */
export function LocalizedConfig({ theme, children }: { theme: ThemeConfig; children: ReactNode }) {
  const { language } = useLanguage();
  return (
    <ConfigProvider theme={theme} locale={ANT_LOCALES[language]}>
      {children}
    </ConfigProvider>
  );
}
