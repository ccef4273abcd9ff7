// The new-campaign form and the contact upload that follows it. The form builds the body of
// POST /api/campaigns (docs/CAMPAIGN_RULES.md); the API checks everything and its first complaint
// is shown next to the field it names (ApiError.field, e.g. "window.hours[1]").
import { DAYS, actions } from './shared.js';

export const FORM_STRINGS = {
  'zh-CN': {
    'cform.title': '新建外呼任务', 'cform.basics': '基本信息', 'cform.name': '任务名称',
    'cform.name.placeholder': '例如：十二月还款提醒', 'cform.flow': '话术流程', 'cform.flow.choose': '请选择流程',
    'cform.flow.invalid': '（有错误）', 'cform.flow.typed': '流程列表暂不可用，请输入流程名称',
    'cform.dialString': '拨号串', 'cform.dialString.hint': '必须包含 ${phone}，例如 sofia/gateway/carrier/${phone}',
    'cform.callerIds': '主叫号码', 'cform.callerIds.hint': '多个用逗号分隔，轮流使用；留空用交换机默认号码',
    'cform.window': '外呼时段', 'cform.timezone': '时区', 'cform.days': '星期', 'cform.hours': '时间段',
    'cform.hours.add': '添加时间段', 'cform.hours.remove': '删除此时间段', 'cform.hours.to': '至',
    'cform.skipDates': '跳过日期', 'cform.extraDates': '调休上班日',
    'cform.dates.hint': '如 2026-10-01，多个用逗号分隔',
    'cform.window.hint': '只在时段内发起呼叫，已接通的通话会正常结束。默认避开午休与周末。',
    'cform.pacing': '呼叫速度', 'cform.cps': '每秒呼叫数', 'cform.maxConcurrent': '最大并发',
    'cform.retry': '重拨', 'cform.retry.hint': '勾选的结果在间隔后重拨；空号从不重拨。',
    'cform.retry.outcome': '结果', 'cform.retry.after': '间隔（分钟）', 'cform.retry.maxAttempts': '每个号码最多呼叫次数',
    'cform.caps': '每日上限', 'cform.dailyCapPerNumber': '每个号码每天最多', 'cform.dailyCap': '任务每天最多',
    'cform.dailyCap.none': '不限',
    'cform.variables': '变量', 'cform.variables.label': '默认变量（每行 名称=值）',
    'cform.variables.hint': '号码文件中除号码外的每一列都是变量：表头“customer_name”在话术中写作 ${customer_name}。这里的值在文件没有该列时使用。',
    'cform.record': '通话录音', 'cform.record.default': '按服务器设置', 'cform.record.yes': '录音',
    'cform.record.no': '不录音', 'cform.webhook': '结果回调', 'cform.webhook.url': '回调地址（可选）',
    'cform.webhook.secret': '签名密钥（至少 16 个字符）',
    'cform.submit': '创建任务', 'cform.creating': '正在创建…', 'cform.cancel': '取消',
    'cform.failed': '未能创建：{message}',
    'cform.upload.title': '上传号码：{name}', 'cform.upload.hint': 'CSV（UTF-8 或 GBK）或 XLSX，第一行为表头，须有号码列（phone、手机号、电话…）。',
    'cform.upload.file': '号码文件', 'cform.upload.submit': '上传', 'cform.upload.sending': '正在导入…',
    'cform.upload.failed': '导入失败：{message}', 'cform.upload.choose': '请先选择文件',
    'cform.report.accepted': '已导入', 'cform.report.duplicates': '重复号码', 'cform.report.rejected': '被拒绝的行',
    'cform.report.encoding': '编码', 'cform.report.variables': '变量列', 'cform.report.none': '无',
    'cform.report.line': '行号', 'cform.report.reason': '原因',
    'cform.report.more': '只列出前 {shown} 行，共 {total} 行被拒绝。',
    'cform.open': '查看任务', 'cform.another': '再上传一个文件',
  },
  en: {
    'cform.title': 'New campaign', 'cform.basics': 'Basics', 'cform.name': 'Name',
    'cform.name.placeholder': 'e.g. December payment reminder', 'cform.flow': 'Flow', 'cform.flow.choose': 'Choose a flow',
    'cform.flow.invalid': '(has errors)', 'cform.flow.typed': 'The flow list is not available: type the flow’s name',
    'cform.dialString': 'Dial string', 'cform.dialString.hint': 'Must contain ${phone}, e.g. sofia/gateway/carrier/${phone}',
    'cform.callerIds': 'Caller IDs', 'cform.callerIds.hint': 'Comma-separated, used in turn; empty for the switch’s default',
    'cform.window': 'Call window', 'cform.timezone': 'Time zone', 'cform.days': 'Days', 'cform.hours': 'Hours',
    'cform.hours.add': 'Add hours', 'cform.hours.remove': 'Remove these hours', 'cform.hours.to': 'to',
    'cform.skipDates': 'Dates to skip', 'cform.extraDates': 'Extra working days',
    'cform.dates.hint': 'e.g. 2026-10-01, comma-separated',
    'cform.window.hint': 'Calls start only inside the window; calls in progress finish. The defaults skip the lunch break and weekends.',
    'cform.pacing': 'Pacing', 'cform.cps': 'Calls per second', 'cform.maxConcurrent': 'Max concurrent',
    'cform.retry': 'Retries', 'cform.retry.hint': 'Ticked outcomes are retried after the interval; invalid numbers never are.',
    'cform.retry.outcome': 'Outcome', 'cform.retry.after': 'After (minutes)', 'cform.retry.maxAttempts': 'Calls per number at most',
    'cform.caps': 'Daily caps', 'cform.dailyCapPerNumber': 'Calls per number a day', 'cform.dailyCap': 'Calls a day (campaign)',
    'cform.dailyCap.none': 'No cap',
    'cform.variables': 'Variables', 'cform.variables.label': 'Default variables (one name=value a line)',
    'cform.variables.hint': 'Every column of the contact file besides the number is a variable: a header “customer_name” is ${customer_name} in the flow. Values here apply when the file has no such column.',
    'cform.record': 'Recording', 'cform.record.default': 'As the server is set', 'cform.record.yes': 'Record',
    'cform.record.no': 'Do not record', 'cform.webhook': 'Results webhook', 'cform.webhook.url': 'Webhook URL (optional)',
    'cform.webhook.secret': 'Signing secret (16 characters or more)',
    'cform.submit': 'Create campaign', 'cform.creating': 'Creating…', 'cform.cancel': 'Cancel',
    'cform.failed': 'Not created: {message}',
    'cform.upload.title': 'Upload numbers: {name}', 'cform.upload.hint': 'CSV (UTF-8 or GBK) or XLSX, a header row first with a phone column (phone, 手机号, mobile…).',
    'cform.upload.file': 'Contact file', 'cform.upload.submit': 'Upload', 'cform.upload.sending': 'Importing…',
    'cform.upload.failed': 'Import failed: {message}', 'cform.upload.choose': 'Choose a file first',
    'cform.report.accepted': 'Imported', 'cform.report.duplicates': 'Duplicates', 'cform.report.rejected': 'Rejected rows',
    'cform.report.encoding': 'Encoding', 'cform.report.variables': 'Variable columns', 'cform.report.none': 'none',
    'cform.report.line': 'Line', 'cform.report.reason': 'Reason',
    'cform.report.more': 'The first {shown} of {total} rejected rows are listed.',
    'cform.open': 'Open campaign', 'cform.another': 'Upload another file',
  },
};

