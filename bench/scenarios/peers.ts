// `npm run bench -- --peers`: the same user served by WireMock (a stub mapping), Prism (an OpenAPI example) and
// json-server (a JSON file), measured with the mock and both ceilings by the same method in one run: cold start,
// requests/s, p50/p99, peak RSS. The peers are installed from npm into a temporary folder, never into the project.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { call } from '../lib/http.js';
import { freePort, spawnHelper, spawnMock, spawnServer, waitFor, type Child } from '../lib/processes.js';
import type { Section } from '../lib/report.js';
import { BENCH_KEY, userEmail } from '../lib/seed.js';
import { fmt, median } from '../lib/stats.js';

/** Versions pinned by major, so a later run measures the same programs. */
const PACKAGES = ['wiremock@3', '@stoplight/prism-cli@5', 'json-server@0.17'];

export interface PeersOptions {
  runs: number;
  durationS: number;
  connections: number;
  /** Cold starts per server. */
  starts: number;
  dir: string;
  oneUserDb: string;
}

interface Server {
  name: string;
  /** Starts one instance, not waited for. */
  start(): Promise<Child & { spawnedAt: number }>;
  /** What it does that the mock does not, or the other way round: the comparison's fine print. */
  note: string;
}

interface Figures {
  coldMs: number[];
  rps: number[];
  p50: number[];
  p99: number[];
  peakMb: number[];
}

