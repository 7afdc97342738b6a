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
import { suggestion } from './did-you-mean.js';
import { VERSION } from '../core/version.js';
import { packageRoot } from '../core/package-root.js';
import { settingsHelp } from '../core/settings-docs.js';

/** The demo data a newcomer's first curl relies on; the default when FIXTURES is not set. */
const DEMO_FIXTURES = join(packageRoot(), 'fixtures', 'demo.json');

const EXAMPLES = [
  'snapengage-mock                                   the sandbox on http://127.0.0.1:8080 with the demo data',
  'snapengage-mock --clock virtual --mock-seed 42    retries walk in milliseconds; generated documents repeat',
  'snapengage-mock --port 0 --db :memory:            a throwaway instance on a free port (the banner names it)',
  'snapengage-mock --api-keys k1,k2 --no-fixtures    your own keys, an empty store',
  'snapengage-mock receive --status 500              a webhook receiver on :9000 that fails every attempt',
];
/** The subcommands, besides running the server. */
const COMMANDS = ['receive'];
const ALIASES: Record<string, string> = { 'api-keys': 'SNAPENGAGE_API_KEYS', db: 'DATABASE_PATH' };

const flagOf = (key: string) => key.toLowerCase().replaceAll('_', '-');
const CONFIG_KEYS = Object.keys(configSchema.shape);

function usage(): string {
  // What each setting says of itself in the config schema, as the README's table does.
  const rows = settingsHelp().map(({ key, arg, text }) => {
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
    throw new ConfigError(`${(err as Error).message}${suggestion((err as Error).message, Object.keys(options), COMMANDS)}\nRun snapengage-mock --help for the options.`);
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
// their own writer (src/process/stdout-log.ts).
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

main().catch((err: unknown) => {
  const known =
    err instanceof ConfigError || err instanceof BootError || ['invalid_fixtures', 'invalid_config'].includes((err as { code?: string }).code ?? '');
  process.stderr.write(`snapengage-mock: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(known ? 2 : 1);
});
