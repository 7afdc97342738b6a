// The mock's configuration: one zod schema over the environment, parsed once at boot.
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseRetrySchedule } from './durations.js';

/**
 * Delays between webhook attempts, in order: attempt 1 runs when the support request is created, attempt n+1 runs
 * the n-th delay after attempt n failed. The sum is 2 h 00 min 30 s, SnapEngage's "approximately 2 hours", so the
 * 10th and last attempt lands just after the 2-hour mark; the email follows its failure.
 */
export const DEFAULT_RETRY_SCHEDULE = '30s,1m,2m,4m,8m,15m,30m,30m,30m';

/** The key the mock accepts when SNAPENGAGE_API_KEYS is unset. Documented in the README. */
export const DEFAULT_DEV_API_KEY = 'dev-api-key';
/** The port `npm start` listens on when PORT is unset; the OpenAPI document names it as its default server. */
export const DEFAULT_PORT = 8080;

/** A DNS name for the generated certificate: labels of letters, digits and hyphens, optionally a leading `*.`. */
const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const bytes = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(min, `must be between ${min} and ${max} bytes`)
    .max(max, `must be between ${min} and ${max} bytes`);

export const configSchema = z.object({
  PORT: port.default(DEFAULT_PORT),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/snapengage-mock.db'),
  SNAPENGAGE_API_KEYS: z
    .string()
    .default(DEFAULT_DEV_API_KEY)
    .transform((raw) => raw.split(',').map((k) => k.trim()).filter(Boolean))
    .refine((keys) => keys.length > 0, 'must list at least one key (or "*" to accept any key)'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  // Unset: pretty on a terminal, JSON otherwise (decided by the process entry, which knows what stdout is).
  LOG_FORMAT: z.enum(['pretty', 'json'], { error: 'must be pretty or json' }).optional(),
  CLOCK: z.enum(['real', 'virtual']).default('real'),
  // Test-double settings.
  FIXTURES: z
    .string()
    .min(1)
    .optional()
    .transform((path) => (path === 'none' ? undefined : path)),
  JOURNAL_LIMIT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').default(1000),
  REQUEST_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be more than 0').default(60_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be more than 0').default(10_000),
  // Integration API: the webhook dispatcher and its email fallback.
  MOCK_SEED: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 4294967295')
    .max(4294967295, 'must be between 0 and 4294967295')
    .optional(),
  WEBHOOK_SUCCESS: z.enum(['200', '2xx'], { error: 'must be 200 or 2xx' }).default('200'),
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
    }),
  WEBHOOK_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be more than 0').default(10_000),
  DELIVERY_CONCURRENCY: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 256').max(256, 'must be 1 to 256').default(8),
  // While other partners have due deliveries, one partner holds at most this many of the slots (see the dispatcher).
  DELIVERY_PARTNER_SLOTS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 256').max(256, 'must be 1 to 256').default(4),
  SMTP_URL: z
    .string()
    .refine((raw) => /^smtps?:\/\//.test(raw) && URL.canParse(raw), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.email('must be an email address').default('snapengage-mock@example.com'),
  SMTP_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be more than 0').default(10_000),
  SMTP_ATTEMPTS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 10').max(10, 'must be 1 to 10').default(3),
  SMTP_RETRY_DELAY_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').default(5_000),
  SMTP_MAX_CONNECTIONS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').default(2),
  // The control plane and its memory bounds.
  MOCK_ADMIN_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (it is sent as the x-mock-admin-token header)')
    .optional(),
  JOURNAL_MAX_BYTES: bytes(1024, 2 ** 40).default(32 * 1024 * 1024),
  JOURNAL_MAX_BODY_BYTES: bytes(0, 1024 * 1024).default(64 * 1024),
  FAULT_MAX_RULES: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').default(1000),
  FAULT_MAX_BODY_BYTES: bytes(0, 1024 * 1024).default(16 * 1024),
  // The inspector's live feed (GET /_mock/events): open streams at once, and the comment line that keeps each alive.
  EVENTS_MAX_CONNECTIONS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 to 10000').max(10_000, 'must be 0 to 10000').default(32),
  EVENTS_HEARTBEAT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(100, 'must be 100 or more').default(15_000),
  // Files uploaded with a support request (src/files/): bounds per request.
  FILE_MAX_BYTES: bytes(1, 16 * 1024 * 1024).default(256 * 1024),
  FILE_MAX_COUNT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 to 100').max(100, 'must be 0 to 100').default(5),
  // HTTPS: the same app over TLS on a second port (src/tls/). 8443, or a free port when PORT is 0 (see loadConfig).
  HTTPS_PORT: z.union([z.literal('off'), port], { error: 'must be a port number (0 picks a free one) or off' }).default(8443),
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  TLS_HOSTS: z
    .string()
    .default('')
    .transform((raw) => raw.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .refine((hosts) => hosts.every((h) => isIP(h) !== 0 || HOST_NAME.test(h)), 'must be host names or IP addresses, comma-separated'),
  TLS_DIR: z.string().min(1).optional(),
}).superRefine((c, ctx) => {
  if ((c.TLS_CERT === undefined) !== (c.TLS_KEY === undefined)) {
    ctx.addIssue({ code: 'custom', path: [c.TLS_CERT === undefined ? 'TLS_CERT' : 'TLS_KEY'], message: 'TLS_CERT and TLS_KEY go together: give both files or neither' });
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
      return `  ${name}${name.startsWith('-') ? ' ' : '='}${JSON.stringify(picked[key])}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  // PORT=0 asks for a free port: a fixed https port beside it would collide with whatever else holds 8443.
  if (picked.HTTPS_PORT === undefined && result.data.PORT === 0) result.data.HTTPS_PORT = 0;
  return result.data;
}
