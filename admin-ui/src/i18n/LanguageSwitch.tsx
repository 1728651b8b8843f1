import { Segmented } from 'antd';
import { useLanguage, type Language } from './language';

const OPTIONS: { label: string; value: Language }[] = [
  { label: 'EN', value: 'en' },
  { label: '中文', value: 'zh' },
];

/** Switches the console's language; remembered in this browser. */
export function LanguageSwitch() {
  const { language, setLanguage } = useLanguage();
  return (
    <Segmented<Language>
      size="small"
      aria-label="Language / 语言"
      options={OPTIONS}
      value={language}
      onChange={setLanguage}
      data-testid="language-switch"
    />
  );
}
