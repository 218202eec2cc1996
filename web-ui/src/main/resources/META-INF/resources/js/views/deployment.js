// One deployment's live progress: follows the server-sent events of GET /deployments/{id}/events
// while it moves, shows the state, the deployer's message and a progress bar while partitions are
// staged; once the VM is up (or failed), its addresses and the tail of its serial console.
import { api, apiText, ApiError, events, seg } from '../api.js';
import { announce, definitions, errorBox, h, heading, replace, time } from '../dom.js';
import { MOVING, parseProgress, STEPS } from '../progress.js';
import { currentUser } from '../session.js';

// Pause before reconnecting when the event stream ends while the deployment still moves.
const RECONNECT_MS = 1000;
const CONSOLE_LINES = 30;

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
  const consoleText = h('pre', { id: 'deployment-console', class: 'console', tabindex: '0',
    'aria-labelledby': 'deployment-console-heading' });
  const consoleRefresh = h('button', { type: 'button', id: 'deployment-console-refresh' }, 'Refresh console');
  const consoleBox = h('section', { hidden: true },
    h('h2', { id: 'deployment-console-heading' }, 'Console (last ' + CONSOLE_LINES + ' lines)'),
    consoleText, h('p', null, consoleRefresh));
  consoleRefresh.addEventListener('click', () => showConsole());
  const destroy = h('button', { type: 'button', class: 'danger', id: 'deployment-destroy' }, 'Destroy');
  // Power actions and the state each is offered in (the API answers 409 in any other).
  const power = [['stop', 'Stop', 'READY'], ['start', 'Start', 'STOPPED'], ['reboot', 'Reboot', 'READY']]
    .map(([action, text, from]) => {
      const button = h('button', { type: 'button', id: 'deployment-' + action }, text);
      button.addEventListener('click', () => act(action, button));
      return { button, from };
    });
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
      follow();
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      destroy.disabled = false;
      replace(feedback, errorBox(e));
    }
  });

  async function act(action, button) {
    button.disabled = true;
    try {
      d = await api('/deployments/' + seg(id) + '/' + action, { method: 'POST' });
      replace(feedback);
      show();
      follow();
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      replace(feedback, errorBox(e));
    } finally {
      button.disabled = false;
    }
  }

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
    power.forEach(({ button, from }) => { button.hidden = d.state !== from; });
    replace(details, definitions([
      ['Host name', d.hostname],
      ['Instance id', d.instanceId],
      ['Addresses', (d.addresses || []).join(', ') || '—'],
      ['Node', d.node],
      ['Domain', d.domain],
      ['Created', time(d.createdAt)],
      ['Updated', time(d.updatedAt)],
    ], { class: 'facts' }));
  }

  async function showConsole() {
    try {
      consoleText.textContent = await apiText('/deployments/' + seg(id) + '/console?lines=' + CONSOLE_LINES,
        { signal }) || '(nothing on the console yet)';
      consoleBox.hidden = false;
    } catch (e) {
      if (!signal.aborted) {
        replace(feedback, errorBox(e));
      }
    }
  }

  function update(next) {
    const before = d.state;
    d = next;
    show();
    if (d.state !== before) {
      announce(d.appliance + ' is ' + d.state.toLowerCase() + (d.state === 'FAILED' ? ': ' + d.message : ''));
    }
  }

  let following = false;
  async function follow() {
    if (following) {
      return;
    }
    following = true;
    try {
      while (MOVING.includes(d.state) && !signal.aborted) {
        await events('/deployments/' + seg(id) + '/events', update, { signal });
        if (MOVING.includes(d.state)) {
          await sleep(RECONNECT_MS, signal);
        }
      }
    } catch (e) {
      if (!signal.aborted) {
        replace(feedback, errorBox(e instanceof ApiError ? e : new Error('Lost touch with the server: ' + e.message)));
      }
    } finally {
      following = false;
    }
    if (!signal.aborted && (d.state === 'READY' || d.state === 'FAILED')) {
      showConsole();
    }
  }

  replace(main,
    h('nav', { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
      h('a', { href: '#/deployments' }, 'Deployments'), ' › ', d.appliance + ' ' + d.version),
    heading('Deployment of ' + d.appliance + ' ' + d.version),
    steps, status, barBox, feedback, details, consoleBox,
    h('p', { class: 'actions' }, ...power.map(({ button }) => [button, ' ']), destroy, ' ',
      h('a', { href: '#/appliances/' + encodeURIComponent(d.applianceId) }, 'View appliance')));
  show();
  follow();
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
