// One flow (#/flow/<name>): its graph drawn as SVG (layers by distance from the start node), its
// validation problems, and a chat tester that runs the real dialog engine: type what a caller
// would say, press keys or stay silent, and see the replies, the node and the result tag.

const STRINGS = {
  'zh-CN': {
    'flow.back': '‹ 全部流程', 'flow.loading': '正在加载流程…', 'flow.failed': '流程加载失败：{message}',
    'flow.graph': '流程图', 'flow.start': '起点', 'flow.valid': '有效', 'flow.invalid': '有错误',
    'flow.problems': '校验问题', 'flow.problem.flow': '整个流程', 'flow.llm': 'LLM',
    'flow.legend': '蓝色：当前节点　红框：有问题的节点　↻：重复提示次数　■ 挂机结果　↪ 转接结果　虚线：挂机、转接或模型调用工具',
    'flow.edge.no_input': '无应答', 'flow.edge.no_match': '未匹配', 'flow.edge.llm_turns': 'LLM {n} 轮后', 'flow.edge.tool': '工具 {name}',
    'flow.exit.transfer': '转接', 'flow.exit.hangup': '挂机',
    'flow.chat': '对话测试', 'flow.variables': '变量', 'flow.noVariables': '此流程没有模板变量',
    'flow.restart': '重新开始', 'flow.say': '输入来电者要说的话…', 'flow.send': '发送', 'flow.silence': '无应答',
    'flow.keypad': '按键', 'flow.caller': '来电者', 'flow.robot': '机器人', 'flow.node': '节点 {node}',
    'flow.result': '结果 {result}', 'flow.ended': '通话结束，结果：{result}', 'flow.transfer': '转接至 {to}，结果：{result}',
    'flow.pressed': '按键 {digits}', 'flow.silent': '（没有说话）', 'flow.starting': '正在开始对话…',
    'flow.thinking': '机器人正在回复…', 'flow.chatFailed': '对话出错：{message}', 'flow.current': '当前节点',
    'flow.degraded': '降级：{why}', 'flow.none': '—', 'flow.key': '按{key}',
  },
  en: {
    'flow.back': '‹ All flows', 'flow.loading': 'Loading the flow…', 'flow.failed': 'The flow could not be loaded: {message}',
    'flow.graph': 'Graph', 'flow.start': 'start', 'flow.valid': 'Valid', 'flow.invalid': 'Has errors',
    'flow.problems': 'Validation problems', 'flow.problem.flow': 'whole flow', 'flow.llm': 'LLM',
    'flow.legend': 'Blue: current node · red outline: node with a problem · ↻ reprompts · ■ hang-up result · ↪ transfer result · dashed: hang-up, transfer or a tool the model calls',
    'flow.edge.no_input': 'no input', 'flow.edge.no_match': 'no match', 'flow.edge.llm_turns': 'after {n} LLM turns', 'flow.edge.tool': 'tool {name}',
    'flow.exit.transfer': 'transfer', 'flow.exit.hangup': 'hang up',
    'flow.chat': 'Test by chat', 'flow.variables': 'Variables', 'flow.noVariables': 'This flow uses no template variables',
    'flow.restart': 'Restart', 'flow.say': 'What the caller says…', 'flow.send': 'Send', 'flow.silence': 'No input',
    'flow.keypad': 'Keypad', 'flow.caller': 'Caller', 'flow.robot': 'Robot', 'flow.node': 'node {node}',
    'flow.result': 'result {result}', 'flow.ended': 'Call ended, result: {result}', 'flow.transfer': 'Transferred to {to}, result: {result}',
    'flow.pressed': 'Pressed {digits}', 'flow.silent': '(said nothing)', 'flow.starting': 'Starting the chat…',
    'flow.thinking': 'The robot is replying…', 'flow.chatFailed': 'Chat failed: {message}', 'flow.current': 'Current node',
    'flow.degraded': 'degraded: {why}', 'flow.none': '—', 'flow.key': 'key {key}',
  },
};

const NODE_W = 160;
const NODE_H = 62;
const EXIT_W = 120;
const EXIT_H = 26;
const GAP_X = 16;
const LAYER_H = 118;
const PAD = 16;
const SVG = 'svg:';

