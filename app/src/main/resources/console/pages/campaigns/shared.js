// What the campaign list and a campaign's page share: their strings, state badges, the state
// actions, the progress bar, bar charts and short summaries of a campaign's settings.

export const STRINGS = {
  'zh-CN': {
    'campaigns.title': '外呼任务', 'campaigns.new': '新建任务', 'campaigns.loading': '正在加载外呼任务…',
    'campaigns.empty': '还没有外呼任务。新建一个任务，上传号码，然后开始外呼。',
    'campaigns.failed': '外呼任务加载失败：{message}',
    'campaigns.col.name': '名称', 'campaigns.col.state': '状态', 'campaigns.col.flow': '话术流程',
    'campaigns.col.window': '外呼时段', 'campaigns.col.progress': '进度', 'campaigns.col.answered': '接通率',
    'campaigns.col.created': '创建时间', 'campaigns.col.actions': '操作',
    'campaigns.state.draft': '草稿', 'campaigns.state.running': '外呼中', 'campaigns.state.paused': '已暂停',
    'campaigns.state.stopped': '已停止', 'campaigns.state.completed': '已完成',
    'campaigns.action.start': '开始', 'campaigns.action.pause': '暂停', 'campaigns.action.resume': '继续',
    'campaigns.action.stop': '停止', 'campaigns.action.confirmStop': '确认停止',
    'campaigns.action.cancel': '取消',
    'campaigns.action.stopQuestion': '停止后不再拨打剩余号码，且不能恢复。',
    'campaigns.action.done': '任务“{name}”：{state}',
    'campaigns.progress': '{done} / {total}', 'campaigns.inFlight': '{count} 个通话中',
    'campaigns.waiting': '{count} 个等待重拨', 'campaigns.noContacts': '尚无号码',
    'campaigns.seg.done': '已完成', 'campaigns.seg.dnc': '免打扰', 'campaigns.seg.dialing': '通话中',
    'campaigns.seg.retry': '等待重拨', 'campaigns.seg.pending': '未拨打',
    'campaigns.day.mon': '一', 'campaigns.day.tue': '二', 'campaigns.day.wed': '三', 'campaigns.day.thu': '四',
    'campaigns.day.fri': '五', 'campaigns.day.sat': '六', 'campaigns.day.sun': '日', 'campaigns.days.prefix': '周',
    'campaigns.days.every': '每天', 'campaigns.days.weekdays': '工作日', 'campaigns.days.weekend': '周末',
    'campaigns.outcome.answered': '已接通', 'campaigns.outcome.no_answer': '无人接听', 'campaigns.outcome.busy': '忙线',
    'campaigns.outcome.invalid_number': '空号/无效号码', 'campaigns.outcome.unreachable': '无法接通',
    'campaigns.outcome.rejected': '拒接', 'campaigns.outcome.failed': '失败', 'campaigns.outcome.throttled': '交换机限流',
    'campaigns.outcome.dnc': '免打扰', 'campaigns.outcome.stopped': '任务停止', 'campaigns.chart.empty': '暂无数据',
  },
  en: {
    'campaigns.title': 'Campaigns', 'campaigns.new': 'New campaign', 'campaigns.loading': 'Loading campaigns…',
    'campaigns.empty': 'No campaigns yet. Create one, upload its numbers, then start calling.',
    'campaigns.failed': 'The campaigns could not be loaded: {message}',
    'campaigns.col.name': 'Name', 'campaigns.col.state': 'State', 'campaigns.col.flow': 'Flow',
    'campaigns.col.window': 'Call window', 'campaigns.col.progress': 'Progress', 'campaigns.col.answered': 'Answered',
    'campaigns.col.created': 'Created', 'campaigns.col.actions': 'Actions',
    'campaigns.state.draft': 'Draft', 'campaigns.state.running': 'Running', 'campaigns.state.paused': 'Paused',
    'campaigns.state.stopped': 'Stopped', 'campaigns.state.completed': 'Completed',
    'campaigns.action.start': 'Start', 'campaigns.action.pause': 'Pause', 'campaigns.action.resume': 'Resume',
    'campaigns.action.stop': 'Stop', 'campaigns.action.confirmStop': 'Stop for good',
    'campaigns.action.cancel': 'Cancel',
    'campaigns.action.stopQuestion': 'A stopped campaign dials none of its remaining numbers and cannot resume.',
    'campaigns.action.done': 'Campaign “{name}”: {state}',
    'campaigns.progress': '{done} / {total}', 'campaigns.inFlight': '{count} in call',
    'campaigns.waiting': '{count} waiting to retry', 'campaigns.noContacts': 'No numbers yet',
    'campaigns.seg.done': 'Done', 'campaigns.seg.dnc': 'Do not call', 'campaigns.seg.dialing': 'In call',
    'campaigns.seg.retry': 'Waiting to retry', 'campaigns.seg.pending': 'Not dialled',
    'campaigns.day.mon': 'Mon', 'campaigns.day.tue': 'Tue', 'campaigns.day.wed': 'Wed', 'campaigns.day.thu': 'Thu',
    'campaigns.day.fri': 'Fri', 'campaigns.day.sat': 'Sat', 'campaigns.day.sun': 'Sun', 'campaigns.days.prefix': '',
    'campaigns.days.every': 'Every day', 'campaigns.days.weekdays': 'Weekdays', 'campaigns.days.weekend': 'Weekends',
    'campaigns.outcome.answered': 'Answered', 'campaigns.outcome.no_answer': 'No answer', 'campaigns.outcome.busy': 'Busy',
    'campaigns.outcome.invalid_number': 'Invalid number', 'campaigns.outcome.unreachable': 'Unreachable',
    'campaigns.outcome.rejected': 'Rejected', 'campaigns.outcome.failed': 'Failed',
    'campaigns.outcome.throttled': 'Switch throttled', 'campaigns.outcome.dnc': 'Do not call',
    'campaigns.outcome.stopped': 'Campaign stopped', 'campaigns.chart.empty': 'No data yet',
  },
};

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const STATE_CLASS = { draft: 'badge', running: 'badge ok', paused: 'badge warn', stopped: 'badge bad', completed: 'badge info' };

