// One deployment's live progress: polls GET /deployments/{id} every second while it moves, shows
// the state, the deployer's message and a progress bar while partitions are staged.
import { api, ApiError, seg } from '../api.js';
import { announce, definitions, errorBox, h, heading, replace, time } from '../dom.js';
import { MOVING, parseProgress, STEPS } from '../progress.js';
import { currentUser } from '../session.js';

const POLL_MS = 1000;

export async function render(main, { params, signal }) {
  const [id] = params;
  if (currentUser() === null) {
    replace(main, heading('Deployment'), h('p', null,
      h('a', { href: '#/signin?next=' + encodeURIComponent('/deployments/' + id) }, 'Sign in'),
      ' to see your deployments.'));
    return;
  }
  let d = await api('/deployments/' + seg(id), { signal });

  const steps = h('ol', { class: 'steps', 'aria-label': 'Progress' });
  const state = h('strong', { id: 'deployment-state' });
  const message = h('span', { id: 'deployment-message' });
  const bar = h('progress', { id: 'deployment-progress', max: 100, 'aria-labelledby': 'deployment-progress-label' });
  const barLabel = h('span', { id: 'deployment-progress-label' });
  const barBox = h('div', { class: 'progress', hidden: true }, barLabel, bar);
  const details = h('div');
  const feedback = h('div');
  const destroy = h('button', { type: 'button', class: 'danger', id: 'deployment-destroy' }, 'Destroy');
  // One live region for state and message: screen readers hear each change once, as a whole.
  const status = h('p', { class: 'state-line', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
    'State: ', state, ' — ', message);

  destroy.addEventListener('click', async () => {
    if (!window.confirm('Destroy the VM of ' + d.appliance + ' ' + d.version + '? Its disks are deleted.')) {
      return;
    }
    destroy.disabled = true;
    try {
      d = await api('/deployments/' + seg(id), { method: 'DELETE' });
      show();
      poll();
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      destroy.disabled = false;
      replace(feedback, errorBox(e));
    }
  });

  function show() {
    state.textContent = d.state;
    state.className = 'state state-' + d.state.toLowerCase();
    message.textContent = d.message || '';
    const reached = STEPS.indexOf(d.state);
    replace(steps, STEPS.map((s, i) => h('li', {
      class: i < reached || d.state === 'READY' ? 'done' : i === reached ? 'current' : '',
      'aria-current': i === reached ? 'step' : null,
    }, s.charAt(0) + s.slice(1).toLowerCase())));
    const progress = d.state === 'STAGING' ? parseProgress(d.message) : null;
    barBox.hidden = progress === null;
    if (progress) {
      bar.value = progress.percent;
      bar.textContent = progress.percent + '%';
      barLabel.textContent = (progress.phase || 'Staging') + ': ' + progress.percent + '%';
    }
    destroy.hidden = d.state === 'DESTROYING' || d.state === 'DESTROYED';
    replace(details, definitions([
      ['Host name', d.hostname],
      ['Instance id', d.instanceId],
      ['Node', d.node],
      ['Domain', d.domain],
      ['Created', time(d.createdAt)],
      ['Updated', time(d.updatedAt)],
    ], { class: 'facts' }));
  }

  let polling = false;
  async function poll() {
    if (polling) {
      return;
    }
    polling = true;
    try {
      while (MOVING.includes(d.state) && !signal.aborted) {
        await sleep(POLL_MS, signal);
        const before = d.state;
        d = await api('/deployments/' + seg(id), { signal });
        show();
        if (d.state !== before) {
          announce(d.appliance + ' is ' + d.state.toLowerCase() + (d.state === 'FAILED' ? ': ' + d.message : ''));
        }
      }
    } catch (e) {
      if (!signal.aborted) {
        replace(feedback, errorBox(e instanceof ApiError ? e : new Error('Lost touch with the server: ' + e.message)));
      }
    } finally {
      polling = false;
    }
  }

  replace(main,
    h('nav', { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
      h('a', { href: '#/deployments' }, 'Deployments'), ' › ', d.appliance + ' ' + d.version),
    heading('Deployment of ' + d.appliance + ' ' + d.version),
    steps, status, barBox, feedback, details,
    h('p', { class: 'actions' }, destroy, ' ',
      h('a', { href: '#/appliances/' + encodeURIComponent(d.applianceId) }, 'View appliance')));
  show();
  poll();
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    }, { once: true });
  });
}
