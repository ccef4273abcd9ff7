// Call detail (#/call/<uuid>): who, when and how it ended; the LLM's post-call summary when the flow asks
// for one; the transcript turn by turn with what the
// caller heard against what the robot meant to say; each robot turn's latency as a waterfall; the
// recording with both channels' waveforms, turn markers, and seeking by clicking a turn.
import { resultKind } from './calls.js';

/** The waterfall's marks in the order a turn passes them (ops.LatencyMark, design.md section 3). */
const MARKS = ['eou', 'asr_final', 'llm_first_token', 'tts_first_audio', 'first_frame_out'];
/** A segment is named after the mark that ends it: the stage that was being waited for. */
const STAGE_COLOURS = {
  asr_final: '#0e7490', llm_first_token: '#d97706', tts_first_audio: '#7c3aed', first_frame_out: '#16a34a',
};

const STRINGS = {
  'zh-CN': {
    'call.back': '← 通话记录', 'call.missing': '找不到这通电话', 'call.failed': '加载失败：{message}',
    'call.inbound': '呼入', 'call.outbound': '外呼', 'call.flow': '流程', 'call.campaign': '外呼任务',
    'call.connected': '接入', 'call.answered': '接通', 'call.ended': '结束', 'call.duration': '通话时长',
    'call.result': '结果', 'call.cause': '挂断原因', 'call.transferred': '转接至', 'call.uuid': '通话 ID',
    'call.transcript': '对话', 'call.noTurns': '这通电话没有对话', 'call.caller': '客户', 'call.robot': '机器人',
    'call.interrupted': '被打断', 'call.unsaid': '未说出的部分', 'call.dtmf': '按键 {keys}', 'call.noInput': '（无应答）',
    'call.noise': '（噪声，机器人暂停后继续）', 'call.backchannel': '附和', 'call.v2v': '响应 {ms} ms',
    'call.latency': '每轮延迟', 'call.latency.none': '没有延迟数据', 'call.latency.hint': '悬停查看各阶段耗时',
    'call.stage.asr_final': '识别', 'call.stage.llm_first_token': '大模型首字', 'call.stage.tts_first_audio': '合成首音',
    'call.stage.first_frame_out': '发送首帧', 'call.turn': '第 {n} 轮',
    'call.recording': '录音', 'call.noRecording': '这通电话没有录音', 'call.waveform.failed': '无法绘制波形：{message}',
    'call.lane.caller': '客户', 'call.lane.robot': '机器人', 'call.download': '下载',
    'call.errors': '错误', 'call.variables': '变量', 'call.noVariables': '没有变量',
    'call.summary': '通话小结', 'call.summaryError': '没有小结：{error}',
  },
  en: {
    'call.back': '← Call history', 'call.missing': 'No such call', 'call.failed': 'Loading failed: {message}',
    'call.inbound': 'Inbound', 'call.outbound': 'Outbound', 'call.flow': 'Flow', 'call.campaign': 'Campaign',
    'call.connected': 'Connected', 'call.answered': 'Answered', 'call.ended': 'Ended', 'call.duration': 'Talk time',
    'call.result': 'Result', 'call.cause': 'Hangup cause', 'call.transferred': 'Transferred to', 'call.uuid': 'Call ID',
    'call.transcript': 'Transcript', 'call.noTurns': 'Nothing was said in this call', 'call.caller': 'Caller',
    'call.robot': 'Robot', 'call.interrupted': 'interrupted', 'call.unsaid': 'not said',
    'call.dtmf': 'pressed {keys}', 'call.noInput': '(no answer)', 'call.noise': '(noise: the robot paused, then went on)',
    'call.backchannel': 'backchannel', 'call.v2v': 'answered in {ms} ms',
    'call.latency': 'Latency per turn', 'call.latency.none': 'No latency marks', 'call.latency.hint': 'hover for each stage',
    'call.stage.asr_final': 'recognition', 'call.stage.llm_first_token': 'LLM first token',
    'call.stage.tts_first_audio': 'TTS first audio', 'call.stage.first_frame_out': 'first frame out',
    'call.turn': 'turn {n}', 'call.recording': 'Recording', 'call.noRecording': 'This call was not recorded',
    'call.waveform.failed': 'The waveform cannot be drawn: {message}', 'call.lane.caller': 'caller',
    'call.lane.robot': 'robot', 'call.download': 'Download',
    'call.errors': 'Errors', 'call.variables': 'Variables', 'call.noVariables': 'No variables',
    'call.summary': 'Summary', 'call.summaryError': 'No summary: {error}',
  },
};

