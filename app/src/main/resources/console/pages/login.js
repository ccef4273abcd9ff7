// The login page: a user name and password, or the admin token; after success, back to where the
// user was going (the `next` query parameter) or the dashboard.

export function render(root, ctx) {
  const { t, h, api, ApiError } = ctx;
  ctx.css('login');
  ctx.i18n.add({
    'zh-CN': {
      'login.title': '登录 CallRobot', 'login.subtitle': '外呼与语音机器人运维控制台',
      'login.name': '用户名', 'login.password': '密码', 'login.token': '管理员令牌',
      'login.submit': '登录', 'login.busy': '正在登录…',
      'login.useToken': '使用管理员令牌登录', 'login.usePassword': '使用用户名和密码登录',
      'login.wrong': '用户名或密码错误', 'login.wrongToken': '管理员令牌错误',
      'login.slow': '失败次数过多，请 {seconds} 秒后再试', 'login.none': '尚未配置任何用户（auth.users）或管理员令牌',
      'login.failed': '登录失败：{message}',
    },
    en: {
      'login.title': 'Sign in to CallRobot', 'login.subtitle': 'Operations console for the voice robot',
      'login.name': 'User name', 'login.password': 'Password', 'login.token': 'Admin token',
      'login.submit': 'Sign in', 'login.busy': 'Signing in…',
      'login.useToken': 'Sign in with the admin token', 'login.usePassword': 'Sign in with name and password',
      'login.wrong': 'Wrong user name or password', 'login.wrongToken': 'Wrong admin token',
      'login.slow': 'Too many failed attempts: try again in {seconds} s',
      'login.none': 'No users (auth.users) or admin token are configured', 'login.failed': 'Sign-in failed: {message}',
    },
  });

  let byToken = false;
  const error = h('p', { class: 'login-error', role: 'alert', 'data-test': 'login-error', hidden: true });
  const name = h('input', { name: 'name', autocomplete: 'username', required: true, 'data-test': 'login-name' });
  const password = h('input', {
    name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-test': 'login-password',
  });
  const token = h('input', { name: 'token', type: 'password', autocomplete: 'off', 'data-test': 'login-token' });
  const submit = h('button', { class: 'primary', type: 'submit', 'data-test': 'login-submit' }, t('login.submit'));
  const credentials = h('div', { class: 'login-fields' });
  const toggle = h('button', { type: 'button', class: 'ghost login-toggle', 'data-test': 'login-toggle' });

  function showFields() {
    ctx.replace(credentials, ...(byToken
      ? [h('label', {}, t('login.token'), token)]
      : [h('label', {}, t('login.name'), name), h('label', {}, t('login.password'), password)]));
    toggle.textContent = byToken ? t('login.usePassword') : t('login.useToken');
    name.required = !byToken;
    password.required = !byToken;
    token.required = byToken;
  }

  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  async function signIn(event) {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      await api('/api/login', {
        method: 'POST', json: byToken ? { token: token.value } : { name: name.value.trim(), password: password.value },
      });
      window.dispatchEvent(new Event('callrobot:session'));
      const next = ctx.query.get('next');
      ctx.navigate(next && next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/dashboard');
    } catch (e) {
      password.value = '';
      if (!(e instanceof ApiError)) showError(t('login.failed', { message: e.message }));
      else if (e.status === 401) showError(byToken ? t('login.wrongToken') : t('login.wrong'));
      else if (e.status === 429) showError(t('login.slow', { seconds: (e.message.match(/\d+/) ?? ['?'])[0] }));
      else if (e.status === 404) showError(t('login.none'));
      else showError(t('login.failed', { message: e.message }));
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  }

  toggle.addEventListener('click', () => { byToken = !byToken; error.hidden = true; showFields(); });
  showFields();
  root.append(h('div', { class: 'login-wrap' },
    h('form', { class: 'card login-card', 'data-test': 'login-form', onsubmit: signIn, novalidate: false },
      h('div', { class: 'login-brand' }, 'CallRobot'),
      h('h1', {}, t('login.title')),
      h('p', { class: 'login-subtitle' }, t('login.subtitle')),
      credentials, error, submit, toggle)));
  (byToken ? token : name).focus();
}
