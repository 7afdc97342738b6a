// zod schemas of control's own /_mock answers (the journal, fault rules, health, reset), and the types inferred from them: what
// the routes validate and document, and what the harness and the inspector page (ui/) are typed by. zod only: the page
// imports these types, so this module must stay free of Node APIs.
import { z } from 'zod';
import { jsonValue } from '../core/json-value.js';
import { faultHeaders } from './faults-headers.js';

// ---- the journal ----

export const journalEntrySchema = z
  .object({
    id: z.number().int(),
    requestId: z.string(),
    at: z.string().describe("When the request arrived, by the mock's clock (ISO 8601)."),
    method: z.string(),
    path: z.string(),
    query: z
      .record(z.string(), z.union([z.string(), z.array(z.string())]))
      .describe('Query parameters as parsed (a repeated one as a list); api_key and other secrets are `[redacted]`.'),
    headers: z.record(z.string(), z.string()).describe('content-type, user-agent, accept, x-request-id; auth headers `[redacted]`.'),
    body: jsonValue.describe('The JSON body with passwords and tokens `[redacted]`; null when none.'),
    status: z.number().int().describe('The response status; 0 when the connection was dropped (fault `reset`, or the client gave up).'),
    durationMs: z.number(),
    fault: z
      .object({ source: z.enum(['rule', 'header']), kind: z.string(), ruleId: z.string().optional() })
      .nullable()
      .describe('The injected fault that answered or delayed the request.'),
    response: z
      .object({
        status: z.number().int(),
        headers: z.record(z.string(), z.string()).describe('Every header of the answer (content-type, x-request-id, retry-after, …); credentials `[redacted]`.'),
        body: jsonValue
          .describe('The JSON answer (an error envelope with its code, message and details), secret-named fields `[redacted]`; other text as a string; a binary body described; null when empty. Capped at JOURNAL_MAX_BODY_BYTES as the request body is.'),
      })
      .nullable()
      .describe('What the mock answered; null when no answer was sent (status 0).'),
  })
  .meta({ id: 'JournalEntry' });

export const journalListSchema = z.object({ requests: z.array(journalEntrySchema) });

/** One journaled request as GET /_mock/requests lists it. */
export type JournalEntry = z.infer<typeof journalEntrySchema>;
export type JournalList = z.infer<typeof journalListSchema>;

// ---- fault rules ----

const MAX_LATENCY_MS = 60_000;
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', '*'] as const;

