// Calls to this origin: the order service's API (/v1), its metrics, and the callback server through /ui/receiver.
// Every error is a problem+json document; a 401 ADMIN_TOKEN_REQUIRED asks for the token once and retries.
const TOKEN_KEY = 'qwire.adminToken';

export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
  get code() { return this.body.code; }
}

let pendingToken = null;

function askToken(reason) {
  if (pendingToken) return pendingToken;
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-reason').textContent = reason || 'This instance guards its admin API (QWIRE_ADMIN_TOKEN).';
  input.value = '';
  pendingToken = new Promise(resolve => {
    dialog.addEventListener('close', () => {
      const token = dialog.returnValue === 'ok' ? input.value.trim() : '';
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      pendingToken = null;
      resolve(token);
    }, { once: true });
  });
  dialog.showModal();
  input.focus();
  return pendingToken;
}

export async function call(path, { method = 'GET', body, type = 'application/json', text = false } = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: text ? 'text/plain' : 'application/json, application/problem+json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    let payload;
    if (body !== undefined) {
      headers['Content-Type'] = type;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
    if (response.ok) {
      if (response.status === 204) return null;
      return text ? response.text() : response.json();
    }
    const problem = await response.json().catch(() => ({ title: response.statusText }));
    if (response.status === 401 && problem.code === 'ADMIN_TOKEN_REQUIRED' && attempt === 0) {
      if (token) sessionStorage.removeItem(TOKEN_KEY);
      if (await askToken(problem.detail)) continue;
    }
    throw new Problem(response.status, problem);
  }
}

export const api = (path, options) => call('/v1' + path, options);

/** One manual attempt of a delivered or dead-lettered event. */
export const redeliver = eventId => api(`/admin/callbacks/${eventId}/redeliver`, { method: 'POST' });

export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, value);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
