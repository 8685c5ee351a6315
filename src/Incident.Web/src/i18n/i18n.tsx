import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MsgKey } from './en';
import { zhCN } from './zh-CN';

export type Lang = 'zh-CN' | 'en';
export const LANGS: { value: Lang; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

const DICTS: Record<Lang, Record<MsgKey, string>> = { 'zh-CN': zhCN, en };

type Params = Record<string, string | number>;

/** Singulars: with `count: 1`, a key's `.one` variant is used when there is one (Chinese repeats the plural). */
export function translate(lang: Lang, key: MsgKey, params?: Params): string {
  const one = params?.count === 1 ? (`${key}.one` as MsgKey) : null;
  const s = (one && one in en ? DICTS[lang][one] : undefined) ?? DICTS[lang][key] ?? en[key] ?? key;
  return params ? s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : s;
}

/** Label for a code value (stage, severity, department…): dictionary entry when there is one, else the code. */
export function translateValue(lang: Lang, prefix: string, value: string | null | undefined, fallback?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${prefix}.${value}` as MsgKey;
  return key in en ? translate(lang, key) : (fallback ?? value);
}

// Preference storage: one key per user, plus the last choice for the sign-in screen.
const PREF_PREFIX = 'incident.lang.';
const ANON_KEY = 'incident.lang';

function isLang(v: string | null): v is Lang {
  return v === 'zh-CN' || v === 'en';
}

export function loadLang(username: string | null, storage: Storage = localStorage): Lang {
  const own = username ? storage.getItem(PREF_PREFIX + username) : null;
  if (isLang(own)) return own;
  const anon = storage.getItem(ANON_KEY);
  if (isLang(anon)) return anon;
  const nav = typeof navigator !== 'undefined' ? navigator.language : '';
  return nav.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export function saveLang(username: string | null, lang: Lang, storage: Storage = localStorage): void {
  storage.setItem(ANON_KEY, lang);
  if (username) storage.setItem(PREF_PREFIX + username, lang);
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MsgKey, params?: Params) => string;
  tv: (prefix: string, value: string | null | undefined, fallback?: string) => string;
  formatTime: (iso: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ username, children }: { username: string | null; children: ReactNode }) {
  const [state, setState] = useState<{ user: string | null; lang: Lang }>(() => ({ user: username, lang: loadLang(username) }));
  // A different user signing in brings their own remembered language.
  let lang = state.lang;
  if (state.user !== username) {
    lang = loadLang(username);
    setState({ user: username, lang });
  }
  const setLang = useCallback(
    (l: Lang) => {
      saveLang(username, l);
      setState({ user: username, lang: l });
    },
    [username],
  );
  const value = useMemo<I18n>(() => {
    const dtf = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' });
    return {
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      tv: (prefix, v, fallback) => translateValue(lang, prefix, v, fallback),
      formatTime: (iso) => {
        if (!iso) return '—';
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : dtf.format(d);
      },
    };
  }, [lang, setLang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

export type { MsgKey };
