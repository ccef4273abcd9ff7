// The audit log (admins): who changed what through the console and the API, newest first, paged.

export async function render(root, ctx) {
  const { t, h, api } = ctx;
  ctx.css('audit');
  ctx.i18n.add({
    'zh-CN': {
      'audit.title': '操作审计', 'audit.at': '时间', 'audit.user': '用户', 'audit.action': '操作', 'audit.status': '结果',
      'audit.detail': '说明', 'audit.client': '来源地址', 'audit.more': '加载更早的记录', 'audit.empty': '暂无审计记录',
      'audit.loading': '加载中…', 'audit.failed': '无法读取审计记录：{message}',
    },
    en: {
      'audit.title': 'Audit log', 'audit.at': 'Time', 'audit.user': 'User', 'audit.action': 'Action', 'audit.status': 'Result',
      'audit.detail': 'Detail', 'audit.client': 'Client', 'audit.more': 'Load older entries', 'audit.empty': 'No audit entries yet',
      'audit.loading': 'Loading…', 'audit.failed': 'The audit log could not be read: {message}',
    },
  });
  const body = h('tbody');
  const status = h('p', { class: 'empty' }, t('audit.loading'));
  const more = h('button', { type: 'button', hidden: true, 'data-test': 'audit-more' }, t('audit.more'));
  root.append(h('h1', {}, t('audit.title')), h('div', { class: 'card audit-card' },
    h('table', { class: 'table', 'data-test': 'audit-table' }, h('thead', {}, h('tr', {},
      ...['at', 'user', 'action', 'status', 'detail', 'client'].map((k) => h('th', {}, t(`audit.${k}`))))), body),
    status, more));

  let before = null;
  async function load() {
    more.disabled = true;
    try {
      const page = await api(`/api/audit?limit=50${before ? `&before=${before}` : ''}`);
      for (const e of page.entries) {
        body.append(h('tr', { 'data-test': 'audit-row' },
          h('td', { class: 'nowrap' }, ctx.formatTime(e.at)), h('td', {}, e.user),
          h('td', { class: 'mono' }, `${e.method} ${e.path}`),
          h('td', {}, h('span', { class: `badge ${e.status < 400 ? 'ok' : 'bad'}` }, String(e.status))),
          h('td', { class: 'audit-detail' }, e.detail ?? ''), h('td', { class: 'mono' }, e.client ?? '')));
      }
      before = page.next;
      more.hidden = before == null;
      status.hidden = body.children.length > 0;
      status.textContent = t('audit.empty');
    } catch (e) {
      status.hidden = false;
      status.className = 'error';
      status.textContent = t('audit.failed', { message: e.message });
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);
  await load();
}
