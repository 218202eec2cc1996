// Who is signed in: the token lives in sessionStorage (api.js); this module keeps the matching
// /api/v1/me answer so views can decide what to offer.
import { api, ApiError, clearToken, setToken, token } from './api.js';

let me = null;

/** The /me document of the signed-in caller, or null when browsing anonymously. */
export function currentUser() {
  return me;
}

/** True if the signed-in caller has `role` (roles include the ones they imply, e.g. admin). */
export function hasRole(role) {
  return me !== null && me.roles.includes(role);
}

/** Loads /me for the stored token; a token the server no longer accepts is forgotten. */
export async function restore() {
  me = null;
  if (!token()) {
    return null;
  }
  try {
    me = await api('/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      clearToken();
      return null;
    }
    throw e;
  }
  return me;
}

/** Signs in with a pasted token; throws ApiError (401) and keeps nothing if it is not accepted. */
export async function signIn(value) {
  setToken(value.trim());
  try {
    me = await api('/me');
  } catch (e) {
    clearToken();
    me = null;
    throw e;
  }
  return me;
}

export function signOut() {
  clearToken();
  me = null;
}