/** Retry rules the form offers, with the defaults of docs/CAMPAIGN_RULES.md (null: never retried). */
const RETRIES = [['busy', 'busy', 10], ['noAnswer', 'no_answer', 60], ['unreachable', 'unreachable', 120],
  ['failed', 'failed', 30], ['rejected', 'rejected', null]];
const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'UTC'];

function list(text) {
  return text.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
}

/** A label around a control, with room for the API's complaint about the field it stands for. */
function field(ctx, key, control, { name = control.name, hint } = {}) {
  const { h, t } = ctx;
  return h('label', { class: 'cform-field', dataset: { field: name } }, t(key), control,
    hint ? h('span', { class: 'cform-hint' }, hint) : null,
    h('span', { class: 'cform-error', 'data-test': 'field-error', hidden: true }));
}

async function flowControl(ctx) {
  const { h, t } = ctx;
  try {
    const { flows } = await ctx.api('/api/flows');
    return h('select', { name: 'flow', required: true, 'data-test': 'campaign-flow' },
      h('option', { value: '' }, t('cform.flow.choose')),
      flows.map((f) => h('option', { value: f.name },
        `${f.name}${f.language ? ` · ${f.language}` : ''}${f.valid === false ? ` ${t('cform.flow.invalid')}` : ''}`)));
  } catch {
    // no flow list on this server (yet): the name typed is checked by the API
    return h('input', { name: 'flow', required: true, 'data-test': 'campaign-flow', placeholder: 'payment-reminder-zh',
      title: t('cform.flow.typed') });
  }
}