function install(dir: string): string {
  const prefix = join(dir, 'peers');
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{"private":true}');
  process.stderr.write(`  installing ${PACKAGES.join(', ')} into ${prefix} (npm)\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES], { cwd: prefix, stdio: ['ignore', 'ignore', 'inherit'] });
  return join(prefix, 'node_modules');
}

function hasJava(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function peers(opts: PeersOptions): Promise<Section> {
  const modules = install(opts.dir);
  const path = `/api/v1/user.json?api_key=${BENCH_KEY}&email=${encodeURIComponent(userEmail(0))}`;
  let body: string;
  copyFileSync(opts.oneUserDb, join(opts.dir, 'peers-mock.db'));
  const seeded = await spawnMock({ env: { SNAPENGAGE_API_KEYS: BENCH_KEY, DATABASE_PATH: join(opts.dir, 'peers-mock.db') } });
  try {
    body = (await call(seeded.url, 'GET', path, undefined, { key: null })).text;
  } finally {
    await seeded.stop();
  }
  const user = JSON.parse(body) as Record<string, unknown>;
  const BARE_ROUTES = JSON.stringify({ 'GET /api/v1/user.json': { status: 200, body } });

  // WireMock: one stub mapping matching the path and both query parameters.
  const wiremockRoot = join(opts.dir, 'wiremock');
  mkdirSync(join(wiremockRoot, 'mappings'), { recursive: true });
  writeFileSync(
    join(wiremockRoot, 'mappings', 'user.json'),
    JSON.stringify({
      request: {
        method: 'GET',
        urlPath: '/api/v1/user.json',
        queryParameters: { api_key: { equalTo: BENCH_KEY }, email: { equalTo: userEmail(0) } },
      },
      response: { status: 200, body, headers: { 'Content-Type': 'application/json; charset=utf-8' } },
    }),
  );
  const jar = join(modules, 'wiremock', 'build', readdirSync(join(modules, 'wiremock', 'build')).find((f) => f.endsWith('.jar'))!);
  // Prism: an OpenAPI document whose one operation has the user as its example.
  const spec = join(opts.dir, 'prism-openapi.json');
  const query = (name: string) => ({ name, in: 'query', required: true, schema: { type: 'string' } });
  writeFileSync(
    spec,
    JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'peer', version: '1' },
      paths: {
        '/api/v1/user.json': {
          get: {
            parameters: [query('api_key'), query('email')],
            responses: {
              200: {
                description: 'the user',
                content: {
                  'application/json': {
                    schema: { type: 'object', properties: Object.fromEntries(Object.keys(user).map((k) => [k, { type: 'string' }])) },
                    example: user,
                  },
                },
              },
            },
          },
        },
      },
    }),
  );
  // json-server: the user as a singular resource of a JSON file, the route rewritten to it.
  const jsonDb = join(opts.dir, 'json-server-db.json');
  writeFileSync(jsonDb, JSON.stringify({ user }));
  const jsonRoutes = join(opts.dir, 'json-server-routes.json');
  writeFileSync(jsonRoutes, JSON.stringify({ '/api/v1/user.json*': '/user' }));

  let mockCopies = 0;
  const servers: Server[] = [
    { name: 'bare node:http', start: () => spawnHelper('bare-server.js', { BARE_ROUTES }, { noWait: true }), note: 'constant bytes, no routing: the ceiling' },
    {
      name: 'plain Fastify',
      start: () => spawnHelper('fastify-server.js', { BARE_ROUTES }, { noWait: true }),
      note: 'constant bytes, default request logging: the framework floor',
    },
    {
      name: 'snapengage-mock',
      start: () => {
        const db = join(opts.dir, `peers-mock-${mockCopies++}.db`);
        copyFileSync(opts.oneUserDb, db);
        return spawnMock({ env: { SNAPENGAGE_API_KEYS: BENCH_KEY, DATABASE_PATH: db }, noWait: true, pin: true });
      },
      note: 'reads the user from SQLite, checks the api_key and validates the query, journals the request, one log line',
    },
    ...(hasJava()
      ? [
          {
            name: 'WireMock 3 (fresh JVM)',
            start: async () => {
              const port = await freePort();
              return spawnServer('wiremock', 'java', ['-jar', jar, '--port', String(port), '--bind-address', '127.0.0.1', '--root-dir', wiremockRoot, '--disable-banner'], port);
            },
            note: 'matches the request against its stubs and keeps it in its request journal; no store, no validation; the JVM keeps compiling while measured',
          },
        ]
      : []),
    {
      name: 'Prism 5',
      start: async () => {
        const port = await freePort();
        return spawnServer('prism', process.execPath, [join(modules, '@stoplight/prism-cli/dist/index.js'), 'mock', spec, '-p', String(port), '-h', '127.0.0.1'], port);
      },
      note: 'validates the request against the OpenAPI document and answers its example; several log lines per request; no store, no api_key check',
    },
    {
      name: 'json-server 0.17',
      start: async () => {
        const port = await freePort();
        return spawnServer('json-server', process.execPath, [join(modules, 'json-server/lib/cli/bin.js'), jsonDb, '--routes', jsonRoutes, '-p', String(port), '-H', '127.0.0.1'], port);
      },
      note: 'answers the object held in memory from the JSON file (pretty-printed, ETag, CORS, a log line); no validation, no api_key check, the query ignored',
    },
  ];

  const figures = new Map<string, Figures>(servers.map((s) => [s.name, { coldMs: [], rps: [], p50: [], p99: [], peakMb: [] }]));
  // Cold starts, rotating the order like every ratio of this bench.
  for (let i = 0; i < opts.starts; i++) {
    for (let k = 0; k < servers.length; k++) {
      const server = servers[(k + i) % servers.length]!;
      const child = await server.start();
      try {
        figures.get(server.name)!.coldMs.push(await waitFor(`${child.url}${path}`, child.spawnedAt, 200, 60_000));
      } finally {
        await child.stop();
      }
    }
  }
  // Throughput: one live instance each, warmed, then measured in turns.
  const live = new Map<string, Child>();
  try {
    for (const server of servers) {
      const child = await server.start();
      await waitFor(`${child.url}${path}`, child.spawnedAt, 200, 60_000);
      live.set(server.name, child);
      await autocannon({ url: child.url + path, connections: opts.connections, duration: 1 });
    }
    for (let i = 0; i < opts.runs; i++) {
      for (let k = 0; k < servers.length; k++) {
        const server = servers[(k + i) % servers.length]!;
        const r = await autocannon({ url: live.get(server.name)!.url + path, connections: opts.connections, duration: opts.durationS });
        if (r.errors || r.timeouts || r.non2xx) throw new Error(`${server.name}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx answers`);
        const f = figures.get(server.name)!;
        f.rps.push(r.requests.total / r.duration);
        f.p50.push(r.latency.p50);
        f.p99.push(r.latency.p99);
      }
    }
    for (const server of servers) figures.get(server.name)!.peakMb.push(live.get(server.name)!.rssMb().peak);
  } finally {
    for (const child of live.values()) await child.stop();
  }

  const bare = figures.get('bare node:http')!;
  const fastify = figures.get('plain Fastify')!;
  // Ratios run by run (the same turn of the load), then their median.
  const ratio = (f: Figures, to: Figures) => `${fmt(median(f.rps.map((x, i) => x / to.rps[i]!)) * 100)}%`;
  const table = [
    '| server | cold start | requests/s | of bare node:http | of plain Fastify | p50 / p99 | peak RSS | what it does per request |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...servers.map((s) => {
      const f = figures.get(s.name)!;
      return `| ${s.name} | ${fmt(median(f.coldMs))} ms | ${fmt(median(f.rps))} | ${ratio(f, bare)} | ${ratio(f, fastify)} | ${fmt(median(f.p50))} / ${fmt(median(f.p99))} ms | ${fmt(median(f.peakMb))} MB | ${s.note} |`;
    }),
  ].join('\n');
  for (const s of servers) {
    const f = figures.get(s.name)!;
    process.stderr.write(`  peers ${s.name}: cold ${f.coldMs.map((x) => fmt(x)).join(', ')} ms; req/s ${f.rps.map((x) => fmt(x)).join(', ')}\n`);
  }
  return {
    title: 'Peers',
    method: [
      `The same user served by each server on the same path and query: WireMock from a stub mapping (\`java -jar\` of the jar the \`wiremock\` npm package ships), Prism from an OpenAPI example (\`prism mock\`), json-server from a JSON file (a singular resource, the path rewritten to it), installed with npm into a temporary folder (${PACKAGES.join(', ')}), beside the mock and both ceilings.`,
      `Same method for all: the server pinned to core 0, autocannon on core 1, ${opts.connections} connections, ${opts.durationS} s per measurement after a 1 s warm-up, ${opts.runs} runs in rotating order; cold start is spawn to the first 200 on that route (${opts.starts} starts each); peak RSS is VmHWM after the load. Logs go to /dev/null for all.`,
    ].join(' '),
    rows: [],
    notes: [
      table,
      'Fairness: the peers answer a canned body, so they skip what makes the mock a mock (a store that PUT and DELETE change, the api_key and tenancy rules, the error envelope, webhooks); WireMock and Prism do their own per-request work (matching, a request journal, OpenAPI validation), json-server almost none. A JVM measured a second after it starts is still compiling: a long-running WireMock gets faster than its row here.',
    ],
  };
}
