// The cycle scenario's in-process half, in a Node process of its own: startMock() (memory store, CYCLE_CLOCK), a local
// receiver and a bare node:http server answering the mock's own bytes, all in this process, as a test suite runs them.
// CYCLE_OTHER_USERS first fills the store with that many users (and a tenth as many widgets) of another key;
// CYCLE_FLOOR=off times the mock alone. CYCLE_SUBJECT=fastify times plain Fastify answering the mock's bytes (and POSTing
// its webhook as the floor does) in the mock's place: what the framework alone costs over the floor. Prints
// { mock, floor } samples as JSON on stdout (`mock` is the subject).
// Runs alone for profiling: MOCK_ROOT=$PWD/ node --cpu-prof bench/.build/bench/cycle-in-process.js
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { bareHandler } from './lib/bare.js';
import { fastifyFloor } from './lib/fastify-floor.js';
import { alternate, cycle, emptySamples, recordRoutes, replayWebhook, startReceiver } from './lib/cycle.js';
import { seedInto } from './lib/seed.js';

const KEY = 'cycle-api-key';
const dist = (path: string) => import(pathToFileURL(`${process.env.MOCK_ROOT}dist/${path}`).href);
const { startMock, createMockClient } = (await dist('index.js')) as typeof import('../src/index.js');
const { storeOf } = (await dist('app.js')) as typeof import('../src/app.js');
const virtual = (process.env.CYCLE_CLOCK ?? 'virtual') === 'virtual';
const warmUp = Number(process.env.CYCLE_WARM_UP ?? 20);
const cycles = Number(process.env.CYCLE_RUNS ?? 200);
const others = Number(process.env.CYCLE_OTHER_USERS ?? 0);

const receiver = await startReceiver();
const mock = await startMock({ apiKey: KEY, config: { CLOCK: virtual ? 'virtual' : 'real' } });
if (others > 0) seedInto(storeOf(mock.app), { users: others, widgets: Math.ceil(others / 10), keys: ['cycle-other-key'] });
const mockSide = { client: mock, virtual, receiverUrl: receiver.url };
let samples;
if (process.env.CYCLE_FLOOR === 'off') {
  samples = { mock: emptySamples(), floor: emptySamples() };
  for (let i = 0; i < warmUp; i++) await cycle(mockSide);
  for (let i = 0; i < cycles; i++) await cycle(mockSide, samples.mock);
} else {
  const routes = await recordRoutes(() => cycle(mockSide));
  const bare = createServer(bareHandler(routes));
  bare.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const webhook = replayWebhook(receiver);
  const replaying = (port: number) => ({ client: createMockClient({ url: `http://127.0.0.1:${port}`, apiKey: KEY }), virtual, receiverUrl: receiver.url, deliver: webhook.deliver });
  const floorSide = replaying((bare.address() as { port: number }).port);
  if (process.env.CYCLE_SUBJECT === 'fastify') {
    const fastify = fastifyFloor(routes, false);
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    samples = await alternate(replaying((fastify.server.address() as { port: number }).port), floorSide, { warmUp, cycles });
    await fastify.close();
  } else {
    samples = await alternate(mockSide, floorSide, { warmUp, cycles });
  }
  await webhook.close();
  await new Promise((resolve) => bare.close(resolve));
}
await mock.close();
await receiver.close();
// Exit once written: fetch's global pool may still hold idle sockets to servers that are closed.
process.stdout.write(JSON.stringify(samples), () => process.exit(0));
