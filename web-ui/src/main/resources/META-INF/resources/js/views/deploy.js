// The deploy form: version, optional host name, the version's context parameters (from the
// `properties` of its contextSchema) and an optional placement (a pool node, for operators, or
// node labels), then off to the deployment's progress page.
import { api, ApiError, seg } from '../api.js';
import { errorBox, h, heading, replace } from '../dom.js';
import { currentUser } from '../session.js';

const DEPLOYABLE = ['PUBLISHED', 'DEPRECATED'];
const HOSTNAME = '[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?';
// "k=v, k2=v2": keys and values without commas, equals signs or spaces at their ends.
const LABELS = '\\s*([^=,\\s][^=,]*=[^=,]*)(\\s*,\\s*[^=,\\s][^=,]*=[^=,]*)*\\s*';

/** {key: value} from "k=v, k2=v2"; empty for an empty field. */
function parseLabels(text) {
  const out = {};
  text.split(',').map((s) => s.trim()).filter(Boolean).forEach((pair) => {
    const at = pair.indexOf('=');
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  });
  return out;
}

// Operators and admins may pin a deployment to a node; others cannot list nodes (403), and the
// node field stays hidden for them.
async function listNodes(select, field, signal) {
  let nodes;
  try {
    nodes = await api('/nodes', { signal });
  } catch (e) {
    return;
  }
  nodes.filter((n) => n.state === 'UP').forEach((n) => select.append(
    h('option', { value: n.name }, n.name + ' (' + n.arch + ', ' + (n.vcpuCap - n.usedCpus) + ' vCPU free)')));
  field.hidden = false;
}

