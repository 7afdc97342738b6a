// Webhook delivery throughput next to a plain undici loop posting the same bodies to the same receiver, and the
// full retry ladder of 1,000 always-failing deliveries walked under the virtual clock.
import { join } from 'node:path';
import { Pool } from 'undici';
import { call, userBody, widgetBody } from '../lib/http.js';
import { spawnHelper, spawnMock, type Child } from '../lib/processes.js';
import { verdict, type Section } from '../lib/report.js';
import { BENCH_KEY } from '../lib/seed.js';
import { fmt, median, nowMs } from '../lib/stats.js';

/** The documented default: DELIVERY_CONCURRENCY=8. The ceiling gets the same number of connections. */
const CONCURRENCY = 8;
const LADDER_MS = 2 * 60 * 60 * 1000 + 5 * 60 * 1000;
/** An untimed round on each side before the timed one, so neither is measured cold. */
const WARM_UP_DELIVERIES = 500;

interface Advanced {
  attempts: Array<{ outcome: string }>;
}

/** A mock on the virtual clock with one widget whose integration posts to `receiverUrl`; returns the create path. */
async function mockWithIntegration(
  dir: string,
  name: string,
  receiverUrl: string,
  env: Record<string, string> = {},
): Promise<{ mock: Child; create: string }> {
  const mock = await spawnMock({ env: { SNAPENGAGE_API_KEYS: BENCH_KEY, DATABASE_PATH: join(dir, name), CLOCK: 'virtual', ...env } });
  const owner = 'owner@bench.example.com';
  await call(mock.url, 'PUT', '/api/v1/user.json', userBody(owner));
  const uuid = (await call(mock.url, 'PUT', '/api/v1/widget.json', widgetBody(owner))).json().uuid as string;
  await call(mock.url, 'PUT', `/_mock/widgets/${uuid}/integration`, { url: `${receiverUrl}/hook` });
  return { mock, create: `/_mock/widgets/${uuid}/support-requests` };
}

/** Queues `n` support requests (not timed) and returns the documents, which are what the mock will POST. */
async function queue(mock: Child, create: string, n: number): Promise<string[]> {
  const pool = new Pool(mock.url, { connections: CONCURRENCY });
  const bodies: string[] = [];
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < n) {
          const res = await call(mock.url, 'POST', create, {}, { dispatcher: pool });
          const { supportRequest, deliveryId } = res.json() as { supportRequest: unknown; deliveryId: string | null };
          if (!deliveryId) throw new Error('support request created without a delivery');
          bodies.push(JSON.stringify(supportRequest));
        }
      }),
    );
  } finally {
    await pool.close();
  }
  return bodies;
}

async function advance(mock: Child, ms: number): Promise<{ elapsed: number; outcomes: Map<string, number> }> {
  const started = nowMs();
  const res = await call(mock.url, 'POST', '/_mock/clock/advance', { ms }, { key: null });
  const elapsed = nowMs() - started;
  const outcomes = new Map<string, number>();
  for (const a of (res.json() as Advanced).attempts) outcomes.set(a.outcome, (outcomes.get(a.outcome) ?? 0) + 1);
  return { elapsed, outcomes };
}

/** The ceiling: the same bodies, POSTed by a plain undici Pool with the same concurrency, bodies consumed. */
async function undiciLoop(receiverUrl: string, bodies: string[]): Promise<number> {
  const pool = new Pool(receiverUrl, { connections: CONCURRENCY });
  let next = 0;
  const started = nowMs();
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const res = await pool.request({ method: 'POST', path: '/hook', headers: { 'content-type': 'application/json; charset=utf-8' }, body: bodies[i] });
          await res.body.dump();
          if (res.statusCode !== 200) throw new Error(`receiver answered ${res.statusCode}`);
        }
      }),
    );
    return nowMs() - started;
  } finally {
    await pool.close();
  }
}

