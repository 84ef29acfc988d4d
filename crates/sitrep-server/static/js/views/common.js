// Pieces shared by the views: pagination links, an entity chip, event labels.

import { h } from '../dom.js';
import { filtersOf } from '../api.js';

export const PAGE = 25;

/** Previous/next links for an offset-paginated list whose answer has `next_offset`. */
export function pager(ctx, view, res) {
  const offset = Number(ctx.params.offset || 0);
  const base = filtersOf(ctx.params);
  const prev = offset > 0 ? ctx.hashFor(view, null, { ...base, offset: Math.max(0, offset - PAGE) || '' }) : null;
  const next = res.next_offset != null ? ctx.hashFor(view, null, { ...base, offset: res.next_offset }) : null;
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    prev ? h('a', { href: prev, rel: 'prev' }, '← previous') : h('span', { class: 'muted' }, '← previous'),
    h('span', { class: 'muted' }, `items ${offset + 1}–${offset + res.items.length}`),
    next ? h('a', { href: next, rel: 'next' }, 'next →') : h('span', { class: 'muted' }, 'next →'));
}

/** A link that filters the current view by an actor. */
export function actorLink(ctx, view, actor) {
  if (!actor) return h('span', { class: 'muted' }, 'unknown');
  const params = { ...filtersOf(ctx.params), actor: actor.name };
  return h('a', { href: ctx.hashFor(view, null, params), class: 'actor', title: actor.type || '' }, actor.name);
}

export function articleLink(ctx, id, text) {
  return h('a', { href: ctx.hashFor('article', id, filtersOf(ctx.params)) }, text || id);
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind || ''}` }, text);
}

/** Cooperative, conflictual or neutral, for colouring (PLOVER's quad classes). */
export function tone(type) {
  if (['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT'].includes(type)) return 'coop';
  if (['ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'].includes(type)) return 'conflict';
  return 'neutral';
}

export function names(list) {
  return (list || []).map((a) => a.name).join(', ');
}

export function filterSummary(params) {
  const f = filtersOf(params);
  const parts = Object.entries(f).map(([k, v]) => `${k}: ${v}`);
  // Always a node: ParentNode.append would print a null as text.
  return parts.length ? h('p', { class: 'muted filters-on' }, `Filtered by ${parts.join(' · ')}`) : h('span', { class: 'filters-off' });
}
