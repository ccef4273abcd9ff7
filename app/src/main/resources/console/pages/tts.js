// TTS try-out: a text spoken through the chain a call uses (normalization, prompt cache, polish) by
// POST /api/tts/synthesize, played in the page; POST /api/tts/normalize previews what the text becomes.

const STRINGS = {
  'zh-CN': {
    'tts.title': '语音合成试听', 'tts.lead': '先听一听再让客户听到：与通话相同的文本规整、提示音缓存和音频处理。',
    'tts.text': '文本', 'tts.samples': '示例', 'tts.sample.amount': '金额与日期', 'tts.sample.phone': '电话与验证码',
    'tts.sample.time': '时间与范围', 'tts.sample.english': '英文', 'tts.chars': '{n} / {max} 字',
    'tts.provider': '引擎', 'tts.provider.configured': '{name}（当前配置）', 'tts.language': '语言',
    'tts.voice': '音色', 'tts.voice.default': '默认', 'tts.voice.defaultNamed': '默认（{voice}）',
    'tts.emotion': '情感', 'tts.emotion.none': '无', 'tts.emotion.unsupported': '此引擎不支持',
    'tts.speed': '语速', 'tts.play': '合成并播放', 'tts.playing': '合成中…', 'tts.download': '下载 WAV',
    'tts.preview': '规整预览', 'tts.preview.lead': '合成前文本的样子，以及通话中切分成的片段',
    'tts.preview.empty': '输入文本后在此显示规整结果', 'tts.preview.loading': '规整中…',
    'tts.preview.unchanged': '无需规整', 'tts.preview.notNormalized': '非中文回复不做规整',
    'tts.preview.chunk': '片段 {n}',
    'tts.result': '合成结果', 'tts.result.empty': '点击“合成并播放”试听', 'tts.cache.hit': '缓存命中',
    'tts.cache.miss': '未命中缓存', 'tts.cache.partial': '部分命中缓存', 'tts.cache.off': '未启用缓存',
    'tts.cache.chunks': '{cached} / {chunks} 个片段来自缓存',
    'tts.firstAudio': '首段音频', 'tts.total': '合成总耗时', 'tts.duration': '音频时长', 'tts.ms': '{n} 毫秒',
    'tts.seconds': '{n} 秒',
    'tts.history': '最近试听', 'tts.history.empty': '还没有试听记录', 'tts.history.replay': '重播', 'tts.history.note': '仅保存在本页，最多 {n} 条',
    'tts.history.times': '首音 {first} · 总计 {total} · 时长 {duration}',
    'tts.lang.zh-CN': '中文（zh-CN）', 'tts.lang.en-US': '英语（en-US）',
    'tts.error.busy': '同时试听的人太多，请稍后再试', 'tts.error.failed': '合成失败：{message}',
    'tts.error.input': '{field}：{message}', 'tts.error.load': '无法读取合成选项：{message}',
  },
  en: {
    'tts.title': 'TTS try-out', 'tts.lead': 'Hear it before a caller does: the same normalization, prompt cache and polish as a call.',
    'tts.text': 'Text', 'tts.samples': 'Samples', 'tts.sample.amount': 'Amounts & dates', 'tts.sample.phone': 'Phone & codes',
    'tts.sample.time': 'Times & ranges', 'tts.sample.english': 'English', 'tts.chars': '{n} / {max} characters',
    'tts.provider': 'Provider', 'tts.provider.configured': '{name} (configured)', 'tts.language': 'Language',
    'tts.voice': 'Voice', 'tts.voice.default': 'Default', 'tts.voice.defaultNamed': 'Default ({voice})',
    'tts.emotion': 'Emotion', 'tts.emotion.none': 'None', 'tts.emotion.unsupported': 'Not supported',
    'tts.speed': 'Speed', 'tts.play': 'Synthesise & play', 'tts.playing': 'Synthesising…', 'tts.download': 'Download WAV',
    'tts.preview': 'Normalization preview', 'tts.preview.lead': 'What the text becomes before synthesis, in the chunks a call cuts it into',
    'tts.preview.empty': 'Type a text to see it normalized here', 'tts.preview.loading': 'Normalizing…',
    'tts.preview.unchanged': 'nothing to normalize', 'tts.preview.notNormalized': 'only Chinese replies are normalized',
    'tts.preview.chunk': 'Chunk {n}',
    'tts.result': 'Result', 'tts.result.empty': 'Press “Synthesise & play” to listen', 'tts.cache.hit': 'Cache hit',
    'tts.cache.miss': 'Cache miss', 'tts.cache.partial': 'Partly cached', 'tts.cache.off': 'No cache',
    'tts.cache.chunks': '{cached} of {chunks} chunks from the cache',
    'tts.firstAudio': 'First audio', 'tts.total': 'Total synthesis', 'tts.duration': 'Audio length', 'tts.ms': '{n} ms',
    'tts.seconds': '{n} s',
    'tts.history': 'Recent try-outs', 'tts.history.empty': 'No try-outs yet', 'tts.history.replay': 'Replay', 'tts.history.note': 'kept in this page only, last {n}',
    'tts.history.times': 'first audio {first} · total {total} · length {duration}',
    'tts.lang.zh-CN': 'Chinese (zh-CN)', 'tts.lang.en-US': 'English (en-US)',
    'tts.error.busy': 'Too many try-outs at once; try again in a moment', 'tts.error.failed': 'Synthesis failed: {message}',
    'tts.error.input': '{field}: {message}', 'tts.error.load': 'Could not load the synthesis options: {message}',
  },
};

