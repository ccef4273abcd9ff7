// One campaign (#/campaign/<id>): state and actions, progress refreshed every 5 s while it runs,
// outcomes and result tags as bar charts, its settings, its contacts, the results download and
// a link to its calls in the history.
import {
  STRINGS, actions, answeredRate, barChart, daysText, outcomeLabel, percent, progressBar, progressOf, stateBadge,
} from './campaigns/shared.js';
import { FORM_STRINGS, uploadStep } from './campaigns/form.js';

const REFRESH_MS = 5000;
const PAGE = 50;
/** The most contacts the page lists (the API's largest page); the results download has them all. */
const MOST = 500;

const DETAIL_STRINGS = {
  'zh-CN': {
    'campaign.back': '← 全部外呼任务', 'campaign.loading': '正在加载任务…', 'campaign.failed': '任务加载失败：{message}',
    'campaign.created': '创建于 {time}', 'campaign.updated': '更新于 {time}',
    'campaign.stat.total': '号码总数', 'campaign.stat.done': '已完成', 'campaign.stat.dialing': '通话中',
    'campaign.stat.waiting': '待拨打 / 待重拨', 'campaign.stat.answered': '接通率', 'campaign.stat.attempts': '呼叫次数',
    'campaign.stat.dnc': '免打扰拦截', 'campaign.progress': '进度', 'campaign.refreshing': '每 5 秒自动刷新',
    'campaign.outcomes': '呼叫结果', 'campaign.outcomes.contacts': '按号码（最终结果）',
    'campaign.outcomes.attempts': '按每次呼叫（含重拨）', 'campaign.results': '业务结果标签',
    'campaign.results.hint': '每个号码最后一次通话中话术设置的结果',
    'campaign.settings': '任务设置', 'campaign.s.flow': '话术流程', 'campaign.s.dialString': '拨号串',
    'campaign.s.callerIds': '主叫号码', 'campaign.s.window': '外呼时段', 'campaign.s.skip': '跳过 {dates}',
    'campaign.s.extra': '调休 {dates}', 'campaign.s.pacing': '呼叫速度',
    'campaign.s.pacingValue': '每秒 {cps} 个，最多 {max} 个并发', 'campaign.s.retry': '重拨',
    'campaign.s.retryRule': '{outcome}：{after} 分钟后', 'campaign.s.never': '{outcome}：不重拨',
    'campaign.s.maxAttempts': '每个号码最多 {n} 次', 'campaign.s.caps': '每日上限',
    'campaign.s.capsValue': '每个号码 {perNumber} 次', 'campaign.s.dailyCap': '，任务 {cap} 次',
    'campaign.s.variables': '默认变量', 'campaign.s.webhook': '结果回调', 'campaign.s.record': '通话录音',
    'campaign.s.record.true': '录音', 'campaign.s.record.false': '不录音', 'campaign.s.none': '无',
    'campaign.downloads': '结果', 'campaign.download': '下载结果 CSV', 'campaign.calls': '在通话记录中查看',
    'campaign.download.hint': '每个号码一行，含变量、状态、结果与最后一次通话；UTF-8（Excel 可直接打开）。',
    'campaign.contacts': '号码', 'campaign.c.phone': '号码', 'campaign.c.line': '行号', 'campaign.c.status': '状态',
    'campaign.c.attempts': '呼叫次数', 'campaign.c.outcome': '结果', 'campaign.c.result': '结果标签',
    'campaign.c.last': '最后一次通话', 'campaign.c.more': '加载更多', 'campaign.c.empty': '尚未上传号码',
    'campaign.status.pending': '未拨打', 'campaign.status.dialing': '通话中', 'campaign.status.retry_wait': '等待重拨',
    'campaign.status.done': '已完成', 'campaign.status.dnc': '免打扰', 'campaign.addContacts': '追加号码',
  },
  en: {
    'campaign.back': '← All campaigns', 'campaign.loading': 'Loading the campaign…',
    'campaign.failed': 'The campaign could not be loaded: {message}',
    'campaign.created': 'Created {time}', 'campaign.updated': 'updated {time}',
    'campaign.stat.total': 'Numbers', 'campaign.stat.done': 'Done', 'campaign.stat.dialing': 'In call',
    'campaign.stat.waiting': 'To dial / retry', 'campaign.stat.answered': 'Answered', 'campaign.stat.attempts': 'Calls placed',
    'campaign.stat.dnc': 'Held by do-not-call', 'campaign.progress': 'Progress', 'campaign.refreshing': 'Refreshes every 5 s',
    'campaign.outcomes': 'Call outcomes', 'campaign.outcomes.contacts': 'By number (final)',
    'campaign.outcomes.attempts': 'By call (retries included)', 'campaign.results': 'Result tags',
    'campaign.results.hint': 'What the flow tagged in each number’s last call',
    'campaign.settings': 'Settings', 'campaign.s.flow': 'Flow', 'campaign.s.dialString': 'Dial string',
    'campaign.s.callerIds': 'Caller IDs', 'campaign.s.window': 'Call window', 'campaign.s.skip': 'skipping {dates}',
    'campaign.s.extra': 'also {dates}', 'campaign.s.pacing': 'Pacing',
    'campaign.s.pacingValue': '{cps} calls a second, {max} at once at most', 'campaign.s.retry': 'Retries',
    'campaign.s.retryRule': '{outcome}: after {after} min', 'campaign.s.never': '{outcome}: never retried',
    'campaign.s.maxAttempts': '{n} calls a number at most', 'campaign.s.caps': 'Daily caps',
    'campaign.s.capsValue': '{perNumber} calls a number', 'campaign.s.dailyCap': ', {cap} for the campaign',
    'campaign.s.variables': 'Default variables', 'campaign.s.webhook': 'Results webhook', 'campaign.s.record': 'Recording',
    'campaign.s.record.true': 'Recorded', 'campaign.s.record.false': 'Not recorded', 'campaign.s.none': 'none',
    'campaign.downloads': 'Results', 'campaign.download': 'Download results CSV', 'campaign.calls': 'See its calls in the history',
    'campaign.download.hint': 'One row per number with its variables, status, outcome and last call; UTF-8 that Excel opens.',
    'campaign.contacts': 'Numbers', 'campaign.c.phone': 'Number', 'campaign.c.line': 'Line', 'campaign.c.status': 'Status',
    'campaign.c.attempts': 'Calls', 'campaign.c.outcome': 'Outcome', 'campaign.c.result': 'Result tag',
    'campaign.c.last': 'Last call', 'campaign.c.more': 'Load more', 'campaign.c.empty': 'No numbers uploaded yet',
    'campaign.status.pending': 'Not dialled', 'campaign.status.dialing': 'In call', 'campaign.status.retry_wait': 'Waiting to retry',
    'campaign.status.done': 'Done', 'campaign.status.dnc': 'Do not call', 'campaign.addContacts': 'Add numbers',
  },
};

