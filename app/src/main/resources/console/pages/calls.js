// Call history: a filter bar whose state lives in the URL (#/calls?range=7d&number=8000), so a
// search can be shared, and a table of the matching calls, newest first, paged by the API's cursor.

const PAGE_SIZE = 50;
const RANGES = ['today', '24h', '7d', 'all', 'custom'];
const FIELDS = ['range', 'from', 'to', 'campaign', 'flow', 'result', 'cause', 'direction', 'number', 'q'];

const STRINGS = {
  'zh-CN': {
    'calls.title': '通话记录', 'calls.range': '时间', 'calls.range.today': '今天', 'calls.range.24h': '最近 24 小时',
    'calls.range.7d': '最近 7 天', 'calls.range.all': '全部', 'calls.range.custom': '自定义',
    'calls.from': '开始', 'calls.to': '结束', 'calls.campaign': '外呼任务', 'calls.flow': '话术流程',
    'calls.result': '结果', 'calls.cause': '挂断原因', 'calls.direction': '方向', 'calls.number': '号码尾号',
    'calls.q': '通话内容', 'calls.any': '全部', 'calls.search': '搜索', 'calls.reset': '清空',
    'calls.number.hint': '如 8000', 'calls.q.hint': '客户或机器人说的话',
    'calls.col.time': '时间', 'calls.col.direction': '方向', 'calls.col.number': '号码', 'calls.col.flow': '流程',
    'calls.col.campaign': '任务', 'calls.col.duration': '通话时长', 'calls.col.result': '结果',
    'calls.col.cause': '挂断原因', 'calls.inbound': '呼入', 'calls.outbound': '外呼',
    'calls.more': '加载更多', 'calls.loading': '加载中…', 'calls.empty': '没有符合条件的通话',
    'calls.count': '已显示 {count} 通', 'calls.end': '已全部显示', 'calls.failed': '查询失败：{message}',
  },
  en: {
    'calls.title': 'Call history', 'calls.range': 'Time', 'calls.range.today': 'Today', 'calls.range.24h': 'Last 24 h',
    'calls.range.7d': 'Last 7 days', 'calls.range.all': 'All', 'calls.range.custom': 'Custom',
    'calls.from': 'From', 'calls.to': 'To', 'calls.campaign': 'Campaign', 'calls.flow': 'Flow',
    'calls.result': 'Result', 'calls.cause': 'Hangup cause', 'calls.direction': 'Direction',
    'calls.number': 'Number ends with', 'calls.q': 'Words said', 'calls.any': 'Any', 'calls.search': 'Search',
    'calls.reset': 'Clear', 'calls.number.hint': 'e.g. 8000', 'calls.q.hint': 'what the caller or robot said',
    'calls.col.time': 'Time', 'calls.col.direction': 'Direction', 'calls.col.number': 'Number',
    'calls.col.flow': 'Flow', 'calls.col.campaign': 'Campaign', 'calls.col.duration': 'Talk time',
    'calls.col.result': 'Result', 'calls.col.cause': 'Hangup cause', 'calls.inbound': 'In',
    'calls.outbound': 'Out', 'calls.more': 'Load more', 'calls.loading': 'Loading…',
    'calls.empty': 'No call matches', 'calls.count': '{count} shown', 'calls.end': 'All shown',
    'calls.failed': 'The search failed: {message}',
  },
};

/** A result tag's badge colour: failures red, calls that ended without an outcome amber. */
export function resultKind(result) {
  if (!result) return '';
  if (/error|fail|reject/.test(result)) return 'bad';
  if (/hangup|no_input|busy|timeout|no_answer|refus/.test(result)) return 'warn';
  return 'ok';
}

/** The filter as the URL holds it; the time range defaults to the last 7 days. */
function filterOf(query) {
  const filter = {};
  for (const name of FIELDS) {
    const value = query.get(name);
    if (value) filter[name] = value;
  }
  if (!RANGES.includes(filter.range)) filter.range = filter.from || filter.to ? 'custom' : '7d';
  return filter;
}

/** The API's from/to (ISO instants) for a filter: presets count back from now. */
function interval(filter) {
  const now = new Date();
  switch (filter.range) {
    case 'today': {
      const midnight = new Date(now);
      midnight.setHours(0, 0, 0, 0);
      return { from: midnight.toISOString() };
    }
    case '24h': return { from: new Date(now - 24 * 3600e3).toISOString() };
    case '7d': return { from: new Date(now - 7 * 24 * 3600e3).toISOString() };
    case 'custom': return {
      from: filter.from ? new Date(filter.from).toISOString() : undefined,
      to: filter.to ? new Date(filter.to).toISOString() : undefined,
    };
    default: return {};
  }
}

function apiPath(filter, cursor) {
  const params = new URLSearchParams();
  const { from, to } = interval(filter);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  for (const name of ['campaign', 'flow', 'result', 'cause', 'direction', 'number', 'q']) {
    if (filter[name]) params.set(name, filter[name]);
  }
  params.set('limit', String(PAGE_SIZE));
  if (cursor) params.set('cursor', cursor);
  return `/api/calls?${params}`;
}

