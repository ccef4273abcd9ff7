// Flows: every call flow the robot runs, with its language, size, whether an LLM answers in it and
// whether it is valid; a row opens the flow's graph and chat tester (#/flow/<name>).

const STRINGS = {
  'zh-CN': {
    'flows.title': '话术流程', 'flows.loading': '正在加载流程…', 'flows.empty': '没有可用的流程',
    'flows.failed': '流程列表加载失败：{message}', 'flows.name': '名称', 'flows.language': '语言',
    'flows.nodes': '节点数', 'flows.kind': '类型', 'flows.status': '状态', 'flows.llm': 'LLM 对话',
    'flows.scripted': '纯脚本', 'flows.valid': '有效', 'flows.invalid': '有错误', 'flows.open': '查看与测试',
    'flows.hint': '点击流程查看节点图，并用文字对话测试它（真实对话引擎，无需电话）。',
  },
  en: {
    'flows.title': 'Flows', 'flows.loading': 'Loading flows…', 'flows.empty': 'No flows available',
    'flows.failed': 'The flows could not be loaded: {message}', 'flows.name': 'Name', 'flows.language': 'Language',
    'flows.nodes': 'Nodes', 'flows.kind': 'Kind', 'flows.status': 'Status', 'flows.llm': 'LLM dialogue',
    'flows.scripted': 'Scripted', 'flows.valid': 'Valid', 'flows.invalid': 'Has errors', 'flows.open': 'View and test',
    'flows.hint': 'Open a flow to see its graph and test it by text chat (the real dialog engine, no phone needed).',
  },
};

export async function render(root, ctx) {
  const { h, t, replace } = ctx;
  ctx.i18n.add(STRINGS);
  ctx.css('flows');
  const body = h('div', { class: 'card' }, h('p', { class: 'empty' }, t('flows.loading')));
  replace(root, h('h1', {}, t('flows.title')), h('p', { class: 'muted' }, t('flows.hint')), body);
  let flows;
  try {
    flows = (await ctx.api('/api/flows')).flows;
  } catch (e) {
    replace(body, h('p', { class: 'error' }, t('flows.failed', { message: e.message })));
    return;
  }
  if (flows.length === 0) {
    replace(body, h('p', { class: 'empty' }, t('flows.empty')));
    return;
  }
  const open = (name) => ctx.navigate(`#/flow/${encodeURIComponent(name)}`);
  replace(body, h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-test': 'flows-table' },
    h('thead', {}, h('tr', {},
      h('th', {}, t('flows.name')), h('th', {}, t('flows.language')), h('th', { class: 'num' }, t('flows.nodes')),
      h('th', {}, t('flows.kind')), h('th', {}, t('flows.status')), h('th', {}))),
    h('tbody', {}, flows.map((flow) => h('tr', {
      class: 'clickable', 'data-test': 'flow-row', dataset: { flow: flow.name }, onclick: () => open(flow.name),
    },
    h('td', {}, h('a', { href: `#/flow/${encodeURIComponent(flow.name)}` }, flow.name)),
    h('td', {}, flow.language),
    h('td', { class: 'num' }, ctx.formatNumber(flow.nodes)),
    h('td', {}, h('span', { class: flow.llm ? 'badge info' : 'badge' }, t(flow.llm ? 'flows.llm' : 'flows.scripted'))),
    h('td', {}, h('span', { class: flow.valid ? 'badge ok' : 'badge bad' }, t(flow.valid ? 'flows.valid' : 'flows.invalid'))),
    h('td', { class: 'num' }, h('span', { class: 'muted' }, t('flows.open'), ' ›'))))))));
}