export async function deliveryThroughput(opts: { runs: number; deliveries: number; dir: string }): Promise<Section> {
  const receiver = await spawnHelper('receiver.js', {}, { pin: false });
  const mockRates: number[] = [];
  const ceilingRates: number[] = [];
  const ratios: number[] = [];
  try {
    for (let i = 0; i < opts.runs; i++) {
      const { mock, create } = await mockWithIntegration(opts.dir, `delivery-${i}.db`, receiver.url);
      try {
        // Both sides warm before anything counts: one untimed round of the same work each (JIT, pools, page cache).
        const warmBodies = await queue(mock, create, WARM_UP_DELIVERIES);
        const warm = await advance(mock, 0);
        if (warm.outcomes.get('delivered') !== WARM_UP_DELIVERIES) throw new Error(`warm-up: ${JSON.stringify([...warm.outcomes])}`);
        await undiciLoop(receiver.url, warmBodies);
        const bodies = await queue(mock, create, opts.deliveries);
        let mockRate = 0;
        let ceilingRate = 0;
        const measureMock = async () => {
          const { elapsed, outcomes } = await advance(mock, 0);
          if (outcomes.get('delivered') !== opts.deliveries) throw new Error(`expected ${opts.deliveries} delivered, got ${JSON.stringify([...outcomes])}`);
          mockRate = opts.deliveries / (elapsed / 1000);
        };
        const measureCeiling = async () => {
          ceilingRate = opts.deliveries / ((await undiciLoop(receiver.url, bodies)) / 1000);
        };
        for (const step of i % 2 === 0 ? [measureMock, measureCeiling] : [measureCeiling, measureMock]) await step();
        mockRates.push(mockRate);
        ceilingRates.push(ceilingRate);
        ratios.push(mockRate / ceilingRate);
        process.stderr.write(`  delivery run ${i + 1}: mock ${fmt(mockRate)}/s, undici ${fmt(ceilingRate)}/s\n`);
      } finally {
        await mock.stop();
      }
    }
  } finally {
    await receiver.stop();
  }
  const ratio = median(ratios);
  return {
    title: 'Webhook delivery throughput',
    method: `${fmt(opts.deliveries)} support requests queued through the API (not timed) on CLOCK=virtual, then one \`POST /_mock/clock/advance {"ms":0}\` runs them all: the time from sending it to its answer, which comes once every attempt is recorded. The ceiling is a plain undici Pool with the same ${CONCURRENCY} connections (the default DELIVERY_CONCURRENCY) POSTing the very same documents to the same receiver, reading each answer. The receiver is \`bench/receiver.ts\`, node:http in its own process answering 200. Each run starts a fresh mock and first warms both sides with an untimed round of ${WARM_UP_DELIVERIES} deliveries each. ${opts.runs} runs, order alternating.`,
    rows: [
      {
        measure: `webhook deliveries/s (${fmt(opts.deliveries)} deliveries, concurrency ${CONCURRENCY})`,
        mock: fmt(median(mockRates)),
        ceiling: fmt(median(ceilingRates)),
        ratio: `${fmt(ratio * 100, 1)}%`,
        target: '>= 50% of undici',
        verdict: verdict(ratio >= 0.5),
        runs: ratios.map((r, i) => `${fmt(mockRates[i]!)} vs ${fmt(ceilingRates[i]!)} (${fmt(r * 100, 1)}%)`).join('; '),
      },
    ],
    notes: [
      'Each delivery costs the mock more than the POST: leasing it in the SQLite outbox, building the headers, recording the attempt and its outcome, all committed (the lease before the POST, the outcome after it). The undici loop does none of that. Under an advance the mock leases up to three deliveries per slot in one statement, at most DELIVERY_CONCURRENCY of them POST at once, a finished exchange starts the next leased one at once, and one commit records a group of outcomes (about 13 per commit) and leases the next group. Measured in-process on this machine (CPU time of the process per delivery, quietest runs): the undici loop about 50 us per POST, the mock about 160-180 us per delivery, down from about 250. Where the rest goes, from CPU profiles of the walk: SQLite about a third (the lease returning the document about 20 us, recording the outcome and the attempt about 20 us, the commits about 25 us: each writes every changed page, several of them index pages, to the WAL), the socket writes and undici\'s parsing (what the loop pays too), garbage collection about a tenth.',
    ],
  };
}