/** The state actions a campaign in each state offers; stop always asks first. */
const ACTIONS = { draft: ['start', 'stop'], running: ['pause', 'stop'], paused: ['resume', 'stop'], completed: [], stopped: [] };

export function stateBadge(ctx, state) {
  return ctx.h('span', { class: STATE_CLASS[state] ?? 'badge', 'data-test': 'campaign-state', dataset: { state } },
    ctx.t(`campaigns.state.${state}`));
}

/** An outcome or result tag in words when it is one the dialer gives, else as it is. */
export function outcomeLabel(ctx, outcome) {
  const key = `campaigns.outcome.${outcome}`;
  const text = ctx.t(key);
  return text === key ? outcome : text;
}

/**
 * Buttons for what the campaign may do next; stop turns into an inline confirmation first.
 * changed(campaign) gets the campaign as the API answers after the move.
 */
export function actions(ctx, campaign, changed) {
  const { h, t } = ctx;
  const box = h('div', { class: 'cmp-actions', 'data-test': 'campaign-actions' });
  const move = async (action, button) => {
    button.disabled = true;
    try {
      const moved = await ctx.api(`/api/campaigns/${campaign.id}/${action}`, { method: 'POST' });
      ctx.toast(t('campaigns.action.done', { name: moved.name, state: t(`campaigns.state.${moved.state}`) }), 'ok');
      ctx.replace(box);
      changed(moved);
    } catch (e) {
      button.disabled = false;
      ctx.toast(t('error.generic', { message: e.message }), 'error');
    }
  };
  const show = () => ctx.replace(box, ACTIONS[campaign.state].map((action) => {
    const button = h('button', {
      type: 'button', class: action === 'stop' ? 'danger' : action === 'pause' ? '' : 'primary',
      'data-test': `campaign-${action}`,
      onclick: (event) => {
        event.stopPropagation();
        if (action === 'stop') confirmStop();
        else move(action, button);
      },
    }, t(`campaigns.action.${action}`));
    return button;
  }));
  const confirmStop = () => {
    const yes = h('button', {
      type: 'button', class: 'danger', 'data-test': 'campaign-stop-confirm',
      onclick: (event) => { event.stopPropagation(); move('stop', yes); },
    }, t('campaigns.action.confirmStop'));
    ctx.replace(box, h('span', { class: 'cmp-confirm muted' }, t('campaigns.action.stopQuestion')), yes,
      h('button', { type: 'button', class: 'ghost', onclick: (event) => { event.stopPropagation(); show(); } },
        t('campaigns.action.cancel')));
  };
  show();
  return box;
}

/** Contacts done (or on a do-not-call list), in a call now, and left: what the progress bar shows. */
export function progressOf(counts) {
  const s = counts?.byStatus ?? {};
  const total = counts?.total ?? 0;
  const finished = (s.done ?? 0) + (s.dnc ?? 0);
  return {
    total, finished, done: s.done ?? 0, dnc: s.dnc ?? 0, dialing: s.dialing ?? 0,
    retry: s.retry_wait ?? 0, pending: s.pending ?? 0,
  };
}

