// Fault injection: rules that make the SnapEngage routes fail, stall or hang up on purpose, and the x-mock-fault header.
import { randomUUID } from 'node:crypto';
import { AppError, badRequest, type ErrorCode } from '../core/errors.js';
import { createRandom, type Random } from '../core/random.js';
import { pathMatches } from './journal.js';
import type { FaultRule, ParsedFaultRule } from './schemas.js';

export const FAULT_HEADER = 'x-mock-fault';

/** What the request hook does when a fault fires. */
export interface FaultAction {
  kind: 'respond' | 'latency' | 'reset' | 'timeout';
  source: 'rule' | 'header';
  ruleId?: string;
  status?: number;
  /** Undefined: the error envelope for `status`. */
  body?: FaultBody;
  headers: Record<string, string>;
  latencyMs: number;
}

/** A rule's body as kept: text (what a rule costs in memory is then about its size) and whether it is JSON to send. */
export interface FaultBody {
  payload: string;
  json: boolean;
}

interface StoredRule {
  rule: Omit<FaultRule, 'body'>;
  body: FaultBody | undefined;
  partner: string | undefined;
  random: Random | undefined;
}

export interface FaultLimits {
  /** FAULT_MAX_RULES: rules held at once, every key's together. */
  maxRules: number;
  /** FAULT_MAX_BODY_BYTES: UTF-8 bytes of a rule's body (as JSON, or as the string it is). */
  maxBodyBytes: number;
}

const publicRule = (stored: StoredRule): FaultRule => ({
  ...stored.rule,
  body: stored.body === undefined ? null : stored.body.json ? JSON.parse(stored.body.payload) : stored.body.payload,
});

const DEFAULT_CODES: Record<number, [ErrorCode, string]> = {
  400: ['validation_failed', 'injected fault: the request was refused as invalid'],
  401: ['invalid_api_key', 'injected fault: the api_key is not valid'],
  403: ['forbidden', 'injected fault: forbidden'],
  404: ['not_found', 'injected fault: not found'],
  409: ['conflict', 'injected fault: conflict'],
  429: ['rate_limited', 'injected fault: too many requests; retry after the Retry-After delay'],
  500: ['internal_error', 'injected fault: internal error'],
  502: ['bad_gateway', 'injected fault: bad gateway'],
  503: ['service_unavailable', 'injected fault: service unavailable'],
  504: ['gateway_timeout', 'injected fault: gateway timeout'],
};

/** The error a fault answers with when it names no body: the same envelope the real errors use. */
export function faultError(status: number, headers: Record<string, string>): AppError {
  const [code, message] = DEFAULT_CODES[status] ?? [`http_${status}`, `injected fault: HTTP ${status}`];
  return new AppError(status, code, message, [], headers);
}

function withDefaultHeaders(status: number | undefined, headers: Record<string, string> = {}): Record<string, string> {
  const out = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (status === 429 && out['retry-after'] === undefined) out['retry-after'] = '1';
  return out;
}

/** `x-mock-fault: 503` (any 400-599), `429`, `reset` (hang up) or `timeout` (never answer while the client waits). */
export function headerFault(value: string): FaultAction {
  const v = value.trim().toLowerCase();
  if (v === 'reset' || v === 'timeout') return { kind: v, source: 'header', headers: {}, latencyMs: 0 };
  if (/^[45]\d\d$/.test(v)) {
    const status = Number(v);
    return { kind: 'respond', source: 'header', status, headers: withDefaultHeaders(status), latencyMs: 0 };
  }
  throw badRequest(
    `headers.${FAULT_HEADER}`,
    'fault',
    `${FAULT_HEADER} must be a status from 400 to 599, "reset" or "timeout" (got "${value.slice(0, 40)}")`,
  );
}

/** A string body is sent as the text it is (as before); anything else as JSON. Refused past FAULT_MAX_BODY_BYTES. */
function toFaultBody(body: unknown, maxBytes: number): FaultBody {
  const kept: FaultBody = typeof body === 'string' ? { payload: body, json: false } : { payload: JSON.stringify(body), json: true };
  const size = Buffer.byteLength(kept.payload);
  if (size > maxBytes) {
    const message = `the rule's body is ${size} bytes, over FAULT_MAX_BODY_BYTES (${maxBytes})`;
    throw new AppError(413, 'fault_body_too_large', message, [{ field: 'body', rule: 'max_bytes', message }]);
  }
  return kept;
}

