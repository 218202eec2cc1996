// Sign-in by API token: the token is checked with /api/v1/me and kept in sessionStorage only.
import { ApiError } from '../api.js';
import { errorBox, h, heading, replace } from '../dom.js';
import { currentUser, signIn } from '../session.js';

export async function render(main, { query, refreshSession }) {
  const next = query.get('next') || '/';
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': 'token-hint',
  });
  const feedback = h('div', { id: 'signin-feedback' });
  const form = h('form', { class: 'signin-form' },
    h('div', { class: 'field field-wide' },
      h('label', { for: 'token' }, 'API token'), input,
      h('p', { id: 'token-hint', class: 'hint' },
        'Paste a token issued by an administrator (it starts with hgr_). It is kept in this tab only ',
        'and forgotten when the tab closes.')),
    feedback,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'signin-submit' }, 'Sign in')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!input.value.trim()) {
      replace(feedback, h('div', { class: 'error', role: 'alert' }, h('p', null, 'Paste a token first.')));
      input.focus();
      return;
    }
    try {
      await signIn(input.value);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      const message = e.status === 401 ? new Error('The server does not accept this token.') : e;
      replace(feedback, errorBox(message));
      input.focus();
      return;
    }
    refreshSession();
    window.location.hash = '#' + (next.startsWith('/') ? next : '/');
  });

  const me = currentUser();
  replace(main, heading('Sign in'),
    me ? h('p', null, 'You are signed in as ' + me.name + '; a new token replaces that.') : null,
    h('p', null, 'Browsing public appliances needs no sign-in. Deploying, publishing and administration do.'),
    form);
}