function hoursRow(ctx, from, to, rows) {
  const { h, t } = ctx;
  const row = h('div', { class: 'cform-hours-row', 'data-test': 'campaign-hours' },
    h('input', { name: 'from', value: from, inputmode: 'numeric', pattern: '\\d{1,2}:\\d{2}', placeholder: '09:00', size: 5 }),
    h('span', { class: 'muted' }, t('cform.hours.to')),
    h('input', { name: 'to', value: to, inputmode: 'numeric', pattern: '\\d{1,2}:\\d{2}', placeholder: '12:00', size: 5 }),
    h('button', { type: 'button', class: 'ghost cform-remove', title: t('cform.hours.remove'), 'aria-label': t('cform.hours.remove'),
      'data-test': 'campaign-hours-remove', onclick: () => { row.remove(); renumber(rows); } }, '×'),
    h('span', { class: 'cform-error', 'data-test': 'field-error', hidden: true }));
  return row;
}

function renumber(rows) {
  [...rows.children].forEach((row, i) => { row.dataset.field = `window.hours[${i}]`; });
}

/**
 * The form; created(campaign) gets the campaign the API made. cancel() closes it.
 */
export async function campaignForm(ctx, { created, cancel }) {
  const { h, t } = ctx;
  const flow = await flowControl(ctx);
  const hours = h('div', { class: 'cform-hours' });
  hours.append(hoursRow(ctx, '09:00', '12:00', hours), hoursRow(ctx, '14:00', '20:00', hours));
  renumber(hours);
  const days = h('div', { class: 'cform-days' }, DAYS.map((d, i) => h('label', { class: 'cform-day' },
    h('input', { type: 'checkbox', name: 'day', value: d, checked: i < 5, 'data-test': `campaign-day-${d}` }),
    t(`campaigns.day.${d}`))));
  const retryRows = RETRIES.map(([key, outcome, after]) => h('tr', { dataset: { field: `retry.${key}` } },
    h('td', {}, h('label', { class: 'cform-check' },
      h('input', { type: 'checkbox', name: `retry-${key}`, checked: after != null }),
      ctx.t(`campaigns.outcome.${outcome}`))),
    h('td', {}, h('input', { type: 'number', name: `retry-${key}-after`, min: 1, value: after ?? 60, class: 'cform-small' }),
      h('span', { class: 'cform-error', 'data-test': 'field-error', hidden: true }))));
  const status = h('p', { class: 'error', 'data-test': 'campaign-form-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-test': 'campaign-create' }, t('cform.submit'));

  const form = h('form', { class: 'card cform', 'data-test': 'campaign-form', novalidate: true },
    h('div', { class: 'cform-head' }, h('h2', {}, t('cform.title')),
      h('button', { type: 'button', class: 'ghost', onclick: cancel }, t('cform.cancel'))),
    h('fieldset', {}, h('legend', {}, t('cform.basics')),
      h('div', { class: 'form' },
        field(ctx, 'cform.name', h('input', { name: 'name', required: true, maxlength: 100, 'data-test': 'campaign-name',
          placeholder: t('cform.name.placeholder') })),
        field(ctx, 'cform.flow', flow, { name: 'flow' }),
        field(ctx, 'cform.dialString', h('input', { name: 'dialString', required: true, class: 'mono',
          value: 'sofia/gateway/carrier/${phone}', 'data-test': 'campaign-dial-string' }), { hint: t('cform.dialString.hint') }),
        field(ctx, 'cform.callerIds', h('input', { name: 'callerIds', inputmode: 'tel', placeholder: '02150001000, 02150001001' }),
          { hint: t('cform.callerIds.hint') }))),
    h('fieldset', {}, h('legend', {}, t('cform.window')),
      h('p', { class: 'cform-hint' }, t('cform.window.hint')),
      h('div', { class: 'form' },
        field(ctx, 'cform.timezone', h('input', { name: 'timezone', value: 'Asia/Shanghai', list: 'cform-zones' }),
          { name: 'window.timezone' }),
        h('datalist', { id: 'cform-zones' }, ZONES.map((z) => h('option', { value: z }))),
        h('div', { class: 'cform-field', dataset: { field: 'window.days' } }, h('span', {}, t('cform.days')), days,
          h('span', { class: 'cform-error', 'data-test': 'field-error', hidden: true })),
        h('div', { class: 'cform-field', dataset: { field: 'window.hours' } }, h('span', {}, t('cform.hours')), hours,
          h('button', { type: 'button', class: 'ghost cform-add', 'data-test': 'campaign-hours-add',
            onclick: () => { hours.append(hoursRow(ctx, '', '', hours)); renumber(hours); } }, `+ ${t('cform.hours.add')}`),
          h('span', { class: 'cform-error', 'data-test': 'field-error', hidden: true })),
        field(ctx, 'cform.skipDates', h('input', { name: 'skipDates', placeholder: '2026-10-01' }),
          { name: 'window.skipDates', hint: t('cform.dates.hint') }),
        field(ctx, 'cform.extraDates', h('input', { name: 'extraDates', placeholder: '2026-10-10' }),
          { name: 'window.extraDates' }))),
    h('div', { class: 'cform-columns' },
      h('fieldset', {}, h('legend', {}, t('cform.pacing')),
        h('div', { class: 'form' },
          field(ctx, 'cform.cps', h('input', { type: 'number', name: 'callsPerSecond', value: 2, min: 0.01, step: 'any',
            'data-test': 'campaign-cps' }), { name: 'pacing.callsPerSecond' }),
          field(ctx, 'cform.maxConcurrent', h('input', { type: 'number', name: 'maxConcurrent', value: 10, min: 1,
            'data-test': 'campaign-max-concurrent' }), { name: 'pacing.maxConcurrent' }))),
      h('fieldset', {}, h('legend', {}, t('cform.caps')),
        h('div', { class: 'form' },
          field(ctx, 'cform.dailyCapPerNumber', h('input', { type: 'number', name: 'dailyCapPerNumber', value: 3, min: 1 })),
          field(ctx, 'cform.dailyCap', h('input', { type: 'number', name: 'dailyCap', min: 1,
            placeholder: t('cform.dailyCap.none') }))))),
    h('fieldset', {}, h('legend', {}, t('cform.retry')),
      h('p', { class: 'cform-hint' }, t('cform.retry.hint')),
      h('div', { class: 'cform-columns' },
        h('table', { class: 'table cform-retry' },
          h('thead', {}, h('tr', {}, h('th', {}, t('cform.retry.outcome')), h('th', {}, t('cform.retry.after')))),
          h('tbody', {}, retryRows)),
        h('div', {}, field(ctx, 'cform.retry.maxAttempts', h('input', { type: 'number', name: 'maxAttempts', value: 3,
          min: 1 }), { name: 'retry.maxAttempts' })))),
    h('fieldset', {}, h('legend', {}, t('cform.variables')),
      h('p', { class: 'cform-hint' }, t('cform.variables.hint')),
      field(ctx, 'cform.variables.label', h('textarea', { name: 'variables', class: 'mono', rows: 3, 'data-test': 'campaign-variables',
        placeholder: 'company=星河银行\ndue_date=12月5日' }))),
    h('div', { class: 'cform-columns' },
      h('fieldset', {}, h('legend', {}, t('cform.record')),
        field(ctx, 'cform.record', h('select', { name: 'record', 'data-test': 'campaign-record' },
          h('option', { value: '' }, t('cform.record.default')),
          h('option', { value: 'true' }, t('cform.record.yes')),
          h('option', { value: 'false' }, t('cform.record.no'))))),
      h('fieldset', {}, h('legend', {}, t('cform.webhook')),
        h('div', { class: 'form' },
          field(ctx, 'cform.webhook.url', h('input', { type: 'url', name: 'webhookUrl', placeholder: 'https://crm.example.com/hooks/calls' }),
            { name: 'webhook.url' }),
          field(ctx, 'cform.webhook.secret', h('input', { type: 'password', name: 'webhookSecret', autocomplete: 'off' }),
            { name: 'webhook.secret' })))),
    status,
    h('div', { class: 'cform-foot' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, status);
    let body;
    try {
      body = definition(form, hours);
    } catch (e) {
      showError(ctx, form, status, e.field, e.message);
      return;
    }
    submit.disabled = true;
    submit.textContent = t('cform.creating');
    try {
      created(await ctx.api('/api/campaigns', { method: 'POST', json: body }));
    } catch (e) {
      showError(ctx, form, status, e.field, e.message);
    } finally {
      submit.disabled = false;
      submit.textContent = t('cform.submit');
    }
  });
  return form;
}