export class Faults {
  #rules: StoredRule[] = [];

  constructor(readonly limits: FaultLimits) {}

  /** Adds a rule, scoped to `partner` (the one its api_key stands for) when given. */
  add(input: ParsedFaultRule, partner: string | undefined): FaultRule {
    if (this.#rules.length >= this.limits.maxRules) {
      throw new AppError(
        400,
        'too_many_faults',
        `there are already ${this.#rules.length} fault rules, the most FAULT_MAX_RULES (${this.limits.maxRules}) allows; remove some (DELETE /_mock/faults) or raise FAULT_MAX_RULES`,
      );
    }
    const body = input.body === undefined ? undefined : toFaultBody(input.body, this.limits.maxBodyBytes);
    const random = input.probability === undefined ? undefined : createRandom(input.seed);
    const rule: Omit<FaultRule, 'body'> = {
      id: `flt_${randomUUID()}`,
      target: input.target,
      widgetId: input.widgetId ?? null,
      method: input.method,
      path: input.path,
      scoped: partner !== undefined,
      action: input.action,
      status: input.status ?? null,
      headers: withDefaultHeaders(input.status, input.headers),
      latencyMs: input.latencyMs ?? null,
      remaining: input.count ?? null,
      probability: input.probability ?? null,
      seed: random?.seed ?? null,
      fired: 0,
    };
    const stored = { rule, body, partner, random };
    this.#rules.push(stored);
    return publicRule(stored);
  }

  /** Rules that apply to `partner`: its own and the unscoped ones. */
  list(partner?: string): FaultRule[] {
    return this.#rules.filter((r) => partner === undefined || r.partner === undefined || r.partner === partner).map(publicRule);
  }

  /** Who a rule belongs to: `{ partner: undefined }` for an unscoped rule; undefined when there is no such rule. */
  find(id: string): { partner: string | undefined } | undefined {
    const stored = this.#rules.find((r) => r.rule.id === id);
    return stored && { partner: stored.partner };
  }

  /** Removes one rule by id; false when there is none. */
  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.rule.id !== id);
    return this.#rules.length < before;
  }

  /** Clears every rule, or only those scoped to one partner; returns how many went. */
  clear(partner?: string): number {
    const before = this.#rules.length;
    this.#rules = partner === undefined ? [] : this.#rules.filter((r) => r.partner !== partner);
    return before - this.#rules.length;
  }

  /** The first rule on the SnapEngage routes (in the order added) that matches and fires, consuming one of its `count`. */
  match(method: string, path: string, partner: string | undefined): FaultAction | undefined {
    return this.#fire((rule) => rule.target === 'api' && (rule.method === '*' || rule.method === method) && pathMatches(rule.path, path), partner);
  }

  /** The first rule on the mock's calls to chat bots that matches a call to `widgetId`'s bot and fires. */
  matchBot(widgetId: string, partner: string): FaultAction | undefined {
    return this.#fire((rule) => rule.target === 'bot' && (rule.widgetId === null || rule.widgetId === widgetId), partner);
  }

  #fire(matches: (rule: Omit<FaultRule, 'body'>) => boolean, partner: string | undefined): FaultAction | undefined {
    for (const stored of this.#rules) {
      const { rule } = stored;
      if (!matches(rule)) continue;
      if (stored.partner !== undefined && stored.partner !== partner) continue;
      if (stored.random && !stored.random.bool(rule.probability!)) continue;
      rule.fired++;
      if (rule.remaining !== null && --rule.remaining === 0) this.remove(rule.id);
      const kind = rule.action === 'reset' ? 'reset' : rule.status === null ? 'latency' : 'respond';
      return {
        kind,
        source: 'rule',
        ruleId: rule.id,
        ...(rule.status === null ? {} : { status: rule.status }),
        ...(stored.body === undefined ? {} : { body: stored.body }),
        headers: rule.headers,
        latencyMs: rule.latencyMs ?? 0,
      };
    }
    return undefined;
  }
}
