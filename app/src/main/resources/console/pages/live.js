// Live calls: every call in progress, updated as it happens from the server-sent event stream
// GET /api/live/events (a snapshot, then each call's events), with hang-up and transfer actions.

const STRINGS = {
  'zh-CN': {
    'live.title': '实时通话', 'live.count': '{n} 通进行中', 'live.empty': '当前没有进行中的通话',
    'live.conn.connecting': '连接中…', 'live.conn.open': '实时连接', 'live.conn.reconnecting': '重新连接中…',
    'live.conn.closed': '已断开',
    'live.state.connecting': '接通中', 'live.state.talking': '机器人说话', 'live.state.listening': '聆听中',
    'live.state.hanging_up': '挂断中', 'live.state.transferring': '转接中', 'live.state.ended': '已结束',
    'live.caller': '客户', 'live.robot': '机器人', 'live.speaking': '正在说话', 'live.silent': '安静',
    'live.campaign': '任务 #{id}', 'live.inbound': '呼入', 'live.outbound': '外呼',
    'live.input.dtmf': '按键 {text}', 'live.input.no_input': '（无应答）', 'live.input.noise': '（杂音，机器人继续）',
    'live.input.backchannel': '附和：{text}', 'live.bargein': '被打断', 'live.bargein.line': '客户打断了机器人',
    'live.hangup': '挂断', 'live.hangup.confirm': '确认挂断？', 'live.transfer': '转接',
    'live.transfer.title': '转接通话', 'live.transfer.to': '转接到（分机或拨号计划号码）',
    'live.transfer.go': '转接', 'live.cancel': '取消', 'live.transfer.invalid': '请输入分机号，不能含空格或引号',
    'live.done.hangup': '已请求挂断', 'live.done.transfer': '已转接到 {to}',
    'live.ended': '已结束：{result}', 'live.noTranscript': '等待对话…',
    'live.amd.human': '真人接听', 'live.amd.machine': '语音信箱', 'live.amd.unreachable': '无法接通',
    'live.amd.invalid_number': '空号', 'live.amd.call_secretary': '智能秘书', 'live.amd.unknown': '未能判断',
    'live.amd.action.continue': '继续对话', 'live.amd.action.hangup': '挂断',
    'live.amd.action.leave_message': '提示音后留言',
    'live.amd': '应答检测', 'live.amd.line': '{result}（{seconds} 秒，{evidence}）→ {action}',
  },
  en: {
    'live.title': 'Live calls', 'live.count': '{n} in progress', 'live.empty': 'No calls in progress',
    'live.conn.connecting': 'Connecting…', 'live.conn.open': 'Live', 'live.conn.reconnecting': 'Reconnecting…',
    'live.conn.closed': 'Disconnected',
    'live.state.connecting': 'Connecting', 'live.state.talking': 'Robot talking', 'live.state.listening': 'Listening',
    'live.state.hanging_up': 'Hanging up', 'live.state.transferring': 'Transferring', 'live.state.ended': 'Ended',
    'live.caller': 'Caller', 'live.robot': 'Robot', 'live.speaking': 'speaking', 'live.silent': 'quiet',
    'live.campaign': 'Campaign #{id}', 'live.inbound': 'Inbound', 'live.outbound': 'Outbound',
    'live.input.dtmf': 'Pressed {text}', 'live.input.no_input': '(no answer)', 'live.input.noise': '(noise, robot went on)',
    'live.input.backchannel': 'Backchannel: {text}', 'live.bargein': 'interrupted', 'live.bargein.line': 'The caller interrupted the robot',
    'live.hangup': 'Hang up', 'live.hangup.confirm': 'Really hang up?', 'live.transfer': 'Transfer',
    'live.transfer.title': 'Transfer the call', 'live.transfer.to': 'Transfer to (extension or dialplan number)',
    'live.transfer.go': 'Transfer', 'live.cancel': 'Cancel', 'live.transfer.invalid': 'Enter an extension, without spaces or quotes',
    'live.done.hangup': 'Hang-up requested', 'live.done.transfer': 'Transferred to {to}',
    'live.ended': 'Ended: {result}', 'live.noTranscript': 'Waiting for the conversation…',
    'live.amd.human': 'Person', 'live.amd.machine': 'Voicemail', 'live.amd.unreachable': 'Unreachable',
    'live.amd.invalid_number': 'Invalid number', 'live.amd.call_secretary': 'Call secretary',
    'live.amd.unknown': 'Undecided', 'live.amd.action.continue': 'go on', 'live.amd.action.hangup': 'hang up',
    'live.amd.action.leave_message': 'leave a message after the beep',
    'live.amd': 'Answer detection', 'live.amd.line': '{result} ({seconds} s, {evidence}) → {action}',
  },
};

