// Calls to Lever's API with the viewer key of this browser tab.
//
// The key lives in sessionStorage: it survives reloads of the tab and is gone when the tab closes. A wall screen
// may be given it once in the URL fragment (/dashboard#key=...): fragments are never sent to a server, and the
// fragment is removed from the address bar as soon as it is read. The key is sent only as
// "Authorization: Bearer", never in a query string.

const STORAGE = 'lever.apiKey';

/** Moves a key given as #key=... into this tab's storage and strips it from the URL. */
export function takeKeyFromFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const key = fragment.get('key');
  if (key === null) {
    return;
  }
  if (key.trim() !== '') {
    sessionStorage.setItem(STORAGE, key.trim());
  }
  history.replaceState(history.state, '', location.pathname + location.search);
}

export function setKey(key) {
  sessionStorage.setItem(STORAGE, key.trim());
}

export function clearKey() {
  sessionStorage.removeItem(STORAGE);
}

export function hasKey() {
  return sessionStorage.getItem(STORAGE) !== null;
}

/** The API refused the call for want of a (suitable) key: 401, or 403 for a key whose role may not read. */
export class SignInNeeded extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** Any other error answer, with the problem's detail. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** GETs a JSON resource of the API. */
export async function getJson(path) {
  const headers = { Accept: 'application/json' };
  const key = sessionStorage.getItem(STORAGE);
  if (key !== null) {
    headers.Authorization = 'Bearer ' + key;
  }
  const response = await fetch(path, { headers, cache: 'no-store' });
  if (response.ok) {
    return response.json();
  }
  let detail = response.statusText;
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || detail;
  } catch (e) {
    // Not a problem body: keep the status text.
  }
  if (response.status === 401 || response.status === 403) {
    throw new SignInNeeded(response.status, detail);
  }
  throw new ApiError(response.status, detail);
}
