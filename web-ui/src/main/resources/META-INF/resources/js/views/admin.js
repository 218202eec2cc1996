// Administration: the audit log (newest first, filterable) and the users.
import { api } from '../api.js';
import { h, heading, replace, time } from '../dom.js';
import { currentUser, hasRole } from '../session.js';

const PAGE = 1000;
const MAX_PAGES = 20;

export async function render(main, { signal }) {
  if (!hasRole('admin')) {
    replace(main, heading('Administration'), h('p', null,
      currentUser() === null ? h('a', { href: '#/signin?next=%2Fadmin' }, 'Sign in') : 'Sign in',
      ' with an administrator token to see the audit log.'));
    return;
  }
  const [entries, users] = await Promise.all([auditLog(signal), api('/users', { signal })]);
  entries.reverse();

  const filter = h('input', { type: 'search', id: 'audit-filter', autocomplete: 'off' });
  const count = h('p', { role: 'status', 'aria-live': 'polite', id: 'audit-count' });
  const body = h('tbody');
  const update = () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = entries.filter((e) => {
      const text = [e.actor, e.action, e.targetType, e.target, e.detail].join(' ').toLowerCase();
      return words.every((w) => text.includes(w));
    });
    count.textContent = shown.length + ' of ' + entries.length + ' entries';
    replace(body, shown.slice(0, 500).map((e) => h('tr', null,
      h('td', null, time(e.at)), h('td', null, e.actor), h('td', null, h('code', null, e.action)),
      h('td', null, e.targetType + ' ', h('span', { class: 'muted' }, e.target)),
      h('td', null, e.detail || ''))));
  };
  filter.addEventListener('input', update);

  replace(main,
    heading('Administration'),
    h('section', { 'aria-labelledby': 'audit-heading' },
      h('h2', { id: 'audit-heading' }, 'Audit log'),
      h('div', { class: 'field field-wide' }, h('label', { for: 'audit-filter' }, 'Filter entries'), filter),
      count,
      h('table', { class: 'list', id: 'audit' },
        h('caption', { class: 'visually-hidden' }, 'Audit log, newest first (at most 500 rows shown)'),
        h('thead', null, h('tr', null,
          ['When', 'Actor', 'Action', 'Target', 'Detail'].map((c) => h('th', { scope: 'col' }, c)))),
        body)),
    h('section', { 'aria-labelledby': 'users-heading' },
      h('h2', { id: 'users-heading' }, 'Users'),
      h('table', { class: 'list', id: 'users' },
        h('thead', null, h('tr', null,
          ['Name', 'Role', 'Publisher', 'Created'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, users.map((u) => h('tr', null,
          h('th', { scope: 'row' }, u.name), h('td', null, u.role), h('td', null, u.publisher || ''),
          h('td', null, time(u.createdAt))))))));
  update();
}

// The API pages oldest first from an id; walk the pages to reach the newest entries.
async function auditLog(signal) {
  const all = [];
  let after = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const entries = await api('/audit?after=' + after + '&limit=' + PAGE, { signal });
    all.push(...entries);
    if (entries.length < PAGE) {
      break;
    }
    after = entries[entries.length - 1].id;
  }
  return all;
}
