// Browse: the catalog through GET /api/v1/search (words, filters, sort, cursor pages). The filter
// choices come from the facets of an unfiltered search, so every value the caller may see is offered.
import { api } from '../api.js';
import { badge, h, heading, logo, replace } from '../dom.js';
import { lazyTrustBadge } from '../trust.js';

const SORTS = { name: 'Name (A–Z)', newest: 'Newest first' };
const FILTERS = { category: 'Category', publisher: 'Publisher', arch: 'Architecture', hypervisor: 'Hypervisor' };
// Checkboxes sent as name=true when ticked: signed = the latest version has a signature, trusted =
// the site's trust policy judges the latest version compliant.
const FLAGS = { signed: 'Signed only', trusted: 'Trusted by this site' };
const PAGE = 24;
const TYPING_PAUSE_MS = 250;

export async function render(main, { query, signal }) {
  const all = await api('/search?limit=1&facets=true', { signal });
  const state = {
    q: query.get('q') || '',
    sort: SORTS[query.get('sort')] ? query.get('sort') : 'name',
  };
  for (const key of Object.keys(FILTERS)) {
    state[key] = query.get(key) || '';
  }
  for (const key of Object.keys(FLAGS)) {
    state[key] = query.get(key) === 'true' ? 'true' : '';
  }

  const search = h('input', {
    type: 'search', id: 'catalog-search', name: 'q', value: state.q,
    placeholder: 'name, summary, description or tag', autocomplete: 'off',
  });
  const selects = {};
  for (const [key, label] of Object.entries(FILTERS)) {
    const values = Object.keys((all.facets && all.facets[key]) || {});
    if (state[key] && !values.includes(state[key])) {
      values.push(state[key]); // keep a value from the address even if nothing matches it now
    }
    selects[key] = select(key, label, values.sort());
    selects[key].control.value = state[key];
  }
  const flags = {};
  for (const [key, label] of Object.entries(FLAGS)) {
    flags[key] = checkbox(key, label);
    flags[key].control.checked = state[key] === 'true';
  }
  const sort = h('select', { id: 'catalog-sort', name: 'sort' },
    Object.entries(SORTS).map(([value, label]) => h('option', { value }, label)));
  sort.value = state.sort;

  const count = h('p', { id: 'catalog-count', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { id: 'catalog', class: 'cards', 'aria-labelledby': 'page-title' });
  const more = h('button', { type: 'button', id: 'catalog-more', hidden: true }, 'Show more');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Search the catalog',
    onsubmit: (e) => e.preventDefault() },
  h('div', { class: 'field field-wide' }, h('label', { for: 'catalog-search' }, 'Search'), search),
  Object.values(selects).map((s) => s.field),
  Object.values(flags).map((f) => f.field),
  h('div', { class: 'field' }, h('label', { for: 'catalog-sort' }, 'Sort by'), sort));

  let shownFor = null;
  let cursor = null;
  let shown = 0;
  let pending = null; // the request in flight; a newer search aborts it so results never interleave

  async function fetchPage(append) {
    if (pending) {
      pending.abort();
    }
    const controller = new AbortController();
    pending = controller;
    signal.addEventListener('abort', () => controller.abort(), { once: true });
    const params = new URLSearchParams({ limit: PAGE, facets: 'false', sort: state.sort });
    for (const key of ['q', ...Object.keys(FILTERS), ...Object.keys(FLAGS)]) {
      if (state[key].trim()) {
        params.set(key, state[key].trim());
      }
    }
    if (append && cursor) {
      params.set('cursor', cursor);
    }
    let page;
    try {
      page = await api('/search?' + params, { signal: controller.signal });
    } catch (e) {
      if (controller.signal.aborted) {
        return;
      }
      count.textContent = 'Search failed: ' + e.message;
      return;
    }
    pending = null;
    const cards = page.items.map((a) => card(a, signal));
    if (append) {
      list.append(...cards);
      if (cards.length) {
        cards[0].querySelector('a').focus(); // continue reading where the new results start
      }
    } else {
      replace(list, cards);
    }
    shown = (append ? shown : 0) + page.items.length;
    cursor = page.nextCursor;
    more.hidden = !cursor;
    count.textContent = shown === 0
      ? 'No appliance matches.'
      : (cursor ? 'Showing the first ' : '') + shown + ' appliance' + (shown === 1 ? '' : 's')
        + (filtered() ? ' match' + (shown === 1 ? 'es' : '') : '');
  }

  function filtered() {
    return state.q.trim() !== ''
      || [...Object.keys(FILTERS), ...Object.keys(FLAGS)].some((k) => state[k] !== '');
  }

  let typing = null;
  function update(event) {
    state.q = search.value;
    for (const [key, s] of Object.entries(selects)) {
      state[key] = s.control.value;
    }
    for (const [key, f] of Object.entries(flags)) {
      state[key] = f.control.checked ? 'true' : '';
    }
    state.sort = sort.value;
    // A text box fires "change" on blur; re-rendering then would replace the link being clicked.
    const key = JSON.stringify(state);
    if (key === shownFor) {
      return;
    }
    shownFor = key;
    remember(state);
    clearTimeout(typing);
    if (event && event.target === search) {
      typing = setTimeout(() => fetchPage(false), TYPING_PAUSE_MS);
    } else {
      fetchPage(false);
    }
  }
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  more.addEventListener('click', () => fetchPage(true));

  replace(main,
    heading('Catalog'),
    h('p', { class: 'lead' }, 'Signed, partitioned virtual appliances, ready to deploy.'),
    form, count, list, h('p', null, more));
  update();
}

function select(name, label, values) {
  const id = 'filter-' + name;
  const control = h('select', { id, name },
    h('option', { value: '' }, 'Any'),
    values.map((v) => h('option', { value: v }, v)));
  return { control, field: h('div', { class: 'field' }, h('label', { for: id }, label), control) };
}

function checkbox(name, label) {
  const id = 'filter-' + name;
  const control = h('input', { type: 'checkbox', id, name, value: 'true' });
  return { control, field: h('div', { class: 'field field-check' }, control, h('label', { for: id }, label)) };
}

function card(a, signal) {
  const href = '#/appliances/' + encodeURIComponent(a.id);
  return h('li', { 'data-appliance-id': a.id },
    h('article', { class: 'card' },
      logo(a, 40),
      h('h2', null, h('a', { href }, a.name)),
      h('p', { class: 'card-publisher' }, 'by ' + a.publisher),
      h('p', null, a.summary),
      h('p', { class: 'card-meta' },
        badge(a.visibility, 'visibility'),
        a.latestVersion ? lazyTrustBadge(a.id, a.latestVersion, signal) : null,
        h('span', null, a.latestVersion ? 'latest ' + a.latestVersion : 'no published version')),
      (a.tags || []).length
        ? h('ul', { class: 'tags', 'aria-label': 'Tags' }, a.tags.map((t) => h('li', null, t)))
        : null));
}

// Keeps the search in the address so back/forward and reloads restore it, without a hashchange
// (which would re-render the page and take the focus out of the search box).
function remember(state) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value && !(key === 'sort' && value === 'name')) {
      params.set(key, value);
    }
  }
  const q = params.toString();
  history.replaceState(null, '', '#/' + (q ? '?' + q : ''));
}