export async function render(root, ctx) {
  const { t, h, replace, api } = ctx;
  ctx.css('call');
  ctx.i18n.add(STRINGS);
  const uuid = ctx.params[0] ?? '';
  const aborter = new AbortController();
  const back = h('a', { href: '#/calls', class: 'call-back' }, t('call.back'));
  replace(root, back, h('p', { class: 'muted' }, '…'));
  let call;
  try {
    call = await api(`/api/calls/${encodeURIComponent(uuid)}`, { signal: aborter.signal });
  } catch (e) {
    replace(root, back, h('p', { class: e.status === 404 ? 'empty' : 'error', 'data-test': 'call-error' },
      e.status === 404 ? t('call.missing') : t('call.failed', { message: e.message })));
    return () => aborter.abort();
  }
  const player = call.recording ? recordingCard(ctx, call, aborter.signal) : null;
  replace(root, back, header(ctx, call), summaryCard(ctx, call),
    player?.card ?? h('div', { class: 'card muted', 'data-test': 'call-no-recording' }, t('call.noRecording')),
    h('div', { class: 'call-columns' },
      transcriptCard(ctx, call, player),
      h('div', {}, waterfallCard(ctx, call), errorsCard(ctx, call), variablesCard(ctx, call))));
  return () => {
    aborter.abort();
    player?.stop();
  };
}

function header({ t, h, formatTime, formatDuration }, call) {
  const number = call.direction === 'inbound' ? call.caller : call.callee;
  const talk = call.answeredAt && call.endedAt ? Date.parse(call.endedAt) - Date.parse(call.answeredAt) : null;
  const fact = (label, value, test) => value == null || value === '' ? null
    : h('div', { class: 'call-fact' }, h('div', { class: 'label' }, label), h('div', { 'data-test': test }, value));
  return h('section', { class: 'card call-header', 'data-test': 'call-header' },
    h('div', { class: 'call-title' },
      h('h1', { class: 'mono', 'data-test': 'call-number' }, number ?? '—'),
      call.direction && h('span', { class: 'badge info' }, t(`call.${call.direction}`)),
      call.result && h('span', { class: `badge ${resultKind(call.result)}`, 'data-test': 'call-result' }, call.result)),
    h('div', { class: 'call-facts' },
      fact(t('call.flow'), call.flow, 'call-flow'),
      fact(t('call.campaign'), call.campaignId == null ? null
        : h('a', { href: `#/campaign/${call.campaignId}` }, `#${call.campaignId}`), 'call-campaign'),
      fact(t('call.connected'), formatTime(call.connectedAt)),
      fact(t('call.answered'), formatTime(call.answeredAt)),
      fact(t('call.ended'), formatTime(call.endedAt)),
      fact(t('call.duration'), talk == null ? null : formatDuration(talk)),
      fact(t('call.cause'), call.hangupCause, 'call-cause'),
      fact(t('call.transferred'), call.transferredTo),
      fact(t('call.uuid'), h('span', { class: 'mono' }, call.uuid))));
}

/** What a turn says, as text: a robot turn's heard part, then what it did not get to say. */
function turnText({ t, h }, turn) {
  if (turn.speaker === 'robot') {
    const heard = turn.text ?? '';
    if (!turn.interrupted || !turn.planned) return [h('span', { class: 'call-heard' }, heard)];
    const rest = turn.planned.startsWith(heard) ? turn.planned.slice(heard.length) : turn.planned;
    return [
      h('span', { class: 'call-heard' }, heard),
      rest && h('s', { class: 'call-unsaid', title: t('call.unsaid'), 'data-test': 'call-unsaid' }, rest),
    ];
  }
  switch (turn.input) {
    case 'dtmf': return [t('call.dtmf', { keys: turn.text })];
    case 'no_input': return [h('span', { class: 'muted' }, t('call.noInput'))];
    case 'noise': return [h('span', { class: 'muted' }, t('call.noise'))];
    default: return [turn.text ?? ''];
  }
}

