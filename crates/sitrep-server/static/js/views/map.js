// Places named in the articles on a world outline (Natural Earth, shipped with the app,
// equirectangular: x = (lon + 180) * 10, y = (90 - lat) * 10). Circle area ~ articles.

import { h, s, fmtCount, message } from '../dom.js';
import { get, filtersOf } from '../api.js';
import { filterSummary } from './common.js';

export const title = 'Map';

let world = null;
async function loadWorld() {
  if (!world) world = await get('/world.json');
  return world;
}

const px = (lon) => (lon + 180) * 10;
const py = (lat) => (90 - lat) * 10;

export async function render(root, ctx) {
  const f = filtersOf(ctx.params);
  const [wm, res] = await Promise.all([loadWorld(), get('/api/map', f)]);
  root.append(h('h1', {}, 'Map'), filterSummary(ctx.params));
  const pts = res.points;
  const svg = s('svg', { viewBox: `0 0 ${wm.width} ${wm.height - 250}`, class: 'map', role: 'img', 'aria-label': `Map of ${pts.length} places` });
  svg.append(s('rect', { x: 0, y: 0, width: wm.width, height: wm.height, class: 'sea' }));
  const land = s('g', { class: 'land' });
  for (const c of wm.countries) land.append(s('path', { d: c.d }, s('title', {}, c.name)));
  svg.append(land);
  const max = Math.max(1, ...pts.map((p) => p.articles));
  const side = h('ol', { class: 'compact places' });
  const dots = s('g', { class: 'dots' });
  for (const p of pts) {
    const r = 6 + 30 * Math.sqrt(p.articles / max);
    const href = ctx.hashFor('articles', null, { ...f, place: p.name });
    const label = `${p.name}${p.country ? ' (' + p.country + ')' : ''}: ${p.articles} articles, ${p.events} events`;
    const a = s('a', { href, class: 'dot item', 'aria-label': label },
      s('circle', { cx: px(p.lon), cy: py(p.lat), r }), s('title', {}, label));
    dots.append(a);
    side.append(h('li', {}, h('a', { href }, p.name), ` ${p.country || ''} · ${fmtCount(p.articles)} articles · ${fmtCount(p.events)} events`));
  }
  svg.append(dots);
  root.append(h('div', { class: 'map-layout' },
    h('figure', { class: 'map-box' }, svg, h('figcaption', { class: 'muted' }, 'Outlines: Made with Natural Earth (public domain). Click a place for its articles.')),
    h('div', { class: 'map-side' }, h('h2', {}, `Places (${pts.length})`), pts.length ? side : message('empty', 'No geocoded place matches these filters.'))));
}
