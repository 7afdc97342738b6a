// What one test pays the mock: the cycle a CI suite runs before each test (reset the key, a user, a widget, the
// integration, a support request, its first attempt), in-process and against the CLI, on the virtual and the real
// clock, each beside the same round trips against bare node:http in the same run (the floor). Issue 25.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { alternate, BLOCK, cycle, recordRoutes, replayWebhook, startReceiver, STEPS, type Samples } from '../lib/cycle.js';
import { BUILT_BENCH, ROOT, serverCommand, spawnHelper, spawnMock } from '../lib/processes.js';
import { verdict, type Row, type Section } from '../lib/report.js';
import { fmt, median, percentile } from '../lib/stats.js';

const KEY = 'cycle-api-key';
const NOTE =
  'Before this work (commit 7a9cd84, the same method, alternating with the new build, load average 2.5-2.8): 2.64-2.67x the floor in-process on the virtual clock (p50 about 10 ms against 3.8 ms). What changed since: passwords are an HMAC-SHA-256 under a key of the process instead of scrypt (the user PUT was 8.4 ms p50 under load, most of it the hash and its trip through the thread pool); a key\'s reset keeps the foreign-key checks on (turning them off expired every prepared statement, which the next calls compiled again); a memory store no longer batches its reads; requests and responses go through plans compiled once from their zod schemas (validation about 145 us a cycle against 255 us); one transaction wrapper serves every write; an advance stops claiming once nothing more is due (48 statements a cycle against 54); a settled wait reads once; writes read back nothing that RETURNING or a constraint gives; a webhook\'s response body no longer builds an error, stack trace and all, on every close. What remains, from CPU profiles: the server\'s own CPU per cycle is about 2.3 ms (5.3 ms before; about 0.6 ms for the bare server): SQLite about a fifth (each statement runs once, between HTTP exchanges, at about three times its cost in a loop), the HTTP exchanges (what the bare server pays too), Fastify, the dispatcher\'s lease, attempt and record, building the support request, zod\'s email and URL checks. Turning off every per-request hook at once (journal, faults, guards, events, validation, the response plan) saved about 5%: what is left is 0.3-0.5 ms a step, spread over the work each does. Tried and not kept: a reset that first probes which tables hold the key\'s rows (5 us of about 115). A --quick run (50 cycles after 20 untimed, the code still warming up) swells the floor and does not tell builds apart.';
const TARGET = 1.5;

type Variant = 'in-process, virtual clock' | 'in-process, real clock' | 'CLI over HTTP, virtual clock' | 'CLI over HTTP, real clock';
const VARIANTS: Variant[] = ['in-process, virtual clock', 'in-process, real clock', 'CLI over HTTP, virtual clock', 'CLI over HTTP, real clock'];

interface Opts {
  runs: number;
  warmUp: number;
  cycles: number;
  dir: string;
}

/** startMock() and the floor in one process of their own, on the server core, as a suite runs in its worker. */
async function inProcess(virtual: boolean, opts: Opts, extra: Record<string, string> = {}): Promise<{ mock: Samples; floor: Samples }> {
  const [command, args] = serverCommand(process.execPath, [`${BUILT_BENCH}cycle-in-process.js`]);
  const env = {
    PATH: process.env.PATH ?? '',
    MOCK_ROOT: ROOT,
    CYCLE_CLOCK: virtual ? 'virtual' : 'real',
    CYCLE_WARM_UP: String(opts.warmUp),
    CYCLE_RUNS: String(opts.cycles),
    ...extra,
  };
  const { stdout } = await promisify(execFile)(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(stdout) as { mock: Samples; floor: Samples };
}

/** `node dist/cli.js` (a SQLite file, default logging) and bench/bare-server.ts on the server core; this process is the client. */
async function overHttp(virtual: boolean, opts: Opts, name: string): Promise<{ mock: Samples; floor: Samples }> {
  const { createMockClient } = (await import(pathToFileURL(`${ROOT}dist/index.js`).href)) as typeof import('../../src/index.js');
  const receiver = await startReceiver();
  const mock = await spawnMock({ env: { SNAPENGAGE_API_KEYS: KEY, DATABASE_PATH: join(opts.dir, `${name}.db`), CLOCK: virtual ? 'virtual' : 'real' }, pin: true });
  try {
    const mockSide = { client: createMockClient({ url: mock.url, apiKey: KEY }), virtual, receiverUrl: receiver.url };
    const routes = await recordRoutes(() => cycle(mockSide));
    const bare = await spawnHelper('bare-server.js', { BARE_ROUTES: JSON.stringify(routes) });
    const webhook = replayWebhook(receiver);
    try {
      const floorSide = { client: createMockClient({ url: bare.url, apiKey: KEY }), virtual, receiverUrl: receiver.url, deliver: webhook.deliver };
      return await alternate(mockSide, floorSide, opts);
    } finally {
      await webhook.close();
      await bare.stop();
    }
  } finally {
    await mock.stop();
    await receiver.close();
  }
}

interface Figures {
  p50: number;
  p99: number;
}
const figures = (xs: number[]): Figures => ({ p50: percentile(xs, 50), p99: percentile(xs, 99) });
/** The median over runs of each run's percentile. */
const over = (runs: Figures[]): Figures => ({ p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)) });
const ms = (f: Figures) => `${fmt(f.p50, 2)} / ${fmt(f.p99, 2)} ms`;