/** The documented default, then a wider setting, to show what the knob buys. */
const LADDER_CONCURRENCY = [CONCURRENCY, 64];

export async function retryLadder(opts: { runs: number; deliveries: number; dir: string }): Promise<Section> {
  const receiver = await spawnHelper('receiver.js', { RECEIVER_STATUS: '500' }, { pin: false });
  const times = new Map<number, number[]>(LADDER_CONCURRENCY.map((c) => [c, []]));
  let attemptsPerRun = 0;
  try {
    for (let i = 0; i < opts.runs; i++) {
      for (const concurrency of LADDER_CONCURRENCY) {
        const { mock, create } = await mockWithIntegration(opts.dir, `ladder-${concurrency}-${i}.db`, receiver.url, {
          DELIVERY_CONCURRENCY: String(concurrency),
        });
        try {
          await queue(mock, create, opts.deliveries);
          const { elapsed, outcomes } = await advance(mock, LADDER_MS);
          const emails = (await call(mock.url, 'GET', '/_mock/emails?limit=1000')).json().emails.length as number;
          if (outcomes.get('emailed') !== opts.deliveries || emails !== Math.min(opts.deliveries, 1000)) {
            throw new Error(`ladder ended with ${JSON.stringify([...outcomes])} and ${emails} emails`);
          }
          attemptsPerRun = [...outcomes.values()].reduce((a, b) => a + b, 0);
          times.get(concurrency)!.push(elapsed);
          process.stderr.write(`  ladder run ${i + 1}, DELIVERY_CONCURRENCY=${concurrency}: ${fmt(elapsed)} ms for ${attemptsPerRun} attempts\n`);
        } finally {
          await mock.stop();
        }
      }
    }
  } finally {
    await receiver.stop();
  }
  return {
    title: 'The 2-hour retry ladder',
    method: `${fmt(opts.deliveries)} support requests to a receiver that always answers 500, queued (not timed) on CLOCK=virtual with the default RETRY_SCHEDULE (30s,1m,2m,4m,8m,15m,30m,30m,30m: 10 attempts over 2 h 00 min 30 s). One \`POST /_mock/clock/advance\` of 2 h 05 min walks every step; the figure is the wall time until it answers, which is after the last fallback email is stored. Each run checks ${fmt(opts.deliveries)} emailed outcomes and ${fmt(opts.deliveries)} stored emails. ${opts.runs} runs per setting: the default DELIVERY_CONCURRENCY=${CONCURRENCY} (the target's row) and 64.`,
    rows: LADDER_CONCURRENCY.map((concurrency) => {
      const t = median(times.get(concurrency)!);
      const isDefault = concurrency === CONCURRENCY;
      return {
        measure: `retry ladder: ${fmt(opts.deliveries)} failing deliveries, ${fmt(attemptsPerRun)} attempts, to the last email (DELIVERY_CONCURRENCY=${concurrency}${isDefault ? ', default' : ''})`,
        mock: `${fmt(t / 1000, 2)} s`,
        ...(isDefault ? { target: '< 5 s', verdict: verdict(t < 5_000) } : {}),
        runs: times.get(concurrency)!.map((x) => `${fmt(x / 1000, 2)} s`).join(', '),
      };
    }),
    notes: [
      'Under the virtual clock, advance() walks each due instant with every slot busy: when an attempt ends, the commit that records it (shared with the others that ended at the same time) also leases the next delivery due at that instant; the clock moves on only when nothing due at the current instant is left. The walk is bound by the per-attempt work in the one mock process (the lease, the HTTP exchange, recording the attempt, a warn line per failure), so a wider DELIVERY_CONCURRENCY helps through larger commit groups rather than through parallelism.',
    ],
  };
}
