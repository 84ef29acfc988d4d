// The stance matrix: actors × issues, each cell coloured by the balance of the actor's
// positions on the issue; clicking a cell lists the evidence (deep link: cell=ACTOR|ISSUE).

import { h, message } from '../dom.js';
import { get, filtersOf } from '../api.js';
import { filterSummary, articleLink, badge } from './common.js';

export const title = 'Stance';

function cellClass(c) {
  if (!c) return 'empty';
  if (c.support && !c.oppose) return 'pro';
  if (c.oppose && !c.support) return 'con';
  return 'mixed';
}

async function evidence(ctx, box, actor, issue) {
  box.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  const res = await get('/api/positions', { ...filtersOf(ctx.params), actor_id: actor.id, issue, limit: 50 });
  box.replaceChildren(h('h2', {}, `${actor.name} on ${issue}`),
    res.items.length ? h('ul', { class: 'compact evidence-list' }, res.items.map((p) => h('li', {},
      badge(p.stance, p.polarity > 0 ? 'pro' : 'con'), ' ', h('i', {}, p.issue_text), ': ',
      h('q', {}, p.evidence), ' ', articleLink(ctx, p.article, p.published || 'article')))) : h('p', { class: 'muted' }, 'No evidence.'));
}

export async function render(root, ctx) {
  const f = filtersOf(ctx.params);
  const res = await get('/api/stance', { ...f, actors: 25, issues: 12 });
  root.append(h('h1', {}, 'Stance matrix'), filterSummary(ctx.params));
  if (!res.actors.length) {
    root.append(message('empty', 'No position matches these filters.'));
    return;
  }
  const cells = new Map(res.cells.map((c) => [`${c.actor}|${c.issue}`, c]));
  const box = h('section', { class: 'stance-evidence', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Click a cell to see the statements behind it.'));
  const table = h('table', { class: 'matrix' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'actor \\ issue'), res.issues.map((i) => h('th', { scope: 'col' }, i)))),
    h('tbody', {}, res.actors.map((a) => h('tr', {}, h('th', { scope: 'row' }, a.name),
      res.issues.map((issue) => {
        const c = cells.get(`${a.id}|${issue}`);
        if (!c) return h('td', { class: 'empty' });
        const label = `${a.name} on ${issue}: ${c.support} for, ${c.oppose} against`;
        const open = () => {
          history.replaceState(null, '', ctx.hashFor('stance', null, { ...f, cell: `${a.id}|${issue}` }));
          evidence(ctx, box, a, issue).catch((e) => box.replaceChildren(message('error', e.message)));
        };
        return h('td', { class: cellClass(c) },
          h('button', { type: 'button', class: 'cell item', title: label, 'aria-label': label, onclick: open },
            c.support && c.oppose ? `${c.support}/${c.oppose}` : String(c.support + c.oppose)));
      })))));
  root.append(h('div', { class: 'stance-layout' }, h('div', { class: 'matrix-box' }, table), box),
    h('p', { class: 'muted' }, h('span', { class: 'key pro' }, 'for'), ' ', h('span', { class: 'key con' }, 'against'), ' ',
      h('span', { class: 'key mixed' }, 'both'), ' — numbers are positions (for/against).'));
  if (ctx.params.cell) {
    const [id, issue] = ctx.params.cell.split('|');
    const actor = res.actors.find((a) => String(a.id) === id);
    if (actor && issue) await evidence(ctx, box, actor, issue);
  }
}
