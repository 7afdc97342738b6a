// Process entry: config -> buildApp -> listen -> graceful shutdown. The only place that listens or touches `process`.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from './app.js';
import { DEFAULT_DEV_API_KEY, loadConfig, type Config } from './config.js';
import { VERSION } from './version.js';

export interface RunningServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 (the real port when PORT=0). */
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, deps: AppDeps = {}): Promise<RunningServer> {
  const app = await buildApp(config, deps);
  await app.listen({ port: config.PORT, host: config.HOST });
  const { port } = app.server.address() as AddressInfo;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}

/** Keys are secrets: the banner shows the documented development key, and only the start of any other. */
export function describeKeys(keys: readonly string[]): string {
  return keys
    .map((k) => {
      if (k === '*') return '* (any key accepted)';
      if (k === DEFAULT_DEV_API_KEY) return `${k} (the default development key)`;
      return `${k.slice(0, Math.min(4, Math.floor(k.length / 3)))}… (${k.length} characters)`;
    })
    .join(', ');
}

export function banner(config: Config, url: string): string {
  return [
    `snapengage-mock ${VERSION} listening on ${url}`,
    `  api keys: ${describeKeys(config.SNAPENGAGE_API_KEYS)}`,
    `  database: ${config.DATABASE_PATH}`,
    `  clock:    ${config.CLOCK}`,
    `  docs:     ${url}/documentation`,
    '',
  ].join('\n');
}

const SHUTDOWN_GRACE_MS = 10_000;

/** Runs the server until SIGTERM or SIGINT, then closes it within a bound. */
export async function runUntilSignalled(config: Config): Promise<RunningServer> {
  const server = await startServer(config);
  process.stdout.write(banner(config, server.url));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      server.app.log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}