/** Nodes and exit terminals placed in layers by BFS depth from the start node. */
export function layout(graph) {
  const ids = graph.nodes.map((n) => n.id);
  const depth = new Map();
  const order = [];
  if (ids.includes(graph.start)) {
    depth.set(graph.start, 0);
    order.push(graph.start);
  }
  for (let i = 0; i < order.length; i++) {
    const from = order[i];
    for (const edge of graph.edges) {
      if (edge.from === from && edge.to && edge.to !== from && ids.includes(edge.to) && !depth.has(edge.to)) {
        depth.set(edge.to, depth.get(from) + 1);
        order.push(edge.to);
      }
    }
  }
  let deepest = Math.max(0, ...depth.values());
  for (const id of ids) {
    if (!depth.has(id)) { // unreachable (an invalid flow): a layer of their own below
      depth.set(id, deepest + 1);
      order.push(id);
    }
  }
  deepest = Math.max(0, ...depth.values());
  const items = order.map((id) => ({ id, kind: 'node', node: graph.nodes.find((n) => n.id === id), layer: depth.get(id) }));
  const exits = new Map();
  for (const edge of graph.edges) {
    if (!edge.exit) continue;
    const key = `exit:${edge.exit.transfer ? 'transfer' : 'hangup'}:${edge.exit.result}`;
    const layer = depth.get(edge.from) + 1;
    const known = exits.get(key);
    if (known) known.layer = Math.max(known.layer, layer);
    else exits.set(key, { id: key, kind: 'exit', exit: edge.exit, layer });
  }
  items.push(...exits.values());
  const layers = [];
  for (const item of items) (layers[item.layer] ??= []).push(item);
  const widthOf = (item) => (item.kind === 'node' ? NODE_W : EXIT_W);
  const rowWidth = (row) => row.reduce((sum, item) => sum + widthOf(item), 0) + GAP_X * (row.length - 1);
  const width = Math.max(NODE_W, ...layers.filter(Boolean).map(rowWidth)) + 2 * PAD;
  const placed = new Map();
  layers.forEach((row, index) => {
    if (!row) return;
    let x = (width - rowWidth(row)) / 2;
    for (const item of row) {
      const w = widthOf(item);
      const hgt = item.kind === 'node' ? NODE_H : EXIT_H;
      placed.set(item.id, { ...item, x, y: PAD + index * LAYER_H + (NODE_H - hgt) / 2, w, h: hgt });
      x += w + GAP_X;
    }
  });
  return { placed, width, height: PAD * 2 + Math.max(0, layers.length - 1) * LAYER_H + NODE_H };
}

