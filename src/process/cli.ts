#!/usr/bin/env node
// The `snapengage-mock` command: flags mirror the environment variables (a flag wins), then the server runs until signalled.
// First: it tunes the heap before anything else is built (see the file).
import './young-generation.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BootError } from '../core/boot-error.js';
import { ConfigError, DEFAULT_DEV_API_KEY, configSchema, loadConfig } from '../core/config.js';
import { runUntilSignalled } from './server.js';
import { signalStarted } from './startup-signal.js';
import { VERSION } from '../core/version.js';
import { packageRoot } from '../core/package-root.js';

/** The demo data a newcomer's first curl relies on; the default when FIXTURES is not set. */
const DEMO_FIXTURES = join(packageRoot(), 'fixtures', 'demo.json');

/** What --help says about each variable; any other config key still gets its flag. */
const HELP: Record<string, [string, string]> = {
  PORT: ['N', 'port to listen on; 0 picks a free one (default 8080)'],
  HOST: ['ADDR', 'interface to listen on (default 127.0.0.1; 0.0.0.0 for every interface)'],
  DATABASE_PATH: ['FILE', 'SQLite file, or :memory: (default ./data/snapengage-mock.db)'],
  SNAPENGAGE_API_KEYS: ['K1,K2', 'api keys accepted; * accepts any (default dev-api-key)'],
  LOG_LEVEL: ['LEVEL', 'fatal, error, warn, info, debug, trace or silent (default info)'],
  LOG_FORMAT: ['FORMAT', 'pretty (one readable line per event) or json (default: pretty when stdout is a terminal, else json)'],
  CLOCK: ['MODE', 'real, or virtual: time moves only via POST /_mock/clock/advance (default real)'],
  FIXTURES: ['FILE', `seed data loaded at start, idempotently; none to start empty (default: the demo data, when dev-api-key is accepted)`],
  JOURNAL_LIMIT: ['N', 'requests kept in the journal per api key; 0 turns it off (default 1000)'],
  SMTP_TIMEOUT_MS: ['MS', 'bound on each SMTP relay try: connecting, the greeting, any silence, the whole send (default 10000)'],
  SMTP_ATTEMPTS: ['N', 'relay tries per fallback email, 1 to 10 (default 3)'],
  SMTP_RETRY_DELAY_MS: ['MS', 'real time between relay tries (default 5000)'],
  SMTP_MAX_CONNECTIONS: ['N', 'connections the SMTP relay pool may open at once (default 2)'],
  REQUEST_TIMEOUT_MS: ['MS', 'a socket idle this long is closed, and a request must arrive within it; a clock advance is exempt (default 60000)'],
  SHUTDOWN_TIMEOUT_MS: ['MS', 'how long SIGTERM waits for in-flight work before cutting connections (default 10000)'],
  MOCK_ADMIN_TOKEN: ['TOKEN', 'guard reset-all, the clock and unscoped faults with an x-mock-admin-token header (default: unset, open); prefer the env var, argv is visible in ps'],
  JOURNAL_MAX_BYTES: ['BYTES', 'bytes the whole journal keeps, every key together; oldest dropped (default 33554432)'],
  JOURNAL_MAX_BODY_BYTES: ['BYTES', 'a larger request body is journaled as its size only (default 65536)'],
  FAULT_MAX_RULES: ['N', 'fault rules held at once (default 1000)'],
  EVENTS_MAX_CONNECTIONS: ['N', "the inspector's live event streams open at once; 0 turns them off (default 32)"],
  EVENTS_HEARTBEAT_MS: ['MS', 'how often an idle event stream gets a keep-alive line (default 15000)'],
  FAULT_MAX_BODY_BYTES: ['BYTES', "largest body a fault rule may answer with (default 16384)"],
  FILE_MAX_BYTES: ['BYTES', 'largest file a support request may carry, decoded (default 262144)'],
  FILE_MAX_COUNT: ['N', 'files a support request may carry, 0 to 100 (default 5)'],
  HTTPS_PORT: ['N|off', 'port of the https listener (the same app over TLS); 0 picks a free one, off disables it (default 8443; a free one when PORT is 0)'],
  TLS_CERT: ['FILE', 'PEM certificate (or chain) for https; with TLS_KEY (default: a development CA and certificate, generated once)'],
  TLS_KEY: ['FILE', 'PEM private key of TLS_CERT (default: the generated one)'],
  TLS_HOSTS: ['H1,H2', 'names and IPs the generated certificate covers besides localhost, 127.0.0.1, ::1 and HOST (default: none)'],
  TLS_DIR: ['DIR', 'where the generated CA and certificate are kept and reused (default: tls/ beside the database; in memory for :memory:)'],
  MOCK_SEED: ['N', 'seed for generated support requests, 0 to 4294967295: the same seed, the same documents (default: random, shown at start)'],
  WEBHOOK_SUCCESS: ['200|2xx', 'which webhook answers count as delivered (default 200, as SnapEngage documents)'],
  RETRY_SCHEDULE: ['LIST', 'waits between webhook attempts, e.g. 30s,1m,2m; none emails after the first failure (default 30s,1m,2m,4m,8m,15m,30m,30m,30m)'],
  WEBHOOK_TIMEOUT_MS: ['MS', 'bound on each webhook attempt: connect, headers and body (default 10000)'],
  DELIVERY_CONCURRENCY: ['N', 'webhook attempts in flight at once, 1 to 256 (default 8)'],
  DELIVERY_PARTNER_SLOTS: ['N', "slots one api_key may hold while another key's deliveries wait, 1 to 256 (default 4)"],
  SMTP_URL: ['URL', 'smtp:// or smtps:// relay for the fallback emails, which are always stored (default: unset, no relay)'],
  MAIL_FROM: ['EMAIL', 'sender of the fallback emails (default snapengage-mock@example.com)'],
};

