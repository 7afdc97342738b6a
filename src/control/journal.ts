// The request journal: what clients sent to the SnapEngage routes and what the mock answered, per partner, secrets
// redacted, bounded in memory.
import { isoOf } from '../core/clock.js';
import { REDACTED, isSecretHeader, isSecretName, mayHoldSecret, redactValue } from '../http/redact.js';
import type { JournalEntry } from './schemas.js';

/** What the journal keeps of an answer, taken as it is sent (journal-plugin.ts): headers redacted, the body as JSON. */
export interface JournaledResponse {
  headers: Record<string, string>;
  bodyJson: string;
}

/**
 * What the journal plugin hands over: the bodies already redacted, capped and serialized, the query as sent (redacted
 * here), the arrival time in epoch ms, and the answer (null when none was sent: the connection dropped).
 */
export type NewJournalEntry = Omit<JournalEntry, 'id' | 'body' | 'at' | 'response'> & {
  at: number;
  bodyJson: string;
  response: JournaledResponse | null;
};

export interface JournalLimits {
  /** Entries kept per partner (JOURNAL_LIMIT); 0 turns the journal off. */
  perPartner: number;
  /** UTF-8 bytes of every kept entry's JSON together (JOURNAL_MAX_BYTES); oldest dropped first. */
  maxBytes: number;
}

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
/** With `*` any key is a partner; this bounds how many journals are kept (least recently written dropped). */
export const MAX_JOURNALED_PARTNERS = 1000;

export function journalHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  // for-in rather than Object.entries: no pair arrays for every header of every request (the journal's hot path).
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || !KEPT_HEADERS.has(name)) continue;
    out[name] = isSecretHeader(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Every header the answer carries (the mock sets few), credentials redacted; Content-Length as it will be sent. */
function responseHeaders(headers: Record<string, number | string | string[] | undefined>, bytes: number | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = isSecretHeader(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : String(value);
  }
  if (bytes !== undefined && out['content-length'] === undefined) out['content-length'] = String(bytes);
  return out;
}

const TEXT_TYPE = /^\s*(?:text\/|application\/(?:[\w.-]+\+)?(?:json|xml)\b)/i;
const JSON_TYPE = /^\s*application\/(?:[\w.-]+\+)?json\b/i;

/**
 * An answer's body as the journal keeps it, like a request's: JSON as JSON (secret-named fields redacted), other text as
 * a string, capped at `maxBytes`; a binary body (a file download) or a stream is described, not copied. The JSON the
 * mock serialized is kept as its own text when no key in it can be a secret's, so most answers cost one parse.
 */
function responseBodyJson(payload: unknown, contentType: string, maxBytes: number): string {
  if (payload === null || payload === undefined) return 'null';
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return JSON.stringify('[a streamed body, not journaled]');
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (bytes === 0) return 'null';
  if (bytes > maxBytes) return JSON.stringify(`[body of ${bytes} bytes not journaled]`);
  if (!TEXT_TYPE.test(contentType)) return JSON.stringify(`[${bytes} bytes of ${contentType || 'no content type'} not journaled]`);
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  if (!JSON_TYPE.test(contentType)) return journalBodyJson(text, bytes, maxBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return journalBodyJson(text, bytes, maxBytes); // labelled JSON but not JSON (a fault rule's own body): kept as text
  }
  return mayHoldSecret(text) ? journalBodyJson(parsed, bytes, maxBytes) : text;
}

/** The answer as the journal keeps it, from what onSend sees: the headers set so far and the payload about to go. */
export function journalResponse(headers: Record<string, number | string | string[] | undefined>, payload: unknown, maxBodyBytes: number): JournaledResponse {
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : Buffer.isBuffer(payload) ? payload.length : undefined;
  const contentType = headers['content-type'];
  return {
    headers: responseHeaders(headers, bytes),
    bodyJson: responseBodyJson(payload, typeof contentType === 'string' ? contentType : '', maxBodyBytes),
  };
}

/**
 * The query with secret values redacted, as redactValue would copy it; the query itself when it holds no secret. Every
 * keyed call holds one (its api_key), so the copy is shallow: only a nested value (a repeated key's array) is walked.
 */
function redactedQuery(query: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const name in query) {
    const value = query[name];
    const secret = isSecretName(name);
    if (!secret && (value === null || typeof value !== 'object')) {
      if (out) out[name] = value;
      continue;
    }
    if (!out) {
      out = {};
      for (const before in query) {
        if (before === name) break;
        out[before] = query[before];
      }
    }
    out[name] = secret ? REDACTED : redactValue(value, 1);
  }
  return out ?? query;
}

/** The last instant turned into ISO 8601: requests arriving within one millisecond (or one virtual instant) share it. */
let lastIso = { ms: Number.NaN, iso: '' };
function isoCached(ms: number): string {
  if (ms !== lastIso.ms) lastIso = { ms, iso: isoOf(ms) };
  return lastIso.iso;
}

/**
 * The body as the journal keeps it: redacted JSON, or a string giving its size when it is larger than `maxBytes`.
 * Measured on what would be kept, so a chunked body (no Content-Length) is capped like any other.
 */
export function journalBodyJson(body: unknown, contentLength: number, maxBytes: number): string {
  if (body === undefined || body === null) return 'null';
  if (contentLength > maxBytes) return JSON.stringify(`[body of ${contentLength} bytes not journaled]`);
  const json = JSON.stringify(redactValue(body));
  const size = Buffer.byteLength(json);
  return size > maxBytes ? JSON.stringify(`[body of ${contentLength || size} bytes not journaled]`) : json;
}

