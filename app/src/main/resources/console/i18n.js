// Strings of the console in zh-CN (the default) and English. Each page adds its own dictionary.
const dictionaries = { 'zh-CN': {}, en: {} };
const STORAGE_KEY = 'callrobot.lang';
let current = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';

export const i18n = {
  /** Adds strings: { 'zh-CN': { key: '…' }, en: { key: '…' } }. */
  add(entries) {
    for (const [lang, strings] of Object.entries(entries)) {
      Object.assign(dictionaries[lang] ??= {}, strings);
    }
  },
  lang: () => current,
  locale: () => (current === 'en' ? 'en-GB' : 'zh-CN'),
  set(lang) {
    current = lang === 'en' ? 'en' : 'zh-CN';
    localStorage.setItem(STORAGE_KEY, current);
    document.documentElement.lang = current;
  },
};

/** The string for key in the current language ({name} replaced from vars); the key itself if none. */
export function t(key, vars = {}) {
  const text = dictionaries[current][key] ?? dictionaries['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** A date-time in the user's language and time zone; '' for nothing. */
export function formatTime(value) {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  return date.toLocaleString(i18n.locale(), { hour12: false });
}

/** A duration given in milliseconds as m:ss (or h:mm:ss). */
export function formatDuration(ms) {
  if (ms == null || Number.isNaN(ms)) return '';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A number in the user's language. */
export function formatNumber(value, digits = 0) {
  if (value == null || Number.isNaN(value)) return '';
  return Number(value).toLocaleString(i18n.locale(), { maximumFractionDigits: digits });
}
