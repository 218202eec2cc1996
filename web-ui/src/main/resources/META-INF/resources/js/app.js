// The single-page shell: a router over location.hash ("#/appliances/<id>"), the header's sign-in
// state, and focus management so each navigation lands on the new page's heading.
import { h, replace } from './dom.js';
import { currentUser, hasRole, restore, signOut } from './session.js';
import * as catalog from './views/catalog.js';
import * as appliance from './views/appliance.js';
import * as deploy from './views/deploy.js';
import * as deployment from './views/deployment.js';
import * as deployments from './views/deployments.js';
import * as publisher from './views/publisher.js';
import * as admin from './views/admin.js';
import * as pool from './views/pool.js';
import * as signin from './views/signin.js';

const routes = [
  { pattern: /^\/$/, view: catalog, nav: 'catalog' },
  { pattern: /^\/appliances\/([^/]+)$/, view: appliance, nav: 'catalog' },
  { pattern: /^\/appliances\/([^/]+)\/deploy$/, view: deploy, nav: 'catalog' },
  { pattern: /^\/deployments$/, view: deployments, nav: 'deployments' },
  { pattern: /^\/deployments\/([^/]+)$/, view: deployment, nav: 'deployments' },
  { pattern: /^\/publisher$/, view: publisher, nav: 'publisher' },
  { pattern: /^\/pool$/, view: pool, nav: 'pool' },
  { pattern: /^\/admin$/, view: admin, nav: 'admin' },
  { pattern: /^\/signin$/, view: signin, nav: 'signin' },
];

let current = null;

/** Splits "#/path?a=b" into a path and URLSearchParams. */
function location() {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path: path || '/', query: new URLSearchParams(query) };
}

async function route() {
  if (window.location.hash && !window.location.hash.startsWith('#/')) {
    return; // an in-page anchor such as the skip link
  }
  if (current) {
    current.abort(); // stops the previous view's polling and pending fetches
  }
  const controller = new AbortController();
  current = controller;
  const main = document.getElementById('main');
  const { path, query } = location();
  const match = routes
    .map((r) => ({ r, m: r.pattern.exec(path) }))
    .find((x) => x.m !== null);
  markNav(match ? match.r.nav : null);
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  main.setAttribute('aria-busy', 'true');
  try {
    if (!match) {
      replace(main, h('h1', { tabindex: '-1', id: 'page-title' }, 'Not found'),
        h('p', null, 'No page here. ', h('a', { href: '#/' }, 'Back to the catalog')));
    } else {
      const params = match.m.slice(1).map(decodeURIComponent);
      await match.r.view.render(main, { params, query, signal: controller.signal, refreshSession });
    }
  } catch (e) {
    if (controller.signal.aborted) {
      return;
    }
    replace(main, h('h1', { tabindex: '-1', id: 'page-title' }, 'Something went wrong'),
      h('div', { class: 'error', role: 'alert' }, h('p', null, e.message)));
  } finally {
    if (!controller.signal.aborted) {
      main.removeAttribute('aria-busy');
      const title = document.getElementById('page-title');
      document.title = (title ? title.textContent + ' · ' : '') + 'Hangar marketplace';
      if (title) {
        title.focus();
      }
    }
  }
}

function markNav(active) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === active) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

/** Redraws the header for the current sign-in state. */
function refreshSession() {
  const me = currentUser();
  for (const item of document.querySelectorAll('[data-requires]')) {
    item.hidden = !hasRole(item.dataset.requires);
  }
  const box = document.getElementById('session');
  if (me === null) {
    replace(box, h('a', { href: '#/signin', class: 'button', 'data-nav': 'signin' }, 'Sign in'));
    return;
  }
  // Roles imply one another (admin includes all), so the strongest one says it all.
  const role = ['admin', 'operator', 'publisher', 'consumer'].find((r) => me.roles.includes(r)) || '';
  replace(box,
    h('span', { id: 'signed-in-as' }, 'Signed in as ', h('strong', null, me.name),
      role ? h('span', { class: 'muted' }, ' (' + role + ')') : null),
    h('button', {
      type: 'button',
      class: 'link-button',
      onclick: () => {
        signOut();
        refreshSession();
        window.location.hash = '#/';
        route();
      },
    }, 'Sign out'));
}

async function start() {
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault(); // keep the hash for the router
    document.getElementById('main').focus();
  });
  try {
    await restore();
  } catch (e) {
    // The API being down shows on the page itself; the header just stays signed out.
  }
  refreshSession();
  window.addEventListener('hashchange', route);
  await route();
}

start();
