// The mock's configuration: one zod schema over the environment, parsed once at boot.
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_DEV_API_KEY } from './dev-api-key.js';
import { parseRetrySchedule } from './durations.js';
import { botSettings } from './bot-settings.js';
import { browserSettings } from './browser-settings.js';
import { emailSettings } from './email-settings.js';
import { frontDeskSettings } from './front-desk-settings.js';
import { widgetJsSettings } from './widget-js-settings.js';
import { bytes, doc, port } from './setting-doc.js';

export type { SettingDoc } from './setting-doc.js';
export { DEFAULT_DEV_API_KEY };

/**
 * Delays between webhook attempts, in order: attempt 1 runs when the support request is created, attempt n+1 runs
 * the n-th delay after attempt n failed. The sum is 2 h 00 min 30 s, SnapEngage's "approximately 2 hours", so the
 * 10th and last attempt lands just after the 2-hour mark; the email follows its failure.
 */
export const DEFAULT_RETRY_SCHEDULE = '30s,1m,2m,4m,8m,15m,30m,30m,30m';

/** The port `npm start` listens on when PORT is unset; the OpenAPI document names it as its default server. */
export const DEFAULT_PORT = 8080;

/** A DNS name for the generated certificate: labels of letters, digits and hyphens, optionally a leading `*.`. */
const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z.object({
  PORT: port.default(DEFAULT_PORT).meta(doc({ arg: 'N', help: 'port to listen on; `0` picks a free one', description: '`0` picks a free port (the banner prints the real one)' })),
  HOST: z.string().min(1).default('127.0.0.1')
    .meta(doc({ arg: 'ADDR', help: 'interface to listen on; `0.0.0.0` for every interface', description: '`0.0.0.0` to listen on every interface (the Docker image does)' })),
  DATABASE_PATH: z.string().min(1).default('./data/snapengage-mock.db').meta(doc({
    arg: 'FILE',
    help: 'SQLite file, or `:memory:`',
    description: 'SQLite file, created with its folder if missing (a folder the mock creates gets a `.gitignore` of `*`, so the store and the CA key beside it stay out of git); `:memory:` for a throw-away store. One process per file: a second one exits 2 naming the holder (see [Boot errors](#boot-errors-and-a-store-that-refuses-writes))',
  })),
  SNAPENGAGE_API_KEYS: z
    .string()
    .default(DEFAULT_DEV_API_KEY)
    .transform((raw) => raw.split(',').map((k) => k.trim()).filter(Boolean))
    .refine((keys) => keys.length > 0, 'must list at least one key (or "*" to accept any key)')
    .meta(doc({ arg: 'K1,K2', help: 'api keys accepted; `*` accepts any', description: 'comma-separated keys the mock accepts; `*` accepts any non-empty key' })),
  LOG_LEVEL: z.enum(logLevels).default('info').meta(doc({ arg: 'LEVEL', help: `${logLevels.slice(0, -1).map((l) => `\`${l}\``).join(', ')} or \`silent\`` })),
  LOG_FORMAT: z.enum(['pretty', 'json'], { error: 'must be pretty or json' }).optional().meta(doc({
    arg: 'FORMAT',
    help: '`pretty` (one readable line per event) or `json`',
    description: "`pretty`: one readable line per event with the local time, a request as `GET /path 401 0.9 ms missing_api_token`; `json`: pino's JSON lines only, the banner one of them (for log shippers and `jq`). Either way a 4xx is logged at `warn` and a 5xx at `error`, with the error code",
    // Decided by the process entry, which knows what stdout is.
    default: '`pretty` on a terminal, else `json`',
    helpDefault: 'pretty when stdout is a terminal, else json',
  })),
  CLOCK: z.enum(['real', 'virtual']).default('real')
    .meta(doc({ arg: 'MODE', help: '`real`, or `virtual`: time moves only via `POST /_mock/clock/advance`', description: '`virtual`: time moves only when told to (`POST /_mock/clock/advance`)' })),
  // Test-double settings.
  FIXTURES: z
    .string()
    .min(1)
    .optional()
    .transform((path) => (path === 'none' ? undefined : path))
    .meta(doc({
      arg: 'FILE',
      help: 'seed data loaded at start, idempotently; `none` to start empty',
      description: 'JSON seed file loaded at start-up, idempotently; `none` to start empty',
      default: 'the demo data with `npm start` and Docker; none in `startMock()`',
      helpDefault: 'the demo data, when `dev-api-key` is accepted',
    })),
  JOURNAL_LIMIT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').default(1000)
    .meta(doc({ arg: 'N', help: 'requests kept in the journal per api key (oldest dropped); `0` turns it off' })),
  REQUEST_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be more than 0').default(60_000).meta(doc({
    arg: 'MS',
    help: 'a socket idle this long is closed, a TLS handshake and a request must finish within it; a clock advance is exempt',
    description: 'a socket idle this long is closed, a TLS handshake must finish within it, and a request must arrive whole within it; `POST /_mock/clock/advance` is exempt while it runs',
  })),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be more than 0').default(10_000)
    .meta(doc({
      arg: 'MS',
      help: 'how long SIGTERM waits for in-flight work before cutting connections',
      description: 'how long SIGTERM/SIGINT waits for in-flight work before cutting connections (exit 1)',
    })),
  // Integration API: the webhook dispatcher and its email fallback.
  MOCK_SEED: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 4294967295')
    .max(4294967295, 'must be between 0 and 4294967295')
    .optional()
    .meta(doc({
      arg: 'N',
      help: 'seed for generated support requests, 0 to 4294967295: the same seed, the same documents',
      description: 'integer 0-4294967295: generated support requests are reproducible (the seed in use is logged at start)',
      default: 'random',
      helpDefault: 'random, shown at start',
    })),
  WEBHOOK_SUCCESS: z.enum(['200', '2xx'], { error: 'must be 200 or 2xx' }).default('200').meta(doc({
    arg: '200|2xx',
    help: 'which webhook answers count as delivered: `200` as SnapEngage documents, or any `2xx`',
    description: '`2xx`: count any 2xx answer as delivered (SnapEngage documents HTTP 200)',
  })),
  RETRY_SCHEDULE: z
    .string()
    .default(DEFAULT_RETRY_SCHEDULE)
    .transform((raw, ctx) => {
      try {
        return parseRetrySchedule(raw);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    })
    .meta(doc({
      arg: 'LIST',
      help: 'waits between webhook attempts, e.g. `30s,1m,2m`; `none` emails after the first failure',
      description: 'waits between webhook attempts (`ms`, `s`, `m`, `h`); about 2 h in all; `none` for no retries',
    })),
  WEBHOOK_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be more than 0').default(10_000)
    .meta(doc({ arg: 'MS', help: 'bound on each webhook attempt: connect, headers and body', description: 'bound on each webhook attempt (connect, headers and body)' })),
  DELIVERY_CONCURRENCY: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 256').max(256, 'must be 1 to 256').default(8)
    .meta(doc({ arg: 'N', help: 'webhook attempts in flight at once, 1 to 256', description: 'webhook attempts in flight at once' })),
  DELIVERY_PARTNER_SLOTS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 256').max(256, 'must be 1 to 256').default(4).meta(doc({
    arg: 'N',
    help: "slots one api_key may hold while another key's deliveries wait, 1 to 256",
    description:
      "the share of those slots one api_key may hold while another key has deliveries due: the rest go to the others first, so a key with 10,000 failing deliveries cannot hold up another key's one. Slots nobody else wants are lent out, so a single key still uses them all",
  })),
  DELIVERY_MAX_REDELIVERIES: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 to 100000').max(100_000, 'must be 0 to 100000').default(100).meta(doc({
    arg: 'N',
    help: 'fresh deliveries one support request may get by redelivery, 0 to 100000',
    description:
      'fresh deliveries one support request may get by redelivery (409 `too_many_redeliveries` past it); `0` to `100000`. What bounds a receiver, or the mock reaching itself by a way the self-delivery check cannot see (a proxy, a tunnel), that redelivers on every call',
  })),
  ...emailSettings,
  MOCK_ADMIN_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (it is sent as the x-mock-admin-token header)')
    .optional()
    .meta(doc({
      arg: 'TOKEN',
      help: 'guard reset-all, the clock and unscoped faults with an `x-mock-admin-token` header; prefer the env var, argv is visible in ps',
      description:
        'when set, the control calls that act on every key (reset of everything, moving the clock, fault rules without an `api_key`) need it in the `x-mock-admin-token` header (401 `admin_token_required` without it, 403 `invalid_admin_token` when wrong). Printable ASCII, no spaces. Never logged or journaled; prefer the variable to `--mock-admin-token`, which `ps` shows. See *Who can call what* under [Test double](#test-double-reset-journal-faults-harness-cli-docker)',
      default: 'unset',
      helpDefault: 'unset, open',
    })),
  JOURNAL_MAX_BYTES: bytes(1024, 2 ** 40).default(32 * 1024 * 1024).meta(doc({
    arg: 'BYTES',
    help: 'bytes the whole journal keeps, every key together; oldest dropped',
    description:
      'bytes the whole journal keeps, every key together (the UTF-8 JSON of its entries); the oldest entries of any key are dropped first. At least `1024`',
  })),
  JOURNAL_MAX_BODY_BYTES: bytes(0, 1024 * 1024).default(64 * 1024).meta(doc({
    arg: 'BYTES',
    help: 'a larger request or response body is journaled as its size only',
    description:
      'a request or response body whose JSON is larger is journaled as `[body of N bytes not journaled]`; measured on what would be kept, so chunked bodies are capped too. At most `1048576`',
  })),
  FAULT_MAX_RULES: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').default(1000)
    .meta(doc({ arg: 'N', help: 'fault rules held at once', description: 'fault rules held at once, every key\'s together; one more is refused (400 `too_many_faults`)' })),
  FAULT_MAX_BODY_BYTES: bytes(0, 1024 * 1024).default(16 * 1024).meta(doc({
    arg: 'BYTES',
    help: 'largest body a fault rule may answer with',
    description: 'largest `body` a fault rule may answer with (413 `fault_body_too_large`). At most `1048576`',
  })),
  // The inspector's live feed (GET /_mock/events): open streams at once, and the comment line that keeps each alive.
  EVENTS_MAX_CONNECTIONS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 to 10000').max(10_000, 'must be 0 to 10000').default(32).meta(doc({
    arg: 'N',
    help: "the inspector's live event streams open at once; `0` turns them off",
    description:
      "the inspector's live event streams (`GET /_mock/events`) open at once, every key's together; one more is refused (503 `too_many_event_streams`); `0` turns them off",
  })),
  EVENTS_HEARTBEAT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(100, 'must be 100 or more').default(15_000).meta(doc({
    arg: 'MS',
    help: 'how often an idle event stream gets a keep-alive line',
    description: 'how often an idle event stream gets a keep-alive comment line (at least `100`)',
  })),
  // Files uploaded with a support request (src/files/): bounds per request.
  FILE_MAX_BYTES: bytes(1, 16 * 1024 * 1024).default(256 * 1024).meta(doc({
    arg: 'BYTES',
    help: 'largest file a support request may carry, decoded',
    description: 'largest file a support request may carry, decoded (413 `file_too_large`). At most `16777216`. See [Uploaded files](#uploaded-files)',
  })),
  FILE_MAX_COUNT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 to 100').max(100, 'must be 0 to 100').default(5)
    .meta(doc({ arg: 'N', help: 'files a support request may carry, 0 to 100', description: 'files a support request may carry (400 `too_many_files`); `0` to `100`' })),
  // All the files of one request together; what keeps the body (read as one string) far below V8's longest string.
  FILE_MAX_TOTAL_BYTES: bytes(1, 128 * 1024 * 1024).default(16 * 1024 * 1024).meta(doc({
    arg: 'BYTES',
    help: "what one support request's files may hold together, decoded; also sets its body limit",
    description:
      'what all the files of one support request may hold together, decoded (413 `files_too_large`), whatever `FILE_MAX_BYTES` × `FILE_MAX_COUNT` comes to; it also sets the request\'s body limit (413 `body_too_large` names it). At most `134217728` (128 MiB)',
  })),
  // HTTPS: the same app over TLS on a second port (src/tls/).
  HTTPS_PORT: z.union([z.literal('off'), port], { error: 'must be a port number (0 picks a free one) or off' }).default(8443).meta(doc({
    arg: 'N|off',
    help: 'port of the https listener (the same app over TLS); `0` picks a free one, `off` disables it',
    description:
      'port of the https listener, the same app over TLS; `0` picks a free port; `off` serves http only. Must differ from `PORT`; a port in use stops the start (exit 2). See [HTTPS](#https)',
    // loadConfig makes it 0 when PORT is 0 and HTTPS_PORT is not given: a free port asked for http is not a fixed one for https.
    default: '`8443`; a free port when `PORT` is `0`',
    helpDefault: '8443; a free port when --port is 0',
  })),
  TLS_CERT: z.string().min(1).optional().meta(doc({
    arg: 'FILE',
    help: 'PEM certificate (or chain) for https; with `TLS_KEY`',
    description: 'PEM files of the certificate (a chain may follow it) and its unencrypted private key; both or neither. Unset: a development certificate',
    default: 'unset',
    helpDefault: 'a development CA and certificate, generated once',
  })),
  TLS_KEY: z.string().min(1).optional()
    .meta(doc({ arg: 'FILE', help: 'PEM private key of `TLS_CERT`', default: 'unset', helpDefault: 'the generated one', readmeRowOf: 'TLS_CERT' })),
  TLS_HOSTS: z
    .string()
    .default('')
    .transform((raw) => raw.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .refine((hosts) => hosts.every((h) => isIP(h) !== 0 || HOST_NAME.test(h)), 'must be host names or IP addresses, comma-separated')
    .meta(doc({
      arg: 'H1,H2',
      help: 'names and IPs the generated certificate covers besides localhost, 127.0.0.1, ::1 and `HOST`',
      description:
        'comma-separated names and IP addresses the development certificate covers besides `localhost`, `127.0.0.1`, `::1` and `HOST` (e.g. a Compose service name)',
      default: 'none',
    })),
  TLS_DIR: z.string().min(1).optional().meta(doc({
    arg: 'DIR',
    help: 'where the generated CA and certificate are kept and reused',
    description:
      'where the development CA (`ca.pem`, and its private key `ca-key.pem`) and certificate are kept and reused; a folder the mock creates gets a `.gitignore` of `*`; with `DATABASE_PATH=:memory:` and no `TLS_DIR`, kept in memory for the life of the process',
    default: '`tls/` beside `DATABASE_PATH`',
    helpDefault: 'tls/ beside the database; in memory for `:memory:`',
  })),
  ...browserSettings,
  ...frontDeskSettings,
  ...botSettings,
  ...widgetJsSettings,
}).superRefine((c, ctx) => {
  if ((c.TLS_CERT === undefined) !== (c.TLS_KEY === undefined)) {
    const [missing, given] = c.TLS_CERT === undefined ? ['TLS_CERT', 'TLS_KEY'] : ['TLS_KEY', 'TLS_CERT'];
    ctx.addIssue({ code: 'custom', path: [missing], message: `needed with ${given}: ${given} and ${missing} go together (give both files or neither)` });
  }
  if (c.HTTPS_PORT !== 'off' && c.HTTPS_PORT !== 0 && c.HTTPS_PORT === c.PORT) {
    ctx.addIssue({ code: 'custom', path: ['HTTPS_PORT'], message: 'must differ from PORT (or be 0, or off)' });
  }
});

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