const RETRY_OUTCOMES = [['busy', 'busy'], ['noAnswer', 'no_answer'], ['unreachable', 'unreachable'],
  ['failed', 'failed'], ['rejected', 'rejected']];

export async function render(root, ctx) {
  const { h, t, replace } = ctx;
  ctx.i18n.add(STRINGS);
  ctx.i18n.add(FORM_STRINGS);
  ctx.i18n.add(DETAIL_STRINGS);
  ctx.css('campaigns');
  const id = ctx.params[0];
  replace(root, h('p', { class: 'empty' }, t('campaign.loading')));

  let timer = null;
  let left = false;
  let chartMode = 'contacts';
  let shownContacts = PAGE;
  let uploadOpen = false;

  const header = h('div', { class: 'cmp-detail-head' });
  const overview = h('div');
  const charts = h('div', { class: 'grid cmp-charts' });
  const upload = h('div');
  const side = h('div', { class: 'grid cmp-side' });
  const contacts = h('section', { class: 'card', 'data-test': 'campaign-contacts' });

  const load = async () => {
    clearTimeout(timer);
    let campaign;
    let breakdown;
    let page;
    try {
      [campaign, breakdown, page] = await Promise.all([
        ctx.api(`/api/campaigns/${encodeURIComponent(id)}`),
        ctx.api(`/api/campaigns/${encodeURIComponent(id)}/breakdown`),
        ctx.api(`/api/campaigns/${encodeURIComponent(id)}/contacts?limit=${shownContacts}`),
      ]);
    } catch (e) {
      if (left) return;
      if (!root.contains(header)) {
        replace(root, h('p', { class: 'error', 'data-test': 'campaign-error' }, t('campaign.failed', { message: e.message })),
          h('a', { href: '#/campaigns' }, t('campaign.back')));
      } else {
        ctx.toast(t('campaign.failed', { message: e.message }), 'error');
        timer = setTimeout(load, REFRESH_MS);
      }
      return;
    }
    if (left) return;
    if (!root.contains(header)) replace(root, header, overview, upload, charts, side, contacts);
    root.dataset.state = campaign.state;
    const running = campaign.state === 'running';
    replace(header, headerOf(ctx, campaign, running, load, () => {
      uploadOpen = !uploadOpen;
      showUpload(campaign);
    }));
    replace(overview, overviewOf(ctx, campaign, breakdown));
    const chartsNow = () => replace(charts, chartsOf(ctx, campaign, breakdown, chartMode, (mode) => {
      chartMode = mode;
      chartsNow();
    }));
    chartsNow();
    replace(side, settingsOf(ctx, campaign), downloadsOf(ctx, campaign));
    replace(contacts, contactsOf(ctx, page, shownContacts < MOST ? () => {
      shownContacts = Math.min(MOST, shownContacts + PAGE);
      load();
    } : null));
    if (running) timer = setTimeout(load, REFRESH_MS);
  };

  const showUpload = (campaign) => {
    replace(upload, uploadOpen ? uploadStep(ctx, campaign) : null);
  };

  await load();
  return () => { left = true; clearTimeout(timer); };
}