const TARGET = /^[A-Za-z0-9_+*#.@-]{1,64}$/;
/** How long an ended call stays on the page (faded) before it goes. */
const LINGER_MS = 4000;

export function render(root, ctx) {
  const { t, h, replace, formatDuration, formatNumber } = ctx;
  ctx.i18n.add(STRINGS);
  ctx.css('live');

  const calls = new Map(); // uuid -> { info, since, card, parts }
  const connection = h('span', { class: 'badge', 'data-test': 'live-connection' }, t('live.conn.connecting'));
  const count = h('span', { class: 'muted', 'data-test': 'live-count' });
  const list = h('div', { class: 'live-calls', 'data-test': 'live-calls' });
  const empty = h('p', { class: 'empty', 'data-test': 'live-empty' }, t('live.empty'));
  const dialog = transferDialog();
  replace(root, h('div', { class: 'live-head' }, h('h1', {}, t('live.title')), count, connection), empty, list, dialog.element);

  function setConnection(state) {
    connection.className = `badge ${{ open: 'ok', reconnecting: 'warn', closed: 'bad' }[state] ?? ''}`;
    connection.dataset.state = state;
    replace(connection, t(`live.conn.${state}`));
  }

  function refreshCount() {
    const active = [...calls.values()].filter((c) => !c.ended).length;
    replace(count, calls.size ? t('live.count', { n: formatNumber(active) }) : '');
    empty.hidden = calls.size > 0;
  }

  function customerNumber(info) {
    return info.direction === 'outbound' ? info.callee : info.caller;
  }

  function addCall(info, ageMillis = 0) {
    removeCall(info.uuid);
    const parts = {
      state: h('span', { class: 'badge', 'data-test': 'live-state' }),
      duration: h('span', { class: 'live-duration mono', 'data-test': 'live-duration' }),
      caller: h('span', { class: 'live-who caller', 'data-test': 'live-speaking-caller' }, t('live.caller')),
      robot: h('span', { class: 'live-who robot', 'data-test': 'live-speaking-robot' }, t('live.robot')),
      transcript: h('div', { class: 'live-transcript', 'data-test': 'live-transcript' },
        h('p', { class: 'muted live-waiting' }, t('live.noTranscript'))),
      partial: null,
      robotLines: new Map(),
      footer: h('div', { class: 'live-footer' }),
      amd: h('span', { class: 'badge', 'data-test': 'live-amd', hidden: true }),
    };
    const hangup = h('button', { class: 'danger', type: 'button', 'data-test': 'live-hangup' }, t('live.hangup'));
    hangup.addEventListener('click', () => hangupClicked(info.uuid, hangup));
    const transfer = h('button', { type: 'button', 'data-test': 'live-transfer' }, t('live.transfer'));
    transfer.addEventListener('click', () => dialog.open(info.uuid));
    const meta = [
      info.flow && h('span', { class: 'live-flow' }, info.flow),
      info.campaignId != null && h('span', { class: 'badge info' }, t('live.campaign', { id: info.campaignId })),
      h('span', { class: 'muted' }, t(`live.${info.direction === 'outbound' ? 'outbound' : 'inbound'}`)),
      customerNumber(info) && h('span', { class: 'mono', 'data-test': 'live-number' }, customerNumber(info)),
    ];
    const card = h('article', { class: 'card live-call', 'data-test': 'live-call', dataset: { uuid: info.uuid } },
      h('header', { class: 'live-call-head' },
        h('div', { class: 'live-meta' }, meta, parts.amd),
        h('div', { class: 'live-status' }, parts.state, parts.duration)),
      h('div', { class: 'live-speakers', 'data-test': 'live-speaking' }, parts.caller, parts.robot),
      parts.transcript,
      h('div', { class: 'live-actions' }, parts.footer, transfer, hangup));
    const call = { info, since: Date.now() - ageMillis, card, parts, ended: false, buttons: [hangup, transfer] };
    calls.set(info.uuid, call);
    list.prepend(card);
    setState(call, info.state ?? 'connecting');
    speaking(call, 'caller', !!info.callerSpeaking);
    speaking(call, 'robot', !!info.robotSpeaking);
    tick(call);
    refreshCount();
    return call;
  }

  function removeCall(uuid) {
    const call = calls.get(uuid);
    if (!call) return;
    clearTimeout(call.fade);
    call.card.remove();
    calls.delete(uuid);
  }

  function setState(call, state) {
    const kind = { talking: 'info', listening: 'ok', hanging_up: 'warn', transferring: 'warn', ended: '' }[state] ?? '';
    call.parts.state.className = `badge ${kind}`;
    call.parts.state.dataset.state = state;
    replace(call.parts.state, t(`live.state.${state}`));
  }

  function speaking(call, who, on) {
    const el = call.parts[who];
    el.classList.toggle('on', on);
    el.title = t(on ? 'live.speaking' : 'live.silent');
    el.dataset.on = on ? 'true' : 'false';
  }

  function line(call, speaker, text, extraClass) {
    call.parts.transcript.querySelector('.live-waiting')?.remove();
    const el = h('p', { class: `live-line ${extraClass ?? ''}`, 'data-test': `live-line-${speaker}` },
      h('span', { class: `live-speaker speaker-${speaker}` }, t(`live.${speaker}`)),
      h('span', { class: 'live-text' }, text));
    const partial = call.parts.partial;
    if (partial) call.parts.transcript.insertBefore(el, partial);
    else call.parts.transcript.append(el);
    scrollDown(call);
    return el;
  }

  function scrollDown(call) {
    const box = call.parts.transcript;
    box.scrollTop = box.scrollHeight;
  }

  function callerLine(call, input, text) {
    switch (input) {
      case 'speech': return line(call, 'caller', text);
      case 'backchannel': return line(call, 'caller', t('live.input.backchannel', { text }), 'live-minor');
      case 'dtmf': return line(call, 'caller', t('live.input.dtmf', { text }));
      default: return line(call, 'caller', t(`live.input.${input}`), 'live-minor');
    }
  }

  function partial(call, text) {
    if (!text) {
      call.parts.partial?.remove();
      call.parts.partial = null;
      return;
    }
    if (!call.parts.partial) {
      call.parts.transcript.querySelector('.live-waiting')?.remove();
      call.parts.partial = h('p', { class: 'live-line partial', 'data-test': 'live-partial' },
        h('span', { class: 'live-speaker speaker-caller' }, t('live.caller')), h('span', { class: 'live-text' }));
      call.parts.transcript.append(call.parts.partial);
    }
    replace(call.parts.partial.lastChild, text);
    scrollDown(call);
  }

  function robotLine(call, turn, text, done, interrupted) {
    let el = call.parts.robotLines.get(turn);
    if (!el) {
      el = line(call, 'robot', '');
      call.parts.robotLines.set(turn, el);
    }
    replace(el.querySelector('.live-text'), text);
    el.classList.toggle('producing', !done);
    if (interrupted) markBargeIn(el);
    scrollDown(call);
  }

  function markBargeIn(el) {
    if (el.querySelector('.live-bargein')) return;
    el.classList.add('interrupted');
    el.append(h('span', { class: 'badge warn live-bargein', 'data-test': 'live-bargein' }, t('live.bargein')));
  }

  function fillTranscript(call, turns, partialText) {
    for (const turn of turns ?? []) {
      if (turn.speaker === 'robot') {
        const el = line(call, 'robot', turn.text);
        if (turn.interrupted) markBargeIn(el);
      } else {
        callerLine(call, turn.input, turn.text);
      }
    }
    partial(call, partialText);
  }

  /** The answer-detection verdict: a badge by the call's flow and a line in its transcript. */
  function amd(call, data) {
    const result = t(`live.amd.${data.result}`);
    call.parts.amd.className = `badge ${data.result === 'human' ? 'ok' : 'warn'}`;
    call.parts.amd.dataset.result = data.result;
    call.parts.amd.hidden = false;
    replace(call.parts.amd, result);
    line(call, 'amd', t('live.amd.line', {
      result, seconds: (data.atMillis / 1000).toFixed(1), evidence: data.evidence,
      action: t(`live.amd.action.${data.action}`),
    }), 'live-minor');
  }

  function ended(call, data) {
    call.ended = true;
    setState(call, 'ended');
    speaking(call, 'caller', false);
    speaking(call, 'robot', false);
    partial(call, '');
    call.buttons.forEach((b) => { b.disabled = true; });
    replace(call.parts.footer, h('span', { class: 'muted', 'data-test': 'live-ended' },
      t('live.ended', { result: data.result ?? '' })));
    call.card.classList.add('ended');
    call.fade = setTimeout(() => { removeCall(call.info.uuid); refreshCount(); }, LINGER_MS);
    refreshCount();
  }

  const handlers = {
    snapshot(data) {
      for (const uuid of [...calls.keys()]) removeCall(uuid);
      for (const info of data.calls) {
        const call = addCall(info, info.ageMillis);
        fillTranscript(call, info.transcript, info.partial);
      }
      refreshCount();
    },
    started(data) {
      addCall({ ...data, state: 'connecting' });
    },
    state(data) { withCall(data, (call) => setState(call, data.state)); },
    speaking(data) { withCall(data, (call) => speaking(call, data.who, data.on)); },
    caller(data) {
      withCall(data, (call) => {
        if (data.partial) {
          partial(call, data.text);
        } else {
          partial(call, '');
          callerLine(call, data.input, data.text);
        }
      });
    },
    robot(data) { withCall(data, (call) => robotLine(call, data.turn, data.text, data.done, data.interrupted)); },
    barge_in(data) {
      withCall(data, (call) => {
        const el = call.parts.robotLines.get(data.turn);
        if (el) markBargeIn(el);
        line(call, 'caller', t('live.bargein.line'), 'live-minor live-bargein-line');
      });
    },
    amd(data) { withCall(data, (call) => amd(call, data)); },
    ended(data) { withCall(data, (call) => ended(call, data)); },
  };

  function withCall(data, action) {
    const call = calls.get(data.uuid);
    if (call && !call.ended) action(call);
  }

  function tick(call) {
    if (!call.ended) replace(call.parts.duration, formatDuration(Date.now() - call.since));
  }

  async function hangupClicked(uuid, button) {
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      replace(button, t('live.hangup.confirm'));
      setTimeout(() => { button.dataset.armed = 'false'; replace(button, t('live.hangup')); }, 4000);
      return;
    }
    button.disabled = true;
    try {
      await ctx.api(`/api/calls/${encodeURIComponent(uuid)}/hangup`, { method: 'POST' });
      ctx.toast(t('live.done.hangup'), 'ok');
    } catch (e) {
      button.disabled = false;
      ctx.toast(t('error.generic', { message: e.message }), 'error');
    }
  }

  function transferDialog() {
    const input = h('input', { type: 'text', autocomplete: 'off', 'data-test': 'live-transfer-to', placeholder: '8001' });
    const problem = h('p', { class: 'error', hidden: true });
    let uuid = null;
    const element = h('dialog', { class: 'live-dialog', 'data-test': 'live-transfer-dialog' },
      h('form', { method: 'dialog', onsubmit: (e) => { e.preventDefault(); submit(); } },
        h('h2', {}, t('live.transfer.title')),
        h('label', {}, t('live.transfer.to'), input),
        problem,
        h('div', { class: 'live-dialog-actions' },
          h('button', { type: 'button', class: 'ghost', onclick: () => element.close() }, t('live.cancel')),
          h('button', { type: 'submit', class: 'primary', 'data-test': 'live-transfer-confirm' }, t('live.transfer.go')))));

    async function submit() {
      const to = input.value.trim();
      if (!TARGET.test(to)) {
        problem.hidden = false;
        replace(problem, t('live.transfer.invalid'));
        return;
      }
      try {
        await ctx.api(`/api/calls/${encodeURIComponent(uuid)}/transfer`, { method: 'POST', json: { to } });
        element.close();
        ctx.toast(t('live.done.transfer', { to }), 'ok');
      } catch (e) {
        problem.hidden = false;
        replace(problem, e.message);
      }
    }

    return {
      element,
      open(forUuid) {
        uuid = forUuid;
        input.value = '';
        problem.hidden = true;
        element.showModal();
        input.focus();
      },
    };
  }

  refreshCount();
  const close = ctx.events('/api/live/events', handlers, setConnection);
  const timer = setInterval(() => calls.forEach(tick), 1000);
  return () => {
    close();
    clearInterval(timer);
    calls.forEach((call) => clearTimeout(call.fade));
  };
}
