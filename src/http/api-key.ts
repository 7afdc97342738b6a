// The one api_key story: which keys the mock accepts, the partner (tenant) each stands for, and the hooks every keyed route uses.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { unauthorized } from '../core/errors.js';
import { assertAdmin } from './admin-token.js';

/**
 * The partner id stored beside each record: a fingerprint of the api_key, so the database,
 * the logs and the journal never hold the key itself.
 */
export function partnerOf(apiKey: string): string {
  let partner = fingerprints.get(apiKey);
  if (partner === undefined) {
    partner = createHash('sha256').update(apiKey).digest('hex').slice(0, 24);
    // Bounded, so a stream of random keys cannot grow it without limit.
    if (fingerprints.size >= MAX_CACHED_KEYS) fingerprints.clear();
    fingerprints.set(apiKey, partner);
  }
  return partner;
}

/** Every request hashes its key; a suite uses a handful of keys, so remembering them saves a SHA-256 per request. */
const fingerprints = new Map<string, string>();
const MAX_CACHED_KEYS = 1024;

export class Partners {
  readonly #accepted: Set<string>;
  readonly #anyKey: boolean;

  /** `keys` from SNAPENGAGE_API_KEYS; `*` accepts any non-empty key (handy for parallel CI jobs). */
  constructor(keys: readonly string[]) {
    this.#anyKey = keys.includes('*');
    this.#accepted = new Set(keys.filter((k) => k !== '*').map(partnerOf));
  }

  /** The partner for a key, or the 401 a client should see; `missing` says where the key belongs. */
  authenticate(apiKey: unknown, missing = 'api_key is required: add ?api_key=<your key> to the URL'): string {
    if (typeof apiKey !== 'string' || apiKey === '') throw unauthorized('missing_api_key', missing);
    const partner = this.accepted(apiKey);
    if (partner === undefined) throw unauthorized('invalid_api_key', 'the api_key is not valid');
    return partner;
  }

  /** The partner for a key the mock accepts; undefined for a missing or rejected one. */
  accepted(apiKey: unknown): string | undefined {
    if (typeof apiKey !== 'string' || apiKey === '') return undefined;
    const partner = partnerOf(apiKey);
    return this.#anyKey || this.#accepted.has(partner) ? partner : undefined;
  }
}

const queryKey = (request: FastifyRequest): unknown => (request.query as Record<string, unknown> | undefined)?.api_key;

/**
 * Hooks that set `request.partner` from `?api_key=` before the body is read, or answer 401. Register one with
 * `app.addHook('onRequest', requireApiKey)` in a plugin, or as a route's `onRequest`. Callback style, not async:
 * every keyed request runs it, and a promise per hook is measurable on the GET path.
 */
export function requireApiKey(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  try {
    request.partner = request.server.ctx.partners.authenticate(queryKey(request));
  } catch (err) {
    return done(err as Error);
  }
  done();
}

/**
 * The Visitor Chat API's key: the same API key, in the `x-api-key` header (SnapEngage's pages call both "your API
 * key"). Sets `request.partner`, or answers 401.
 */
export function requireHeaderApiKey(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  try {
    request.partner = request.server.ctx.partners.authenticate(request.headers['x-api-key'], 'the x-api-key header is required: send your API key in it');
  } catch (err) {
    return done(err as Error);
  }
  done();
}

/** For routes where the key narrows the scope: no key leaves `request.partner` empty; a key must still be accepted. */
export async function optionalApiKey(request: FastifyRequest): Promise<void> {
  const apiKey = queryKey(request);
  if (apiKey !== undefined) request.partner = request.server.ctx.partners.authenticate(apiKey);
}

/**
 * For control routes that act on one key's things with `?api_key=`, and on every key's without it: the latter is
 * a global action, which MOCK_ADMIN_TOKEN (when set) guards. `what` names the action in the 401/403.
 */
export const keyOrAdmin = (what: string) =>
  async function keyOrAdminHook(request: FastifyRequest): Promise<void> {
    await optionalApiKey(request);
    if (request.partner === '') assertAdmin(request, what);
  };

/** The partner a keyed call is scoped to; undefined when it named no key. */
export const scopeOf = (request: FastifyRequest): string | undefined => request.partner || undefined;

/** keyOrAdmin for a route that names its key in the body (`POST /_mock/faults`): a preHandler, once the body is parsed. */
export const bodyKeyOrAdmin = (what: string) =>
  async function bodyKeyOrAdminHook(request: FastifyRequest): Promise<void> {
    const apiKey = (request.body as { api_key?: unknown } | undefined)?.api_key;
    if (apiKey !== undefined) request.partner = request.server.ctx.partners.authenticate(apiKey);
    else assertAdmin(request, what);
  };
