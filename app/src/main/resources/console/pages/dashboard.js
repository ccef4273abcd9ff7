// Dashboard: calls in progress and the last hour at a glance (GET /api/dashboard, refreshed every
// 10 s): calls per minute, results, hangup causes, voice_to_voice and barge_in_stop percentiles,
// errors by stage. Charts are uPlot; the breakdowns are plain bars.
import uPlot from '/vendor/uplot/uPlot.esm.js';

const STRINGS = {
  'zh-CN': {
    'dashboard.title': '总览', 'dashboard.window': '最近一小时', 'dashboard.updated': '更新于 {time}',
    'dashboard.loading': '加载中…', 'dashboard.failed': '无法加载总览：{message}',
    'dashboard.inProgress': '进行中通话', 'dashboard.calls': '最近一小时通话', 'dashboard.v2v.p50': '响应延迟 p50',
    'dashboard.v2v.p90': '响应延迟 p90', 'dashboard.bargein.p90': '打断停止 p90', 'dashboard.errors': '错误',
    'dashboard.perMinute': '每分钟通话', 'dashboard.v2v': '响应延迟 voice_to_voice（毫秒，每 5 分钟）',
    'dashboard.bargein': '打断停止 barge_in_stop（毫秒，每 5 分钟）', 'dashboard.results': '通话结果',
    'dashboard.causes': '挂断原因', 'dashboard.stages': '各环节错误', 'dashboard.none': '最近一小时没有数据',
    'dashboard.samples': '{n} 个样本', 'dashboard.callsSeries': '通话',
  },
  en: {
    'dashboard.title': 'Dashboard', 'dashboard.window': 'Last hour', 'dashboard.updated': 'Updated {time}',
    'dashboard.loading': 'Loading…', 'dashboard.failed': 'The dashboard could not load: {message}',
    'dashboard.inProgress': 'Calls in progress', 'dashboard.calls': 'Calls in the last hour', 'dashboard.v2v.p50': 'Voice to voice p50',
    'dashboard.v2v.p90': 'Voice to voice p90', 'dashboard.bargein.p90': 'Barge-in stop p90', 'dashboard.errors': 'Errors',
    'dashboard.perMinute': 'Calls per minute', 'dashboard.v2v': 'voice_to_voice (ms, per 5 minutes)',
    'dashboard.bargein': 'barge_in_stop (ms, per 5 minutes)', 'dashboard.results': 'Results',
    'dashboard.causes': 'Hangup causes', 'dashboard.stages': 'Errors by stage', 'dashboard.none': 'Nothing in the last hour',
    'dashboard.samples': '{n} samples', 'dashboard.callsSeries': 'Calls',
  },
};

const REFRESH_MS = 10_000;
const COLORS = { p50: '#2563eb', p90: '#b45309', p99: '#b91c1c', calls: '#0e7490' };

