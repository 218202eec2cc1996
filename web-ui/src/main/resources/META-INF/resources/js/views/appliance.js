// One appliance: its description and every version with channel, status, dates, requirements and
// partitions, and the way to deploy it.
import { api, seg } from '../api.js';
import { badge, bytes, definitions, h, heading, logo, replace, safeHtml, time } from '../dom.js';
import { currentUser } from '../session.js';
import { lazyTrustBadge, trustPanel } from '../trust.js';

const DEPLOYABLE = ['PUBLISHED', 'DEPRECATED'];

export async function render(main, { params, signal }) {
  const [id] = params;
  const [a, versions] = await Promise.all([
    api('/appliances/' + seg(id), { signal }),
    api('/appliances/' + seg(id) + '/versions', { signal }),
  ]);
  versions.sort((x, y) => String(y.createdAt).localeCompare(String(x.createdAt)));

  replace(main,
    h('nav', { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
      h('a', { href: '#/' }, 'Catalog'), ' › ', a.name),
    logo(a, 64),
    heading(a.name),
    h('p', { class: 'lead' }, a.summary),
    h('p', { class: 'card-meta' }, badge(a.visibility, 'visibility'),
      h('span', null, 'by ' + a.publisher),
      h('span', null, a.latestVersion ? 'latest ' + a.latestVersion : 'no published version')),
    deployAction(a),
    a.description ? h('section', { 'aria-labelledby': 'about' },
      h('h2', { id: 'about' }, 'About'),
      h('div', { class: 'markdown' }, safeHtml(a.descriptionHtml))) : null,
    definitions([
      ['Categories', (a.categories || []).join(', ')],
      ['Tags', (a.tags || []).join(', ')],
      ['Shared with', a.visibility === 'SHARED' ? (a.sharedWith || []).join(', ') : ''],
      ['Listed since', time(a.createdAt)],
    ], { class: 'facts' }),
    h('section', { 'aria-labelledby': 'versions-heading' },
      h('h2', { id: 'versions-heading' }, 'Versions'),
      versions.length === 0 ? h('p', null, 'No version is visible to you yet.') : null,
      versions.map((v) => version(a, v, signal))));
}

function deployAction(a) {
  if (!a.latestVersion) {
    return null;
  }
  if (currentUser() === null) {
    return h('p', { class: 'actions' },
      h('a', { href: '#/signin?next=' + encodeURIComponent('/appliances/' + a.id) }, 'Sign in'),
      ' to deploy this appliance.');
  }
  return h('p', { class: 'actions' },
    h('a', { class: 'button primary', id: 'deploy-link',
      href: '#/appliances/' + encodeURIComponent(a.id) + '/deploy' },
    'Deploy ' + a.name + ' ' + a.latestVersion));
}

function version(a, v, signal) {
  const headingId = 'version-' + v.version.replace(/[^A-Za-z0-9-]/g, '-');
  const r = v.requirements || {};
  const sharedCells = (v.partitions || []).map(() => h('td', { class: 'shared' }, '…'));
  showSharing(a, v, sharedCells);
  return h('article', { class: 'version', 'aria-labelledby': headingId, 'data-version': v.version },
    h('h3', { id: headingId }, 'Version ' + v.version, ' ', badge(v.status, 'status'), ' ',
      lazyTrustBadge(a.id, v.version, signal)),
    definitions([
      ['Channel', v.channel],
      ['Status', v.status],
      ['Created', time(v.createdAt)],
      ['Published', v.publishedAt ? time(v.publishedAt) : ''],
      ['Status changed', v.statusChangedAt ? time(v.statusChangedAt) : ''],
    ], { class: 'facts' }),
    h('h4', null, 'Requirements'),
    definitions([
      ['Architecture', r.arch],
      ['vCPUs', r.vcpus],
      ['Memory', r.memoryMiB ? r.memoryMiB + ' MiB' : ''],
      ['Hypervisors', r.hypervisors && r.hypervisors.length ? r.hypervisors.join(', ') : 'any'],
      ['Boot mode', r.bootMode],
    ], { class: 'facts' }),
    h('h4', null, 'Partitions'),
    h('table', { class: 'partitions' },
      h('caption', { class: 'visually-hidden' }, 'Partitions of version ' + v.version),
      h('thead', null, h('tr', null,
        ['Device', 'Label', 'Role', 'Kind', 'Filesystem', 'Size', 'Same bytes also in']
          .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, (v.partitions || []).map((p, i) => h('tr', null,
        h('td', null, 'vd' + String.fromCharCode(97 + i)),
        h('td', null, p.label),
        h('td', null, p.role),
        h('td', null, kind(p.kind)),
        h('td', null, p.filesystem),
        h('td', null, bytes(p.sizeBytes)),
        sharedCells[i])))),
    trustPanel(a.id, v.version, signal),
    v.releaseNotes ? [h('h4', null, 'Release notes'), h('p', { class: 'description' }, v.releaseNotes)] : null,
    currentUser() !== null && DEPLOYABLE.includes(v.status)
      ? h('p', null, h('a', {
        href: '#/appliances/' + encodeURIComponent(a.id) + '/deploy?version=' + encodeURIComponent(v.version),
      }, 'Deploy version ' + v.version))
      : null);
}

// Fills the "same bytes also in" cells: the catalog stores such a partition once.
async function showSharing(a, v, cells) {
  let sharing;
  try {
    sharing = await api('/appliances/' + seg(a.id) + '/versions/' + seg(v.version) + '/sharing');
  } catch (e) {
    cells.forEach((c) => replace(c, ''));
    return;
  }
  sharing.forEach((s, i) => {
    const where = [...s.otherAppliances, ...s.otherVersions.map((x) => 'version ' + x)];
    replace(cells[i], s.digest === null ? 'nothing stored' : where.length ? where.join(', ') : 'only here');
  });
}

const KINDS = {
  EMPTY: 'blank space',
  SHARED_READONLY: 'shared read-only',
  COPY_ON_WRITE: 'copy-on-write',
};

function kind(k) {
  return h('span', { title: k }, KINDS[k] || k);
}