class FormProblem extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** The JSON the API takes, from the form; only what the user gave beyond the API's defaults is left to it. */
function definition(form, hours) {
  const value = (name) => form.elements[name].value.trim();
  const number = (name) => (value(name) === '' ? undefined : Number(value(name)));
  const body = { name: value('name'), flow: value('flow'), dialString: value('dialString') };
  const callerIds = list(value('callerIds'));
  if (callerIds.length) body.callerIds = callerIds;
  const variables = {};
  value('variables').split('\n').map((line) => line.trim()).filter(Boolean).forEach((line, i) => {
    const eq = line.indexOf('=');
    if (eq < 1) throw new FormProblem('variables', `line ${i + 1}: expected name=value, got "${line}"`);
    variables[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  if (Object.keys(variables).length) body.variables = variables;
  body.window = {
    timezone: value('timezone'),
    days: [...form.querySelectorAll('input[name=day]:checked')].map((c) => c.value),
    // a range ends at 24:00 at the latest; "00:00" as an end means midnight
    hours: [...hours.children].map((row) => {
      const from = row.querySelector('[name=from]').value.trim();
      const to = row.querySelector('[name=to]').value.trim();
      return `${from}-${to === '00:00' ? '24:00' : to}`;
    }),
    skipDates: list(value('skipDates')),
    extraDates: list(value('extraDates')),
  };
  body.pacing = { callsPerSecond: number('callsPerSecond'), maxConcurrent: number('maxConcurrent') };
  body.retry = { maxAttempts: number('maxAttempts') };
  for (const [key] of RETRIES) {
    body.retry[key] = form.elements[`retry-${key}`].checked ? { afterMinutes: number(`retry-${key}-after`) } : null;
  }
  body.dailyCapPerNumber = number('dailyCapPerNumber');
  if (number('dailyCap') !== undefined) body.dailyCap = number('dailyCap');
  if (value('webhookUrl') || value('webhookSecret')) {
    body.webhook = { url: value('webhookUrl'), secret: form.elements.webhookSecret.value };
  }
  // the record setting is sent only when chosen, so servers without recording take the form too
  if (value('record')) body.record = value('record') === 'true';
  return body;
}

function clearErrors(form, status) {
  form.querySelectorAll('.cform-error').forEach((e) => { e.hidden = true; e.textContent = ''; });
  form.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
  status.hidden = true;
}

/** "window.hours[1]" → itself, "window.hours", "window": the field first, then what encloses it. */
function enclosing(field) {
  const names = [];
  for (let name = field; name;) {
    names.push(name);
    const shorter = name.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
    name = shorter === name ? null : shorter;
  }
  return names;
}

/** The error next to the field it names, or the nearest enclosing one; above the button if none. */
function showError(ctx, form, status, field, message) {
  const place = enclosing(field).map((name) => form.querySelector(`[data-field="${CSS.escape(name)}"]`))
    .find(Boolean);
  if (place) {
    const slot = place.querySelector(':scope > .cform-error') ?? place.querySelector('.cform-error');
    slot.textContent = message;
    slot.hidden = false;
    place.classList.add('invalid');
    place.scrollIntoView({ block: 'center', behavior: 'smooth' });
    place.querySelector('input, select, textarea')?.focus({ preventScroll: true });
  } else {
    status.textContent = ctx.t('cform.failed', { message: field ? `${field}: ${message}` : message });
    status.hidden = false;
  }
}

/**
 * The upload step for a campaign just made (or one still taking contacts): a file, then the
 * import report with the rejected rows by line. With changed, the campaign's state actions are
 * offered too, and changed(campaign) follows one.
 */
export function uploadStep(ctx, campaign, changed) {
  const { h, t } = ctx;
  const file = h('input', { type: 'file', name: 'contacts', accept: '.csv,.xlsx,text/csv', 'data-test': 'campaign-file' });
  const report = h('div', { 'data-test': 'import-report-slot' });
  const button = h('button', { type: 'submit', class: 'primary', 'data-test': 'campaign-upload' }, t('cform.upload.submit'));
  const error = h('p', { class: 'error', 'data-test': 'upload-error', hidden: true });
  const form = h('form', { class: 'cform-upload' },
    h('label', { class: 'cform-field' }, t('cform.upload.file'), file), button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const chosen = file.files[0];
    if (!chosen) {
      error.textContent = t('cform.upload.choose');
      error.hidden = false;
      return;
    }
    button.disabled = true;
    button.textContent = t('cform.upload.sending');
    try {
      const type = /\.xlsx$/i.test(chosen.name)
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
      const answer = await ctx.api(`/api/campaigns/${campaign.id}/contacts`, { method: 'POST', body: chosen, type });
      ctx.replace(report, importReport(ctx, answer));
      file.value = '';
    } catch (e) {
      error.textContent = t('cform.upload.failed', { message: e.message });
      error.hidden = false;
    } finally {
      button.disabled = false;
      button.textContent = t('cform.upload.submit');
    }
  });
  return h('section', { class: 'card', 'data-test': 'campaign-upload-step' },
    h('div', { class: 'cform-head' },
      h('h2', {}, t('cform.upload.title', { name: campaign.name })),
      h('div', { class: 'cform-head-actions' }, changed ? actions(ctx, campaign, changed) : null,
        h('a', { href: `#/campaign/${campaign.id}`, 'data-test': 'campaign-open' }, t('cform.open')))),
    h('p', { class: 'cform-hint' }, t('cform.upload.hint')),
    form, error, report);
}

/** What an import did: counts, then the rejected rows by line with why. */
export function importReport(ctx, answer) {
  const { h, t, formatNumber } = ctx;
  const stat = (key, value, cls = '') => h('div', { class: `stat ${cls}` },
    h('div', { class: 'value' }, value), h('div', { class: 'label' }, t(key)));
  return h('div', { class: 'cform-report', 'data-test': 'import-report' },
    h('div', { class: 'stats' },
      h('div', { class: 'stat ok', 'data-test': 'import-accepted', dataset: { count: answer.accepted } },
        h('div', { class: 'value' }, formatNumber(answer.accepted)), h('div', { class: 'label' }, t('cform.report.accepted'))),
      stat('cform.report.duplicates', formatNumber(answer.duplicates)),
      h('div', { class: `stat${answer.rejectedTotal ? ' bad' : ''}`, 'data-test': 'import-rejected-total' },
        h('div', { class: 'value' }, formatNumber(answer.rejectedTotal)), h('div', { class: 'label' }, t('cform.report.rejected'))),
      stat('cform.report.encoding', answer.encoding ?? '—'),
      stat('cform.report.variables', answer.variables?.length ? answer.variables.join(', ') : t('cform.report.none'), 'small')),
    answer.rejected?.length ? h('div', { class: 'table-wrap cform-rejected' },
      h('table', { class: 'table', 'data-test': 'import-rejected' },
        h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t('cform.report.line')), h('th', {}, t('cform.report.reason')))),
        h('tbody', {}, answer.rejected.map((r) => h('tr', { 'data-test': 'rejected-row', dataset: { line: r.line } },
          h('td', { class: 'num mono' }, r.line), h('td', {}, r.reason)))))) : null,
    answer.rejectedTotal > (answer.rejected?.length ?? 0)
      ? h('p', { class: 'muted' }, t('cform.report.more', { shown: answer.rejected.length, total: answer.rejectedTotal })) : null);
}
