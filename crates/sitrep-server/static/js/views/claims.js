// The claims board: each claim tracked across articles with the statements that
// deny, dispute, confirm or support it, their speakers and articles.

import { h, fmtCount, message } from '../dom.js';
import { get, filtersOf } from '../api.js';
import { PAGE, pager, badge, filterSummary, articleLink, actorLink } from './common.js';

export const title = 'Claims';

function statement(ctx, st) {
  return h('li', { class: `resp rel-${st.relation}` },
    badge(st.relation, `rel-${st.relation}`), ' ',
    st.speaker ? actorLink(ctx, 'claims', { name: st.speaker }) : h('span', { class: 'muted' }, 'unattributed'),
    ': ', h('q', {}, st.text), ' ',
    h('span', { class: 'meta' }, articleLink(ctx, st.article, st.published || 'article')));
}

export async function render(root, ctx) {
  const f = filtersOf(ctx.params);
  const res = await get('/api/claims', { ...f, limit: PAGE, offset: ctx.params.offset || 0 });
  root.append(h('h1', {}, 'Claims'), filterSummary(ctx.params));
  if (!res.items.length) {
    root.append(message('empty', 'No claim matches these filters.'));
    return;
  }
  const list = h('ol', { class: 'cards claims', start: Number(ctx.params.offset || 0) + 1 });
  for (const c of res.items) {
    const forS = c.statements.filter((s) => s.side > 0);
    const againstS = c.statements.filter((s) => s.side < 0);
    const head = h('h2', {}, badge(c.status, `claim-${c.status}`), ' ',
      c.claimant ? h('span', {}, c.claimant, ': ') : null, h('q', { class: 'item', tabindex: 0 }, c.text));
    list.append(h('li', { class: `card claim claim-${c.status}` }, head,
      h('p', { class: 'meta' }, `${fmtCount(c.articles)} articles · ${fmtCount(c.n_for)} for · ${fmtCount(c.n_against)} against · `,
        [c.first_seen, c.last_seen].filter(Boolean).join(' – '),
        c.event ? [' · event: ', badge(c.event.type), ' ', c.event.mode || ''] : null),
      h('div', { class: 'sides' },
        h('div', { class: 'side for' }, h('h3', {}, `For (${forS.length})`), h('ul', {}, forS.map((st) => statement(ctx, st)))),
        h('div', { class: 'side against' }, h('h3', {}, `Against (${againstS.length})`),
          againstS.length ? h('ul', {}, againstS.map((st) => statement(ctx, st))) : h('p', { class: 'muted' }, 'No denial or dispute.')))));
  }
  root.append(list, pager(ctx, 'claims', res));
}