/**
 * Where each turn begins, in ms after the call connected. A turn's atMillis is when it was logged,
 * i.e. when it ended (played, cut, or the caller's final words); it began about when the turn before
 * it ended, which is where a click should take the listener.
 */
function turnStarts(turns) {
  return turns.map((turn, i) => (i === 0 ? 0 : Math.min(turns[i - 1].atMillis, turn.atMillis)));
}

function transcriptCard(ctx, call, player) {
  const { t, h, formatDuration } = ctx;
  const turns = call.turns ?? [];
  const offset = call.recording?.offsetMillis ?? 0;
  const starts = turnStarts(turns);
  const rows = turns.map((turn, i) => {
    const v2v = turn.latency?.voice_to_voice;
    const row = h('li', {
      class: `call-turn ${turn.speaker}${player ? ' seekable' : ''}`,
      'data-test': 'call-turn', dataset: { turn: turn.turn, speaker: turn.speaker },
      onclick: player ? () => player.seek((starts[i] - offset) / 1000) : null,
    },
    h('div', { class: 'call-turn-meta' },
      h('span', { class: `speaker-${turn.speaker}` }, t(`call.${turn.speaker}`)),
      h('span', { class: 'muted mono' }, formatDuration(starts[i]))),
    h('div', { class: 'call-turn-text' }, h('span', { class: 'call-words' }, turnText(ctx, turn)),
      turn.interrupted && h('span', { class: 'badge warn', 'data-test': 'call-interrupted' }, t('call.interrupted')),
      turn.input === 'backchannel' && h('span', { class: 'badge' }, t('call.backchannel')),
      v2v != null && h('span', { class: 'call-v2v muted' }, t('call.v2v', { ms: Math.round(v2v) }))));
    return row;
  });
  return h('section', { class: 'card call-transcript', 'data-test': 'call-transcript' },
    h('h2', {}, t('call.transcript')),
    rows.length ? h('ol', {}, rows) : h('p', { class: 'empty' }, t('call.noTurns')));
}

