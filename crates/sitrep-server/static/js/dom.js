// DOM helpers. Every string from an article reaches the page through a text node or an
// attribute set with setAttribute, never parsed as HTML: articles are untrusted.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An HTML element: h('a', {href: '#/x'}, 'text', child, ...). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A link to a page outside the dashboard, only for http(s) URLs; anything else is text. */
export function externalLink(url, text) {
  if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
    return h('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, text || url);
  }
  return text || url || '';
}

/** Splits a search snippet whose matches are wrapped in U+0002 … U+0003 into text and <mark>. */
export function snippet(text) {
  const out = [];
  const parts = String(text || '').split('\u0002');
  out.push(parts[0]);
  for (const p of parts.slice(1)) {
    const [hit, rest] = p.split('\u0003');
    out.push(h('mark', {}, hit));
    if (rest) out.push(rest);
  }
  return h('span', { class: 'snippet' }, out);
}

export function fmtCount(n) {
  return Number(n || 0).toLocaleString('en');
}

export function message(kind, text) {
  return h('p', { class: `msg ${kind}` }, text);
}
