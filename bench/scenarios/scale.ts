// Many suites on one server: 50 api_keys hammering one mock at once (CLOCK=virtual, SNAPENGAGE_API_KEYS='*'), each a
// loop of what a test suite does: provisioning calls, support requests, advances of its own clock, resets. Reports
// the throughput, each key's p99, fairness (the slowest key's p99 against the median key's) and the mock's RSS.
import { join } from 'node:path';
import { Agent } from 'undici';
import { createRandom, type Random } from '../../src/core/random.js';
import { call, userBody, widgetBody } from '../lib/http.js';
import { spawnHelper, spawnMock, type Child } from '../lib/processes.js';
import type { Section } from '../lib/report.js';
import { fmt, median, nowMs, percentile } from '../lib/stats.js';

interface KeyRun {
  latencies: number[];
  ops: number;
  /** Latencies by kind of call (what the slow calls are). */
  byKind: Map<string, number[]>;
}

/** One key's loop for `durationMs`: a suite's mix, every call timed. */
async function suiteLoop(mock: Child, receiverUrl: string, key: string, random: Random, durationMs: number, dispatcher: Agent): Promise<KeyRun> {
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  const send = async (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => {
    const started = nowMs();
    const result = await call(mock.url, method, path, body, { key, dispatcher });
    const ms = nowMs() - started;
    latencies.push(ms);
    const kind = `${method} ${path.split('?', 1)[0]!.replace(/[0-9a-f-]{36}/, '{id}')}`;
    const kindLatencies = byKind.get(kind) ?? [];
    kindLatencies.push(ms);
    byKind.set(kind, kindLatencies);
    return result;
  };
  const end = nowMs() + durationMs;
  let round = 0;
  while (nowMs() < end) {
    round++;
    const owner = `owner-${round}@${key}.example.com`;
    await send('PUT', '/api/v1/user.json', userBody(owner));
    const widget = (await send('PUT', '/api/v1/widget.json', widgetBody(owner))).json().uuid as string;
    await send('PUT', `/_mock/widgets/${widget}/integration`, { url: `${receiverUrl}/${key}` });
    for (let i = random.int(5, 15); i > 0 && nowMs() < end; i--) {
      const pick = random.next();
      if (pick < 0.4) await send('GET', `/api/v1/user.json?email=${encodeURIComponent(owner)}`);
      else if (pick < 0.6) await send('GET', `/api/v1/widget.json?email=${encodeURIComponent(owner)}&uuid=${widget}`);
      else if (pick < 0.85) await send('POST', `/_mock/widgets/${widget}/support-requests`);
      else await send('POST', '/_mock/clock/advance', { ms: random.int(0, 30) * 60_000 });
    }
    await send('POST', '/_mock/reset');
  }
  return { latencies, ops: latencies.length, byKind };
}

export async function scale(opts: { runs: number; keys: number; durationS: number; dir: string }): Promise<Section> {
  // Every delivery fails, so the keys' advances walk ladders and store fallback emails too.
  const receiver = await spawnHelper('receiver.js', { RECEIVER_STATUS: '500' }, { pin: false });
  const throughputs: number[] = [];
  const medianP99s: number[] = [];
  const worstP99s: number[] = [];
  const fairness: number[] = [];
  const rss: number[] = [];
  try {
    for (let run = 0; run < opts.runs; run++) {
      const mock = await spawnMock({ env: { SNAPENGAGE_API_KEYS: '*', CLOCK: 'virtual', DATABASE_PATH: join(opts.dir, `scale-${run}.db`), FIXTURES: 'none' } });
      const dispatcher = new Agent({ connections: 2 * opts.keys });
      try {
        const seeds = createRandom(run + 1);
        const started = nowMs();
        const results = await Promise.all(
          Array.from({ length: opts.keys }, (_, i) =>
            suiteLoop(mock, receiver.url, `scale-key-${i}`, createRandom(seeds.int(0, 2 ** 31)), opts.durationS * 1000, dispatcher),
          ),
        );
        const elapsedS = (nowMs() - started) / 1000;
        const p99s = results.map((r) => percentile(r.latencies, 99)).sort((a, b) => a - b);
        throughputs.push(results.reduce((n, r) => n + r.ops, 0) / elapsedS);
        medianP99s.push(median(p99s));
        worstP99s.push(p99s.at(-1)!);
        fairness.push(p99s.at(-1)! / median(p99s));
        rss.push(mock.rssMb().peak);
        const kinds = new Map<string, number[]>();
        for (const r of results) for (const [kind, ms] of r.byKind) kinds.set(kind, [...(kinds.get(kind) ?? []), ...ms]);
        for (const [kind, ms] of kinds) process.stderr.write(`    ${kind}: ${ms.length} calls, p50 ${fmt(percentile(ms, 50), 1)} ms, p99 ${fmt(percentile(ms, 99), 1)} ms\n`);
        process.stderr.write(
          `  scale run ${run + 1}: ${fmt(throughputs.at(-1)!)} calls/s, p99 median ${fmt(medianP99s.at(-1)!, 1)} ms, slowest ${fmt(worstP99s.at(-1)!, 1)} ms, peak RSS ${fmt(rss.at(-1)!)} MB\n`,
        );
      } finally {
        await dispatcher.close();
        await mock.stop();
      }
    }
  } finally {
    await receiver.stop();
  }
  return {
    title: `Many suites on one server: ${opts.keys} api_keys at once`,
    method: `One mock (CLOCK=virtual, SNAPENGAGE_API_KEYS='*', a SQLite file) and ${opts.keys} keys, each running a suite's loop for ${opts.durationS} s with no pause: create a user, a widget and its integration (to \`bench/receiver.ts\` answering 500, so every delivery walks its ladder), then 5 to 15 calls drawn at random (40% GET user, 20% GET widget, 25% POST a support request, 15% an advance of the key's own clock by 0 to 30 min, which runs its due attempts), then a reset of the key; again. Each call is timed from the client (undici, up to two connections per key); a key's p99 is over its own calls. Fairness is the slowest key's p99 over the median key's. ${opts.runs} runs, seeds 1 to ${opts.runs}.`,
    rows: [
      { measure: `scale: calls/s, ${opts.keys} keys together`, mock: fmt(median(throughputs)), runs: throughputs.map((t) => fmt(t)).join(', ') },
      { measure: 'scale: p99 per key, median key', mock: `${fmt(median(medianP99s), 1)} ms`, runs: medianP99s.map((t) => `${fmt(t, 1)} ms`).join(', ') },
      { measure: 'scale: p99 per key, slowest key', mock: `${fmt(median(worstP99s), 1)} ms`, runs: worstP99s.map((t) => `${fmt(t, 1)} ms`).join(', ') },
      { measure: 'scale: fairness (slowest p99 / median p99)', mock: fmt(median(fairness), 2), runs: fairness.map((f) => fmt(f, 2)).join(', ') },
      { measure: 'scale: peak RSS', mock: `${fmt(median(rss))} MB`, runs: rss.map((r) => `${fmt(r)} MB`).join(', ') },
    ],
    notes: [
      "The keys share one process: one SQLite writer, one event loop. An advance answers only when the key's due attempts have run, so it is the slowest call of a key's mix, and a key whose advance falls while many others' deliveries hold the slots waits for its fair share (DELIVERY_PARTNER_SLOTS) of them; that, not any key's data, is what the slowest key's p99 measures.",
    ],
  };
}
