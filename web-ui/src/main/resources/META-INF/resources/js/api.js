// The REST client: every call goes to /api/v1 with the signed-in token, if any. Errors become
// ApiError carrying the RFC 7807 problem document so views can show the server's own words.
const TOKEN_KEY = 'hangar.token';

/** A non-2xx answer; `problem` is the parsed application/problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

function describe(status, problem) {
  if (problem && (problem.detail || problem.title)) {
    return problem.detail || problem.title;
  }
  return 'the server answered ' + status;
}

// sessionStorage, not localStorage: the token dies with the tab, which is what a pasted secret wants.
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * Calls the API and returns the parsed JSON body (null for 204). `body` is sent as JSON.
 * Throws ApiError for any non-2xx status.
 */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = authorized({ Accept: 'application/json' });
  const init = { method, headers, signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch('/api/v1' + path, init);
  await ensureOk(response);
  if (response.status === 204) {
    return null;
  }
  return response.json();
}

/** GETs a text/plain resource (a console log) and returns its text. Throws ApiError for non-2xx. */
export async function apiText(path, { signal } = {}) {
  const response = await fetch('/api/v1' + path, { headers: authorized({ Accept: 'text/plain' }), signal });
  await ensureOk(response);
  return response.text();
}

/**
 * Follows a server-sent event stream of the API, calling onData with each event's JSON data,
 * until the server ends the stream. fetch, not EventSource: EventSource cannot send the token.
 */
export async function events(path, onData, { signal } = {}) {
  const response = await fetch('/api/v1' + path, {
    headers: authorized({ Accept: 'text/event-stream' }), signal,
  });
  await ensureOk(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer = (buffer + value).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (data) {
        onData(JSON.parse(data));
      }
    }
  }
}

function authorized(headers) {
  const t = token();
  if (t) {
    headers.Authorization = 'Bearer ' + t;
  }
  return headers;
}

async function ensureOk(response) {
  if (response.ok) {
    return;
  }
  let problem = null;
  try {
    problem = await response.json();
  } catch (e) {
    // Not every failure (a proxy, a crash) carries a problem document.
  }
  throw new ApiError(response.status, problem);
}

/** Path segment escaping for ids and version strings. */
export function seg(value) {
  return encodeURIComponent(String(value));
}