export async function render(main, { params, query, signal }) {
  const [id] = params;
  if (currentUser() === null) {
    replace(main, heading('Deploy'), h('p', null,
      h('a', { href: '#/signin?next=' + encodeURIComponent('/appliances/' + id + '/deploy') }, 'Sign in'),
      ' with an API token to deploy appliances.'));
    return;
  }
  const [a, all] = await Promise.all([
    api('/appliances/' + seg(id), { signal }),
    api('/appliances/' + seg(id) + '/versions', { signal }),
  ]);
  const versions = all.filter((v) => DEPLOYABLE.includes(v.status));
  if (versions.length === 0) {
    replace(main, heading('Deploy ' + a.name), h('p', null, 'This appliance has no deployable version.'));
    return;
  }
  const wanted = query.get('version') || a.latestVersion;
  const chosen = versions.find((v) => v.version === wanted) || versions[0];

  const versionSelect = h('select', { id: 'deploy-version', name: 'version' },
    versions.map((v) => h('option', { value: v.version },
      v.version + (v.status === 'DEPRECATED' ? ' (deprecated)' : '') + (v.channel ? ' · ' + v.channel : ''))));
  versionSelect.value = chosen.version;
  const hostname = h('input', {
    id: 'deploy-hostname', name: 'hostname', type: 'text', pattern: HOSTNAME, maxlength: 63,
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'deploy-hostname-hint',
  });
  const parameters = h('div', { id: 'deploy-parameters' });
  const sshKeys = h('textarea', {
    id: 'deploy-ssh-keys', name: 'sshAuthorizedKeys', rows: 2, autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': 'deploy-ssh-keys-hint',
    placeholder: 'ssh-ed25519 AAAA… you@laptop',
  });
  const userData = h('textarea', {
    id: 'deploy-user-data', name: 'userData', rows: 4, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'deploy-user-data-hint', class: 'code',
    placeholder: '#cloud-config\nruncmd:\n  - echo hello > /run/hello',
  });
  const labels = h('input', {
    id: 'deploy-labels', name: 'labels', type: 'text', autocomplete: 'off', spellcheck: 'false',
    pattern: LABELS, 'aria-describedby': 'deploy-labels-hint', placeholder: 'disk=ssd, rack=r1',
  });
  const nodeSelect = h('select', { id: 'deploy-node', name: 'node' },
    h('option', { value: '' }, 'Any node the scheduler picks'));
  const nodeField = h('div', { class: 'field', hidden: true },
    h('label', { for: 'deploy-node' }, 'Node'), nodeSelect);
  listNodes(nodeSelect, nodeField, signal);
  const feedback = h('div', { id: 'deploy-feedback' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'deploy-submit' }, 'Deploy');

  const showParameters = () => {
    const v = versions.find((x) => x.version === versionSelect.value);
    replace(parameters, parameterFields(v.contextSchema));
  };
  versionSelect.addEventListener('change', showParameters);
  showParameters();

  const form = h('form', { class: 'deploy-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'deploy-version' }, 'Version'), versionSelect),
    h('div', { class: 'field' },
      h('label', { for: 'deploy-hostname' }, 'Host name ', h('span', { class: 'muted' }, '(optional)')),
      hostname,
      h('p', { id: 'deploy-hostname-hint', class: 'hint' },
        'Lower-case letters, digits and hyphens; derived from the appliance name when empty.')),
    parameters,
    h('div', { class: 'field' },
      h('label', { for: 'deploy-ssh-keys' }, 'SSH public keys ', h('span', { class: 'muted' }, '(optional)')),
      sshKeys,
      h('p', { id: 'deploy-ssh-keys-hint', class: 'hint' },
        'One OpenSSH public key per line (e.g. the contents of ~/.ssh/id_ed25519.pub); the VM\'s default user accepts them.')),
    h('div', { class: 'field' },
      h('label', { for: 'deploy-user-data' }, 'User data ', h('span', { class: 'muted' }, '(optional)')),
      userData,
      h('p', { id: 'deploy-user-data-hint', class: 'hint' },
        'A #cloud-config document (ssh_authorized_keys, users, write_files, runcmd, mounts, fs_setup) '
        + 'or a #! script, run once after the appliance\'s own setup.')),
    h('fieldset', { class: 'placement' },
      h('legend', null, 'Placement ', h('span', { class: 'muted' }, '(optional)')),
      nodeField,
      h('div', { class: 'field' }, h('label', { for: 'deploy-labels' }, 'Node labels'), labels,
        h('p', { id: 'deploy-labels-hint', class: 'hint' },
          'Comma-separated key=value pairs every candidate node must carry.'))),
    feedback,
    h('p', { class: 'actions' }, submit, ' ',
      h('a', { href: '#/appliances/' + encodeURIComponent(a.id) }, 'Cancel')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(feedback);
    if (!form.checkValidity()) {
      // Controls only: a fieldset holding an invalid control matches :invalid too.
      const invalid = form.querySelector('input:invalid, select:invalid, textarea:invalid');
      replace(feedback, h('div', { class: 'error', role: 'alert' },
        h('p', null, labelOf(invalid) + ': ' + invalid.validationMessage)));
      invalid.focus();
      return;
    }
    const body = { applianceId: a.id, version: versionSelect.value, parameters: values(parameters) };
    if (hostname.value.trim()) {
      body.hostname = hostname.value.trim();
    }
    const keys = sshKeys.value.split('\n').map((k) => k.trim()).filter((k) => k && !k.startsWith('#'));
    if (keys.length) {
      body.sshAuthorizedKeys = keys;
    }
    if (userData.value.trim()) {
      body.userData = userData.value;
    }
    if (nodeSelect.value) {
      body.node = nodeSelect.value;
    }
    const wantedLabels = parseLabels(labels.value);
    if (Object.keys(wantedLabels).length) {
      body.labels = wantedLabels;
    }
    submit.disabled = true;
    submit.textContent = 'Deploying…';
    try {
      const created = await api('/deployments', { method: 'POST', body });
      window.location.hash = '#/deployments/' + encodeURIComponent(created.id);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      submit.disabled = false;
      submit.textContent = 'Deploy';
      const box = errorBox(e);
      box.setAttribute('tabindex', '-1');
      replace(feedback, box);
      box.focus();
    }
  });

  replace(main,
    h('nav', { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
      h('a', { href: '#/' }, 'Catalog'), ' › ',
      h('a', { href: '#/appliances/' + encodeURIComponent(a.id) }, a.name), ' › Deploy'),
    heading('Deploy ' + a.name),
    h('p', { class: 'lead' }, a.summary),
    form);
}

function labelOf(input) {
  const label = input.labels && input.labels[0];
  return label ? label.firstChild.textContent.trim() : input.name;
}

/** Inputs for the `properties` of a JSON Schema subset: type, default, description, enum, required. */
function parameterFields(schema) {
  const properties = schema && schema.properties;
  if (!properties || Object.keys(properties).length === 0) {
    return h('p', { class: 'muted', id: 'deploy-no-parameters' }, 'This version takes no parameters.');
  }
  const required = new Set((schema && schema.required) || []);
  return h('fieldset', null, h('legend', null, 'Parameters'),
    Object.entries(properties).map(([name, p]) => field(name, p || {}, required.has(name))));
}

function field(name, p, required) {
  const id = 'param-' + name.replace(/[^A-Za-z0-9_-]/g, '_');
  const hintId = p.description ? id + '-hint' : null;
  const common = { id, 'data-parameter': name, 'aria-describedby': hintId, required };
  let control;
  if (Array.isArray(p.enum)) {
    control = h('select', common,
      required ? null : h('option', { value: '' }, '(not set)'),
      p.enum.map((v) => h('option', { value: String(v) }, String(v))));
    if (p.default !== undefined) {
      control.value = String(p.default);
    }
  } else if (p.type === 'boolean') {
    control = h('input', { ...common, type: 'checkbox', required: false, checked: p.default === true });
  } else {
    const numeric = p.type === 'integer' || p.type === 'number';
    control = h('input', {
      ...common,
      type: numeric ? 'number' : 'text',
      step: p.type === 'integer' ? 1 : numeric ? 'any' : null,
      min: p.minimum, max: p.maximum, minlength: p.minLength, maxlength: p.maxLength,
      pattern: p.pattern,
      value: p.default !== undefined ? String(p.default) : null,
    });
  }
  const label = h('label', { for: id }, p.title || name, required ? h('span', { class: 'muted' }, ' (required)') : null);
  return h('div', { class: p.type === 'boolean' ? 'field field-check' : 'field' },
    p.type === 'boolean' ? [control, label] : [label, control],
    hintId ? h('p', { id: hintId, class: 'hint' }, p.description) : null);
}

/** Parameter values as the API wants them: strings, leaving out fields left empty. */
function values(container) {
  const result = {};
  for (const control of container.querySelectorAll('[data-parameter]')) {
    const name = control.dataset.parameter;
    if (control.type === 'checkbox') {
      result[name] = control.checked ? 'true' : 'false';
    } else if (control.value !== '') {
      result[name] = control.value;
    }
  }
  return result;
}
