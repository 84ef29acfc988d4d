// Events per day as an SVG bar chart (cooperative / neutral / conflictual stacked), and
// the merged events of the chosen range below it. Clicking a bar narrows from/to to it.

import { h, s, fmtCount, message } from '../dom.js';
import { get, filtersOf } from '../api.js';
import { PAGE, pager, badge, tone, filterSummary, actorLink, articleLink } from './common.js';

export const title = 'Timeline';

const W = 1000;
const H = 220;
const PAD = { l: 44, r: 8, t: 10, b: 28 };

function chart(ctx, buckets) {
  const max = Math.max(1, ...buckets.map((b) => b.events));
  const n = buckets.length;
  const bw = (W - PAD.l - PAD.r) / Math.max(1, n);
  const y = (v) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / max);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': `Events per day, ${n} days` });
  for (const frac of [0, 0.5, 1]) {
    const v = Math.round(max * frac);
    svg.append(s('line', { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: PAD.l - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, fmtCount(v)));
  }
  const labelEvery = Math.max(1, Math.ceil(n / 8));
  buckets.forEach((b, i) => {
    const x = PAD.l + i * bw;
    const g = s('g', { class: 'bar item', tabindex: 0, role: 'link', 'aria-label': `${b.day}: ${b.events} events` });
    let acc = 0;
    for (const part of ['coop', 'neutral', 'conflict']) {
      const v = b[part] || 0;
      if (!v) continue;
      g.append(s('rect', { x: x + 0.5, width: Math.max(1, bw - 1), y: y(acc + v), height: y(acc) - y(acc + v), class: part }));
      acc += v;
    }
    // A transparent full-height target makes small bars easy to click.
    g.append(s('rect', { x, width: Math.max(1, bw), y: PAD.t, height: H - PAD.t - PAD.b, class: 'hit' }),
      s('title', {}, `${b.day}: ${b.events} events (${b.coop || 0} cooperative, ${b.conflict || 0} conflictual), ${b.articles} articles`));
    const go = () => ctx.navigate('timeline', null, { ...filtersOf(ctx.params), from: b.day, to: b.day });
    g.addEventListener('click', go);
    g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); go(); } });
    svg.append(g);
    if (i % labelEvery === 0) svg.append(s('text', { x: x + bw / 2, y: H - 8, class: 'axis', 'text-anchor': 'middle' }, b.day));
  });
  return svg;
}

export function eventList(ctx, view, res) {
  const list = h('ol', { class: 'cards events', start: Number(ctx.params.offset || 0) + 1 });
  for (const e of res.items) {
    list.append(h('li', { class: 'card' },
      h('p', {}, badge(e.type, tone(e.type)), ' ', h('b', {}, e.mode || ''), ' ', badge(e.status, 'status'),
        ' ', h('span', { class: 'muted' }, [e.date || 'undated', e.place ? e.place.name : null].filter(Boolean).join(' · '))),
      h('p', {}, e.actors.length ? e.actors.map((a, i) => [i ? ', ' : '', actorLink(ctx, view, a)]) : '—',
        e.targets.length ? [' → ', e.targets.map((a, i) => [i ? ', ' : '', actorLink(ctx, view, a)])] : null),
      h('p', { class: 'evidence' }, e.summary),
      h('p', { class: 'meta' }, `${fmtCount(e.articles)} articles · ${fmtCount(e.sources)} sources · ${fmtCount(e.mentions)} mentions`,
        e.latest_article ? [' · ', articleLink(ctx, e.latest_article, 'latest report')] : null)));
    list.lastChild.querySelector('a')?.classList.add('item');
  }
  return list;
}

export async function render(root, ctx) {
  const f = filtersOf(ctx.params);
  const [tl, ev] = await Promise.all([
    get('/api/timeline', f),
    get('/api/events', { ...f, limit: PAGE, offset: ctx.params.offset || 0 }),
  ]);
  root.append(h('h1', {}, 'Timeline'), filterSummary(ctx.params));
  if (!tl.buckets.length) {
    root.append(message('empty', 'No dated event matches these filters.'));
  } else {
    root.append(h('figure', { class: 'chart-box' }, chart(ctx, tl.buckets),
      h('figcaption', { class: 'muted' }, `Merged events per day (${tl.buckets[0].day} – ${tl.buckets[tl.buckets.length - 1].day}); `,
        h('span', { class: 'key coop' }, 'cooperative'), ' ', h('span', { class: 'key neutral' }, 'neutral'), ' ',
        h('span', { class: 'key conflict' }, 'conflictual'), '. Click a day to narrow to it.')));
  }
  root.append(h('h2', {}, 'Events'));
  if (!ev.items.length) root.append(message('empty', 'No event matches these filters.'));
  else root.append(eventList(ctx, 'timeline', ev), pager(ctx, 'timeline', ev));
}