export const faultRuleBody = z
  .strictObject({
    target: z
      .enum(['api', 'bot'], { error: 'target must be api or bot' })
      .default('api')
      .describe('`api` (the default): requests to the SnapEngage routes, matched by `method` and `path`. `bot`: the mock\'s own calls to the widgets\' chat bots, matched by `widgetId`: `status` answers in the bot\'s place, `latencyMs` delays the call (its timeout still runs), `reset` fails it as a reset connection.'),
    widgetId: z.string().min(1).optional().describe('For `target: "bot"`: only calls to this widget\'s bot (default: every widget\'s).'),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(METHODS, { error: `method must be one of ${METHODS.join(', ')}` }))
      .default('*')
      .describe('HTTP method to match, case-insensitive; `*` (the default) matches any.'),
    path: z
      .string()
      .regex(/^\/api\//, 'path must start with /api/ (faults apply to the SnapEngage routes, /api/v1/... and /api/v2/...)')
      .max(500)
      .default('/api/*')
      .describe('Exact path (no query string), or a prefix ending in `*`. Defaults to every SnapEngage route.'),
    api_key: z
      .string()
      .min(1)
      .optional()
      .describe('Only requests with this api_key match; without it the rule applies to every key.'),
    action: z
      .enum(['respond', 'reset'])
      .default('respond')
      .describe('`respond`: answer with `status` (or just add latency); `reset`: destroy the connection without answering.'),
    status: z.number().int().min(400).max(599).optional().describe('The status to answer with (400-599).'),
    body: z
      .unknown()
      .optional()
      .describe("The body to answer with; defaults to the mock's error envelope for `status`."),
    headers: faultHeaders.optional(),
    latencyMs: z
      .number()
      .int()
      .min(0)
      .max(MAX_LATENCY_MS)
      .optional()
      .describe('Wait this long (wall-clock) before answering. Without `status` the request then proceeds normally.'),
    count: z.number().int().min(1).optional().describe('Fire on the next N matches only, then the rule is removed.'),
    probability: z.number().min(0).max(1).optional().describe('Fire on each match with this probability (0-1).'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional()
      .describe('Seed for `probability`, so a run can be repeated exactly; a random one is chosen and listed otherwise.'),
  })
  .refine((r) => r.action === 'reset' || r.status !== undefined || r.latencyMs !== undefined, {
    message: 'a rule needs a status, a latencyMs, or action "reset"',
    path: ['status'],
  })
  .refine((r) => r.body === undefined || r.status !== undefined, { message: 'body needs a status', path: ['body'] })
  .refine((r) => r.seed === undefined || r.probability !== undefined, { message: 'seed needs a probability', path: ['seed'] })
  .refine((r) => r.target === 'bot' || r.widgetId === undefined, { message: 'widgetId needs target "bot" (an api rule matches by method and path)', path: ['widgetId'] })
  .refine((r) => r.target === 'api' || (r.method === '*' && r.path === '/api/*'), { message: 'a bot rule matches by widgetId, not by method or path', path: ['path'] })
  .meta({ id: 'FaultRuleCreate' });

/** What POST /_mock/faults takes, as a client writes it. */
export type FaultRuleInput = z.input<typeof faultRuleBody>;
/** The same, once validated: defaults filled in, the method upper-cased. */
export type ParsedFaultRule = z.output<typeof faultRuleBody>;

export const faultRuleSchema = z
  .object({
    id: z.string(),
    target: z.enum(['api', 'bot']).describe('`api`: requests to the SnapEngage routes; `bot`: the mock\'s calls to chat bots.'),
    widgetId: z.string().nullable().describe('For a bot rule: the one widget whose bot calls it matches; null for every widget.'),
    method: z.string(),
    path: z.string(),
    scoped: z.boolean().describe('True when the rule only matches one api_key (the key itself is never shown).'),
    action: z.enum(['respond', 'reset']),
    status: z.number().nullable(),
    body: jsonValue.describe('null: the error envelope for `status`.'),
    headers: z.record(z.string(), z.string()),
    latencyMs: z.number().nullable(),
    remaining: z.number().nullable().describe('Matches left before the rule is removed; null for no limit.'),
    probability: z.number().nullable(),
    seed: z.number().nullable(),
    fired: z.number().describe('How many times the rule has fired.'),
  })
  .meta({ id: 'FaultRule' });

export const faultListSchema = z.object({ faults: z.array(faultRuleSchema) });
export const removedSchema = z.object({ removed: z.number().int() });

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultList = z.infer<typeof faultListSchema>;
export type Removed = z.infer<typeof removedSchema>;

// ---- health ----

export const healthResponse = z
  .object({
    status: z.enum(['ok', 'degraded']).describe('`degraded` (with HTTP 503) while the store refuses writes.'),
    store: z.enum(['ok', 'degraded']),
    storeError: z
      .object({ code: z.string(), message: z.string() })
      .optional()
      .describe('Why the store is degraded: what the last failed write answered (`store_full`, `store_read_only`, `store_unavailable`).'),
    version: z.string(),
    uptimeMs: z.number().int().describe('Wall-clock time since the app was built.'),
    clock: z.object({
      mode: z.enum(['real', 'virtual']),
      now: z.number().int(),
      iso: z.string(),
    }),
    schemaVersion: z.number().int(),
    ports: z
      .object({
        http: z.number().int().min(1).max(65535).nullable(),
        https: z.number().int().min(1).max(65535).nullable().describe('`null` with `HTTPS_PORT=off`.'),
      })
      .describe('The ports the listeners are bound to: the free ones picked when `PORT` (and so `HTTPS_PORT`) is 0. `null` for one that is not listening.'),
    devApiKey: z
      .boolean()
      .describe('Whether the mock accepts `dev-api-key`, the documented development key (SNAPENGAGE_API_KEYS holds it, or `*`): the inspector\'s key prompt names it then. No key is ever listed.'),
  })
  .meta({ id: 'Health' });

/** GET /_mock/health's answer. */
export type Health = z.infer<typeof healthResponse>;

// ---- reset ----

export const resetResponse = z.object({
  scope: z.enum(['all', 'api_key']),
  deleted: z.record(z.string(), z.number().int()).describe('Rows deleted per table.'),
  journal: z.number().int().describe('Journal entries dropped.'),
  faults: z.number().int().describe('Fault rules removed.'),
  fixtures: z.boolean().describe('Whether fixtures were restored.'),
  tookMs: z.number(),
});

export type ResetResult = z.infer<typeof resetResponse>;
