// The reliability suite's harness: the app listening on 127.0.0.1 port 0 in-process, its logs captured, and one keep-alive undici Pool to it.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { afterEach } from 'vitest';
import type { VirtualClock } from '../../../src/clock.js';
import type { ConfigInput } from '../../../src/config.js';
import { buildTestApp, KEY, OTHER_KEY } from '../../helpers/build-test-app.js';

export const KEY_A = KEY;
export const KEY_B = OTHER_KEY;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

export interface LiveServer {
  app: FastifyInstance;
  url: string;
  pool: Pool;
  clock: VirtualClock;
  /** Every log line the app wrote, raw. */
  logs: string[];
  request(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<Reply>;
}

const pools: Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

/** buildTestApp() (in-memory store, virtual clock, captured logs), listening on 127.0.0.1 port 0. */
export async function startLiveServer(overrides: Partial<Record<keyof ConfigInput, string>> = {}): Promise<LiveServer> {
  const { app, clock, logs } = await buildTestApp(overrides);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const pool = new Pool(url, { connections: 8, headersTimeout: 30_000, bodyTimeout: 30_000 });
  pools.push(pool);

  const request: LiveServer['request'] = async (method, path, options = {}) => {
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

  return { app, url, pool, clock, logs, request };
}

export const withKey = (path: string, key: string, params: Record<string, string> = {}): string =>
  `${path}?${new URLSearchParams({ api_key: key, ...params }).toString()}`;

export const userBody = (over: Record<string, unknown> = {}) => ({
  email: 'jim@example.com',
  name: 'Jimbo Something',
  password: '12345',
  phone: '555-617-8980',
  accountType: 'enterprise',
  ...over,
});

export const widgetBody = (email: string, over: Record<string, unknown> = {}) => ({
  email,
  name: 'Support',
  destinationEmail: 'transcripts@example.com',
  agents: [{ agentId: 'agent@example.com', agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
  enableProactiveChat: 'true',
  enableConversations: true,
  conversationSchedule: {
    timeZone: 'Europe/Berlin',
    schedules: [{ dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00 AM', '5:00 PM'] }],
  },
  ...over,
});

/** Creates a user and one widget under `key`; returns the widget's uuid. */
export async function seedUserAndWidget(live: LiveServer, key: string, email: string, over: Record<string, unknown> = {}): Promise<string> {
  const user = await live.request('PUT', withKey('/api/v1/user.json', key), { body: userBody({ email, ...over }) });
  if (user.status !== 201) throw new Error(`seeding user ${email}: ${user.status} ${user.text}`);
  const widget = await live.request('PUT', withKey('/api/v1/widget.json', key), { body: widgetBody(email) });
  if (widget.status !== 201) throw new Error(`seeding widget for ${email}: ${widget.status} ${widget.text}`);
  return widget.json().uuid as string;
}

/** Every row of every table, for before/after comparisons of the whole store. */
export function dumpStore(app: FastifyInstance): Record<string, string[]> {
  const tables = app.ctx.db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  // Sorted as text, so a table created WITHOUT ROWID compares as well as any other.
  return Object.fromEntries(
    tables.map(({ name }) => [name, app.ctx.db.prepare(`SELECT * FROM "${name}"`).all().map((row) => JSON.stringify(row)).sort()]),
  );
}
