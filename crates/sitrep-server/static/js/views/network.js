// Actors linked by the events between them (actor → target), drawn with a small
// deterministic force layout (circle start, fixed iterations), edge colour by tone.

import { h, s, fmtCount, message } from '../dom.js';
import { get, filtersOf } from '../api.js';
import { badge, filterSummary } from './common.js';

export const title = 'Network';

const W = 1000;
const H = 470;

/** Positions for nodes: start on a circle, then repulsion + spring iterations. */
export function layout(nodes, edges) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => ({
    x: W / 2 + (W / 2.6) * Math.cos((2 * Math.PI * i) / Math.max(1, n)),
    y: H / 2 + (H / 2.6) * Math.sin((2 * Math.PI * i) / Math.max(1, n)),
  }));
  const index = new Map(nodes.map((nd, i) => [nd.id, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.6;
  for (let it = 0; it < 200; it++) {
    const t = 40 * (1 - it / 200) + 1;
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x || 0.01;
        const dy = pos[i].y - pos[j].y || 0.01;
        const d2 = dx * dx + dy * dy;
        // Repulsion only within a few k: far components are held by gravity alone.
        if (d2 > 9 * k * k) continue;
        const f = (k * k) / d2;
        disp[i].x += dx * f; disp[i].y += dy * f;
        disp[j].x -= dx * f; disp[j].y -= dy * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = d / k;
      disp[a].x -= dx * f; disp[a].y -= dy * f;
      disp[b].x += dx * f; disp[b].y += dy * f;
    }
    // Gravity keeps separate components near the middle instead of in the corners.
    for (let i = 0; i < n; i++) {
      disp[i].x += (W / 2 - pos[i].x) * 0.3;
      disp[i].y += (H / 2 - pos[i].y) * 0.3 * (W / H);
    }
    for (let i = 0; i < n; i++) {
      const d = Math.sqrt(disp[i].x ** 2 + disp[i].y ** 2) || 1;
      pos[i].x = Math.min(W - 60, Math.max(60, pos[i].x + (disp[i].x / d) * Math.min(d, t)));
      pos[i].y = Math.min(H - 30, Math.max(40, pos[i].y + (disp[i].y / d) * Math.min(d, t)));
    }
  }
  return pos;
}

export async function render(root, ctx) {
  const f = filtersOf(ctx.params);
  const res = await get('/api/network', { ...f, limit: 40 });
  root.append(h('h1', {}, 'Actor network'), filterSummary(ctx.params));
  if (!res.nodes.length) {
    root.append(message('empty', 'No events between actors match these filters.'));
    return;
  }
  const pos = layout(res.nodes, res.edges);
  const byId = new Map(res.nodes.map((nd, i) => [nd.id, i]));
  const maxW = Math.max(1, ...res.edges.map((e) => e.events));
  const maxD = Math.max(1, ...res.nodes.map((nd) => nd.events));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'network', role: 'img', 'aria-label': `Network of ${res.nodes.length} actors and ${res.edges.length} links` });
  const edges = s('g', { class: 'edges' });
  for (const e of res.edges) {
    const a = pos[byId.get(e.source)];
    const b = pos[byId.get(e.target)];
    if (!a || !b) continue;
    const cls = e.conflict > e.coop ? 'conflict' : e.coop > e.conflict ? 'coop' : 'neutral';
    edges.append(s('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: `edge ${cls}`, 'stroke-width': 1 + 5 * (e.events / maxW), dataset: { a: e.source, b: e.target } },
      s('title', {}, `${res.nodes[byId.get(e.source)].name} → ${res.nodes[byId.get(e.target)].name}: ${e.events} events (${e.coop} cooperative, ${e.conflict} conflictual)`)));
  }
  svg.append(edges);
  const nodes = s('g', { class: 'nodes' });
  const detail = h('div', { class: 'network-side' }, h('p', { class: 'muted' }, 'Select an actor to see its links.'));
  const select = (nd) => {
    for (const el of edges.querySelectorAll('line')) {
      el.classList.toggle('dim', el.dataset.a !== String(nd.id) && el.dataset.b !== String(nd.id));
    }
    const mine = res.edges.filter((e) => e.source === nd.id || e.target === nd.id).sort((x, y) => y.events - x.events);
    const other = (e) => res.nodes[byId.get(e.source === nd.id ? e.target : e.source)];
    detail.replaceChildren(h('h2', {}, nd.name), h('p', {}, badge(nd.type, `t-${nd.type}`), ` ${nd.country || ''} · ${fmtCount(nd.events)} events`),
      h('p', {}, h('a', { href: ctx.hashFor('timeline', null, { ...f, actor: nd.name }) }, 'events on the timeline'), ' · ',
        h('a', { href: ctx.hashFor('articles', null, { ...f, actor: nd.name }) }, 'articles')),
      h('ul', { class: 'compact' }, mine.map((e) => h('li', {}, `${e.source === nd.id ? '→' : '←'} ${other(e).name}: ${e.events} (${e.coop} coop., ${e.conflict} confl.)`))));
  };
  res.nodes.forEach((nd, i) => {
    const p = pos[i];
    const g = s('g', { class: `node item t-${nd.type}`, tabindex: 0, role: 'button', 'aria-label': `${nd.name}, ${nd.events} events`, transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})` },
      s('circle', { r: 5 + 12 * Math.sqrt(nd.events / maxD) }),
      s('text', { x: 0, y: -10 - 12 * Math.sqrt(nd.events / maxD), 'text-anchor': 'middle' }, nd.name));
    g.addEventListener('click', () => select(nd));
    g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(nd); } });
    nodes.append(g);
  });
  svg.append(nodes);
  root.append(h('div', { class: 'network-layout' }, h('figure', { class: 'chart-box' }, svg,
    h('figcaption', { class: 'muted' }, `The ${res.nodes.length} actors with most events; `, h('span', { class: 'key coop' }, 'cooperative'), ' ',
      h('span', { class: 'key conflict' }, 'conflictual'), ' ', h('span', { class: 'key neutral' }, 'mixed'), ' links.')), detail));
}
