import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** The console's languages: English and Simplified Chinese. */
export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'laurel.language';

interface LanguageContextValue {
  language: Language;
  setLanguage: (language: Language) => void;
}

const LanguageContext = createContext<LanguageContextValue | null>(null);

/** The operator's last choice, else the browser's language (Chinese for any `zh-*`), else English. */
function initialLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // Storage may be unavailable (private mode): fall back to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across reloads; the choice still applies now.
    }
  }, []);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageContextValue {
  const ctx = useContext(LanguageContext);
  if (!ctx) throw new Error('useLanguage must be used inside <LanguageProvider>');
  return ctx;
}

/**
 * A feature's texts in every language, the same keys in each (the compiler checks that none is missing):
 * `const messages = defineMessages({ en: { title: 'Events' }, zh: { title: '事件' } })`.
 */
export function defineMessages<M>(messages: Record<Language, M>): Record<Language, M> {
  return messages;
}

/** The texts of the current language. */
export function useMessages<M>(messages: Record<Language, M>): M {
  return messages[useLanguage().language];
}
