// buildTestApp(): the one way tests build the app: in memory, on a virtual or the real clock, logs captured, optionally
// listening on 127.0.0.1 port 0 with a keep-alive client; closed when the test finishes.
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.js';
import { VirtualClock, type RealClock } from '../../src/core/clock.js';
import { loadConfig, type ConfigInput } from '../../src/core/config.js';

export const KEY = 'test-key-a';
export const OTHER_KEY = 'test-key-b';

/** Where the virtual clock starts: a Monday morning, so schedules and retry ladders read naturally. */
export const START_TIME = Date.UTC(2026, 0, 5, 9, 0, 0);

export type ConfigOverrides = Partial<Record<keyof ConfigInput, string>>;
type ClockMode = 'virtual' | 'real';

export interface TestAppOptions<C extends ClockMode, L extends boolean> {
  /** `virtual` (default): nothing runs until the test advances the clock. `real`: the dispatcher runs on its own. */
  clock?: C;
  /** Settings over the defaults (in memory, both test keys, LOG_LEVEL info). */
  config?: ConfigOverrides;
  /** Listen on 127.0.0.1 port 0, for tests where the network is the point. */
  listen?: L;
}

interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

export interface Listening {
  url: string;
  /** A keep-alive undici Pool to `url`, closed after the test. */
  pool: Pool;
  /** One call over `pool`; a body that is not a string or Buffer is sent as JSON. */
  request(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<HttpReply>;
}

export type TestApp<C extends ClockMode = 'virtual', L extends boolean = false> = {
  app: FastifyInstance;
  clock: C extends 'real' ? RealClock : VirtualClock;
  /** Every log line the app wrote, raw. */
  logs: string[];
} & (L extends true ? Listening : unknown);

/** The app listening on the virtual clock, as the reliability tests use it. */
export type LiveTestApp = TestApp<'virtual', true>;

export async function buildTestApp<C extends ClockMode = 'virtual', L extends boolean = false>(
  options: TestAppOptions<C, L> = {},
): Promise<TestApp<C, L>> {
  const mode: ClockMode = options.clock ?? 'virtual';
  const config = loadConfig({
    DATABASE_PATH: ':memory:',
    SNAPENGAGE_API_KEYS: `${KEY},${OTHER_KEY}`,
    LOG_LEVEL: 'info',
    ...options.config,
    CLOCK: mode,
  });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  // In memory the virtual clock starts at START_TIME. On a file the app makes its own, as the product does: resumed
  // from the store and saved to it, so a test can restart on the same file and find the clock where it was.
  const given = mode === 'virtual' && config.DATABASE_PATH === ':memory:' ? new VirtualClock(START_TIME) : undefined;
  const app = await buildApp(config, { ...(given && { clock: given }), logStream });
  const clock = app.ctx.clock;
  // Closing twice is harmless, so a test may close the app itself (to restart on the same file, say).
  onTestFinished(() => app.close());
  await app.ready();
  const built = { app, clock, logs };
  if (!options.listen) return built as unknown as TestApp<C, L>;
  return { ...built, ...(await listen(app)) } as unknown as TestApp<C, L>;
}

async function listen(app: FastifyInstance): Promise<Listening> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The pool and the server share one event loop: work that blocks it for longer than the server's keep-alive timeout
  // (5 s) between two requests lets the next request race the server closing the idle socket (ECONNRESET). Build big
  // inputs lazily, between requests, never all at once while a socket sits idle.
  const pool = new Pool(url, { connections: 8, headersTimeout: 30_000, bodyTimeout: 30_000 });
  // Registered after the app's close, so it runs first: the pool's sockets do not hold the close open.
  onTestFinished(() => pool.close());
  const request: Listening['request'] = async (method, path, options = {}) => {
    const hasBody = options.body !== undefined;
    const raw = typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body);
    const res = await pool.request({
      method,
      path,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(hasBody ? { body: raw } : {}),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) };
  };
  return { url, pool, request };
}

/** `path?api_key=key&...params`, for calls over the network. */
export const withKey = (path: string, key: string, params: Record<string, string> = {}): string =>
  `${path}?${new URLSearchParams({ api_key: key, ...params }).toString()}`;