export async function render(root, ctx) {
  const { t, h, replace, api } = ctx;
  ctx.css('calls');
  ctx.i18n.add(STRINGS);
  const filter = filterOf(ctx.query);
  const aborter = new AbortController();

  const [facets, campaigns] = await Promise.all([
    api('/api/calls/facets', { signal: aborter.signal }).catch(() => ({ flows: [], results: [], hangupCauses: [] })),
    api('/api/campaigns', { signal: aborter.signal }).then((c) => c.campaigns ?? []).catch(() => []),
  ]);
  const campaignNames = new Map(campaigns.map((c) => [String(c.id), c.name]));

  // ---- the filter bar ----
  const select = (name, options, label = (v) => v) => h('label', {}, t(`calls.${name}`),
    h('select', { name, 'data-test': `calls-${name}` },
      h('option', { value: '' }, t('calls.any')),
      options.map((value) => h('option', { value, selected: filter[name] === String(value) }, label(value)))));
  const text = (name, attrs = {}) => h('label', {}, t(`calls.${name}`),
    h('input', { name, value: filter[name] ?? '', 'data-test': `calls-${name}`, ...attrs }));
  const custom = h('span', { class: 'calls-custom', hidden: filter.range !== 'custom' },
    text('from', { type: 'datetime-local' }), text('to', { type: 'datetime-local' }));
  const rangeSelect = h('select', { name: 'range', 'data-test': 'calls-range',
    onchange: () => { custom.hidden = rangeSelect.value !== 'custom'; } },
  RANGES.map((r) => h('option', { value: r, selected: filter.range === r }, t(`calls.range.${r}`))));

  const form = h('form', { class: 'toolbar calls-filter card', 'data-test': 'calls-filter' },
    h('label', {}, t('calls.range'), rangeSelect), custom,
    campaigns.length > 0 && select('campaign', campaigns.map((c) => String(c.id)), (id) => campaignNames.get(id) ?? `#${id}`),
    select('flow', facets.flows), select('result', facets.results), select('cause', facets.hangupCauses),
    select('direction', ['inbound', 'outbound'], (d) => t(`calls.${d}`)),
    text('number', { inputmode: 'numeric', placeholder: t('calls.number.hint'), size: 10 }),
    text('q', { type: 'search', placeholder: t('calls.q.hint'), size: 18 }),
    h('span', { class: 'calls-actions' },
      h('button', { class: 'primary', type: 'submit', 'data-test': 'calls-search' }, t('calls.search')),
      h('button', { class: 'ghost', type: 'button', onclick: () => ctx.navigate('#/calls') }, t('calls.reset'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      const kept = name === 'from' || name === 'to' ? rangeSelect.value === 'custom' : true;
      if (kept && String(value).trim()) params.set(name, String(value).trim());
    }
    ctx.navigate(`#/calls?${params}`);
  });

  // ---- the table ----
  const body = h('tbody');
  const status = h('span', { class: 'muted', 'data-test': 'calls-status' });
  const more = h('button', { type: 'button', hidden: true, 'data-test': 'calls-more' }, t('calls.more'));
  const table = h('div', { class: 'table-wrap card calls-table' },
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {},
        ['time', 'direction', 'number', 'flow', 'campaign', 'duration', 'result', 'cause'].map((c) => h('th', {
          class: c === 'duration' ? 'num' : `calls-col-${c}`,
        }, t(`calls.col.${c}`))))),
      body),
    h('div', { class: 'calls-footer' }, status, more));

  const row = (call) => {
    const number = call.direction === 'inbound' ? call.caller : call.callee;
    return h('tr', { class: 'clickable', 'data-test': 'calls-row', dataset: { uuid: call.callUuid },
      onclick: () => ctx.navigate(`#/call/${encodeURIComponent(call.callUuid)}`) },
    h('td', { class: 'nowrap' }, ctx.formatTime(call.startedAt)),
    h('td', {}, call.direction ? h('span', { class: `calls-dir ${call.direction}` }, t(`calls.${call.direction}`)) : ''),
    h('td', { class: 'mono nowrap' }, number ?? ''),
    h('td', {}, call.flow ?? ''),
    h('td', { class: 'calls-col-campaign' }, call.campaignId == null ? ''
      : h('a', { href: `#/campaign/${call.campaignId}`, onclick: (e) => e.stopPropagation() },
        campaignNames.get(String(call.campaignId)) ?? `#${call.campaignId}`)),
    h('td', { class: 'num' }, call.answeredAt ? ctx.formatDuration(call.durationMs) : '—'),
    h('td', {}, call.result ? h('span', { class: `badge ${resultKind(call.result)}` }, call.result) : ''),
    h('td', { class: 'mono calls-col-cause' }, call.hangupCause ?? ''));
  };

  let shown = 0;
  let cursor = null;
  const load = async () => {
    more.disabled = true;
    replace(status, t('calls.loading'));
    try {
      const page = await api(apiPath(filter, cursor), { signal: aborter.signal });
      body.append(...page.calls.map(row));
      shown += page.calls.length;
      cursor = page.next;
      more.hidden = !cursor;
      if (shown === 0) {
        replace(body, h('tr', {}, h('td', { colspan: 8, class: 'empty', 'data-test': 'calls-empty' }, t('calls.empty'))));
        replace(status);
      } else {
        replace(status, t('calls.count', { count: ctx.formatNumber(shown) }), cursor ? '' : ` · ${t('calls.end')}`);
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(status, h('span', { class: 'error', 'data-test': 'calls-error' }, t('calls.failed', { message: e.message })));
      if (e.field) form.querySelector(`[name="${e.field === 'q' ? 'q' : e.field}"]`)?.focus();
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', load);

  replace(root, h('h1', {}, t('calls.title')), form, table);
  await load();
  return () => aborter.abort();
}