function headerOf(ctx, campaign, running, reload, toggleUpload) {
  const { h, t } = ctx;
  const takesContacts = campaign.state !== 'stopped' && campaign.state !== 'completed';
  return [
    h('a', { href: '#/campaigns', class: 'cmp-back' }, t('campaign.back')),
    h('div', { class: 'cmp-title' },
      h('div', {},
        h('h1', { 'data-test': 'campaign-name' }, campaign.name, ' ', stateBadge(ctx, campaign.state)),
        h('div', { class: 'muted' }, `#${campaign.id} · `, h('span', { class: 'mono' }, campaign.flow), ' · ',
          t('campaign.created', { time: ctx.formatTime(campaign.createdAt) }),
          running ? h('span', { class: 'cmp-live' }, ` · ${t('campaign.refreshing')}`) : null)),
      h('div', { class: 'cmp-head-actions' },
        takesContacts ? h('button', { type: 'button', class: 'ghost', 'data-test': 'campaign-add-contacts', onclick: toggleUpload },
          t('campaign.addContacts')) : null,
        actions(ctx, campaign, () => reload()))),
  ];
}

function overviewOf(ctx, campaign, breakdown) {
  const { h, t, formatNumber } = ctx;
  const p = progressOf(campaign.counts);
  const stat = (key, value, test, cls = '') => h('div', { class: `stat ${cls}`, 'data-test': test },
    h('div', { class: 'value' }, value), h('div', { class: 'label' }, t(key)));
  return h('section', { class: 'card' },
    h('div', { class: 'stats cmp-stats' },
      stat('campaign.stat.total', formatNumber(p.total), 'stat-total'),
      stat('campaign.stat.done', formatNumber(p.finished), 'stat-done', 'cmp-ok'),
      stat('campaign.stat.dialing', formatNumber(p.dialing), 'stat-dialing', p.dialing > 0 ? 'cmp-live-stat' : ''),
      stat('campaign.stat.waiting', formatNumber(p.pending + p.retry), 'stat-waiting'),
      stat('campaign.stat.answered', percent(ctx, answeredRate(campaign.counts)), 'stat-answered'),
      stat('campaign.stat.attempts', formatNumber(breakdown.attempts.total), 'stat-attempts'),
      campaign.counts.blockedByDnc > 0 ? stat('campaign.stat.dnc', formatNumber(campaign.counts.blockedByDnc), 'stat-dnc') : null),
    h('h3', { class: 'cmp-progress-title' }, t('campaign.progress')),
    progressBar(ctx, campaign.counts, { large: true }),
    h('div', { class: 'cmp-legend' }, ['done', 'dnc', 'dialing', 'retry', 'pending'].map((name) => h('span', {},
      h('i', { class: `cmp-swatch ${name}` }), t(`campaigns.seg.${name}`)))));
}

