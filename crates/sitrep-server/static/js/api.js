// Calls to the JSON API; errors come back as {"error": "..."} and are thrown as Error.

export const FILTER_KEYS = ['q', 'actor', 'type', 'status', 'place', 'issue', 'from', 'to'];

export async function get(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  const url = qs.toString() ? `${path}?${qs}` : path;
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    throw new Error((body && body.error) || `${res.status} ${res.statusText}`);
  }
  return body;
}

/** The shared filters present in a params object. */
export function filtersOf(params) {
  const f = {};
  for (const k of FILTER_KEYS) if (params[k]) f[k] = params[k];
  return f;
}