export async function render(root, ctx) {
  const { t, h, replace, formatNumber, formatTime } = ctx;
  ctx.i18n.add(STRINGS);
  ctx.css('dashboard');

  const updated = h('span', { class: 'muted', 'data-test': 'dashboard-updated' }, t('dashboard.loading'));
  const tiles = h('div', { class: 'stats', 'data-test': 'dashboard-tiles' });
  const charts = {
    perMinute: chartCard('dashboard.perMinute', 'dashboard-calls-chart'),
    v2v: chartCard('dashboard.v2v', 'dashboard-v2v-chart'),
    bargeIn: chartCard('dashboard.bargein', 'dashboard-bargein-chart'),
  };
  const breakdowns = {
    results: barsCard('dashboard.results', 'dashboard-results'),
    causes: barsCard('dashboard.causes', 'dashboard-causes'),
    stages: barsCard('dashboard.stages', 'dashboard-errors'),
  };
  const problem = h('p', { class: 'error', hidden: true, 'data-test': 'dashboard-error' });
  replace(root,
    h('div', { class: 'dashboard-head' }, h('h1', {}, t('dashboard.title')),
      h('span', { class: 'badge' }, t('dashboard.window')), updated),
    problem, tiles,
    h('div', { class: 'dashboard-charts' }, charts.perMinute.card, charts.v2v.card, charts.bargeIn.card),
    h('div', { class: 'dashboard-breakdowns' }, breakdowns.results.card, breakdowns.causes.card, breakdowns.stages.card));

  function chartCard(titleKey, testHandle) {
    const body = h('div', { class: 'dashboard-chart', 'data-test': testHandle });
    return { card: h('section', { class: 'card' }, h('h3', {}, t(titleKey)), body), body, plot: null };
  }

  function barsCard(titleKey, testHandle) {
    const body = h('div', { class: 'dashboard-bars', 'data-test': testHandle });
    return { card: h('section', { class: 'card' }, h('h3', {}, t(titleKey)), body), body };
  }

  function ms(value) {
    return value == null ? '–' : `${formatNumber(value, 0)} ms`;
  }

  function tile(label, value, test, kind) {
    return h('div', { class: `stat ${kind ?? ''}`, 'data-test': test },
      h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
  }

  function showTiles(data) {
    const hour = data.hour;
    const errors = Object.values(hour.errorsByStage).reduce((a, b) => a + b, 0);
    replace(tiles,
      tile(t('dashboard.inProgress'), formatNumber(data.inProgress), 'dashboard-in-progress', 'accent'),
      tile(t('dashboard.calls'), formatNumber(hour.calls), 'dashboard-calls'),
      tile(t('dashboard.v2v.p50'), ms(hour.voiceToVoice.overall.p50), 'dashboard-v2v-p50'),
      tile(t('dashboard.v2v.p90'), ms(hour.voiceToVoice.overall.p90), 'dashboard-v2v-p90'),
      tile(t('dashboard.bargein.p90'), ms(hour.bargeInStop.overall.p90), 'dashboard-bargein-p90'),
      tile(t('dashboard.errors'), formatNumber(errors), 'dashboard-errors-total', errors > 0 ? 'bad' : null));
  }

  function showBars(target, counts) {
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    if (!entries.length) {
      replace(target.body, h('p', { class: 'empty' }, t('dashboard.none')));
      return;
    }
    const max = entries[0][1];
    replace(target.body, entries.map(([name, n]) => h('div', { class: 'dashboard-bar', dataset: { name } },
      h('span', { class: 'dashboard-bar-name mono', title: name }, name),
      h('span', { class: 'dashboard-bar-track' },
        h('span', { class: 'dashboard-bar-fill', style: { width: `${Math.max(2, (100 * n) / max)}%` } })),
      h('span', { class: 'num' }, formatNumber(n)))));
  }

  function plot(target, data, series, { bars = false, step }) {
    const width = Math.max(260, target.body.clientWidth || 400);
    const xs = data[0];
    // half a bucket of room either side, so the first and last buckets are drawn whole
    const range = xs.length ? [xs[0] - step / 2, xs[xs.length - 1] + step / 2] : null;
    const options = {
      width, height: 200,
      scales: { x: { time: true, range: () => range } },
      legend: { show: !bars },
      axes: [{ stroke: '#657085', grid: { stroke: '#eef0f3' } }, { stroke: '#657085', grid: { stroke: '#eef0f3' }, size: 56 }],
      series: [{}, ...series.map((s) => ({
        label: s.label, stroke: s.color, width: 2, fill: bars ? `${s.color}33` : undefined,
        points: { show: !bars, size: 5 }, spanGaps: false,
        paths: bars ? uPlot.paths.bars({ size: [0.8, 20] }) : undefined,
      }))],
    };
    // drawn anew on each refresh: the hour's window (the x range) moves on
    target.plot?.destroy();
    target.body.replaceChildren();
    target.plot = new uPlot(options, data, target.body);
  }

  function seconds(iso) {
    return Date.parse(iso) / 1000;
  }

  function latencyData(latency) {
    // each 5-minute bucket is plotted at its middle
    const xs = latency.series.map((p) => seconds(p.from) + 150);
    return [xs, ...['p50', 'p90', 'p99'].map((k) => latency.series.map((p) => p[k]))];
  }

  function percentileSeries() {
    return ['p50', 'p90', 'p99'].map((k) => ({ label: k, color: COLORS[k] }));
  }

  function show(data) {
    const hour = data.hour;
    showTiles(data);
    plot(charts.perMinute, [hour.callsPerMinute.map((m) => seconds(m.at) + 30), hour.callsPerMinute.map((m) => m.calls)],
      [{ label: t('dashboard.callsSeries'), color: COLORS.calls }], { bars: true, step: 60 });
    plot(charts.v2v, latencyData(hour.voiceToVoice), percentileSeries(), { step: 300 });
    plot(charts.bargeIn, latencyData(hour.bargeInStop), percentileSeries(), { step: 300 });
    showBars(breakdowns.results, hour.results);
    showBars(breakdowns.causes, hour.hangupCauses);
    showBars(breakdowns.stages, hour.errorsByStage);
    replace(updated, t('dashboard.updated', { time: formatTime(hour.to) }));
  }

  let stopped = false;
  async function refresh() {
    try {
      const data = await ctx.api('/api/dashboard');
      if (stopped) return;
      problem.hidden = true;
      show(data);
    } catch (e) {
      if (stopped) return;
      problem.hidden = false;
      replace(problem, t('dashboard.failed', { message: e.message }));
    }
  }

  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  const resized = () => refresh();
  window.addEventListener('resize', resized);
  return () => {
    stopped = true;
    clearInterval(timer);
    window.removeEventListener('resize', resized);
    Object.values(charts).forEach((c) => c.plot?.destroy());
  };
}
