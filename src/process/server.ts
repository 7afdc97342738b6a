// Process entry: config -> buildApp -> listen -> graceful shutdown. The only place that listens or touches `process`.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, storeOf, type AppDeps } from '../app.js';
import { BootError } from '../core/boot-error.js';
import { DEFAULT_DEV_API_KEY, loadConfig, type Config } from '../core/config.js';
import { openDatabase, removeStoreLock } from '../db/open.js';
import { formatLogs, resolveLogFormat } from './log-format.js';
import { stdoutLog } from './stdout-log.js';
import { attachHttpsListener } from '../tls/https-listener.js';
import { loadTlsMaterial, removeGenerated, tlsSetting, type TlsMaterial } from '../tls/material.js';
import { VERSION } from '../core/version.js';

export interface RunningServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 (the real port when PORT=0). */
  url: string;
  /** e.g. https://127.0.0.1:8443; undefined when HTTPS_PORT=off. */
  httpsUrl: string | undefined;
  /** What the https listener serves, and its CA; undefined when HTTPS_PORT=off. */
  tls: TlsMaterial | undefined;
  /** Closes both listeners (in-flight requests finish), drains the dispatcher, closes the store. */
  close(): Promise<void>;
}

/**
 * `deps.tls` lets a caller bring its own certificate material (the harness shares one per process).
 *
 * The store is opened first: a start that cannot use it writes nothing beside it (tls/). A start that fails after that
 * removes what it wrote: the development certificate it generated, and the store's lock file.
 */
export async function startServer(config: Config, deps: AppDeps = {}): Promise<RunningServer> {
  const db = deps.db ?? openDatabase(config.DATABASE_PATH);
  let tls: TlsMaterial | undefined;
  let app: FastifyInstance | undefined;
  try {
    tls = config.HTTPS_PORT === 'off' ? undefined : (deps.tls ?? (await loadTlsMaterial(config)));
    app = await buildApp(config, { ...deps, db, tls });
    const https = tls && attachHttpsListener(app, tls, tlsSetting(config));
    const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
    let httpsUrl: string | undefined;
    try {
      await app.listen({ port: config.PORT, host: config.HOST });
      if (https) httpsUrl = `https://${host}:${await https.listen(config.HTTPS_PORT as number, config.HOST)}`;
    } catch (err) {
      throw listenError(err, config);
    }
    const { port } = app.server.address() as AddressInfo;
    return { app, url: `http://${host}:${port}`, httpsUrl, tls, close: () => app!.close() };
  } catch (err) {
    // The start's own error is the one to report, whatever closing makes of what it had built.
    if (app) await app.close().catch(() => undefined);
    else if (!deps.db && db.open) db.close();
    if (tls && !deps.tls) removeGenerated(tls);
    if (!deps.db) removeStoreLock(config.DATABASE_PATH);
    throw err;
  }
}

/** Why PORT/HOST cannot be listened on, as a BootError naming the setting and the fix; other errors pass through. */
function listenError(err: unknown, config: Pick<Config, 'PORT' | 'HOST'>): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const { PORT: port, HOST: host } = config;
  switch (code) {
    case 'EADDRINUSE':
      return new BootError(`PORT=${port}: ${host}:${port} is already in use (another snapengage-mock?); stop what listens there, or choose another PORT (0 picks a free one)`);
    case 'EACCES':
      return new BootError(`PORT=${port}: this user may not listen on port ${port} (ports below 1024 need privileges); choose a PORT above 1023`);
    case 'EADDRNOTAVAIL':
      return new BootError(`HOST=${host}: not an address of this machine; use 127.0.0.1, 0.0.0.0 (every interface) or one of this machine's addresses`);
    case 'EAFNOSUPPORT':
      return new BootError(`HOST=${host}: this machine does not support that address family (IPv6?); use 127.0.0.1 or 0.0.0.0`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return new BootError(`HOST=${host}: cannot resolve this name (${code}); use an address such as 127.0.0.1 or 0.0.0.0, or a name this machine resolves`);
    default:
      return err;
  }
}

/**
 * Keys are secrets: the banner shows the documented development key, and a fingerprint of any other (the first
 * 8 hex digits of its SHA-256: enough to tell which key a server runs with, nothing to call it with).
 */
export function describeKeys(keys: readonly string[]): string {
  return keys
    .map((k) => {
      if (k === '*') return '* (any key accepted)';
      if (k === DEFAULT_DEV_API_KEY) return `${k} (the default development key)`;
      return `sha256:${createHash('sha256').update(k).digest('hex').slice(0, 8)} (${k.length} characters)`;
    })
    .join(', ');
}

/** How to trust the https listener; undefined when it is off. */
function tlsTrust(config: Config, server: Pick<RunningServer, 'url' | 'httpsUrl' | 'tls'>): string | undefined {
  const { httpsUrl, tls } = server;
  if (!httpsUrl || !tls) return undefined;
  if (tls.source === 'given') return `the certificate in ${config.TLS_CERT}`;
  return tls.caPath
    ? `trust the CA in ${tls.caPath} (curl --cacert ${tls.caPath}), also at ${server.url}/_mock/tls/ca.pem${tls.source === 'generated' ? ' (new)' : ''}`
    : `trust the CA at ${server.url}/_mock/tls/ca.pem (kept in memory: set TLS_DIR to keep it)`;
}