function chartsOf(ctx, campaign, breakdown, mode, switchTo) {
  const { h, t } = ctx;
  const label = (key) => outcomeLabel(ctx, key);
  const outcomes = mode === 'contacts' ? campaign.counts.byOutcome : breakdown.attempts.byOutcome;
  const toggle = h('div', { class: 'cmp-toggle', role: 'group' }, ['contacts', 'attempts'].map((m) => h('button', {
    type: 'button', class: m === mode ? 'active' : 'ghost', 'aria-pressed': String(m === mode), 'data-test': `chart-mode-${m}`,
    onclick: () => switchTo(m),
  }, t(`campaign.outcomes.${m}`))));
  return [
    h('section', { class: 'card' },
      h('div', { class: 'cmp-card-head' }, h('h2', {}, t('campaign.outcomes')), toggle),
      barChart(ctx, outcomes, label, 'chart-outcomes')),
    h('section', { class: 'card' },
      h('div', { class: 'cmp-card-head' }, h('h2', {}, t('campaign.results'))),
      h('p', { class: 'muted cmp-sub' }, t('campaign.results.hint')),
      barChart(ctx, campaign.counts.byResult, (key) => key, 'chart-results')),
  ];
}

function settingsOf(ctx, c) {
  const { h, t, formatNumber } = ctx;
  const none = h('span', { class: 'muted' }, t('campaign.s.none'));
  const w = c.window ?? {};
  const windowLines = [
    `${daysText(ctx, w.days ?? [])} ${(w.hours ?? []).join(', ')}`,
    h('span', { class: 'muted' }, w.timezone),
    w.skipDates?.length ? t('campaign.s.skip', { dates: w.skipDates.join(', ') }) : null,
    w.extraDates?.length ? t('campaign.s.extra', { dates: w.extraDates.join(', ') }) : null,
  ].filter(Boolean).map((line) => h('div', {}, line));
  const retries = RETRY_OUTCOMES.map(([key, outcome]) => {
    const rule = c.retry?.[key];
    return h('div', {}, rule ? t('campaign.s.retryRule', { outcome: outcomeLabel(ctx, outcome), after: formatNumber(rule.afterMinutes) })
      : t('campaign.s.never', { outcome: outcomeLabel(ctx, outcome) }));
  });
  Object.entries(c.retry?.results ?? {}).forEach(([tag, rule]) => retries.push(h('div', {},
    rule ? t('campaign.s.retryRule', { outcome: tag, after: formatNumber(rule.afterMinutes) }) : t('campaign.s.never', { outcome: tag }))));
  retries.push(h('div', { class: 'muted' }, t('campaign.s.maxAttempts', { n: c.retry?.maxAttempts })));
  const variables = Object.entries(c.variables ?? {});
  const rows = [
    ['campaign.s.flow', h('span', { class: 'mono' }, c.flow)],
    ['campaign.s.dialString', h('span', { class: 'mono' }, c.dialString)],
    ['campaign.s.callerIds', c.callerIds?.length ? h('span', { class: 'mono' }, c.callerIds.join(', ')) : none],
    ['campaign.s.window', windowLines],
    ['campaign.s.pacing', t('campaign.s.pacingValue', { cps: formatNumber(c.pacing?.callsPerSecond, 2), max: formatNumber(c.pacing?.maxConcurrent) })],
    ['campaign.s.retry', retries],
    ['campaign.s.caps', t('campaign.s.capsValue', { perNumber: c.dailyCapPerNumber })
      + (c.dailyCap ? t('campaign.s.dailyCap', { cap: formatNumber(c.dailyCap) }) : '')],
    ['campaign.s.variables', variables.length ? variables.map(([k, v]) => h('div', { class: 'mono' }, `${k} = ${v}`)) : none],
    ['campaign.s.webhook', c.webhook?.url ? h('span', { class: 'mono cmp-break' }, c.webhook.url) : none],
    c.record === undefined ? null : ['campaign.s.record', t(`campaign.s.record.${c.record}`)],
  ].filter(Boolean);
  return h('section', { class: 'card', 'data-test': 'campaign-settings' }, h('h2', {}, t('campaign.settings')),
    h('dl', { class: 'cmp-settings' }, rows.map(([key, value]) => [h('dt', {}, t(key)), h('dd', {}, value)])));
}

