// The mock's HTTP APIs as the page calls them: the api_key (kept for the browser session, shown only as a fingerprint)
// goes in the query as the APIs expect; the admin token, when the mock asks for one, in its own header.

const KEY_ITEM = 'snapengage-mock.api_key';
const ADMIN_ITEM = 'snapengage-mock.admin_token';

export const session = {
  get key(): string | null {
    return sessionStorage.getItem(KEY_ITEM);
  },
  set key(value: string | null) {
    if (value === null) sessionStorage.removeItem(KEY_ITEM);
    else sessionStorage.setItem(KEY_ITEM, value);
  },
  get adminToken(): string | null {
    return sessionStorage.getItem(ADMIN_ITEM);
  },
  set adminToken(value: string | null) {
    if (value === null) sessionStorage.removeItem(ADMIN_ITEM);
    else sessionStorage.setItem(ADMIN_ITEM, value);
  },
};

/** A short, stable fingerprint of a secret (FNV-1a, 32 bits): enough to tell two keys apart, useless to recover one. */
export function fingerprint(secret: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < secret.length; i++) {
    hash ^= secret.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Leave the api_key out (a call on every key, which takes the admin token when one is configured). */
  noKey?: boolean;
}

/** Asks for the admin token when the mock says it needs one; set by the page. */
export let askAdminToken: (message: string) => Promise<string | null> = async () => null;
export const setAdminTokenPrompt = (prompt: typeof askAdminToken) => {
  askAdminToken = prompt;
};

export function url(path: string, options: CallOptions = {}): string {
  const params = new URLSearchParams();
  if (!options.noKey && session.key) params.set('api_key', session.key);
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== '') params.set(name, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function raw(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  for (;;) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (session.adminToken) headers['x-mock-admin-token'] = session.adminToken;
    const res = await fetch(url(path, options), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    if (res.ok) return res;
    const envelope = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const code = envelope?.error?.code ?? `http_${res.status}`;
    const message = envelope?.error?.message ?? `${method} ${path} answered ${res.status}`;
    if (code === 'admin_token_required' || code === 'invalid_admin_token') {
      const token = await askAdminToken(message);
      if (token) {
        session.adminToken = token;
        continue;
      }
    }
    throw new ApiError(res.status, code, message);
  }
}

export async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const res = await raw(method, path, options);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T = any>(path: string, query?: CallOptions['query']) => call<T>('GET', path, { query });