/** The entry's `response` as JSON: its status beside what onSend captured; null when nothing was sent. */
const responseJson = ({ status, response }: NewJournalEntry): string =>
  response === null ? 'null' : `{"status":${status},"headers":${JSON.stringify(response.headers)},"body":${response.bodyJson}}`;

/** `*` at the end of a pattern matches any rest; anything else must match exactly. */
export function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/** One entry as held in memory: the fields the filters read, and the rest as the JSON a listing returns. */
interface KeptEntry {
  id: number;
  at: number;
  method: string;
  path: string;
  status: number;
  /** The entry as UTF-8 JSON. */
  json: Buffer;
}

/**
 * Entries are kept as UTF-8 JSON in Buffers rather than as objects: a parsed body of many tiny values can cost ten
 * times its JSON size on the heap, and large strings dropped and kept in turn fragment it (RSS three times the live
 * bytes was measured); a Buffer costs its length, outside the heap, so the byte budget bounds the memory.
 */
export class Journal {
  readonly #byPartner = new Map<string, KeptEntry[]>();
  #nextId = 1;
  #bytes = 0;

  constructor(readonly limits: JournalLimits) {}

  /** UTF-8 bytes held: the JSON of every kept entry. */
  get bytes(): number {
    return this.#bytes;
  }

  record(partner: string, entry: NewJournalEntry): void {
    if (this.limits.perPartner === 0) return;
    const id = this.#nextId++;
    // Written field by field: one JSON.stringify of a spread copy cost several times this.
    const q = JSON.stringify;
    const json = Buffer.from(
      `{"id":${id},"requestId":${q(entry.requestId)},"at":${q(isoCached(entry.at))},"method":${q(entry.method)},"path":${q(entry.path)},` +
        `"query":${q(redactedQuery(entry.query))},"headers":${q(entry.headers)},"status":${q(entry.status)},"durationMs":${q(entry.durationMs)},` +
        `"fault":${entry.fault === null ? 'null' : q(entry.fault)},"body":${entry.bodyJson},"response":${responseJson(entry)}}`,
    );
    const kept: KeptEntry = { id, at: entry.at, method: entry.method, path: entry.path, status: entry.status, json };

    const entries = this.#byPartner.get(partner) ?? [];
    // Re-inserting keeps the Map in least-recently-written order, which is what the partner bound drops by.
    this.#byPartner.delete(partner);
    this.#byPartner.set(partner, entries);
    entries.push(kept);
    this.#bytes += json.length;
    while (entries.length > this.limits.perPartner) this.#shift(partner, entries);
    if (this.#byPartner.size > MAX_JOURNALED_PARTNERS) this.clear(this.#byPartner.keys().next().value!);
    // The entry just written always stays, so the bound is the budget or one entry, whichever is larger.
    while (this.#bytes > this.limits.maxBytes) if (!this.#dropOldestBut(id)) break;
  }

  /** Oldest first. */
  list(partner: string, filter: JournalFilter = {}): JournalEntry[] {
    const method = filter.method?.toUpperCase();
    const found = (this.#byPartner.get(partner) ?? []).filter(
      (e) =>
        (method === undefined || e.method === method) &&
        (filter.path === undefined || pathMatches(filter.path, e.path)) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.since === undefined || e.at >= filter.since) &&
        (filter.after === undefined || e.id > filter.after),
    );
    return (filter.limit === undefined ? found : found.slice(-filter.limit)).map((e) => JSON.parse(e.json.toString()) as JournalEntry);
  }

  /** Clears one partner's entries, or every partner's; returns how many were dropped. */
  clear(partner?: string): number {
    if (partner !== undefined) {
      const entries = this.#byPartner.get(partner) ?? [];
      for (const e of entries) this.#bytes -= e.json.length;
      this.#byPartner.delete(partner);
      return entries.length;
    }
    let n = 0;
    for (const entries of this.#byPartner.values()) n += entries.length;
    this.#byPartner.clear();
    this.#bytes = 0;
    return n;
  }

  #shift(partner: string, entries: KeptEntry[]): void {
    this.#bytes -= entries.shift()!.json.length;
    if (entries.length === 0) this.#byPartner.delete(partner);
  }

  /**
   * Drops the oldest entry of all (ids grow across partners, so it heads some partner's list), unless that is
   * `keep`; false when nothing was dropped. A scan over at most MAX_JOURNALED_PARTNERS heads.
   */
  #dropOldestBut(keep: number): boolean {
    let oldest: [string, KeptEntry[]] | undefined;
    for (const pair of this.#byPartner) if (oldest === undefined || pair[1][0]!.id < oldest[1][0]!.id) oldest = pair;
    if (oldest === undefined || oldest[1][0]!.id === keep) return false;
    this.#shift(oldest[0], oldest[1]);
    return true;
  }
}

/** The routes the journal and the faults apply to: SnapEngage's own (Provisioning /api/v1, Logs /api/v2), not the mock's control surface. */
export const SNAPENGAGE_PREFIXES = ['/api/v1/', '/api/v2/'] as const;
export const isSnapEngagePath = (path: string): boolean => SNAPENGAGE_PREFIXES.some((prefix) => path.startsWith(prefix));