/** Settings whose values are secrets (keys, the admin token, an SMTP URL's password): never echoed in an error. */
const SECRET_SETTINGS = new Set(['SNAPENGAGE_API_KEYS', 'MOCK_ADMIN_TOKEN', 'SMTP_URL']);

/**
 * Parses the environment (or test overrides) into a Config.
 * Empty strings count as unset, so `PORT= npm start` means the default rather than an error.
 */
export function loadConfig(
  source: Record<string, string | number | undefined> = process.env,
  /** How an error names a setting: the CLI passes the flag as typed (`--port`), else the variable. */
  nameOf: (key: string) => string = (key) => key,
): Config {
  const known = Object.keys(configSchema.shape);
  const picked: Record<string, unknown> = {};
  for (const key of known) {
    const value = source[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const result = configSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const name = nameOf(key);
      // A setting that is missing (half a TLS pair) has no value to show: the line says it is not set.
      if (picked[key] === undefined) return `  ${name} is not set: ${issue.message}`;
      // A secret's value stays out of the error, which lands in terminals and CI logs.
      const shown = SECRET_SETTINGS.has(key) ? '[redacted]' : JSON.stringify(picked[key]);
      return `  ${name}${name.startsWith('-') ? ' ' : '='}${shown}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  // PORT=0 asks for a free port: a fixed https port beside it would collide with whatever else holds 8443.
  if (picked.HTTPS_PORT === undefined && result.data.PORT === 0) result.data.HTTPS_PORT = 0;
  return result.data;
}
