// startMock() in-process, as a test suite calls it in every file: a first start (which loads and compiles everything),
// then START_RUNS more, each closed before the next. Prints the times in ms as JSON on stdout.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const { startMock } = (await import(pathToFileURL(`${process.env.MOCK_ROOT}dist/index.js`).href)) as typeof import('../src/index.js');
const times: number[] = [];
for (let i = 0; i <= Number(process.env.START_RUNS ?? 20); i++) {
  const started = performance.now();
  const mock = await startMock();
  times.push(performance.now() - started);
  await mock.close();
}
process.stdout.write(JSON.stringify({ first: times[0], later: times.slice(1) }));
