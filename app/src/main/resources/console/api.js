// Calls to CallRobot's JSON API from the console: same-origin cookies, the CSRF token on every
// request that changes something, and one place that notices when the session has ended.

/** An API answer that was not a success: status, message and the field it names, if any. */
export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

const CSRF_COOKIE = 'callrobot_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

function csrfToken() {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(CSRF_COOKIE + '='));
  return entry ? decodeURIComponent(entry.slice(CSRF_COOKIE.length + 1)) : '';
}

/**
 * api('/api/campaigns') → parsed JSON; api(path, { method: 'POST', json: {...} }) sends JSON;
 * { body: FormData|Blob|string, type } sends anything else; { raw: true } returns the Response.
 */
export async function api(path, { method = 'GET', json, body, type, raw = false, signal } = {}) {
  const headers = {};
  if (json !== undefined) {
    body = JSON.stringify(json);
    type = 'application/json';
  }
  if (type) headers['Content-Type'] = type;
  if (method !== 'GET' && method !== 'HEAD') headers[CSRF_HEADER] = csrfToken();
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin', signal });
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent('callrobot:login-required'));
  }
  if (!response.ok) {
    let message = response.statusText;
    let field;
    try {
      const problem = await response.json();
      message = problem.error ?? message;
      field = problem.field;
    } catch {
      // not a JSON error body: the status text says enough
    }
    throw new ApiError(response.status, message, field);
  }
  if (raw) return response;
  const contentType = response.headers.get('Content-Type') ?? '';
  return contentType.includes('json') ? response.json() : response.text();
}

/**
 * Listens to a server-sent event stream: handlers maps event names to functions of the parsed
 * JSON data. The browser reconnects by itself; returns a function that closes the stream.
 */
export function events(path, handlers, onState = () => {}) {
  const source = new EventSource(path, { withCredentials: true });
  source.onopen = () => onState('open');
  source.onerror = () => onState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  for (const [name, handler] of Object.entries(handlers)) {
    source.addEventListener(name, (event) => handler(JSON.parse(event.data), event));
  }
  return () => source.close();
}
