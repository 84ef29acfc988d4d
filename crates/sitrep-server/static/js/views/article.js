// One article: its text with entity mentions, statements (speaker, cue, content),
// event triggers and dates highlighted, and the record's lists beside it. Offsets in
// the record are code points, so the text is split into code points, not UTF-16 units.

import { h, externalLink, message } from '../dom.js';
import { get, filtersOf } from '../api.js';
import { badge, tone } from './common.js';

export const title = 'Article';

/** Flat segments of `text` with the set of layers covering each: [{start, end, marks}] */
export function segments(length, spans) {
  const cuts = new Set([0, length]);
  for (const sp of spans) {
    cuts.add(Math.max(0, Math.min(length, sp.start)));
    cuts.add(Math.max(0, Math.min(length, sp.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Sweep: spans sorted by start; active set updated at each cut (linear in spans + cuts
  // for the usual case of few overlapping layers).
  const byStart = [...spans].sort((a, b) => a.start - b.start);
  let next = 0;
  let active = [];
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    active = active.filter((sp) => sp.end > a);
    while (next < byStart.length && byStart[next].start <= a) {
      if (byStart[next].end > a) active.push(byStart[next]);
      next++;
    }
    out.push({ start: a, end: b, marks: active.slice() });
  }
  return out;
}

function spansOf(rec) {
  const spans = [];
  const ents = new Map(rec.entities.map((e) => [e.id, e]));
  for (const e of rec.entities) {
    for (const m of e.mentions) {
      spans.push({ start: m.span[0], end: m.span[1], cls: `ent ent-${e.type}`, key: e.id, label: `${e.name} (${e.type})` });
    }
  }
  for (const st of rec.statements) {
    const who = ents.get(st.speaker);
    if (st.content_span) spans.push({ start: st.content_span[0], end: st.content_span[1], cls: 'stmt', key: st.id, label: `statement ${st.id}${who ? ' by ' + who.name : ''}` });
    if (st.cue_span) spans.push({ start: st.cue_span[0], end: st.cue_span[1], cls: 'cue', key: st.id, label: `cue: ${st.cue}` });
  }
  for (const v of rec.events) {
    if (v.trigger_span) spans.push({ start: v.trigger_span[0], end: v.trigger_span[1], cls: `evt ${tone(v.type)}`, key: v.id, label: `${v.type}${v.mode ? ' ' + v.mode : ''} (${v.status})` });
  }
  for (const t of rec.times) {
    spans.push({ start: t.span[0], end: t.span[1], cls: 'time', key: t.id, label: t.value ? `date: ${t.value}` : 'date: unresolved' });
  }
  return spans;
}

function highlighted(rec) {
  const chars = Array.from(rec.text);
  const segs = segments(chars.length, spansOf(rec));
  const body = h('div', { class: 'article-text', id: 'article-text' });
  for (const sg of segs) {
    const text = chars.slice(sg.start, sg.end).join('');
    if (!sg.marks.length) {
      body.append(text);
      continue;
    }
    const cls = [...new Set(sg.marks.flatMap((m) => m.cls.split(' ')))].join(' ');
    const el = h('span', { class: cls, title: sg.marks.map((m) => m.label).join('\n'), dataset: { keys: sg.marks.map((m) => m.key).join(' ') } }, text);
    body.append(el);
  }
  return body;
}

function focusKey(root, key) {
  let first = null;
  for (const el of root.querySelectorAll('.article-text [data-keys]')) {
    const on = el.dataset.keys.split(' ').includes(key);
    el.classList.toggle('focus', on);
    if (on && !first) first = el;
  }
  if (first) first.scrollIntoView({ block: 'center', behavior: 'instant' });
}

function keyButton(root, key, ...label) {
  return h('button', { type: 'button', class: 'linklike item', onclick: () => focusKey(root, key) }, ...label);
}

function section(name, count, list) {
  return h('section', { class: 'side-section' }, h('h2', {}, `${name} `, h('span', { class: 'muted' }, `(${count})`)), list);
}

export async function render(root, ctx) {
  if (!ctx.id) {
    root.append(message('error', 'No article id in the address.'));
    return;
  }
  const res = await get(`/api/articles/${encodeURIComponent(ctx.id)}`);
  const rec = res.record;
  const doc = rec.doc;
  const ents = new Map(rec.entities.map((e) => [e.id, e]));
  const name = (id) => (ents.get(id) || { name: id || '?' }).name;
  const stmts = new Map(rec.statements.map((s) => [s.id, s]));
  const chars = Array.from(rec.text);
  const slice = (sp) => (sp ? chars.slice(sp[0], sp[1]).join('') : '');

  const back = h('a', { href: ctx.hashFor('articles', null, filtersOf(ctx.params)) }, '← all articles');
  const head = h('header', { class: 'article-head' },
    back,
    h('h1', {}, doc.title || doc.id || 'Untitled'),
    h('p', { class: 'meta' }, [doc.published || 'undated', doc.source].filter(Boolean).join(' · '),
      doc.url ? [' · ', externalLink(doc.url, 'original')] : null));
  const legend = h('p', { class: 'legend', 'aria-label': 'Highlight legend' },
    h('span', { class: 'ent ent-PERSON' }, 'person'), h('span', { class: 'ent ent-ORG' }, 'organisation'),
    h('span', { class: 'ent ent-GPE' }, 'place'), h('span', { class: 'ent ent-NORP' }, 'group'),
    h('span', { class: 'stmt' }, 'statement'), h('span', { class: 'cue' }, 'cue'),
    h('span', { class: 'evt coop' }, 'event'), h('span', { class: 'time' }, 'date'));

  const side = h('div', { class: 'article-side' });
  root.append(head, h('div', { class: 'article-layout' }, h('div', { class: 'article-main' }, legend, highlighted(rec)), side));

  const actorHref = (n) => ctx.hashFor('articles', null, { actor: n });
  side.append(section('Entities', rec.entities.length, h('ul', { class: 'compact' },
    rec.entities.map((e) => h('li', {}, keyButton(root, e.id, e.name), ' ', badge(e.type, `t-${e.type}`),
      e.country ? ` ${e.country}` : '', ` ×${e.mentions.length} `,
      h('a', { href: actorHref(e.name), class: 'muted', title: `articles mentioning ${e.name}` }, 'more'))))));
  side.append(section('Statements', rec.statements.length, h('ul', { class: 'compact' },
    rec.statements.map((s) => h('li', {}, keyButton(root, s.id, h('b', {}, name(s.speaker)), ` ${s.cue}: `),
      h('q', {}, slice(s.content_span)))))));
  side.append(section('Events', rec.events.length, h('ul', { class: 'compact' },
    rec.events.map((v) => h('li', {}, keyButton(root, v.id, badge(v.type, tone(v.type)), v.mode ? ` ${v.mode}` : ''), ' ',
      badge(v.status, 'status'), ' ', v.actors.map(name).join(', ') || '—', v.targets.length ? ` → ${v.targets.map(name).join(', ')}` : '')))));
  side.append(section('Dates', rec.times.length, h('ul', { class: 'compact' },
    rec.times.map((t) => h('li', {}, keyButton(root, t.id, t.text), ` → ${t.value || 'unresolved'}`)))));
  side.append(section('Places', rec.places.length, h('ul', { class: 'compact' },
    rec.places.map((p) => h('li', {}, keyButton(root, p.entity, name(p.entity)), ` ${p.country || ''}${p.lat != null && p.lon != null ? ` ${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}` : ''}`)))));
  side.append(section('Claims', rec.claims.length, h('ul', { class: 'compact' },
    rec.claims.map((c) => {
      const st = stmts.get(c.statement);
      return h('li', {}, badge(c.status, `claim-${c.status}`), ' ', st ? keyButton(root, st.id, name(st.speaker)) : c.statement,
        h('ul', {}, c.responses.map((r) => {
          const rs = stmts.get(r.statement);
          return h('li', {}, `${r.relation} — `, rs ? keyButton(root, rs.id, name(rs.speaker)) : r.statement);
        })));
    }))));
  side.append(section('Positions', rec.positions.length, h('ul', { class: 'compact' },
    rec.positions.map((p) => h('li', {}, h('b', {}, name(p.actor)), ` ${p.stance} `, h('i', {}, p.issue_text || p.issue))))));
}
