// Provisioning throughput and latency under autocannon, next to bare node:http answering the same bodies.
import { copyFileSync } from 'node:fs';
import autocannon, { type Options, type Result } from 'autocannon';
import { call, userBody, widgetBody } from '../lib/http.js';
import { spawnHelper, spawnMock, type Child } from '../lib/processes.js';
import { fmt, median } from '../lib/stats.js';
import { BENCH_KEY, userEmail } from '../lib/seed.js';
import { verdict, type Row, type Section } from '../lib/report.js';

export interface ThroughputOptions {
  runs: number;
  durationS: number;
  connections: number;
  dbPath: string;
  /** A store holding userEmail(0) under BENCH_KEY. */
  oneUserDb: string;
}

interface Load {
  name: string;
  options: (url: string) => Options;
  target?: number;
}

interface Sample {
  rps: number;
  /** CPU time (user + system) the server process spent per request, in µs: steadier than req/s on a shared machine. */
  cpuUs: number;
  p50: number;
  p99: number;
}

function check(result: Result, what: string): Sample {
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${what}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  return { rps: result.requests.total / result.duration, cpuUs: 0, p50: result.latency.p50, p99: result.latency.p99 };
}

export async function throughput(opts: ThroughputOptions): Promise<Section> {
  const mock = await spawnMock({ env: { DATABASE_PATH: opts.dbPath, SNAPENGAGE_API_KEYS: BENCH_KEY }, pin: true });
  let bare: Child | undefined;
  let plainFastify: Child | undefined;
  try {
    const owner = 'owner@bench.example.com';
    await call(mock.url, 'PUT', '/api/v1/user.json', userBody(owner));
    const uuid = (await call(mock.url, 'PUT', '/api/v1/widget.json', widgetBody(owner))).json().uuid as string;
    const userPath = `/api/v1/user.json?api_key=${BENCH_KEY}&email=${encodeURIComponent(owner)}`;
    const widgetPath = `/api/v1/widget.json?api_key=${BENCH_KEY}&uuid=${uuid}&email=${encodeURIComponent(owner)}`;
    const created = await call(mock.url, 'PUT', '/api/v1/user.json', userBody('sample@bench.example.com'));
    await call(mock.url, 'DELETE', '/api/v1/user.json?email=sample@bench.example.com');

    // The ceiling answers each route with the very bytes the mock answers.
    const BARE_ROUTES = JSON.stringify({
      'GET /api/v1/user.json': { status: 200, body: (await call(mock.url, 'GET', userPath, undefined, { key: null })).text },
      'GET /api/v1/widget.json': { status: 200, body: (await call(mock.url, 'GET', widgetPath, undefined, { key: null })).text },
      'PUT /api/v1/user.json': { status: 201, body: created.text },
      'DELETE /api/v1/user.json': { status: 200, body: '' },
    });
    bare = await spawnHelper('bare-server.js', { BARE_ROUTES });
    plainFastify = await spawnHelper('fastify-server.js', { BARE_ROUTES });

    let counter = 0;
    const loads: Load[] = [
      { name: 'GET user', target: 0.45, options: (url) => ({ url: url + userPath }) },
      {
        name: 'PUT+DELETE user',
        options: (url) => ({
          url,
          requests: [
            {
              method: 'PUT',
              path: `/api/v1/user.json?api_key=${BENCH_KEY}`,
              headers: { 'content-type': 'application/json' },
              setupRequest: (req, context) => {
                context.email = `load${counter++}@bench.example.com`;
                return { ...req, body: JSON.stringify(userBody(String(context.email))) };
              },
            },
            {
              method: 'DELETE',
              setupRequest: (req, context) => ({ ...req, path: `/api/v1/user.json?api_key=${BENCH_KEY}&email=${encodeURIComponent(String(context.email))}` }),
            },
          ],
        }),
      },
      { name: 'GET widget', options: (url) => ({ url: url + widgetPath }) },
    ];

    const servers = { mock, bare, fastify: plainFastify };
    type Side = keyof typeof servers;
    const sides: Side[] = ['mock', 'bare', 'fastify'];
    const samples = new Map<string, { mock: Sample[]; bare: Sample[]; fastify: Sample[]; ratio: number[]; fastifyRatio: number[] }>();
    const run = async (load: Load, server: Side, durationS: number): Promise<Sample> => {
      const cpuBefore = servers[server].cpuMs();
      const result = await autocannon({ ...load.options(servers[server].url), connections: opts.connections, duration: durationS });
      const sample = check(result, `${load.name} on ${server}`);
      return { ...sample, cpuUs: ((servers[server].cpuMs() - cpuBefore) * 1000) / result.requests.total };
    };
    // Warm every side (JIT, SQLite page cache) before anything counts.
    for (const load of loads) for (const server of sides) await run(load, server, 1);

    for (let i = 0; i < opts.runs; i++) {
      for (const load of loads) {
        // Rotate the order, so no side always runs first (or last) on a machine whose load drifts.
        const order = sides.map((_, k) => sides[(k + i) % sides.length]!);
        const got: Partial<Record<Side, Sample>> = {};
        for (const server of order) got[server] = await run(load, server, opts.durationS);
        const entry = samples.get(load.name) ?? { mock: [], bare: [], fastify: [], ratio: [], fastifyRatio: [] };
        entry.mock.push(got.mock!);
        entry.bare.push(got.bare!);
        entry.fastify.push(got.fastify!);
        entry.ratio.push(got.mock!.rps / got.bare!.rps);
        entry.fastifyRatio.push(got.fastify!.rps / got.bare!.rps);
        samples.set(load.name, entry);
        process.stderr.write(
          `  throughput ${load.name} run ${i + 1}: mock ${fmt(got.mock!.rps)}, plain Fastify ${fmt(got.fastify!.rps)}, bare ${fmt(got.bare!.rps)} req/s\n`,
        );
      }
    }

    // Peak RSS under the GET load alone, on a fresh mock: the PUT+DELETE load's garbage would otherwise set the peak of
    // the process measured above (and did, by 16 MB a hash, while passwords were scrypt hashes).
    const getPeak: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      // A copy of the seeded store, not a PUT: the figure is what serving reads costs, nothing else.
      const db = `${opts.dbPath}-rss-${i}.db`;
      copyFileSync(opts.oneUserDb, db);
      const fresh = await spawnMock({ env: { DATABASE_PATH: db, SNAPENGAGE_API_KEYS: BENCH_KEY }, pin: true });
      try {
        const load = { url: `${fresh.url}/api/v1/user.json?api_key=${BENCH_KEY}&email=${encodeURIComponent(userEmail(0))}` };
        check(await autocannon({ ...load, connections: opts.connections, duration: opts.durationS }), 'GET user (RSS)');
        getPeak.push(fresh.rssMb().peak);
      } finally {
        await fresh.stop();
      }
    }

    const rows: Row[] = loads.flatMap((load): Row[] => {
      const s = samples.get(load.name)!;
      const ratio = median(s.ratio);
      const latency = (xs: Sample[]) => `${fmt(median(xs.map((x) => x.p50)))} / ${fmt(median(xs.map((x) => x.p99)))} ms`;
      return [
        {
          measure: `${load.name}: requests/s (${opts.connections} connections)`,
          mock: fmt(median(s.mock.map((x) => x.rps))),
          ceiling: fmt(median(s.bare.map((x) => x.rps))),
          ratio: `${fmt(ratio * 100, 1)}%`,
          ...(load.target !== undefined
            ? { target: `>= ${fmt(load.target * 100)}% of bare`, verdict: verdict(ratio >= load.target) }
            : {}),
          runs: s.ratio.map((r, i) => `${fmt(s.mock[i]!.rps)} vs ${fmt(s.bare[i]!.rps)} (${fmt(r * 100, 1)}%)`).join('; '),
        },
        { measure: `${load.name}: latency p50 / p99`, mock: latency(s.mock), ceiling: latency(s.bare) },
        {
          measure: `${load.name}: server CPU per request (ratio: bare's CPU per request over the mock's)`,
          mock: `${fmt(median(s.mock.map((x) => x.cpuUs)))} µs`,
          ceiling: `${fmt(median(s.bare.map((x) => x.cpuUs)))} µs`,
          ratio: `${fmt(median(s.mock.map((x, i) => s.bare[i]!.cpuUs / x.cpuUs)) * 100, 1)}%`,
          runs: s.mock.map((x, i) => `${fmt(x.cpuUs)} vs ${fmt(s.bare[i]!.cpuUs)} µs`).join('; '),
        },
        {
          measure: `${load.name}: plain Fastify, same bytes, default request logging (the framework's floor), requests/s`,
          mock: fmt(median(s.fastify.map((x) => x.rps))),
          ceiling: fmt(median(s.bare.map((x) => x.rps))),
          ratio: `${fmt(median(s.fastifyRatio) * 100, 1)}%`,
        },
      ];
    });
    rows.splice(3, 0, {
      measure: `GET user: peak RSS under that load (a fresh mock, GET only, ${opts.durationS} s)`,
      mock: `${fmt(median(getPeak), 1)} MB`,
      target: '< 100 MB',
      verdict: verdict(median(getPeak) < 100),
      runs: getPeak.map((x) => `${fmt(x, 1)} MB`).join(', '),
    });
    return {
      title: 'Provisioning throughput',
      method: [
        `autocannon, ${opts.connections} keep-alive connections, ${opts.durationS} s per measurement after a 1 s warm-up, ${opts.runs} runs.`,
        'The mock runs as users run it: `node dist/cli.js`, default LOG_LEVEL (info, to /dev/null), a SQLite file in WAL mode.',
        'The ceiling is `bench/bare-server.ts`: node:http in its own process answering each route with the exact bytes the mock answers.',
        'Beside them, `bench/fastify-server.ts` answers the same bytes from a plain Fastify app with its default request logging: what any Fastify service pays before doing its own work.',
        'PUT+DELETE creates a fresh user (hashing its password) and deletes it; both requests count.',
      ].join(' '),
      rows,
      notes: [
        "Where a GET spends its CPU, from a profile of the mock under this load (`node --cpu-prof dist/cli.js`, µs per request, about 80 in all): the socket write ~14.5 (what the bare server pays too), Node's http and streams ~12, garbage collection ~7, Fastify ~6, the journal's entry ~4, the SQLite read ~4, pino ~3.5, zod's validation of the query ~1.5, the response serializer ~1.2, then the hooks. Removed in 2026-11: a write(2) per log line, a deep redacted copy of every query and a Date.parse per journal entry, SELECT * of an 11-column row, six promise-based hooks, pino's path redaction (it cloned every request line and matched nothing: the req serializer is what keeps headers out), a pino child logger per request (now made on a route's first line), zod's parse of every response (a plan compiled from the same schema checks and rebuilds it), and the WAL read lock SQLite took and dropped around every statement (the reads of one event-loop turn now share one read transaction; any write closes it first). Peak RSS: the command caps the old generation's growth (--heap-growing-percent=30) and keeps the young generation at its initial size; what remains is about 44 MB of file-backed pages (the node binary) and 43 MB anonymous (a V8 heap of ~27 MB, SQLite's page cache, TLS, libuv). Measured and rejected: SQLite's exclusive locking mode (no other process could open the store while the mock runs), caching reads in memory (a failing disk must still answer 503/507), a hand-written JSON builder for the journal (slower than JSON.stringify), a 4 MB semi-space (more RSS, no CPU gained), --optimize-for-size (more CPU).",
        'PUT+DELETE: a create hashes the password with HMAC-SHA-256 under a key of the process (about 2 us); until 2026-12 it was scrypt (N=1024, r=8), about 3 ms of CPU per user, which bounded this row.',
      ],
    };
  } finally {
    await plainFastify?.stop();
    await bare?.stop();
    await mock.stop();
  }
}
