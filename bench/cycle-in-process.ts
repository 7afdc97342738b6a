// The cycle scenario's in-process half, in a Node process of its own: startMock() (memory store, CYCLE_CLOCK), a local
// receiver and a bare node:http server answering the mock's own bytes, all in this process, as a test suite runs them.
// Prints { mock, floor } samples as JSON on stdout. Runs alone for profiling: MOCK_ROOT=$PWD/ node --cpu-prof this.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { bareHandler } from './lib/bare.js';
import { alternate, cycle, recordRoutes, replayWebhook, startReceiver } from './lib/cycle.js';

const KEY = 'cycle-api-key';
const { startMock, createMockClient } = (await import(pathToFileURL(`${process.env.MOCK_ROOT}dist/index.js`).href)) as typeof import('../src/index.js');
const virtual = (process.env.CYCLE_CLOCK ?? 'virtual') === 'virtual';

const receiver = await startReceiver();
const mock = await startMock({ apiKey: KEY, config: { CLOCK: virtual ? 'virtual' : 'real' } });
const mockSide = { client: mock, virtual, receiverUrl: receiver.url };
const routes = await recordRoutes(() => cycle(mockSide));
const bare = createServer(bareHandler(routes));
bare.keepAliveTimeout = 5_000;
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const webhook = replayWebhook(receiver);
const floorSide = {
  client: createMockClient({ url: `http://127.0.0.1:${(bare.address() as { port: number }).port}`, apiKey: KEY }),
  virtual,
  receiverUrl: receiver.url,
  deliver: webhook.deliver,
};
const samples = await alternate(mockSide, floorSide, { warmUp: Number(process.env.CYCLE_WARM_UP ?? 20), cycles: Number(process.env.CYCLE_RUNS ?? 200) });
await webhook.close();
await mock.close();
await new Promise((resolve) => bare.close(resolve));
await receiver.close();
// Exit once written: fetch's global pool may still hold idle sockets to servers that are closed.
process.stdout.write(JSON.stringify(samples), () => process.exit(0));
