// Campaigns: every outbound campaign with its state, progress and answered rate, the actions its
// state allows, and the new-campaign form followed by the contact upload (#/campaigns?new=1 opens it).
import { STRINGS, actions, answeredRate, percent, progressBar, stateBadge, windowText } from './campaigns/shared.js';
import { FORM_STRINGS, campaignForm, uploadStep } from './campaigns/form.js';

const REFRESH_MS = 5000;

export async function render(root, ctx) {
  const { h, t, replace } = ctx;
  ctx.i18n.add(STRINGS);
  ctx.i18n.add(FORM_STRINGS);
  ctx.css('campaigns');

  let timer = null;
  let left = false;
  const newButton = h('button', { type: 'button', class: 'primary', 'data-test': 'campaign-new' }, `+ ${t('campaigns.new')}`);
  const editor = h('div', { class: 'cmp-editor' });
  const body = h('div', { class: 'card cmp-list' }, h('p', { class: 'empty' }, t('campaigns.loading')));
  replace(root, h('div', { class: 'cmp-title' }, h('h1', {}, t('campaigns.title')), newButton), editor, body);

  const load = async () => {
    clearTimeout(timer);
    // a stop being confirmed is not swept away by a refresh
    if (body.querySelector('.cmp-confirm')) {
      timer = setTimeout(load, REFRESH_MS);
      return;
    }
    let campaigns;
    try {
      ({ campaigns } = await ctx.api('/api/campaigns'));
    } catch (e) {
      if (!left) replace(body, h('p', { class: 'error' }, t('campaigns.failed', { message: e.message })));
      return;
    }
    if (left) return;
    replace(body, campaigns.length === 0 ? h('p', { class: 'empty', 'data-test': 'campaigns-empty' }, t('campaigns.empty'))
      : table(ctx, campaigns.slice().reverse(), load));
    // while something dials, its progress moves: look again shortly
    if (campaigns.some((c) => c.state === 'running')) timer = setTimeout(load, REFRESH_MS);
  };

  const openForm = async () => {
    newButton.hidden = true;
    const form = await campaignForm(ctx, {
      created: (campaign) => {
        ctx.toast(t('campaigns.action.done', { name: campaign.name, state: t(`campaigns.state.${campaign.state}`) }), 'ok');
        replace(editor, uploadStep(ctx, campaign, (moved) => {
          if (moved.state === 'running') ctx.navigate(`#/campaign/${moved.id}`);
          else load();
        }));
        newButton.hidden = false;
        load();
      },
      cancel: () => { replace(editor); newButton.hidden = false; },
    });
    if (!left) replace(editor, form);
    form.querySelector('[name=name]').focus();
  };
  newButton.addEventListener('click', openForm);
  if (ctx.query.has('new')) openForm();
  await load();
  return () => { left = true; clearTimeout(timer); };
}

function table(ctx, campaigns, reload) {
  const { h, t } = ctx;
  const open = (c) => ctx.navigate(`#/campaign/${c.id}`);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table cmp-table', 'data-test': 'campaigns-table' },
    h('thead', {}, h('tr', {},
      h('th', {}, t('campaigns.col.name')), h('th', {}, t('campaigns.col.state')), h('th', { class: 'cmp-hide-narrow' }, t('campaigns.col.flow')),
      h('th', { class: 'cmp-hide-narrow' }, t('campaigns.col.window')), h('th', { class: 'cmp-progress-col' }, t('campaigns.col.progress')),
      h('th', { class: 'num' }, t('campaigns.col.answered')), h('th', { class: 'cmp-hide-narrow' }, t('campaigns.col.created')),
      h('th', {}, t('campaigns.col.actions')))),
    h('tbody', {}, campaigns.map((c) => h('tr', {
      class: 'clickable', 'data-test': 'campaign-row', dataset: { id: c.id, state: c.state }, onclick: () => open(c),
    },
    h('td', {}, h('a', { href: `#/campaign/${c.id}`, class: 'cmp-name', onclick: (e) => e.stopPropagation() }, c.name),
      h('div', { class: 'muted cmp-sub' }, `#${c.id}`)),
    h('td', {}, stateBadge(ctx, c.state)),
    h('td', { class: 'cmp-hide-narrow mono' }, c.flow),
    h('td', { class: 'cmp-hide-narrow' }, windowText(ctx, c.window), h('div', { class: 'muted cmp-sub' }, c.window?.timezone)),
    h('td', {}, progressBar(ctx, c.counts)),
    h('td', { class: 'num', 'data-test': 'campaign-answered' }, percent(ctx, answeredRate(c.counts))),
    h('td', { class: 'cmp-hide-narrow' }, ctx.formatTime(c.createdAt)),
    h('td', {}, actions(ctx, c, reload)))))));
}