const EXAMPLES = [
  'snapengage-mock                                   the sandbox on http://127.0.0.1:8080 with the demo data',
  'snapengage-mock --clock virtual --mock-seed 42    retries walk in milliseconds; generated documents repeat',
  'snapengage-mock --port 0 --db :memory:            a throwaway instance on a free port (the banner names it)',
  'snapengage-mock --api-keys k1,k2 --no-fixtures    your own keys, an empty store',
  'snapengage-mock receive --status 500              a webhook receiver on :9000 that fails every attempt',
];
const ALIASES: Record<string, string> = { 'api-keys': 'SNAPENGAGE_API_KEYS', db: 'DATABASE_PATH' };

const flagOf = (key: string) => key.toLowerCase().replaceAll('_', '-');
const CONFIG_KEYS = Object.keys(configSchema.shape);

function usage(): string {
  const rows = CONFIG_KEYS.map((key) => {
    const [arg, text] = HELP[key] ?? ['VALUE', `see the README's configuration table (${key})`];
    const alias = Object.entries(ALIASES).find(([, k]) => k === key)?.[0];
    return [`  --${flagOf(key)}${alias ? `, --${alias}` : ''} ${arg}`, `${text}  [env ${key}]`];
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `snapengage-mock ${VERSION}: a stateful mock of SnapEngage's Provisioning API and Integration API`,
    '',
    'usage: snapengage-mock [options]',
    '       snapengage-mock receive [--port 9000] [--status 200] [--fail-first N]   a webhook receiver (receive --help)',
    '',
    'Every option mirrors an environment variable; an option given on the command line wins.',
    '',
    ...rows.map(([left, right]) => left!.padEnd(width) + right),
    '  --no-fixtures'.padEnd(width) + 'start with an empty store (same as --fixtures none)',
    '  -h, --help'.padEnd(width) + 'print this help',
    '  -v, --version'.padEnd(width) + 'print the version',
    '',
    'examples:',
    ...EXAMPLES.map((e) => `  ${e}`),
    '',
    'It prints the URL it listens on (the real port when --port 0), serves /_mock/health, and stops cleanly on SIGTERM/SIGINT.',
    '',
  ].join('\n');
}

type CliAction =
  | { kind: 'help' }
  | { kind: 'version' }
  /** `typed`: the flag as the user wrote it, per setting given on the command line, for error messages. */
  | { kind: 'run'; env: Record<string, string | undefined>; typed: Record<string, string> };

/** Reads argv over the environment: the settings to run with, or what to print instead. */
function parseCli(argv: string[], env: Record<string, string | undefined>): CliAction {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
    'no-fixtures': { type: 'boolean' },
  };
  for (const key of CONFIG_KEYS) options[flagOf(key)] = { type: 'string' };
  for (const alias of Object.keys(ALIASES)) options[alias] = { type: 'string' };
  let values: Record<string, string | boolean | undefined>;
  let tokens: Array<{ kind: string; name?: string; rawName?: string; value?: string }>;
  try {
    ({ values, tokens } = parseArgs({ args: argv, options, strict: true, allowPositionals: false, tokens: true }));
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}${suggestion((err as Error).message, Object.keys(options))}\nRun snapengage-mock --help for the options.`);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const merged: Record<string, string | undefined> = {};
  const typed: Record<string, string> = {};
  for (const key of CONFIG_KEYS) merged[key] = env[key];
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined || !token.name) continue;
    const key = ALIASES[token.name] ?? CONFIG_KEYS.find((k) => flagOf(k) === token.name);
    if (!key) continue;
    // Typed on purpose, so an empty value is a mistake, not a request for the default (an empty env var still is).
    if (token.value.trim() === '') throw new ConfigError(`${token.rawName} is empty: give it a value, or leave it out for the default`);
    merged[key] = token.value;
    typed[key] = token.rawName ?? `--${token.name}`;
  }
  if (values['no-fixtures']) merged.FIXTURES = 'none';
  if (!merged.FIXTURES) {
    // The sandbox starts with the demo data, so the README's first curl works; only when its key is accepted.
    const keys = (merged.SNAPENGAGE_API_KEYS || DEFAULT_DEV_API_KEY).split(',').map((k) => k.trim());
    if ((keys.includes(DEFAULT_DEV_API_KEY) || keys.includes('*')) && existsSync(DEMO_FIXTURES)) merged.FIXTURES = DEMO_FIXTURES;
  }
  return { kind: 'run', env: merged, typed };
}

/** Edit distance, for suggesting the option a typo meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** " (did you mean --port?)" for an unknown option close to a real one. */
function suggestion(message: string, names: string[]): string {
  const unknown = /Unknown option '--?([^']+)'/.exec(message)?.[1];
  if (!unknown) return '';
  const [best] = names.map((n) => [n, distance(unknown, n)] as const).sort((x, y) => x[1] - y[1]);
  return best && best[1] <= Math.max(2, Math.floor(unknown.length / 3)) ? ` (did you mean --${best[0]}?)` : '';
}

async function main(): Promise<void> {
  // The receiver is a separate tool that shares nothing with the server: loaded only when asked for.
  if (process.argv[2] === 'receive') return (await import('./receive.js')).runReceive(process.argv.slice(3));
  const action = parseCli(process.argv.slice(2), process.env);
  if (action.kind === 'help') return void process.stdout.write(usage());
  if (action.kind === 'version') return void process.stdout.write(`${VERSION}\n`);
  await runUntilSignalled(loadConfig(action.env, (key) => action.typed[key] ?? key));
  signalStarted();
}

// A reader that went away (`snapengage-mock --help | head -1`) is no reason to crash with a stack trace; the logs have
// their own writer (src/stdout-log.ts).
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

main().catch((err: unknown) => {
  const known =
    err instanceof ConfigError || err instanceof BootError || ['invalid_fixtures', 'invalid_config'].includes((err as { code?: string }).code ?? '');
  process.stderr.write(`snapengage-mock: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(known ? 2 : 1);
});
