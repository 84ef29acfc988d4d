// The dashboard shell: the address (#/view/id?filters) is the whole state, so every
// view is a deep link; the filter bar writes the address, views read it.

import { clear, h, message } from './dom.js';
import { FILTER_KEYS, get } from './api.js';
import * as articles from './views/articles.js';
import * as article from './views/article.js';
import * as timeline from './views/timeline.js';
import * as map from './views/map.js';
import * as network from './views/network.js';
import * as claims from './views/claims.js';
import * as stance from './views/stance.js';

const VIEWS = { articles, article, timeline, map, network, claims, stance };

const main = document.getElementById('main');
const form = document.getElementById('filters');
const status = document.getElementById('status');
let renderSeq = 0;

/** Parses `#/view/id?k=v` into {view, id, params}. */
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#\/?/, '');
  const [path, query] = raw.split('?', 2);
  const [view, ...rest] = path.split('/');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  return {
    view: VIEWS[view] ? view : 'articles',
    id: rest.length ? decodeURIComponent(rest.join('/')) : null,
    params,
  };
}

/** Builds a hash for a view, an optional id and params (empty values dropped). */
export function hashFor(view, id, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  const q = qs.toString();
  return `#/${view}${id ? '/' + encodeURIComponent(id) : ''}${q ? '?' + q : ''}`;
}

function navigate(view, id, params) {
  location.hash = hashFor(view, id, params);
}

function fillForm(params) {
  for (const k of FILTER_KEYS) {
    const el = form.elements.namedItem(k);
    if (el) el.value = params[k] || '';
  }
}

function formFilters() {
  const out = {};
  for (const k of FILTER_KEYS) {
    const el = form.elements.namedItem(k);
    if (el && el.value.trim()) out[k] = el.value.trim();
  }
  return out;
}

function markNav(view) {
  const active = view === 'article' ? 'articles' : view;
  for (const a of document.querySelectorAll('#views a')) {
    if (a.dataset.view === active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
    // Switching view keeps the filters.
    const { params } = parseHash(location.hash);
    const keep = {};
    for (const k of FILTER_KEYS) if (params[k]) keep[k] = params[k];
    a.setAttribute('href', hashFor(a.dataset.view, null, keep));
  }
}

async function render() {
  const seq = ++renderSeq;
  const state = parseHash(location.hash);
  fillForm(state.params);
  markNav(state.view);
  const view = VIEWS[state.view];
  document.title = `sitrep · ${view.title || state.view}`;
  clear(main);
  main.append(message('loading', 'Loading…'));
  const container = h('div', { class: `view view-${state.view}` });
  try {
    await view.render(container, { ...state, navigate, hashFor, isCurrent: () => seq === renderSeq });
    if (seq !== renderSeq) return;
    clear(main).append(container);
  } catch (e) {
    if (seq !== renderSeq) return;
    clear(main).append(message('error', `Could not load this view: ${e.message}`));
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const state = parseHash(location.hash);
  const view = state.view === 'article' ? 'articles' : state.view;
  navigate(view, null, formFilters());
});

document.getElementById('f-clear').addEventListener('click', () => {
  const state = parseHash(location.hash);
  const view = state.view === 'article' ? 'articles' : state.view;
  navigate(view, null, {});
});

const help = document.getElementById('help');
const helpButton = document.getElementById('help-button');
function toggleHelp(show) {
  const open = show === undefined ? help.hidden : show;
  help.hidden = !open;
  helpButton.setAttribute('aria-expanded', String(open));
}
helpButton.addEventListener('click', () => toggleHelp());

/** Moves focus to the next/previous item of the current list (elements marked .item). */
function moveFocus(step) {
  const items = [...main.querySelectorAll('.item')];
  if (!items.length) return;
  const i = items.indexOf(document.activeElement);
  const next = items[Math.max(0, Math.min(items.length - 1, i < 0 ? 0 : i + step))];
  next.focus();
  next.scrollIntoView({ block: 'nearest' });
}

document.addEventListener('keydown', (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const t = ev.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
  if (ev.key === 'Escape') {
    if (typing) t.blur();
    toggleHelp(false);
    return;
  }
  if (typing) return;
  const nav = document.querySelector(`#views a[data-key="${ev.key}"]`);
  if (nav) {
    ev.preventDefault();
    location.hash = nav.getAttribute('href');
  } else if (ev.key === '/') {
    ev.preventDefault();
    document.getElementById('f-q').focus();
  } else if (ev.key === 'j') {
    moveFocus(1);
  } else if (ev.key === 'k') {
    moveFocus(-1);
  } else if (ev.key === '?') {
    toggleHelp();
  }
});

async function loadActors() {
  try {
    const r = await get('/api/entities', { limit: 200 });
    const list = document.getElementById('actor-list');
    for (const e of r.items) list.append(h('option', { value: e.name }));
  } catch (e) {
    status.textContent = `Could not load actors: ${e.message}`;
  }
}

async function loadHealth() {
  try {
    const r = await get('/api/health');
    status.textContent = `${r.articles.toLocaleString('en')} articles${r.read_only ? ' · read-only' : ''}`;
  } catch (e) {
    status.textContent = `Server unreachable: ${e.message}`;
  }
}

window.addEventListener('hashchange', render);
render();
loadHealth();
loadActors();
