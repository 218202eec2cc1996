// The caller's deployments (operators and admins see all), refreshed while any of them moves, with
// Stop (READY), Start (STOPPED) and Destroy actions per row.
import { api, ApiError, seg } from '../api.js';
import { announce, errorBox, h, heading, replace, time } from '../dom.js';
import { MOVING } from '../progress.js';
import { currentUser } from '../session.js';

const POLL_MS = 1000;
// Row actions besides Destroy, offered in the one state the API accepts them in.
const POWER = [
  { action: 'stop', text: 'Stop', from: 'READY' },
  { action: 'start', text: 'Start', from: 'STOPPED' },
];

export async function render(main, { signal }) {
  if (currentUser() === null) {
    replace(main, heading('Deployments'), h('p', null,
      h('a', { href: '#/signin?next=%2Fdeployments' }, 'Sign in'), ' to see your deployments.'));
    return;
  }
  let rows = await api('/deployments', { signal });
  // Rows destroyed while this page is open stay visible, so the outcome of Destroy can be seen.
  const seenLive = new Set();
  const noteLive = () => rows.filter((d) => d.state !== 'DESTROYED').forEach((d) => seenLive.add(d.id));
  noteLive();
  const body = h('tbody');
  const feedback = h('div');
  const summary = h('p', { id: 'deployments-count', role: 'status', 'aria-live': 'polite' });
  const showDestroyed = h('input', { type: 'checkbox', id: 'show-destroyed' });
  showDestroyed.addEventListener('change', show);

  function show() {
    const visible = rows.filter((d) => showDestroyed.checked || d.state !== 'DESTROYED' || seenLive.has(d.id));
    const running = rows.filter((d) => d.state === 'READY').length;
    summary.textContent = rows.length + ' deployment' + (rows.length === 1 ? '' : 's') + ', ' + running + ' running';
    replace(body, visible.length === 0
      ? h('tr', null, h('td', { colspan: 6 }, 'Nothing here yet. Deploy something from the ',
        h('a', { href: '#/' }, 'catalog'), '.'))
      : visible.map(row));
  }

  function row(d) {
    const label = d.appliance + ' ' + d.version + (d.hostname ? ' (' + d.hostname + ')' : '');
    const destroy = d.state === 'DESTROYING' || d.state === 'DESTROYED'
      ? null
      : h('button', { type: 'button', class: 'danger small', 'aria-label': 'Destroy ' + label,
        onclick: (e) => destroyDeployment(d, label, e.currentTarget) }, 'Destroy');
    const power = POWER.filter((p) => p.from === d.state).map((p) => [h('button', {
      type: 'button', class: 'small', 'data-action': p.action, 'aria-label': p.text + ' ' + label,
      onclick: (e) => powerAction(d, label, p, e.currentTarget),
    }, p.text), ' ']);
    return h('tr', { 'data-deployment-id': d.id },
      h('th', { scope: 'row' }, h('a', { href: '#/deployments/' + encodeURIComponent(d.id) }, d.appliance)),
      h('td', null, d.version),
      h('td', null, d.hostname || ''),
      h('td', null, h('span', { class: 'state state-' + d.state.toLowerCase(), 'data-state': d.state }, d.state),
        d.message ? h('div', { class: 'muted small' }, d.message) : null),
      h('td', null, time(d.updatedAt)),
      h('td', null, power, destroy));
  }

  async function powerAction(d, label, p, button) {
    button.disabled = true;
    try {
      const updated = await api('/deployments/' + seg(d.id) + '/' + p.action, { method: 'POST' });
      rows = rows.map((x) => (x.id === updated.id ? updated : x));
      announce(p.text + ' ' + label + ': ' + updated.state.toLowerCase());
      show();
      poll();
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      button.disabled = false;
      replace(feedback, errorBox(e));
    }
  }

  async function destroyDeployment(d, label, button) {
    if (!window.confirm('Destroy ' + label + '? Its VM and disks are deleted.')) {
      return;
    }
    button.disabled = true;
    try {
      const updated = await api('/deployments/' + seg(d.id), { method: 'DELETE' });
      rows = rows.map((x) => (x.id === updated.id ? updated : x));
      announce('Destroying ' + label);
      show();
      poll();
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      button.disabled = false;
      replace(feedback, errorBox(e));
    }
  }

  let polling = false;
  async function poll() {
    if (polling) {
      return;
    }
    polling = true;
    try {
      while (rows.some((d) => MOVING.includes(d.state)) && !signal.aborted) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (signal.aborted) {
          return;
        }
        const before = new Map(rows.map((d) => [d.id, d.state]));
        rows = await api('/deployments', { signal });
        noteLive();
        for (const d of rows) {
          if (before.has(d.id) && before.get(d.id) !== d.state) {
            announce(d.appliance + ' ' + d.version + ' is ' + d.state.toLowerCase());
          }
        }
        show();
      }
    } catch (e) {
      if (!signal.aborted) {
        replace(feedback, errorBox(e));
      }
    } finally {
      polling = false;
    }
  }

  replace(main,
    heading('Deployments'),
    summary,
    h('div', { class: 'field field-check' }, showDestroyed,
      h('label', { for: 'show-destroyed' }, 'Show destroyed deployments')),
    feedback,
    h('table', { id: 'deployments', class: 'list' },
      h('caption', { class: 'visually-hidden' }, 'Your deployments, newest first'),
      h('thead', null, h('tr', null,
        ['Appliance', 'Version', 'Host name', 'State', 'Updated', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      body));
  show();
  poll();
}
