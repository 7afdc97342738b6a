// api_key handling: which keys the mock accepts, and the partner (tenant) each key stands for.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unauthorized } from './errors.js';

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

  /** The partner for a key, or the 401 a client should see. */
  authenticate(apiKey: unknown): string {
    if (typeof apiKey !== 'string' || apiKey === '') {
      throw unauthorized('missing_api_key', 'api_key is required: add ?api_key=<your key> to the URL');
    }
    const partner = partnerOf(apiKey);
    if (!this.#anyKey && !this.#accepted.has(partner)) {
      throw unauthorized('invalid_api_key', 'the api_key is not valid');
    }
    return partner;
  }
}

/**
 * onRequest hook for the routes keyed by `?api_key=`: sets `request.partner`, or answers 401 before the body is read.
 * Register it with `app.addHook('onRequest', requirePartner)` in the plugin whose routes need it.
 */
export async function requirePartner(this: FastifyInstance, request: FastifyRequest): Promise<void> {
  request.partner = this.ctx.partners.authenticate((request.query as Record<string, unknown>).api_key);
}
