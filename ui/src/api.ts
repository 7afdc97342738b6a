// The mock's HTTP APIs as the page calls them: the api_key (kept for the browser session, shown only as a fingerprint)
// goes in the query as the APIs expect; the admin token, when the mock asks for one, in its own header. Every call names
// its route from routes.ts, which types what it sends and what it gets back from the server's own schemas.
import type { ErrorEnvelope } from '../../src/core/errors.js';
import type { Route, Routes } from './routes.js';

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

type Query = Record<string, string | number | undefined>;

/** The `:name` segments of a route's path. */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** What a call on `R` takes: its path parameters and its body when it has them (then they are required), a query. */
export type CallOptions<R extends Route> = {
  query?: Query;
  /** Leave the api_key out (a call on every key, which takes the admin token when one is configured). */
  noKey?: boolean;
} & ([ParamNames<R>] extends [never] ? { params?: never } : { params: Record<ParamNames<R>, string | number> }) &
  (Routes[R] extends { body: infer B } ? { body: B } : { body?: never });

/** The options argument, optional only where nothing in it is required. */
type OptionsArg<R extends Route> = {} extends CallOptions<R> ? [options?: CallOptions<R>] : [options: CallOptions<R>];

/** Asks for the admin token when the mock says it needs one; set by the page. */
export let askAdminToken: (message: string) => Promise<string | null> = async () => null;
export const setAdminTokenPrompt = (prompt: typeof askAdminToken) => {
  askAdminToken = prompt;
};

/** Every route's options as the functions below read them; callers are held to CallOptions<R>. */
interface LooseOptions {
  query?: Query;
  noKey?: boolean;
  params?: Record<string, string | number>;
  body?: unknown;
}

/** A route's method, and its path with the parameters filled in (encoded). */
function target(route: Route, params: LooseOptions['params'] = {}): [method: string, path: string] {
  const space = route.indexOf(' ');
  return [route.slice(0, space), route.slice(space + 1).replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(String(params[name])))];
}

/** The path and query of a call: the session's api_key (unless noKey) and the query's non-empty values. */
function urlOf(path: string, options: LooseOptions): string {
  const query = new URLSearchParams();
  if (!options.noKey && session.key) query.set('api_key', session.key);
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== '') query.set(name, String(value));
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The answer as it came (a 2xx), for a body read otherwise than as JSON; an error answer is thrown as an ApiError. */
export async function raw<R extends Route>(route: R, ...args: OptionsArg<R>): Promise<Response> {
  const options: LooseOptions = args[0] ?? {};
  const [method, path] = target(route, options.params);
  for (;;) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (session.adminToken) headers['x-mock-admin-token'] = session.adminToken;
    const res = await fetch(urlOf(path, options), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    if (res.ok) return res;
    const envelope = (await res.json().catch(() => null)) as Partial<ErrorEnvelope> | null;
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

/** Calls a route and reads its JSON answer, typed by the route's response schema on the server. */
export async function call<R extends Route>(route: R, ...options: OptionsArg<R>): Promise<Routes[R]['response']> {
  const res = await raw(route, ...options);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as Routes[R]['response'];
}
