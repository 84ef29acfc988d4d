// The article list: newest first, or full-text matches with snippets when `q` is set.

import { h, snippet, fmtCount, message } from '../dom.js';
import { get, filtersOf } from '../api.js';
import { PAGE, pager, articleLink, filterSummary } from './common.js';

export const title = 'Articles';

export async function render(root, ctx) {
  const params = { ...filtersOf(ctx.params), limit: PAGE, offset: ctx.params.offset || 0 };
  const res = await get('/api/articles', params);
  root.append(h('h1', {}, ctx.params.q ? 'Search results' : 'Articles'), filterSummary(ctx.params));
  if (!res.items.length) {
    root.append(message('empty', 'No article matches these filters.'));
    return;
  }
  const list = h('ol', { class: 'cards articles', start: Number(ctx.params.offset || 0) + 1 });
  for (const a of res.items) {
    const link = articleLink(ctx, a.id, a.title || a.id);
    link.classList.add('item');
    list.append(h('li', { class: 'card' },
      h('h2', {}, link),
      h('p', { class: 'meta' },
        [a.published || 'undated', a.source].filter(Boolean).join(' · '),
        ' · ', `${fmtCount(a.entities)} entities, ${fmtCount(a.statements)} statements, ${fmtCount(a.events)} events`),
      a.snippet ? h('p', {}, snippet(a.snippet)) : null));
  }
  root.append(list, pager(ctx, 'articles', res));
}
