// `npm run bench`: every scenario against the built mock, figures as medians of several runs, written to bench/RESULTS.md.
// Flags: --quick (fewer, shorter runs, for trying the bench itself), --only=a,b (scenarios by name), --peers (adds
// WireMock, Prism and json-server, installed with npm into a temporary folder), --out=path.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pinBench, pinned, ROOT } from './lib/processes.js';
import { renderResults, type Section } from './lib/report.js';
import { resetKeys, seedDatabase } from './lib/seed.js';
import { throughput } from './scenarios/throughput.js';
import { coldStart, inProcessStart, memory, resetTime } from './scenarios/startup-and-memory.js';
import { peers } from './scenarios/peers.js';
import { deliveryThroughput, retryLadder } from './scenarios/webhooks.js';
import { scale } from './scenarios/scale.js';
import { frontDesk } from './scenarios/front-desk.js';
import { cycleScenario, resetInMemory } from './scenarios/cycle.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
// --peers adds WireMock, Prism and json-server (installed into a temporary folder) to the run.
const withPeers = args.includes('--peers');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const out = args.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? join(ROOT, quick ? 'bench/RESULTS.quick.md' : 'bench/RESULTS.md');

const USERS = 10_000;
const WIDGETS = 1_000;

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` (npm run bench does)');
  pinBench();
  const dir = mkdtempSync(join(tmpdir(), 'snapengage-mock-bench-'));
  try {
    const oneUserDb = join(dir, 'template-one-user.db');
    await seedDatabase(oneUserDb, { users: 1, widgets: 0 });
    const fullDb = join(dir, 'template-full.db');
    const widgetIds = await seedDatabase(fullDb, { users: USERS, widgets: WIDGETS });
    // Per-key resets: one key of 10 holding 1,000 users, and one key of 1,000 holding 10 (a suite's usual share).
    const perKeyDbs = { 10: join(dir, 'template-10-keys.db'), 1000: join(dir, 'template-1000-keys.db') };
    for (const [keys, path] of Object.entries(perKeyDbs)) await seedDatabase(path, { users: USERS, widgets: WIDGETS, keys: resetKeys(Number(keys)) });

    const scenarios: Record<string, () => Promise<Section>> = {
      throughput: () =>
        throughput({ runs: quick ? 1 : 3, durationS: quick ? 2 : 5, connections: 50, dbPath: join(dir, 'throughput.db'), oneUserDb }),
      'cold-start': () => coldStart({ runs: quick ? 2 : 7, dir, oneUserDb }),
      'in-process-start': () => inProcessStart({ runs: quick ? 5 : 20 }),
      reset: async () => {
        const section = await resetTime({ runs: quick ? 2 : 5, dir, fullDb, perKeyDbs, users: USERS, widgets: WIDGETS });
        const inMemory = await resetInMemory({ runs: quick ? 1 : 3, warmUp: 20, cycles: quick ? 50 : 200, dir, others: USERS });
        const memory = `In memory: startMock() in a process of its own (bench/cycle-in-process.ts) whose store also holds ${USERS.toLocaleString('en-US')} users and ${(USERS / 10).toLocaleString('en-US')} widgets of another key; the reset step of the cycle scenario (the key's user, widget, integration, support request and delivery from the cycle before), 200 times after 20 untimed, 3 runs: the client's round trip and the route's own \`tookMs\`.`;
        return { ...section, method: `${section.method} ${memory}`, rows: [...section.rows, ...inMemory] };
      },
      delivery: () => deliveryThroughput({ runs: quick ? 1 : 3, deliveries: quick ? 500 : 2_000, dir }),
      ladder: () => retryLadder({ runs: quick ? 1 : 3, deliveries: 1_000, dir }),
      memory: () => memory({ runs: quick ? 1 : 3, dir, fullDb, users: USERS, widgetIds }),
      scale: () => scale({ runs: quick ? 1 : 3, keys: 50, durationS: quick ? 5 : 15, dir }),
      cycle: () => cycleScenario({ runs: quick ? 1 : 3, warmUp: 20, cycles: quick ? 50 : 200, dir }),
      'front-desk': () => frontDesk({ runs: quick ? 1 : 3, visitors: 1_000, agents: 100, durationS: quick ? 10 : 30, dir }),
      ...(withPeers || only?.includes('peers')
        ? { peers: () => peers({ runs: quick ? 1 : 3, durationS: quick ? 2 : 5, connections: 50, starts: quick ? 1 : 3, dir, oneUserDb }) }
        : {}),
    };
    const sections: Section[] = [];
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (only && !only.includes(name)) continue;
      process.stderr.write(`${name}...\n`);
      sections.push(await scenario());
    }

    const cpu = cpus();
    const markdown = renderResults(
      {
        date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        node: process.versions.node,
        machine: `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, ${platform()} ${release()}`,
        pinning: pinned ? 'Each server pinned to core 0 with taskset, the load generator (this bench) to core 1.' : 'Nothing pinned (no taskset, or one core): ratios are noisier.',
        runs: quick
          ? 'A --quick run: single or double runs, shorter durations; not for publishing.'
          : 'Every figure is the median of several runs (each section says how many).',
        command: quick ? 'npm run bench -- --quick' : 'npm run bench',
      },
      sections,
    );
    writeFileSync(out, markdown);
    process.stdout.write(markdown);
    process.stderr.write(`written to ${out}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