function downloadsOf(ctx, c) {
  const { h, t } = ctx;
  return h('section', { class: 'card' }, h('h2', {}, t('campaign.downloads')),
    h('p', { class: 'muted' }, t('campaign.download.hint')),
    h('div', { class: 'cmp-links' },
      h('a', { class: 'cmp-button primary', href: `/api/campaigns/${c.id}/results.csv`, download: '', 'data-test': 'campaign-download' },
        `⤓ ${t('campaign.download')}`),
      h('a', { class: 'cmp-button', href: `#/calls?campaign=${c.id}`, 'data-test': 'campaign-calls' }, `${t('campaign.calls')} →`)));
}

function contactsOf(ctx, page, more) {
  const { h, t, formatNumber } = ctx;
  if (page.contacts.length === 0) {
    return [h('h2', {}, t('campaign.contacts')), h('p', { class: 'empty' }, t('campaign.c.empty'))];
  }
  const statusClass = { done: 'badge ok', dialing: 'badge info', retry_wait: 'badge warn', dnc: 'badge bad', pending: 'badge' };
  return [
    h('h2', {}, t('campaign.contacts')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', {}, h('tr', {},
        h('th', {}, t('campaign.c.phone')), h('th', { class: 'num cmp-hide-narrow' }, t('campaign.c.line')),
        h('th', {}, t('campaign.c.status')), h('th', { class: 'num' }, t('campaign.c.attempts')),
        h('th', {}, t('campaign.c.outcome')), h('th', {}, t('campaign.c.result')), h('th', {}, t('campaign.c.last')))),
      h('tbody', {}, page.contacts.map((c) => h('tr', { 'data-test': 'contact-row', dataset: { status: c.status } },
        h('td', { class: 'mono' }, c.phone),
        h('td', { class: 'num mono cmp-hide-narrow' }, c.line),
        h('td', {}, h('span', { class: statusClass[c.status] ?? 'badge' }, t(`campaign.status.${c.status}`))),
        h('td', { class: 'num' }, formatNumber(c.attempts)),
        h('td', {}, c.outcome ? outcomeLabel(ctx, c.outcome) : ''),
        h('td', { class: 'mono' }, c.result ?? ''),
        h('td', {}, c.lastCallUuid ? h('a', { href: `#/call/${encodeURIComponent(c.lastCallUuid)}` },
          ctx.formatTime(c.lastStartedAt) || c.lastCallUuid.slice(0, 8),
          c.lastDurationMs ? h('span', { class: 'muted' }, ` · ${ctx.formatDuration(c.lastDurationMs)}`) : null) : '')))))),
    page.next != null && more ? h('div', { class: 'cmp-more' },
      h('button', { type: 'button', class: 'ghost', 'data-test': 'contacts-more', onclick: more }, t('campaign.c.more'))) : null,
  ];
}