export interface BannerFacts {
  /** The seed support requests are generated with (MOCK_SEED, or the random one this run drew). */
  seed?: number;
}

/** What the start says of itself, as fields: the banner's lines on a terminal, one JSON log line otherwise. */
function startFacts(config: Config, server: Pick<RunningServer, 'url' | 'httpsUrl' | 'tls'>, facts: BannerFacts) {
  const { url } = server;
  return {
    version: VERSION,
    url,
    // Listening on every interface: the URL a local browser or curl uses is the loopback one.
    thisMachine: ['0.0.0.0', '::'].includes(config.HOST) ? `http://127.0.0.1:${new URL(url).port}` : null,
    https: server.httpsUrl ?? null,
    tls: tlsTrust(config, server) ?? null,
    apiKeys: describeKeys(config.SNAPENGAGE_API_KEYS),
    database: config.DATABASE_PATH === ':memory:' ? ':memory: (gone when it stops)' : resolve(config.DATABASE_PATH),
    clock: config.CLOCK === 'virtual' ? 'virtual (moves only on POST /_mock/clock/advance)' : 'real',
    seed: facts.seed ?? null,
    seedDrawn: facts.seed !== undefined && config.MOCK_SEED === undefined,
    fixtures: config.FIXTURES ?? 'none',
    docs: `${url}/documentation`,
  };
}

/**
 * The JSON start line's message: the banner's first line. The URL is followed by more text, so the `listening on
 * (http://\S+)` that scripts read from the banner reads the same URL here.
 */
const startMessage = (f: ReturnType<typeof startFacts>) =>
  `snapengage-mock ${f.version} listening on ${f.url} (${f.thisMachine ? `this machine: ${f.thisMachine}; ` : ''}docs: ${f.docs})`;

export function banner(config: Config, server: Pick<RunningServer, 'url' | 'httpsUrl' | 'tls'>, facts: BannerFacts = {}): string {
  const f = startFacts(config, server, facts);
  const urls = f.thisMachine ? `${f.url} (this machine: ${f.thisMachine})` : f.url;
  const seed = f.seed === null ? '' : `${f.seed}${f.seedDrawn ? ` (drawn at random; MOCK_SEED=${f.seed} repeats this run)` : ''}`;
  return [
    `snapengage-mock ${VERSION} listening on ${urls}`,
    ...(f.https === null ? ['  https:    off (HTTPS_PORT=off)'] : [`  https:    ${f.https}`, `  tls:      ${f.tls}`]),
    `  api keys: ${f.apiKeys}`,
    `  database: ${f.database}`,
    `  clock:    ${f.clock}`,
    ...(seed ? [`  seed:     ${seed}`] : []),
    `  fixtures: ${f.fixtures}`,
    `  docs:     ${f.docs}`,
    '',
  ].join('\n');
}

/**
 * Runs the server until SIGTERM or SIGINT. Then: stop accepting (new requests on open connections get 503), let
 * in-flight requests finish and the dispatcher drain (app.close), close the database, exit 0. Past
 * SHUTDOWN_TIMEOUT_MS, or on a second signal, connections are cut, the database closed and the exit code is 1.
 */
export async function runUntilSignalled(config: Config, deps: AppDeps = {}): Promise<RunningServer> {
  // Logs and the banner share one writer that a closed or stalled stdout cannot wedge (see stdout-log.ts).
  const out = deps.logStream ?? stdoutLog();
  const format = resolveLogFormat(config.LOG_FORMAT, process.stdout.isTTY === true);
  const logs = deps.logStream ? out : await formatLogs(format, out, process.stdout.isTTY === true);
  const server = await startServer(config, { ...deps, logStream: logs });
  const { app } = server;
  let stopping = false;

  const forceExit = (reason: string) => {
    app.log.error({ graceMs: config.SHUTDOWN_TIMEOUT_MS }, reason);
    app.server.closeAllConnections();
    app.httpsServer?.closeAllConnections();
    // A committed write is safe either way (WAL); closing checkpoints it into the main file.
    const db = storeOf(app);
    if (db.open) db.close();
    process.exit(1);
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return forceExit(`${signal} again: stopping now`);
    stopping = true;
    app.log.info({ signal, graceMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => forceExit('shutdown took too long: connections cut'), config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    server.close().then(
      () => {
        app.log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Only now: whoever waits for the banner may signal at once, and must find the handlers in place. Piped (JSON logs),
  // the banner is one more JSON line, so stdout stays JSON lines only; the facts are its fields. Like the text banner
  // it is written whatever LOG_LEVEL says: scripts wait for it (a child logger's level is its own).
  const facts = { seed: server.app.ctx.random.seed };
  if (format === 'json') {
    const fields = startFacts(config, server, facts);
    app.log.child({}, { level: 'info' }).info(fields, startMessage(fields));
  } else out.write(banner(config, server, facts));
  return server;
}