export async function cycleScenario(opts: Opts): Promise<Section> {
  const results = new Map<Variant, Array<{ mock: Samples; floor: Samples }>>(VARIANTS.map((v) => [v, []]));
  for (let run = 0; run < opts.runs; run++) {
    // Rotated, so no variant always runs first (or last) in a run.
    for (const [i, variant] of VARIANTS.map((v, i) => [i, v] as const).sort(([a], [b]) => ((a + run) % VARIANTS.length) - ((b + run) % VARIANTS.length))) {
      const virtual = variant.endsWith('virtual clock');
      const samples = variant.startsWith('in-process') ? await inProcess(virtual, opts) : await overHttp(virtual, opts, `cycle-${run}-${i}`);
      results.get(variant)!.push(samples);
      const m = figures(samples.mock.cycle);
      const f = figures(samples.floor.cycle);
      process.stderr.write(`  cycle run ${run + 1}, ${variant}: mock ${ms(m)}, floor ${ms(f)}, ${fmt(m.p50 / f.p50, 2)}×\n`);
    }
  }
  // The framework's share of the floor: plain Fastify answering the mock's bytes in its place, against the same floor.
  const framework: Array<{ mock: Samples; floor: Samples }> = [];
  for (let run = 0; run < opts.runs; run++) {
    framework.push(await inProcess(true, opts, { CYCLE_SUBJECT: 'fastify' }));
    const last = framework.at(-1)!;
    process.stderr.write(`  cycle run ${run + 1}, plain Fastify in the mock's place: ${ms(figures(last.mock.cycle))}, floor ${ms(figures(last.floor.cycle))}\n`);
  }
  const rows: Row[] = [];
  const stepLines: string[] = ['| variant | step | mock p50 / p99 | floor p50 / p99 | ratio of p50s |', '|---|---|---:|---:|---:|'];
  for (const variant of VARIANTS) {
    const runs = results.get(variant)!;
    const ratios = runs.map((r) => percentile(r.mock.cycle, 50) / percentile(r.floor.cycle, 50));
    const mock = over(runs.map((r) => figures(r.mock.cycle)));
    const floor = over(runs.map((r) => figures(r.floor.cycle)));
    const ratio = median(ratios);
    const isTarget = variant === 'in-process, virtual clock';
    rows.push({
      measure: `cycle (${variant}): p50 / p99`,
      mock: ms(mock),
      ceiling: ms(floor),
      ratio: `${fmt(ratio, 2)}×`,
      ...(isTarget ? { target: `<= ${TARGET}× bare node:http`, verdict: verdict(ratio <= TARGET) } : {}),
      runs: runs.map((r, i) => `${fmt(percentile(r.mock.cycle, 50), 2)} vs ${fmt(percentile(r.floor.cycle, 50), 2)} ms (${fmt(ratios[i]!, 2)}×)`).join('; '),
    });
    if (variant.startsWith('in-process')) {
      const cpuRatios = runs.map((r) => median(r.mock.cpu) / median(r.floor.cpu));
      rows.push({
        measure: `cycle (${variant}): CPU time per cycle, median (client and server: one process)`,
        mock: `${fmt(median(runs.map((r) => median(r.mock.cpu))), 2)} ms`,
        ceiling: `${fmt(median(runs.map((r) => median(r.floor.cpu))), 2)} ms`,
        ratio: `${fmt(median(cpuRatios), 2)}×`,
        runs: cpuRatios.map((x) => `${fmt(x, 2)}×`).join(', '),
      });
    }
    if (isTarget) {
      const ratios = framework.map((r) => percentile(r.mock.cycle, 50) / percentile(r.floor.cycle, 50));
      rows.push({
        measure: `cycle (${variant}): plain Fastify answering the mock's bytes in its place (what the framework alone costs): p50 / p99`,
        mock: ms(over(framework.map((r) => figures(r.mock.cycle)))),
        ceiling: ms(over(framework.map((r) => figures(r.floor.cycle)))),
        ratio: `${fmt(median(ratios), 2)}×`,
        runs: ratios.map((x) => `${fmt(x, 2)}×`).join(', '),
      });
    }
    for (const step of STEPS) {
      const m = over(runs.map((r) => figures(r.mock.steps[step])));
      const f = over(runs.map((r) => figures(r.floor.steps[step])));
      stepLines.push(`| ${variant} | ${step} | ${ms(m)} | ${ms(f)} | ${fmt(m.p50 / f.p50, 2)}× |`);
    }
  }
  return {
    title: 'One test\'s cycle through the mock',
    method: `What a CI suite pays the mock for every test: reset its key (\`reset()\`), PUT a user and a widget, set the widget's integration, fire a support request, and wait for its first attempt (\`advanceClock(0)\` then \`waitForDelivery\` on the virtual clock; \`waitForDelivery\` alone on the real one), against a local receiver answering 200. The client is the harness's own (\`createMockClient\`, fetch; the two PUTs are plain fetch calls, as a test writes them). The floor is the same round trips, by the same client, against a bare node:http server answering the bytes the mock answered, plus one POST of the mock's own webhook (same path, headers and body) to the same receiver, also with fetch: eight round trips on the virtual clock, seven on the real one: the cycle's own requests, each made once. In-process: \`startMock()\` (memory store), the receiver and the bare server in one Node process pinned to one core, as a suite's worker runs them. CLI over HTTP: \`node dist/cli.js\` (a SQLite file, default logging) and \`bench/bare-server.ts\`, each in its own process on the server core, the client, and the receiver, in the bench on the other. ${opts.warmUp} untimed cycles of each, then ${opts.cycles} timed ones of each, in blocks of ${BLOCK} of one then ${BLOCK} of the other, alternating which goes first (cycle by cycle, the floor's code evicted the mock's from the CPU's caches each time); the ratio is each run's mock p50 over its floor p50, the median over ${opts.runs} runs. Beside the in-process virtual-clock cycle, the same run with plain Fastify (\`bench/lib/fastify-floor.ts\`, no logging, as \`startMock()\` logs nothing) answering the mock's recorded bytes in the mock's place: the part of the floor-to-mock distance that is the framework's.`,
    rows,
    notes: ['Each step, p50 / p99 (medians over runs):', stepLines.join('\n'), NOTE],
  };
}

