// Trust badges and the trust panel of a version, from GET …/versions/{v}/trust, …/signatures and
// …/attestations. "trusted" means this site's policy accepts the version's signatures without any
// violation; "signed" that it carries signatures the policy does not (fully) accept; "unsigned"
// that it carries none.
import { api, seg } from './api.js';
import { definitions, h, replace, time } from './dom.js';

const LABELS = {
  trusted: 'Trusted by this site',
  signed: 'Signed',
  unsigned: 'Unsigned',
  unknown: 'Trust unknown',
};

/** The badge level for a verdict. */
export function level(verdict) {
  if (!verdict) {
    return 'unknown';
  }
  if (verdict.compliant) {
    return 'trusted';
  }
  return verdict.signatures > 0 ? 'signed' : 'unsigned';
}

/** A trust badge for a verdict; the title gives the policy's reasons. */
export function trustBadge(verdict) {
  const l = level(verdict);
  const why = verdict
    ? (verdict.compliant ? verdict.trustedBy : verdict.violations).join('; ')
    : 'the verdict could not be read';
  return h('span', { class: 'badge badge-trust-' + l, 'data-trust': l, title: why }, LABELS[l]);
}

/**
 * A placeholder badge that is replaced by the verdict on version `version` of appliance `id` once
 * it arrives (cards render at once; verdicts follow).
 */
export function lazyTrustBadge(id, version, signal) {
  const slot = h('span', { class: 'trust-slot' },
    h('span', { class: 'badge badge-trust-pending', 'data-trust': 'pending' }, 'Checking trust…'));
  verdictOf(id, version, signal)
    .then((v) => replace(slot, trustBadge(v)))
    .catch(() => {
      if (!signal || !signal.aborted) {
        replace(slot, trustBadge(null));
      }
    });
  return slot;
}

function verdictOf(id, version, signal) {
  return api(path(id, version) + '/trust', { signal });
}

function path(id, version) {
  return '/appliances/' + seg(id) + '/versions/' + seg(version);
}

/** The trust section of one version: verdict, signatures and attestations. */
export function trustPanel(id, version, signal) {
  const headingId = 'trust-' + version.replace(/[^A-Za-z0-9-]/g, '-');
  const body = h('div', null, h('p', { class: 'muted' }, 'Checking trust…'));
  Promise.all([
    verdictOf(id, version, signal),
    api(path(id, version) + '/signatures', { signal }),
    api(path(id, version) + '/attestations', { signal }),
  ]).then(([verdict, signatures, attestations]) => {
    replace(body,
      h('p', null, trustBadge(verdict), ' ',
        verdict.allowed ? 'Deployable under the ' : 'Refused by the ',
        verdict.enforcement + ' site policy.'),
      definitions([
        ['Manifest', verdict.manifestDigest ? h('code', null, verdict.manifestDigest) : ''],
        ['Trusted by', verdict.trustedBy.length ? list(verdict.trustedBy) : ''],
        ['Violations', verdict.violations.length ? list(verdict.violations) : ''],
      ], { class: 'facts' }),
      table('Signatures', ['Keys', 'Issued', 'Manifest', 'Submitted by'], signatures.map((s) => [
        list(s.keyIds.map((k) => h('code', null, k))), time(s.issuedAt),
        h('code', null, s.manifestDigest), s.submittedBy])),
      table('Attestations', ['Predicate', 'Keys', 'Received', 'Submitted by'], attestations.map((a) => [
        h('code', null, a.predicateType), list(a.keyIds.map((k) => h('code', null, k))),
        time(a.receivedAt), a.submittedBy])));
  }).catch((e) => {
    if (!signal || !signal.aborted) {
      replace(body, h('p', { class: 'error' }, 'Trust information unavailable: ' + e.message));
    }
  });
  return h('section', { class: 'trust', 'aria-labelledby': headingId },
    h('h4', { id: headingId }, 'Trust'), body);
}

function list(items) {
  return h('ul', { class: 'plain' }, items.map((i) => h('li', null, i)));
}

function table(caption, columns, rows) {
  if (rows.length === 0) {
    return h('p', { class: 'muted' }, 'No ' + caption.toLowerCase() + '.');
  }
  return h('table', { class: 'trust-table' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((cell) => h('td', null, cell))))));
}
