// DOM helpers. Text always goes in as text nodes or attributes, never as HTML, so nothing the API
// returns can inject markup.

/** Creates an element: h('a', {href: '#/'}, 'Home'). Attributes false/null/undefined are skipped. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A <time> for an ISO timestamp, shown in UTC so every reader sees the same value. */
export function time(iso) {
  if (!iso) {
    return h('span', { class: 'muted' }, '—');
  }
  const d = new Date(iso);
  const text = d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return h('time', { datetime: d.toISOString() }, text);
}

/** Bytes as B, KiB, MiB or GiB. */
export function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Number(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)) + ' ' + units[unit];
}

/** A definition list from [term, description] pairs, skipping pairs whose description is empty. */
export function definitions(pairs, attrs) {
  const dl = h('dl', attrs);
  for (const [term, description] of pairs) {
    if (description === null || description === undefined || description === '') {
      continue;
    }
    dl.append(h('dt', null, term), h('dd', null, description));
  }
  return dl;
}

/** A small label such as a status or visibility, with a class per value for colour. */
export function badge(text, kind) {
  return h('span', { class: 'badge badge-' + kind + '-' + String(text).toLowerCase() }, text);
}

/** A view's heading; focus moves here after navigation so screen readers announce the page. */
export function heading(text) {
  return h('h1', { tabindex: '-1', id: 'page-title' }, text);
}

/** An error block (role=alert) for a failed call, listing field errors when the problem has them. */
export function errorBox(error) {
  const box = h('div', { class: 'error', role: 'alert' }, h('p', null, error.message));
  const fields = error.problem && error.problem.errors;
  if (fields && fields.length) {
    box.append(h('ul', null, fields.map((f) => h('li', null, f.field + ': ' + f.message))));
  }
  return box;
}

/** Says `text` through the page's polite live region. */
export function announce(text) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A fresh node per message, so repeating the same words is announced again.
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}

const MARKUP = {
  p: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [], strong: [], em: [], code: [], pre: [],
  ul: [], ol: ['start'], li: [], blockquote: [], hr: [], br: [], a: ['href'],
};

/**
 * Markup for HTML the API rendered from markdown (descriptionHtml; the server already escapes raw
 * HTML and drops unsafe links). Defence in depth: the HTML is parsed inert and rebuilt from an
 * allow-list of elements and attributes; anything else keeps only its text, links only http(s)
 * and mailto targets.
 */
export function safeHtml(html) {
  const doc = new DOMParser().parseFromString(String(html || ''), 'text/html');
  const rebuild = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      return document.createTextNode(node.textContent);
    }
    if (node.nodeType !== Node.ELEMENT_NODE) {
      return null;
    }
    const children = Array.from(node.childNodes, rebuild);
    const tag = node.tagName.toLowerCase();
    if (!(tag in MARKUP)) {
      return children;
    }
    const attrs = {};
    for (const name of MARKUP[tag]) {
      const value = node.getAttribute(name);
      if (value !== null && (name !== 'href' || /^(https?:|mailto:)/i.test(value))) {
        attrs[name] = value;
      }
    }
    if (tag === 'a') {
      attrs.rel = 'nofollow noopener noreferrer';
    }
    return h(tag, attrs, children);
  };
  return Array.from(doc.body.childNodes, rebuild);
}

/** An appliance's logo, or nothing; the image removes itself if it cannot be loaded. */
export function logo(a, size) {
  return a.logo
    ? h('img', { class: 'logo', src: a.logo, alt: '', width: size, height: size,
      onerror: (e) => e.target.remove() })
    : null;
}