/**
 * A key's reset in startMock()'s memory store that also holds `others` users (and a tenth as many widgets) of another
 * key: the cycle's reset step, which wipes what the cycle before it made, timed by the client and by the mock itself.
 */
export async function resetInMemory(opts: Opts & { others: number }): Promise<Row[]> {
  const roundTrip: Figures[] = [];
  const inServer: Figures[] = [];
  for (let run = 0; run < opts.runs; run++) {
    const { mock } = await inProcess(true, opts, { CYCLE_OTHER_USERS: String(opts.others), CYCLE_FLOOR: 'off' });
    roundTrip.push(figures(mock.steps.reset));
    inServer.push(figures(mock.resetInServer));
    process.stderr.write(`  in-memory reset run ${run + 1}: ${ms(roundTrip.at(-1)!)} round trip, ${ms(inServer.at(-1)!)} in the server\n`);
  }
  const rt = over(roundTrip);
  const server = over(inServer);
  return [
    {
      measure: `reset of one api_key in memory (a test's cycle of data; ${fmt(opts.others)} users of another key stored): round trip p50 / p99, in-process`,
      mock: ms(rt),
      runs: roundTrip.map(ms).join(', '),
    },
    {
      measure: `reset of one api_key in memory (a test's cycle of data; ${fmt(opts.others)} users of another key stored): in the server p50 / p99`,
      mock: ms(server),
      target: '< 0.5 ms',
      verdict: verdict(server.p50 < 0.5),
      runs: inServer.map(ms).join(', '),
    },
  ];
}
