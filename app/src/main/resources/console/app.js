// The console's shell: navigation, language, and the router that loads one page module at a time.
import { api, ApiError, events } from './api.js';
import { h, replace } from './dom.js';
import { formatDuration, formatNumber, formatTime, i18n, t } from './i18n.js';

i18n.add({
  'zh-CN': {
    'nav.dashboard': '总览', 'nav.live': '实时通话', 'nav.calls': '通话记录', 'nav.campaigns': '外呼任务',
    'nav.flows': '话术流程', 'nav.tts': '语音合成试听', 'lang.switch': 'English',
    'page.missing': '此页面尚不可用', 'page.failed': '页面加载失败：{message}', 'error.generic': '出错了：{message}',
  },
  en: {
    'nav.dashboard': 'Dashboard', 'nav.live': 'Live calls', 'nav.calls': 'Call history', 'nav.campaigns': 'Campaigns',
    'nav.flows': 'Flows', 'nav.tts': 'TTS try-out', 'lang.switch': '中文',
    'page.missing': 'This page is not available yet', 'page.failed': 'The page failed to load: {message}',
    'error.generic': 'Something went wrong: {message}', 'user.logout': 'Sign out',
  },
});

/** Navigation entries: route name = page module name under pages/. */
const NAV = ['dashboard', 'live', 'calls', 'campaigns', 'flows', 'tts'];
const DEFAULT_ROUTE = 'dashboard';

let cleanup = null;
let generation = 0;

/** '#/call/abc?x=1' → { name: 'call', params: ['abc'], query } */
function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] ?? DEFAULT_ROUTE, params: parts.slice(1), query: new URLSearchParams(search) };
}

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  replace(box, message);
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, kind === 'error' ? 8000 : 3000);
}

function renderNav(active) {
  replace(document.getElementById('nav'), NAV.map((name) => h('a', {
    href: `#/${name}`,
    class: name === active ? 'active' : null,
    'data-nav': name,
  }, t(`nav.${name}`))));
  document.getElementById('lang').textContent = t('lang.switch');
}

/** Loads a page's own stylesheet (console/pages/<name>.css) once. */
function css(name) {
  const href = `/ui/pages/${name}.css`;
  if (!document.querySelector(`link[href="${href}"]`)) {
    document.head.append(h('link', { rel: 'stylesheet', href }));
  }
}

/** What every page gets: strings, formatting, the API, navigation and a way to tell the user. */
function context(routeInfo) {
  return {
    t, i18n, api, ApiError, events, h, replace, formatTime, formatDuration, formatNumber, navigate, toast, css,
    params: routeInfo.params, query: routeInfo.query,
  };
}

async function route() {
  const info = parseHash();
  const mine = ++generation;
  if (cleanup) {
    try { cleanup(); } catch (e) { console.error(e); }
    cleanup = null;
  }
  const active = NAV.find((name) => info.name === name || info.name === name.replace(/s$/, '')) ?? info.name;
  renderNav(active);
  const root = document.getElementById('page');
  replace(root);
  root.dataset.page = info.name;
  let module;
  try {
    if (!/^[a-z-]+$/.test(info.name)) throw new Error('no such page');
    module = await import(`./pages/${info.name}.js`);
  } catch (e) {
    if (mine === generation) replace(root, h('p', { class: 'empty' }, t('page.missing')));
    return;
  }
  if (mine !== generation) return;
  try {
    const result = await module.render(root, context(info));
    if (mine === generation) cleanup = typeof result === 'function' ? result : null;
    else if (typeof result === 'function') result();
  } catch (e) {
    console.error(e);
    if (mine === generation) replace(root, h('p', { class: 'error' }, t('page.failed', { message: e.message })));
  }
}

async function showUser() {
  try {
    const session = await api('/api/session');
    const name = session.role === 'admin' ? h('a', { href: '#/audit', 'data-test': 'user-name' }, session.user)
      : h('span', { 'data-test': 'user-name' }, session.user);
    const logout = async () => {
      await api('/api/logout', { method: 'POST' }).catch(() => {});
      replace(document.getElementById('user'));
      navigate('#/login');
    };
    replace(document.getElementById('user'), name, session.via === 'session'
      ? h('button', { type: 'button', class: 'ghost', 'data-test': 'logout', onclick: logout }, t('user.logout')) : null);
  } catch {
    // no session endpoint or not logged in: the login page shows when the API asks for it
  }
}

document.getElementById('lang').addEventListener('click', () => {
  i18n.set(i18n.lang() === 'en' ? 'zh-CN' : 'en');
  route();
});
window.addEventListener('hashchange', route);
window.addEventListener('callrobot:login-required', () => {
  if (parseHash().name !== 'login') navigate(`#/login?next=${encodeURIComponent(location.hash)}`);
});
window.addEventListener('callrobot:session', showUser);
i18n.set(i18n.lang());
route();
showUser();