/** Robot turns with latency marks as bars on one millisecond axis; hovering a bar shows its values. */
function waterfallCard(ctx, call) {
  const { t, h } = ctx;
  const turns = (call.turns ?? []).filter((turn) => turn.speaker === 'robot'
    && MARKS.filter((m) => turn.latency?.[m] != null).length >= 2);
  const card = h('section', { class: 'card call-waterfall', 'data-test': 'call-waterfall' }, h('h2', {}, t('call.latency')));
  if (!turns.length) {
    card.append(h('p', { class: 'empty' }, t('call.latency.none')));
    return card;
  }
  const width = 560;
  const label = 64;
  const rowHeight = 24;
  const top = 8;
  const axis = 22;
  const max = Math.max(...turns.flatMap((turn) => MARKS.map((m) => turn.latency[m] ?? 0)));
  const scale = niceMax(max);
  const x = (ms) => label + (ms / scale) * (width - label - 30);
  const height = top + turns.length * rowHeight + axis;
  const detail = h('div', { class: 'call-waterfall-detail muted', 'data-test': 'call-waterfall-detail' },
    t('call.latency.hint'));
  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${height}`, class: 'call-waterfall-chart', role: 'img' });
  for (let tick = 0; tick <= 4; tick++) {
    const ms = (scale / 4) * tick;
    svg.append(h('svg:line', { x1: x(ms), x2: x(ms), y1: top - 4, y2: height - axis + 2, class: 'grid' }),
      h('svg:text', { x: x(ms), y: height - 6, 'text-anchor': 'middle', class: 'tick' }, `${Math.round(ms)} ms`));
  }
  turns.forEach((turn, i) => {
    const y = top + i * rowHeight;
    const present = MARKS.filter((m) => turn.latency[m] != null);
    const values = present.map((m) => `${m} ${Math.round(turn.latency[m])}`).join(' · ');
    const row = h('svg:g', { class: 'row', 'data-test': 'waterfall-row', dataset: { turn: turn.turn } },
      h('svg:text', { x: 4, y: y + 15, class: 'label' }, t('call.turn', { n: turn.turn })));
    if (turn.latency[present[0]] > 0) {
      // the turn began before its first drawn mark (a greeting starts at tts_first_text)
      row.append(h('svg:rect', { x: x(0), y: y + 10, width: x(turn.latency[present[0]]) - x(0), height: 4,
        class: 'lead' }));
    }
    for (let k = 1; k < present.length; k++) {
      const from = turn.latency[present[k - 1]];
      const to = turn.latency[present[k]];
      const stage = present[k];
      const text = `${t(`call.stage.${stage}`)}: ${present[k - 1]} → ${stage} = ${Math.round(to - from)} ms`;
      row.append(h('svg:rect', {
        x: x(from), y: y + 4, width: Math.max(1.5, x(to) - x(from)), height: rowHeight - 8, rx: 2,
        fill: STAGE_COLOURS[stage], 'data-test': 'waterfall-bar', dataset: { stage },
        onmouseenter: () => { detail.textContent = `${t('call.turn', { n: turn.turn })} · ${text}`; },
      }, h('svg:title', {}, text)));
    }
    const v2v = turn.latency.voice_to_voice;
    row.append(h('svg:title', {}, values + (v2v != null ? ` · voice_to_voice ${Math.round(v2v)}` : '')));
    row.addEventListener('mouseenter', () => {
      detail.textContent = `${t('call.turn', { n: turn.turn })} · ${values}`;
    });
    svg.append(row);
  });
  const legend = h('div', { class: 'call-legend' }, Object.entries(STAGE_COLOURS).map(([stage, colour]) =>
    h('span', {}, h('i', { style: { background: colour } }), t(`call.stage.${stage}`))));
  card.append(svg, legend, detail);
  return card;
}

/** A round axis end above max: 1, 2 or 5 times a power of ten. */
function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((f) => f * power).find((v) => v >= max);
}

/** The LLM's post-call summary, or why there is none; nothing for flows that ask for none. */
function summaryCard({ t, h }, call) {
  if (call.summary == null && call.summaryError == null) return null;
  return h('section', { class: 'card call-summary', 'data-test': 'call-summary' }, h('h2', {}, t('call.summary')),
    call.summary != null ? h('p', { class: 'call-summary-text' }, call.summary)
      : h('p', { class: 'error' }, t('call.summaryError', { error: call.summaryError })));
}

function errorsCard({ t, h }, call) {
  const errors = call.errors ?? [];
  if (!errors.length) return null;
  return h('section', { class: 'card', 'data-test': 'call-errors' }, h('h2', {}, t('call.errors')),
    h('ul', { class: 'call-errors' }, errors.map((e) => h('li', { class: 'error mono' }, e))));
}

function variablesCard({ t, h }, call) {
  const entries = Object.entries(call.variables ?? {});
  return h('section', { class: 'card', 'data-test': 'call-variables' }, h('h2', {}, t('call.variables')),
    entries.length ? h('table', { class: 'table call-variables' }, h('tbody', {},
      entries.map(([name, value]) => h('tr', {}, h('th', { class: 'mono' }, name), h('td', {}, value)))))
      : h('p', { class: 'muted' }, t('call.noVariables')));
}

/**
 * The recording: an audio element playing the served file, and a canvas with each channel's peaks
 * (left caller, right robot), the turns as markers and the play position. The file is fetched once
 * more and decoded with Web Audio just to draw it.
 */
function recordingCard(ctx, call, signal) {
  const { t, h, api } = ctx;
  const rec = call.recording;
  const src = `/api/calls/${encodeURIComponent(call.uuid)}/recording`;
  const audio = h('audio', { controls: true, preload: 'auto', src, 'data-test': 'call-audio' });
  const canvas = h('canvas', { class: 'call-wave', height: 120, 'data-test': 'call-wave' });
  const note = h('div', { class: 'muted call-wave-note' });
  const offset = rec.offsetMillis ?? 0;
  let duration = (rec.durationMs ?? 0) / 1000;
  let peaks = null;
  let frame = 0;

  const draw = () => {
    const width = canvas.clientWidth || 800;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(120 * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, 120);
    const styles = getComputedStyle(document.documentElement);
    const colours = [styles.getPropertyValue('--caller').trim() || '#0e7490',
      styles.getPropertyValue('--robot').trim() || '#7c3aed'];
    const lane = 60;
    g.fillStyle = '#f1f3f6';
    g.fillRect(0, lane - 0.5, width, 1);
    if (peaks) {
      peaks.forEach((channel, c) => {
        const mid = lane * c + lane / 2;
        g.fillStyle = colours[c];
        for (let px = 0; px < width; px++) {
          const i = Math.floor((px / width) * channel.length);
          const amp = channel[i] * (lane / 2 - 4);
          g.fillRect(px, mid - amp, 1, Math.max(1, amp * 2));
        }
      });
    }
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#657085';
    g.fillText(t('call.lane.caller'), 6, 14);
    g.fillText(t('call.lane.robot'), 6, lane + 14);
    if (duration > 0) {
      const turns = call.turns ?? [];
      const starts = turnStarts(turns);
      for (const [i, turn] of turns.entries()) {
        const at = (starts[i] - offset) / 1000;
        if (at < 0 || at > duration) continue;
        const px = (at / duration) * width;
        g.fillStyle = turn.speaker === 'robot' ? colours[1] : colours[0];
        g.globalAlpha = 0.5;
        g.fillRect(px, 0, 1, 120);
        g.globalAlpha = 1;
        g.fillRect(px - 3, turn.speaker === 'robot' ? 116 : 0, 7, 4);
      }
      const head = (audio.currentTime / duration) * width;
      g.fillStyle = '#111827';
      g.fillRect(head, 0, 2, 120);
    }
  };
  const tick = () => {
    draw();
    frame = audio.paused ? 0 : requestAnimationFrame(tick);
  };
  audio.addEventListener('play', () => { if (!frame) frame = requestAnimationFrame(tick); });
  audio.addEventListener('timeupdate', draw);
  audio.addEventListener('loadedmetadata', () => {
    if (Number.isFinite(audio.duration) && audio.duration > 0) duration = audio.duration;
    draw();
  });
  canvas.addEventListener('click', (event) => {
    const box = canvas.getBoundingClientRect();
    if (duration > 0) seek(((event.clientX - box.left) / box.width) * duration);
  });
  const resize = new ResizeObserver(() => draw());
  resize.observe(canvas);

  function seek(seconds) {
    audio.currentTime = Math.max(0, Math.min(seconds, duration || seconds));
    draw();
    audio.play().catch(() => {});
  }

  (async () => {
    try {
      const response = await api(src, { raw: true, signal });
      const bytes = await response.arrayBuffer();
      // decoding needs no sound output: an offline context at the telephone rate keeps it small
      const buffer = await new OfflineAudioContext(2, 1, 8000).decodeAudioData(bytes);
      duration = buffer.duration;
      peaks = [];
      for (let c = 0; c < Math.min(2, buffer.numberOfChannels); c++) peaks.push(channelPeaks(buffer.getChannelData(c), 2000));
      canvas.dataset.drawn = 'true';
      draw();
    } catch (e) {
      if (e.name !== 'AbortError') note.textContent = t('call.waveform.failed', { message: e.message });
    }
  })();

  const card = h('section', { class: 'card call-recording', 'data-test': 'call-recording' },
    h('div', { class: 'call-recording-head' }, h('h2', {}, t('call.recording')),
      h('span', { class: 'muted' }, `${rec.format ?? ''} · ${ctx.formatDuration(rec.durationMs)}`
        + (rec.bytes ? ` · ${ctx.formatNumber(rec.bytes / 1024, 0)} KB` : '')),
      h('a', { href: src, download: `${call.uuid}.${rec.format === 'wav' ? 'wav' : 'ogg'}` }, t('call.download'))),
    canvas, note, audio);
  return {
    card,
    seek,
    stop: () => {
      resize.disconnect();
      cancelAnimationFrame(frame);
      audio.pause();
    },
  };
}

/** The largest absolute sample in each of n equal slices of a channel. */
function channelPeaks(samples, n) {
  const out = new Float32Array(n);
  const step = samples.length / n;
  for (let i = 0; i < n; i++) {
    let peak = 0;
    for (let s = Math.floor(i * step), end = Math.floor((i + 1) * step); s < end; s++) {
      const v = Math.abs(samples[s]);
      if (v > peak) peak = v;
    }
    out[i] = Math.min(1, peak);
  }
  return out;
}