/** Texts that show what normalization does: amounts, dates, phone numbers, times. */
const SAMPLES = [
  { key: 'amount', language: 'zh-CN', text: '张先生您好，您本期账单应还1280.50元，最后还款日为2026-03-05，请按时还款。' },
  { key: 'phone', language: 'zh-CN', text: '如有疑问请拨打客服热线400-820-8820，或致电13800138000，验证码是1024。' },
  { key: 'time', language: 'zh-CN', text: '我们将于明天9:30-11:00再次联系您，逾期3-5天将产生2%的违约金。' },
  { key: 'english', language: 'en-US', text: 'Hello, this is a reminder that your payment of 1,280.50 yuan is due on March 5.' },
];
const HISTORY_SIZE = 6;
const PREVIEW_DELAY_MS = 300;
const CACHE_BADGE = { hit: 'ok', partial: 'info', miss: 'warn', off: '' };

export async function render(root, ctx) {
  const { t, h, replace, formatNumber, formatTime } = ctx;
  ctx.i18n.add(STRINGS);
  ctx.css('tts');

  replace(root, h('p', { class: 'empty' }, '…'));
  let options;
  try {
    options = await ctx.api('/api/tts/options');
  } catch (e) {
    replace(root, h('p', { class: 'error', 'data-test': 'tts-load-error' }, t('tts.error.load', { message: e.message })));
    return undefined;
  }
  const providers = options.providers;
  const maxChars = options.limits.maxChars;

  const history = []; // { at, text, provider, voice, result, url }
  let current = null; // the result shown, one of history
  let previewTimer = null;
  let previewSeq = 0;
  let left = false;

  // --- controls
  const text = h('textarea', { 'data-test': 'tts-text', rows: 4, maxlength: maxChars, oninput: textChanged });
  const chars = h('span', { class: 'muted tts-chars', 'data-test': 'tts-chars' });
  const provider = h('select', { 'data-test': 'tts-provider', onchange: providerChanged },
    providers.map((p) => h('option', { value: p.name },
      p.configured ? t('tts.provider.configured', { name: p.name }) : p.name)));
  const language = h('select', { 'data-test': 'tts-language', onchange: schedulePreview });
  const voice = h('select', { 'data-test': 'tts-voice' });
  const emotion = h('select', { 'data-test': 'tts-emotion' });
  const speed = h('input', { type: 'range', step: '0.05', value: '1', 'data-test': 'tts-speed', oninput: showSpeed });
  const speedValue = h('span', { class: 'tts-speed-value' });
  const play = h('button', { class: 'primary', type: 'button', 'data-test': 'tts-play', onclick: synthesize }, t('tts.play'));
  const download = h('button', { type: 'button', 'data-test': 'tts-download', disabled: true, onclick: () => save(current) },
    t('tts.download'));
  const formError = h('p', { class: 'error tts-form-error', 'data-test': 'tts-error', hidden: true });

  const samples = h('div', { class: 'tts-samples' }, h('span', { class: 'muted' }, t('tts.samples')),
    SAMPLES.map((sample) => h('button', {
      type: 'button', class: 'tts-chip', 'data-test': `tts-sample-${sample.key}`,
      onclick: () => useSample(sample),
    }, t(`tts.sample.${sample.key}`))));

  const composer = h('section', { class: 'card tts-composer' },
    h('div', { class: 'tts-text-head' }, h('h2', {}, t('tts.text')), chars),
    samples, text,
    h('div', { class: 'tts-controls' },
      h('label', {}, t('tts.provider'), provider),
      h('label', {}, t('tts.language'), language),
      h('label', {}, t('tts.voice'), voice),
      h('label', {}, t('tts.emotion'), emotion),
      h('label', { class: 'tts-speed' }, h('span', {}, t('tts.speed'), ' ', speedValue), speed)),
    formError,
    h('div', { class: 'tts-actions' }, play, download));

  // --- normalization preview
  const previewBody = h('div', { class: 'tts-preview-body', 'data-test': 'tts-preview' });
  const preview = h('section', { class: 'card tts-preview' },
    h('h2', {}, t('tts.preview')), h('p', { class: 'muted tts-lead' }, t('tts.preview.lead')), previewBody);

  // --- result
  const audio = h('audio', { controls: true, preload: 'auto', 'data-test': 'tts-audio', class: 'tts-audio' });
  const resultBody = h('div', { class: 'tts-result-body', 'data-test': 'tts-result' });
  const result = h('section', { class: 'card tts-result' }, h('h2', {}, t('tts.result')), resultBody, audio);

  // --- history
  const historyBody = h('div', { 'data-test': 'tts-history' });
  const historyCard = h('section', { class: 'card' },
    h('h2', {}, t('tts.history'), h('span', { class: 'muted tts-history-note' }, t('tts.history.note', { n: HISTORY_SIZE }))),
    historyBody);

  replace(root,
    h('div', { class: 'tts-head' }, h('h1', {}, t('tts.title')), h('p', { class: 'muted' }, t('tts.lead'))),
    h('div', { class: 'tts-layout' }, h('div', { class: 'tts-main' }, composer, preview), h('div', { class: 'tts-side' }, result, historyCard)));

  providerChanged();
  useSample(SAMPLES[0]);
  showResult(null);
  showHistory();

  function chosen() {
    return providers.find((p) => p.name === provider.value) ?? providers[0];
  }

  function providerChanged() {
    const p = chosen();
    const lang = language.value;
    replace(language, p.languages.map((l) => h('option', { value: l }, t(`tts.lang.${l}`))));
    if (p.languages.includes(lang)) language.value = lang;
    replace(voice,
      h('option', { value: '' }, p.defaultVoice ? t('tts.voice.defaultNamed', { voice: p.defaultVoice }) : t('tts.voice.default')),
      p.voices.filter((v) => v !== p.defaultVoice).map((v) => h('option', { value: v }, v)));
    replace(emotion, p.emotions.length
      ? [h('option', { value: '' }, t('tts.emotion.none')), p.emotions.map((e) => h('option', { value: e }, e))]
      : h('option', { value: '' }, t('tts.emotion.unsupported')));
    emotion.disabled = p.emotions.length === 0;
    speed.min = String(p.speed.min);
    speed.max = String(p.speed.max);
    speed.value = String(Math.min(p.speed.max, Math.max(p.speed.min, Number(speed.value) || p.speed.default)));
    showSpeed();
    schedulePreview();
  }

  function showSpeed() {
    speedValue.textContent = `${Number(speed.value).toFixed(2)}×`;
  }

  function useSample(sample) {
    text.value = sample.text;
    if ([...language.options].some((o) => o.value === sample.language)) language.value = sample.language;
    textChanged();
  }

  function textChanged() {
    const n = [...text.value].length;
    chars.textContent = t('tts.chars', { n, max: maxChars });
    chars.classList.toggle('error', n > maxChars);
    schedulePreview();
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(loadPreview, PREVIEW_DELAY_MS);
  }

  async function loadPreview() {
    const mine = ++previewSeq;
    if (!text.value.trim()) {
      replace(previewBody, h('p', { class: 'empty' }, t('tts.preview.empty')));
      return;
    }
    previewBody.classList.add('loading');
    try {
      const answer = await ctx.api('/api/tts/normalize', {
        method: 'POST', json: { text: text.value, language: language.value, provider: provider.value },
      });
      if (mine === previewSeq && !left) showPreview(answer);
    } catch (e) {
      if (mine === previewSeq && !left) replace(previewBody, h('p', { class: 'error' }, inputError(e)));
    } finally {
      if (mine === previewSeq) previewBody.classList.remove('loading');
    }
  }

  function showPreview(answer) {
    const zh = language.value.toLowerCase().startsWith('zh');
    const changed = answer.chunks.some((c) => c.normalized !== c.text);
    replace(previewBody,
      h('p', { class: 'tts-normalized', 'data-test': 'tts-normalized' }, answer.normalized),
      !changed && h('p', { class: 'muted' }, zh ? t('tts.preview.unchanged') : t('tts.preview.notNormalized')),
      h('ol', { class: 'tts-chunks', 'data-test': 'tts-chunks' }, answer.chunks.map((c, i) => h('li', {
        class: c.normalized !== c.text ? 'changed' : null, 'data-test': 'tts-chunk',
      },
      h('span', { class: 'badge' }, t('tts.preview.chunk', { n: i + 1 })),
      h('span', { class: 'tts-chunk-text' }, c.text),
      c.normalized !== c.text && [h('span', { class: 'tts-arrow', 'aria-hidden': 'true' }, '→'),
        h('span', { class: 'tts-chunk-spoken' }, c.normalized)]))));
  }

  function inputError(e) {
    if (e.status === 400 && e.field) return t('tts.error.input', { field: e.field, message: e.message });
    return t('tts.error.failed', { message: e.message });
  }

  async function synthesize() {
    formError.hidden = true;
    play.disabled = true;
    play.textContent = t('tts.playing');
    const request = {
      text: text.value, provider: provider.value, language: language.value,
      voice: voice.value || null, emotion: emotion.value || null, speed: Number(speed.value),
    };
    try {
      const response = await ctx.api('/api/tts/synthesize', { method: 'POST', json: request, raw: true });
      const header = (name) => response.headers.get(name);
      const blob = await response.blob();
      if (left) return;
      const entry = {
        at: new Date(), text: request.text, provider: request.provider, voice: request.voice, url: URL.createObjectURL(blob),
        result: {
          cache: header('X-TTS-Cache'), chunks: Number(header('X-TTS-Chunks')), cached: Number(header('X-TTS-Cached-Chunks')),
          firstAudioMs: Number(header('X-TTS-First-Audio-Ms')), totalMs: Number(header('X-TTS-Total-Ms')),
          durationMs: Number(header('X-TTS-Duration-Ms')), normalized: decodeURIComponent(header('X-TTS-Normalized') ?? ''),
        },
      };
      history.unshift(entry);
      for (const old of history.splice(HISTORY_SIZE)) URL.revokeObjectURL(old.url);
      showResult(entry);
      listen(entry);
      showHistory();
    } catch (e) {
      if (left) return;
      formError.hidden = false;
      formError.textContent = e.status === 429 ? t('tts.error.busy') : inputError(e);
    } finally {
      play.disabled = false;
      play.textContent = t('tts.play');
    }
  }

  function listen(entry) {
    current = entry;
    download.disabled = false;
    audio.src = entry.url;
    audio.play().catch(() => {
      // the browser wants a gesture first: the player's own button still works
    });
  }

  function save(entry) {
    if (!entry) return;
    const stamp = entry.at.toISOString().replace(/[:.]/g, '-');
    const link = h('a', { href: entry.url, download: `callrobot-tts-${stamp}.wav`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
  }

  function stat(label, value, test) {
    return h('div', { class: 'stat' }, h('div', { class: 'value', 'data-test': test }, value), h('div', { class: 'label' }, label));
  }

  function ms(value) {
    return t('tts.ms', { n: formatNumber(value) });
  }

  function cacheBadge(r, test) {
    return h('span', { class: `badge ${CACHE_BADGE[r.cache] ?? ''}`, 'data-test': test, 'data-cache': r.cache },
      t(`tts.cache.${r.cache}`));
  }

  function showResult(entry) {
    if (!entry) {
      replace(resultBody, h('p', { class: 'empty' }, t('tts.result.empty')));
      return;
    }
    const r = entry.result;
    replace(resultBody,
      h('div', { class: 'tts-result-head' }, cacheBadge(r, 'tts-cache'),
        r.cache !== 'off' && h('span', { class: 'muted' }, t('tts.cache.chunks', { cached: r.cached, chunks: r.chunks }))),
      h('div', { class: 'stats tts-stats' },
        stat(t('tts.firstAudio'), ms(r.firstAudioMs), 'tts-first-audio'),
        stat(t('tts.total'), ms(r.totalMs), 'tts-total'),
        stat(t('tts.duration'), t('tts.seconds', { n: formatNumber(r.durationMs / 1000, 2) }), 'tts-duration')),
      h('p', { class: 'tts-result-text' }, r.normalized));
  }

  function showHistory() {
    if (history.length === 0) {
      replace(historyBody, h('p', { class: 'empty' }, t('tts.history.empty')));
      return;
    }
    replace(historyBody, h('ul', { class: 'tts-history' }, history.map((entry) => h('li', {
      'data-test': 'tts-history-row', class: entry === current ? 'current' : null,
    },
    h('div', { class: 'tts-history-line' },
      cacheBadge(entry.result),
      h('span', { class: 'tts-history-text', title: entry.text }, entry.text)),
    h('div', { class: 'tts-history-line muted' },
      h('span', {}, `${formatTime(entry.at)} · ${entry.provider} / ${entry.voice ?? t('tts.voice.default')}`),
      h('span', { class: 'tts-history-times' }, t('tts.history.times', {
        first: ms(entry.result.firstAudioMs), total: ms(entry.result.totalMs),
        duration: t('tts.seconds', { n: formatNumber(entry.result.durationMs / 1000, 2) }),
      }))),
    h('div', { class: 'tts-history-actions' },
      h('button', { type: 'button', class: 'ghost', onclick: () => { showResult(entry); listen(entry); showHistory(); } },
        t('tts.history.replay')),
      h('button', { type: 'button', class: 'ghost', onclick: () => save(entry) }, t('tts.download')))))));
  }

  return () => {
    left = true;
    clearTimeout(previewTimer);
    audio.pause();
    for (const entry of history) URL.revokeObjectURL(entry.url);
  };
}
