// The publisher's own appliances with every version and the Deprecate/Revoke life-cycle actions.
// Administrators act for every publisher, so they see all appliances here.
import { api, ApiError, events, seg } from '../api.js';
import { announce, badge, errorBox, h, heading, replace, time } from '../dom.js';
import { currentUser, hasRole } from '../session.js';

export async function render(main, { signal }) {
  if (!hasRole('publisher')) {
    replace(main, heading('Publisher'), h('p', null,
      currentUser() === null ? h('a', { href: '#/signin?next=%2Fpublisher' }, 'Sign in') : 'Sign in',
      ' with a publisher token to manage your appliances.'));
    return;
  }
  const me = currentUser();
  const [publishers, appliances] = await Promise.all([
    api('/publishers', { signal }),
    api('/appliances', { signal }),
  ]);
  const mine = publishers.find((p) => p.id === me.publisherId);
  const own = hasRole('admin') && !mine
    ? appliances
    : appliances.filter((a) => mine && a.publisher === mine.name);
  own.sort((x, y) => x.name.localeCompare(y.name));
  const feedback = h('div');

  replace(main,
    heading(mine ? 'Publisher ' + (mine.displayName || mine.name) : 'All publishers'),
    h('p', { class: 'lead' }, own.length + ' appliance' + (own.length === 1 ? '' : 's') +
      '. Deprecated versions still deploy; revoked versions no longer do.'),
    feedback,
    own.map((a) => appliance(a, feedback, signal)));
}

function appliance(a, feedback, signal) {
  const headingId = 'pub-' + a.id;
  const versions = (a.versions || []).slice()
    .sort((x, y) => String(y.publishedAt || '').localeCompare(String(x.publishedAt || '')));
  return h('section', { class: 'card', 'aria-labelledby': headingId, 'data-appliance-id': a.id },
    h('h2', { id: headingId },
      h('a', { href: '#/appliances/' + encodeURIComponent(a.id) }, a.name), ' ', badge(a.visibility, 'visibility')),
    h('p', null, a.summary),
    versions.length === 0 ? h('p', { class: 'muted' }, 'No versions yet.') : h('table', { class: 'list' },
      h('caption', { class: 'visually-hidden' }, 'Versions of ' + a.name),
      h('thead', null, h('tr', null,
        ['Version', 'Channel', 'Status', 'Published', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, versions.map((v) => versionRow(a, v, feedback)))),
    versions.filter((v) => v.status === 'DRAFT').map((v) => uploadProgress(a, v, signal)));
}

// Follows GET …/versions/{v}/progress (server-sent events) of a draft: the uploads, chunks and
// verification of the version's current operation, until it ends with done or failed.
function uploadProgress(a, v, signal) {
  const titleId = 'progress-' + a.id + '-' + v.version;
  const step = h('p', { class: 'progress-step' }, 'Waiting for uploads…');
  const amount = h('p', { class: 'progress-amount' });
  const panel = h('section', {
    class: 'progress-panel', 'aria-labelledby': titleId, 'data-progress-version': v.version,
  },
  h('h3', { id: titleId }, 'Upload progress of ' + v.version),
  h('div', { role: 'status', 'aria-live': 'polite' }, step, amount));
  events('/appliances/' + seg(a.id) + '/versions/' + seg(v.version) + '/progress', (e) => {
    panel.dataset.phase = e.phase;
    step.textContent = e.operation + ': ' + e.phase + (e.detail ? ' — ' + e.detail : '');
    const parts = [];
    if (e.bytes != null) {
      parts.push(e.bytes + (e.totalBytes != null ? ' of ' + e.totalBytes : '') + ' bytes');
    }
    if (e.chunks != null) {
      parts.push(e.chunks + ' chunk' + (e.chunks === 1 ? '' : 's'));
    }
    if (parts.length) {
      amount.textContent = parts.join(', ');
    }
    if (e.phase === 'done' || e.phase === 'failed') {
      panel.classList.add(e.phase === 'done' ? 'progress-done' : 'progress-failed');
    }
  }, { signal }).catch((e) => {
    if (!signal.aborted) {
      step.textContent = 'Progress unavailable: ' + e.message;
    }
  });
  return panel;
}

function versionRow(a, v, feedback) {
  const tr = h('tr', { 'data-version': v.version });
  const fill = (status) => {
    const label = a.name + ' ' + v.version;
    replace(tr,
      h('th', { scope: 'row' }, v.version),
      h('td', null, v.channel || ''),
      h('td', null, badge(status, 'status')),
      h('td', null, time(v.publishedAt)),
      h('td', null, h('div', { class: 'row-actions' },
        status === 'PUBLISHED' ? action('deprecate', 'Deprecate', label) : null,
        status === 'PUBLISHED' || status === 'DEPRECATED' ? action('revoke', 'Revoke', label) : null)));
  };
  const action = (verb, text, label) => h('button', {
    type: 'button', class: verb === 'revoke' ? 'danger small' : 'small', 'aria-label': text + ' ' + label,
    onclick: async (event) => {
      if (verb === 'revoke' && !window.confirm('Revoke ' + label + '? It can no longer be deployed.')) {
        return;
      }
      event.currentTarget.disabled = true;
      try {
        const updated = await api('/appliances/' + seg(a.id) + '/versions/' + seg(v.version) + '/' + verb,
          { method: 'POST' });
        fill(updated.status);
        announce(label + ' is now ' + updated.status.toLowerCase());
        tr.querySelector('th').setAttribute('tabindex', '-1');
        tr.querySelector('th').focus(); // the pressed button is gone; keep focus on its row
      } catch (e) {
        if (!(e instanceof ApiError)) {
          throw e;
        }
        replace(feedback, errorBox(e));
        fill(v.status);
      }
    },
  }, text);
  fill(v.status);
  return tr;
}