function short(text, max) {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export async function render(root, ctx) {
  const { h, t, replace } = ctx;
  ctx.i18n.add(STRINGS);
  ctx.css('flows');
  const name = ctx.params[0] ?? '';
  replace(root, h('p', { class: 'empty' }, t('flow.loading')));
  let graph;
  try {
    graph = await ctx.api(`/api/flows/${encodeURIComponent(name)}`);
  } catch (e) {
    replace(root, h('p', {}, h('a', { href: '#/flows' }, t('flow.back'))), h('p', { class: 'error' }, t('flow.failed', { message: e.message })));
    return;
  }

  const state = { session: null, node: null, ended: false, busy: false, result: null, closed: false };
  const problemNodes = new Set(graph.problems.map((p) => p.node).filter(Boolean));
  const graphBox = h('div', { class: 'flow-graph', 'data-test': 'flow-graph' });
  const nodeHandles = new Map();

  // ---- graph ----
  function edgeLabel(edge) {
    switch (edge.trigger) {
      case 'intent': return [edge.label, edge.dtmf ? t('flow.key', { key: edge.dtmf }) : null].filter(Boolean).join(' · ');
      case 'no_input': case 'no_match': return t(`flow.edge.${edge.trigger}`);
      case 'llm_turns': return t('flow.edge.llm_turns', { n: edge.retries });
      case 'tool': return t('flow.edge.tool', { name: edge.label });
      default: return '';
    }
  }

  function drawGraph() {
    const { placed, width, height } = layout(graph);
    const edges = new Map(); // one path per pair of boxes, labels joined
    for (const edge of graph.edges) {
      if (edge.trigger === 'retry' || edge.to === edge.from) continue;
      const to = edge.to ?? `exit:${edge.exit.transfer ? 'transfer' : 'hangup'}:${edge.exit.result}`;
      if (!placed.has(edge.from) || !placed.has(to)) continue;
      const key = `${edge.from}→${to}`;
      const known = edges.get(key);
      const label = edgeLabel(edge);
      const tool = edge.trigger === 'tool';
      if (known) {
        if (label && !known.labels.includes(label)) known.labels.push(label);
        known.tool = known.tool && tool; // dashed only while every transition on the path is the model's
      } else {
        edges.set(key, { from: placed.get(edge.from), to: placed.get(to), labels: label ? [label] : [], exit: !edge.to, tool });
      }
    }
    const paths = [];
    const labels = [];
    for (const { from, to, labels: text, exit, tool } of edges.values()) {
      const x1 = from.x + from.w / 2;
      const y1 = from.y + from.h;
      const x2 = to.x + to.w / 2;
      let d;
      let mid;
      if (to.layer > from.layer) {
        const y2 = to.y;
        const bend = Math.max(30, (y2 - y1) / 2);
        d = `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`;
        // labels just above the target: there the edges of a fan are spread out as their targets are
        const u = exit ? 0.8 : Math.max(0.55, 1 - 34 / Math.max(1, y2 - y1));
        const bx = (a, b, c, e) => (1 - u) ** 3 * a + 3 * (1 - u) ** 2 * u * b + 3 * (1 - u) * u ** 2 * c + u ** 3 * e;
        mid = { x: bx(x1, x1, x2, x2), y: bx(y1, y1 + bend, y2 - bend, y2) };
      } else { // back or sideways edge: around the right of both boxes
        const xs = Math.max(from.x + from.w, to.x + to.w) + 24;
        const ya = from.y + from.h / 2;
        const yb = to.y + to.h / 2;
        d = `M${from.x + from.w},${ya} C${xs},${ya} ${xs},${yb} ${to.x + to.w},${yb}`;
        mid = { x: xs - 6, y: (ya + yb) / 2 };
      }
      const kind = exit ? 'edge exit-edge' : tool ? 'edge tool-edge' : 'edge';
      paths.push(h(`${SVG}path`, { d, class: kind, 'data-test': tool ? 'flow-tool-edge' : null, 'marker-end': 'url(#arrow)' }));
      if (text.length) {
        const line = short(text.join(' / '), 26);
        const w = line.length * 7 + 10;
        labels.push(h(`${SVG}g`, { class: 'edge-label', transform: `translate(${mid.x - w / 2},${mid.y - 9})` },
          h(`${SVG}rect`, { width: w, height: 18, rx: 4 }),
          h(`${SVG}text`, { x: w / 2, y: 13, 'text-anchor': 'middle' }, line)));
      }
    }
    const boxes = [];
    for (const item of placed.values()) {
      if (item.kind === 'exit') {
        const icon = item.exit.transfer ? '↪' : '■';
        boxes.push(h(`${SVG}g`, { class: `exit ${item.exit.transfer ? 'transfer' : 'hangup'}`, transform: `translate(${item.x},${item.y})` },
          h(`${SVG}title`, {}, `${t(item.exit.transfer ? 'flow.exit.transfer' : 'flow.exit.hangup')} ${item.exit.destination ?? ''}`),
          h(`${SVG}rect`, { width: item.w, height: item.h, rx: 13 }),
          h(`${SVG}text`, { x: item.w / 2, y: 17, 'text-anchor': 'middle' }, `${icon} ${short(item.exit.result, 16)}`)));
        continue;
      }
      const node = item.node;
      const retries = graph.edges.filter((e) => e.from === node.id && e.trigger === 'retry').map((e) => e.retries);
      const classes = ['node', `kind-${node.kind}`];
      if (problemNodes.has(node.id)) classes.push('problem');
      const g = h(`${SVG}g`, {
        class: classes.join(' '), transform: `translate(${item.x},${item.y})`, 'data-test': 'graph-node', 'data-node': node.id,
      },
      h(`${SVG}title`, {}, [node.id, ...node.prompts].join('\n')),
      h(`${SVG}rect`, { width: item.w, height: item.h, rx: 10 }),
      h(`${SVG}text`, { x: 10, y: 20, class: 'node-id' }, short(node.id, 20)),
      node.id === graph.start ? h(`${SVG}text`, { x: item.w - 10, y: 20, 'text-anchor': 'end', class: 'node-tag' }, t('flow.start')) : null,
      node.kind === 'llm' ? h(`${SVG}text`, { x: item.w - 10, y: 20, 'text-anchor': 'end', class: 'node-tag llm' }, t('flow.llm')) : null,
      h(`${SVG}text`, { x: 10, y: 38, class: 'node-prompt' }, short(node.prompts[0] ?? '', 13)),
      node.exit
        ? h(`${SVG}text`, { x: 10, y: 55, class: `node-exit ${node.exit.transfer ? 'transfer' : 'hangup'}` },
          `${node.exit.transfer ? '↪' : '■'} ${short(node.exit.result, 20)}`)
        : (retries.length ? h(`${SVG}text`, { x: 10, y: 55, class: 'node-retry' }, `↻ ${Math.max(...retries)}`) : null));
      nodeHandles.set(node.id, g);
      boxes.push(g);
    }
    const svg = h(`${SVG}svg`, {
      viewBox: `0 0 ${width + 30} ${height}`, width: width + 30, height, role: 'img', 'aria-label': graph.name,
    },
    h(`${SVG}defs`, {}, h(`${SVG}marker`, { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      h(`${SVG}path`, { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }))),
    h(`${SVG}g`, {}, paths), h(`${SVG}g`, {}, boxes), h(`${SVG}g`, {}, labels));
    replace(graphBox, svg);
    highlight();
  }

  function highlight() {
    for (const [id, g] of nodeHandles) {
      const current = id === state.node;
      g.classList.toggle('current', current);
      if (current) g.setAttribute('data-current', 'true');
      else g.removeAttribute('data-current');
    }
    // keep the current node in view inside the graph's own scroll box, never scrolling the page
    const current = nodeHandles.get(state.node);
    if (!current) return;
    const box = current.getBoundingClientRect();
    const view = graphBox.getBoundingClientRect();
    if (box.top < view.top || box.bottom > view.bottom) graphBox.scrollTop += box.top - view.top - view.height / 3;
    if (box.left < view.left || box.right > view.right) graphBox.scrollLeft += box.left - view.left - view.width / 3;
  }

  // ---- chat ----
  const inputs = new Map();
  const variablesForm = graph.variables.length
    ? h('div', { class: 'flow-vars', 'data-test': 'chat-variables' }, graph.variables.map((v) => {
      const input = h('input', { name: v.name, value: v.defaultValue ?? '', placeholder: v.name, 'data-var': v.name });
      inputs.set(v.name, input);
      return h('label', {}, v.name, input);
    }))
    : h('p', { class: 'muted' }, t('flow.noVariables'));
  const log = h('div', { class: 'chat-log', 'data-test': 'chat-log' });
  const status = h('div', { class: 'chat-status', 'data-test': 'chat-status' });
  const text = h('input', { type: 'text', placeholder: t('flow.say'), 'data-test': 'chat-text', autocomplete: 'off' });
  const sendButton = h('button', { class: 'primary', type: 'submit', 'data-test': 'chat-send' }, t('flow.send'));
  const silenceButton = h('button', { type: 'button', 'data-test': 'chat-silence', onclick: () => say({ silence: true }) }, t('flow.silence'));
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((key) => h('button', {
    type: 'button', class: 'key', 'data-test': 'chat-key', 'data-key': key, onclick: () => say({ dtmf: key }),
  }, key));
  const controls = [text, sendButton, silenceButton, ...keys];

  function setBusy(busy) {
    state.busy = busy;
    for (const control of controls) control.disabled = busy || state.ended || !state.session;
  }

  function showStatus() {
    replace(status,
      h('span', { class: 'muted' }, t('flow.current'), ' '),
      h('span', { class: 'badge info', 'data-test': 'chat-node' }, state.node ?? t('flow.none')),
      state.result ? h('span', { class: 'badge ok', 'data-test': 'chat-result' }, t('flow.result', { result: state.result })) : null);
  }

  function line(who, content, meta, extra = {}) {
    const entry = h('div', { class: `chat-line ${who}`, ...extra },
      h('div', { class: 'chat-who' }, t(who === 'caller' ? 'flow.caller' : 'flow.robot')),
      h('div', { class: 'chat-bubble' }, content),
      meta ? h('div', { class: 'chat-meta' }, meta) : null);
    log.append(entry);
    log.scrollTop = log.scrollHeight;
    return entry;
  }

  function showTurn(turn) {
    turn.replies.forEach((reply, i) => {
      const last = i === turn.replies.length - 1;
      const meta = [t('flow.node', { node: reply.node ?? t('flow.none') })];
      if (last && turn.result) meta.push(t('flow.result', { result: turn.result }));
      if (reply.degraded) meta.push(t('flow.degraded', { why: reply.degraded }));
      line('robot', reply.text, meta.join(' · '), { 'data-test': 'chat-robot', dataset: { node: reply.node ?? '' } });
    });
    state.node = turn.node;
    state.ended = turn.ended;
    state.result = turn.result ?? null;
    if (turn.ended) {
      log.append(h('div', { class: 'chat-end', 'data-test': 'chat-end' }, turn.transferTo
        ? t('flow.transfer', { to: turn.transferTo, result: turn.result })
        : t('flow.ended', { result: turn.result })));
      log.scrollTop = log.scrollHeight;
    }
    showStatus();
    highlight();
  }

  async function call(request, waiting) {
    setBusy(true);
    const pending = h('div', { class: 'chat-pending muted' }, waiting);
    log.append(pending);
    try {
      const turn = await request();
      pending.remove();
      if (!state.closed) showTurn(turn);
      return turn;
    } catch (e) {
      pending.remove();
      log.append(h('div', { class: 'chat-error error', 'data-test': 'chat-error' }, t('flow.chatFailed', { message: e.message })));
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function endSession() {
    const old = state.session;
    state.session = null;
    if (old) {
      try { await ctx.api(`/api/chat/${encodeURIComponent(old)}`, { method: 'DELETE' }); } catch { /* already gone (expired) */ }
    }
  }

  async function restart() {
    await endSession();
    Object.assign(state, { node: null, ended: false, result: null });
    replace(log);
    showStatus();
    highlight();
    const variables = {};
    for (const [key, input] of inputs) if (input.value.trim() !== '') variables[key] = input.value.trim();
    const turn = await call(() => ctx.api(`/api/flows/${encodeURIComponent(graph.name)}/chat`, { method: 'POST', json: { variables } }),
      t('flow.starting'));
    if (turn) {
      state.session = turn.session;
      setBusy(false);
      text.focus();
    }
  }

  async function say(input) {
    if (!state.session || state.busy || state.ended) return;
    const shown = input.text ?? (input.dtmf ? t('flow.pressed', { digits: input.dtmf }) : t('flow.silent'));
    line('caller', shown, null, { 'data-test': 'chat-caller' });
    await call(() => ctx.api(`/api/chat/${encodeURIComponent(state.session)}`, { method: 'POST', json: input }), t('flow.thinking'));
    if (!state.ended) text.focus();
  }

  const form = h('form', {
    class: 'chat-input',
    onsubmit: (event) => {
      event.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      text.value = '';
      say({ text: value });
    },
  }, text, sendButton);

  // ---- page ----
  const problems = graph.problems.length
    ? h('div', { class: 'card problems', 'data-test': 'flow-problems' }, h('h2', {}, t('flow.problems')),
      h('ul', {}, graph.problems.map((p) => h('li', {},
        h('span', { class: 'badge bad' }, p.node ?? t('flow.problem.flow')), ' ', p.message))))
    : null;
  replace(root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/flows' }, t('flow.back'))),
    h('div', { class: 'flow-head' },
      h('h1', {}, graph.name),
      h('span', { class: 'badge' }, graph.language),
      graph.usesLlm ? h('span', { class: 'badge info' }, t('flow.llm')) : null,
      h('span', { class: graph.valid ? 'badge ok' : 'badge bad', 'data-test': 'flow-valid' }, t(graph.valid ? 'flow.valid' : 'flow.invalid'))),
    problems,
    h('div', { class: 'flow-layout' },
      h('section', { class: 'card flow-graph-card' }, h('h2', {}, t('flow.graph')), graphBox,
        h('p', { class: 'muted legend' }, t('flow.legend'))),
      h('section', { class: 'card flow-chat', 'data-test': 'flow-chat' },
        h('div', { class: 'chat-head' }, h('h2', {}, t('flow.chat')),
          h('button', { type: 'button', 'data-test': 'chat-restart', onclick: restart }, t('flow.restart'))),
        h('details', { class: 'chat-vars', open: true }, h('summary', {}, t('flow.variables')), variablesForm),
        status, log, form,
        h('div', { class: 'chat-keys' },
          h('div', { class: 'keypad', 'aria-label': t('flow.keypad') }, keys),
          silenceButton))));
  drawGraph();
  showStatus();
  setBusy(false);
  restart();
  return () => {
    state.closed = true;
    endSession();
  };
}
