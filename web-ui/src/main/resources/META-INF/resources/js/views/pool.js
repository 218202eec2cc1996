// Operators: the VMM pool. Each node with its state, capacity bars (claimed vCPUs and memory,
// image cache fill), labels, what its image cache holds, and drain/maintenance/activate buttons.
import { api } from '../api.js';
import { announce, badge, bytes, errorBox, h, heading, replace, time } from '../dom.js';
import { currentUser, hasRole } from '../session.js';

export async function render(main, { signal }) {
  if (!hasRole('operator')) {
    replace(main, heading('VMM pool'), h('p', null,
      currentUser() === null ? h('a', { href: '#/signin?next=%2Fpool' }, 'Sign in') : 'Sign in',
      ' with an operator or administrator token to see the pool.'));
    return;
  }
  const feedback = h('div', { id: 'pool-feedback' });
  const list = h('div', { id: 'nodes', class: 'nodes' });
  const draw = async () => {
    const nodes = await api('/nodes', { signal });
    replace(list, nodes.length === 0 ? h('p', null, 'No nodes are registered.')
      : nodes.map((n) => node(n, async (action) => {
        replace(feedback);
        try {
          await api('/nodes/' + encodeURIComponent(n.name) + '/' + action, { method: 'POST', signal });
          announce('Node ' + n.name + ': ' + action + ' done');
          await draw();
        } catch (e) {
          replace(feedback, errorBox(e));
        }
      })));
  };
  replace(main, heading('VMM pool'),
    h('p', { class: 'muted' }, 'Claimed capacity per node (vCPUs after the allocation ratio, memory '
      + 'after the host reserve) and the partitions each node\'s image cache holds.'),
    feedback, list);
  await draw();
}

function node(n, act) {
  const cache = n.cache || { capacityBytes: 0, usedBytes: 0, volumes: [] };
  const actions = [];
  if (n.state === 'UP') {
    actions.push(['drain', 'Drain']);
  }
  if (n.state !== 'MAINTENANCE') {
    actions.push(['maintenance', 'Maintenance']);
  }
  if (n.state === 'DRAINING' || n.state === 'MAINTENANCE') {
    actions.push(['activate', 'Activate']);
  }
  const labels = Object.entries(n.labels || {}).map(([k, v]) => h('code', null, k + '=' + v));
  return h('section', { class: 'node', 'data-node': n.name, 'aria-labelledby': 'node-' + n.name },
    h('h2', { id: 'node-' + n.name }, n.name, ' ', badge(n.state, 'node')),
    h('p', { class: 'muted' }, h('code', null, n.uri), ' · ', n.arch || 'arch unknown', ' · ',
      (n.domainTypes || []).join(', ') || 'no domain types', ' · site ', n.site,
      labels.length ? ' · ' : '', ...labels.flatMap((l, i) => (i ? [' ', l] : [l]))),
    n.lastError ? h('p', { class: 'error' }, 'Last health check: ' + n.lastError) : null,
    h('div', { class: 'bars' },
      bar('vCPUs', n.usedCpus, n.vcpuCap, n.usedCpus + ' of ' + n.vcpuCap + ' vCPUs claimed ('
        + n.cpus + ' CPUs)'),
      bar('Memory', n.usedMemoryMiB, n.memoryCapMiB, bytes(n.usedMemoryMiB * 1048576) + ' of '
        + bytes(n.memoryCapMiB * 1048576) + ' claimed'),
      bar('Image cache', cache.usedBytes, cache.capacityBytes || cache.usedBytes,
        bytes(cache.usedBytes) + ' cached' + (cache.capacityBytes ? ' in a pool of '
          + bytes(cache.capacityBytes) : ''))),
    cache.volumes.length === 0 ? h('p', { class: 'muted' }, 'The image cache is empty.')
      : h('table', { class: 'list cache' },
        h('caption', null, 'Cached partitions on ' + n.name),
        h('thead', null, h('tr', null,
          ['Digest', 'Size', 'In use', 'Last used'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, cache.volumes.map((v) => h('tr', null,
          h('td', null, h('code', { title: v.digest }, v.digest.slice(0, 19) + '…')),
          h('td', null, bytes(v.sizeBytes)),
          h('td', null, v.pinned ? 'pinned by a domain' : ''),
          h('td', null, v.lastUsed ? time(v.lastUsed) : ''))))),
    h('p', { class: 'actions' }, actions.map(([action, text]) => h('button', {
      type: 'button',
      'aria-label': text + ' ' + n.name,
      onclick: () => act(action),
    }, text))));
}

function bar(label, value, max, text) {
  const id = 'bar-' + Math.random().toString(36).slice(2);
  return h('div', { class: 'bar' },
    h('label', { for: id }, label),
    h('meter', { id, min: '0', max: String(Math.max(max, 1)), value: String(value),
      high: String(Math.max(max, 1) * 0.85) }, text),
    h('span', { class: 'muted' }, text));
}
