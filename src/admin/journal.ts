// The request journal: what clients sent to the SnapEngage routes, per partner, secrets redacted, bounded in memory.
import { REDACTED, redactValue } from '../http/redact.js';

export interface JournalEntry {
  /** Increases by one per recorded request, across partners; `after=<id>` lists what came later. */
  id: number;
  requestId: string;
  /** The mock's clock (virtual or real) when the request arrived, ISO 8601. */
  at: string;
  method: string;
  path: string;
  /** Query parameters as sent, `api_key` and other secrets redacted. */
  query: Record<string, unknown>;
  headers: Record<string, string>;
  /** The parsed JSON body with passwords and tokens redacted; null when there was none. */
  body: unknown;
  status: number;
  durationMs: number;
  /** Set when an injected fault answered (or delayed) the request. */
  fault: { source: 'rule' | 'header'; ruleId?: string; kind: string } | null;
}

export type NewJournalEntry = Omit<JournalEntry, 'id'>;

export interface JournalFilter {
  method?: string;
  /** Exact path, or a prefix ending in `*`. */
  path?: string;
  status?: number;
  /** Epoch ms: entries at or after this time. */
  since?: number;
  /** Entries with an id greater than this. */
  after?: number;
  /** The most recent N of the matches. */
  limit?: number;
}

/** Headers worth keeping for an assertion; the rest (host, connection, …) is noise. */
const KEPT_HEADERS = new Set(['content-type', 'content-length', 'user-agent', 'accept', 'x-request-id', 'authorization', 'x-api-key', 'cookie']);
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'proxy-authorization']);
/** Bodies larger than this are described, not copied: the journal must stay small. */
export const MAX_JOURNALED_BODY_BYTES = 64 * 1024;
/** With `*` any key is a partner; this bounds how many journals are kept (least recently written dropped). */
export const MAX_JOURNALED_PARTNERS = 1000;

export function journalHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !KEPT_HEADERS.has(name)) continue;
    out[name] = SECRET_HEADERS.has(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function journalBody(body: unknown, contentLength: number): unknown {
  if (body === undefined || body === null) return null;
  if (contentLength > MAX_JOURNALED_BODY_BYTES) return `[body of ${contentLength} bytes not journaled]`;
  return redactValue(body);
}

/** `*` at the end of a pattern matches any rest; anything else must match exactly. */
export function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

export class Journal {
  readonly #byPartner = new Map<string, JournalEntry[]>();
  #nextId = 1;

  /** `limit` entries per partner; 0 turns the journal off. */
  constructor(readonly limit: number) {}

  record(partner: string, entry: NewJournalEntry): void {
    if (this.limit === 0) return;
    const entries = this.#byPartner.get(partner) ?? [];
    // Re-inserting keeps the Map in least-recently-written order, which is what the partner bound drops by.
    this.#byPartner.delete(partner);
    this.#byPartner.set(partner, entries);
    entries.push({ id: this.#nextId++, ...entry });
    if (entries.length > this.limit) entries.splice(0, entries.length - this.limit);
    if (this.#byPartner.size > MAX_JOURNALED_PARTNERS) this.#byPartner.delete(this.#byPartner.keys().next().value!);
  }

  /** Oldest first. */
  list(partner: string, filter: JournalFilter = {}): JournalEntry[] {
    const method = filter.method?.toUpperCase();
    const found = (this.#byPartner.get(partner) ?? []).filter(
      (e) =>
        (method === undefined || e.method === method) &&
        (filter.path === undefined || pathMatches(filter.path, e.path)) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.since === undefined || Date.parse(e.at) >= filter.since) &&
        (filter.after === undefined || e.id > filter.after),
    );
    return filter.limit === undefined ? found : found.slice(-filter.limit);
  }

  /** Clears one partner's entries, or every partner's; returns how many were dropped. */
  clear(partner?: string): number {
    if (partner !== undefined) {
      const n = this.#byPartner.get(partner)?.length ?? 0;
      this.#byPartner.delete(partner);
      return n;
    }
    let n = 0;
    for (const entries of this.#byPartner.values()) n += entries.length;
    this.#byPartner.clear();
    return n;
  }
}

/** The routes the journal and the faults apply to: SnapEngage's own, not the mock's control surface. */
export const SNAPENGAGE_PREFIX = '/api/v1/';
export const isSnapEngagePath = (path: string): boolean => path.startsWith(SNAPENGAGE_PREFIX);