/** Answered contacts of those with a final outcome; null while none has one. */
export function answeredRate(counts) {
  const settled = Object.values(counts?.byOutcome ?? {}).reduce((a, b) => a + b, 0);
  return settled === 0 ? null : (counts.byOutcome.answered ?? 0) / settled;
}

export function percent(ctx, fraction) {
  return fraction == null ? '—' : `${ctx.formatNumber(fraction * 100, 1)}%`;
}

/** A stacked bar of the contacts by where they are, with the counts written under it. */
export function progressBar(ctx, counts, { large = false } = {}) {
  const { h, t, formatNumber } = ctx;
  const p = progressOf(counts);
  if (p.total === 0) return h('span', { class: 'muted', 'data-test': 'campaign-progress' }, t('campaigns.noContacts'));
  const segments = [['done', p.done], ['dnc', p.dnc], ['dialing', p.dialing], ['retry', p.retry]];
  const bar = h('div', { class: `cmp-bar${large ? ' large' : ''}`, role: 'img', 'aria-label': t('campaigns.progress', p) },
    segments.filter(([, n]) => n > 0).map(([name, n]) => h('span', {
      class: `cmp-seg ${name}`, title: `${t(`campaigns.seg.${name}`)}: ${formatNumber(n)}`,
      style: { width: `${(100 * n) / p.total}%` },
    })));
  return h('div', {
    class: 'cmp-progress', 'data-test': 'campaign-progress',
    dataset: { done: p.finished, total: p.total, dialing: p.dialing },
  },
  bar,
  h('div', { class: 'cmp-progress-text' },
    h('strong', {}, t('campaigns.progress', { done: formatNumber(p.finished), total: formatNumber(p.total) })),
    p.dialing > 0 ? h('span', { class: 'cmp-live' }, t('campaigns.inFlight', { count: formatNumber(p.dialing) })) : null,
    p.retry > 0 ? h('span', { class: 'muted' }, t('campaigns.waiting', { count: formatNumber(p.retry) })) : null));
}

/** The days of a window in a few words: 工作日, 每天, 周一、三、五. */
export function daysText(ctx, days) {
  const { t } = ctx;
  const set = new Set(days);
  if (set.size === 7) return t('campaigns.days.every');
  if (set.size === 5 && DAYS.slice(0, 5).every((d) => set.has(d))) return t('campaigns.days.weekdays');
  if (set.size === 2 && set.has('sat') && set.has('sun')) return t('campaigns.days.weekend');
  const sep = ctx.i18n.lang() === 'en' ? ', ' : '、';
  return t('campaigns.days.prefix') + DAYS.filter((d) => set.has(d)).map((d) => t(`campaigns.day.${d}`)).join(sep);
}

export function windowText(ctx, window) {
  if (!window) return '';
  return `${daysText(ctx, window.days ?? [])} ${(window.hours ?? []).join(', ')}`;
}

const BAR_COLOURS = {
  answered: '#16a34a', no_answer: '#94a3b8', busy: '#f59e0b', invalid_number: '#dc2626', unreachable: '#f97316',
  rejected: '#be123c', failed: '#b91c1c', throttled: '#8b5cf6', dnc: '#64748b', stopped: '#9ca3af',
};

/**
 * Horizontal SVG bars, biggest first: entries is { key: count }; label(key) names a bar. Each bar
 * carries its key and count for tests and tooltips.
 */
export function barChart(ctx, entries, label, testHandle) {
  const { h, t, formatNumber } = ctx;
  const rows = Object.entries(entries ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (rows.length === 0) return h('p', { class: 'empty', 'data-test': testHandle }, t('campaigns.chart.empty'));
  const max = rows[0][1];
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  return h('div', { class: 'cmp-chart', 'data-test': testHandle }, rows.map(([key, n]) => h('div', {
    class: 'cmp-chart-row', 'data-test': 'chart-bar', dataset: { key, count: n },
  },
  h('span', { class: 'cmp-chart-label', title: key }, label(key)),
  h('svg:svg', { class: 'cmp-chart-track', width: '100%', height: '18', role: 'img', 'aria-label': `${label(key)} ${n}` },
    h('svg:rect', { x: '0', y: '0', width: '100%', height: '18', rx: '4', class: 'cmp-chart-bg' }),
    h('svg:rect', {
      x: '0', y: '0', width: `${Math.max(1, (100 * n) / max)}%`, height: '18', rx: '4',
      fill: BAR_COLOURS[key] ?? '#2563eb',
    })),
  h('span', { class: 'cmp-chart-value num' }, formatNumber(n),
    h('span', { class: 'muted' }, ` · ${formatNumber((100 * n) / total, 1)}%`)))));
}
