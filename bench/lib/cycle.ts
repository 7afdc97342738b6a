// One test's cycle through the mock, as a CI suite pays it before each test (reset the key, a user, a widget, the
// integration, a support request, its first attempt), and the same round trips against bare node:http: the floor.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { MockClient } from '../../src/index.js';
import type { BareRoutes } from './bare.js';
import { userBody, widgetBody } from './http.js';
import { nowMs } from './stats.js';

export const STEPS = ['reset', 'user', 'widget', 'integration', 'fire', 'delivery'] as const;
export type Step = (typeof STEPS)[number];

/**
 * Milliseconds per step and per cycle, the process's CPU time per cycle (client and server when in-process), and the
 * reset's own `tookMs` (the floor's is the recorded answer's: read only the mock's).
 */
export interface Samples {
  steps: Record<Step, number[]>;
  cycle: number[];
  cpu: number[];
  resetInServer: number[];
}

export const emptySamples = (): Samples => ({
  steps: Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Samples['steps'],
  cycle: [],
  cpu: [],
  resetInServer: [],
});

const OWNER = 'owner@cycle.example.com';

/** A local receiver answering 200, keeping the last request so the floor can replay the very bytes the mock sent. */
export interface Receiver {
  url: string;
  last: { path: string; headers: IncomingHttpHeaders; body: string } | undefined;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', last: undefined, close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.last = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString() };
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 }).end('ok');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

/** PUT with a JSON body, as a test writes a provisioning call the harness has no helper for: fetch, text, parse. */
async function putJson(client: MockClient, path: string, body: unknown): Promise<{ uuid?: string }> {
  const res = await fetch(`${client.url}${path}?api_key=${encodeURIComponent(client.apiKey)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`PUT ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as { uuid?: string };
}

export interface CycleSide {
  client: MockClient;
  virtual: boolean;
  receiverUrl: string;
  /** The floor only: the webhook POST that the mock makes itself (the eighth round trip). */
  deliver?: () => Promise<void>;
}

/** One cycle; `into` gets its timings. Fails loudly unless the delivery ends delivered. */
export async function cycle(side: CycleSide, into?: Samples): Promise<void> {
  const { client } = side;
  const cpu = process.cpuUsage();
  const t: number[] = [nowMs()];
  const { tookMs } = await client.reset();
  t.push(nowMs());
  await putJson(client, '/api/v1/user.json', userBody(OWNER));
  t.push(nowMs());
  const { uuid } = await putJson(client, '/api/v1/widget.json', widgetBody(OWNER));
  t.push(nowMs());
  await client.integration.set(uuid!, { url: `${side.receiverUrl}/hook` });
  t.push(nowMs());
  const { deliveryId } = await client.createSupportRequest(uuid!);
  t.push(nowMs());
  if (side.virtual) await client.advanceClock(0);
  if (side.deliver) await side.deliver();
  const delivery = await client.waitForDelivery(deliveryId!);
  t.push(nowMs());
  const used = process.cpuUsage(cpu);
  if (delivery.status !== 'delivered') throw new Error(`cycle: delivery ${delivery.status}`);
  if (!into) return;
  STEPS.forEach((step, i) => into.steps[step].push(t[i + 1]! - t[i]!));
  into.cycle.push(t.at(-1)! - t[0]!);
  into.cpu.push((used.user + used.system) / 1000);
  into.resetInServer.push(tookMs);
}

/** Runs `run` with fetch recorded: every answer's status and body by "METHOD /path", the bare server's routes. */
export async function recordRoutes(run: () => Promise<void>): Promise<BareRoutes> {
  const original = globalThis.fetch;
  const routes: BareRoutes = {};
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    routes[`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`] = { status: res.status, body: await res.clone().text() };
    return res;
  };
  try {
    await run();
  } finally {
    globalThis.fetch = original;
  }
  return routes;
}

/**
 * The floor's eighth round trip: the mock's last webhook (same path, headers and body) POSTed to the same receiver by
 * the same client as the other seven (fetch): the cycle's own requests.
 */
export function replayWebhook(receiver: Receiver): { deliver: () => Promise<void>; close: () => Promise<void> } {
  const sent = receiver.last;
  if (!sent) throw new Error('the receiver has seen no webhook to replay');
  const { host: _host, connection: _connection, 'content-length': _length, ...headers } = sent.headers;
  return {
    deliver: async () => {
      const res = await fetch(`${receiver.url}${sent.path}`, { method: 'POST', headers: headers as Record<string, string>, body: sent.body });
      await res.text();
      if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
    },
    close: async () => undefined,
  };
}

/**
 * `warmUp` untimed cycles of each, then `cycles` timed ones of each, in blocks of BLOCK cycles of one side then BLOCK
 * of the other, which side goes first alternating: both see the same load, and each its own code warm, as a suite's
 * tests find the mock's (one cycle of bare fetch calls between two of the mock's made the mock's measure its cache
 * misses more than its work).
 */
export const BLOCK = 10;

export async function alternate(mock: CycleSide, floor: CycleSide, opts: { warmUp: number; cycles: number }): Promise<{ mock: Samples; floor: Samples }> {
  const out = { mock: emptySamples(), floor: emptySamples() };
  for (let i = 0; i < opts.warmUp; i++) await cycle(mock);
  for (let i = 0; i < opts.warmUp; i++) await cycle(floor);
  for (let block = 0; block * BLOCK < opts.cycles; block++) {
    const pair: Array<[CycleSide, Samples]> = [
      [mock, out.mock],
      [floor, out.floor],
    ];
    const n = Math.min(BLOCK, opts.cycles - block * BLOCK);
    for (const [side, into] of block % 2 === 0 ? pair : pair.reverse()) for (let i = 0; i < n; i++) await cycle(side, into);
  }
  return out;
}
