// `snapengage-mock receive`: the webhook receiver the README's walkthrough uses.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { parseReceiveArgs, startReceiver, type ReceiveOptions } from '../../src/process/receive.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(options: Partial<ReceiveOptions>) {
  const printed: string[] = [];
  const { server, url } = await startReceiver({ port: 0, status: 200, failFirst: 0, ...options }, (t) => printed.push(t));
  closers.push(() => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }));
  return { url, printed };
}

describe('receive options', () => {
  it('defaults to port 9000, answering 200', () => {
    expect(parseReceiveArgs([])).toEqual({ port: 9000, status: 200, failFirst: 0 });
    expect(parseReceiveArgs(['--port', '0', '--status', '500', '--fail-first', '2'])).toEqual({ port: 0, status: 500, failFirst: 2 });
  });

  it('names the flag as typed when a value is wrong or empty', () => {
    expect(() => parseReceiveArgs(['--status', '99'])).toThrow('--status "99": must be a whole number from 200 to 599');
    expect(() => parseReceiveArgs(['--port', ''])).toThrow('--port "": must be a whole number');
    expect(() => parseReceiveArgs(['--fail-first', 'x'])).toThrow('--fail-first "x"');
    expect(() => parseReceiveArgs(['--prot', '1'])).toThrow(/--prot/);
  });
});

describe('the receiver', () => {
  it('fails the first N requests, then answers --status', async () => {
    const { url } = await receiver({ failFirst: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('prints each support request the mock delivers: type, id, requester, description, transcript; never the token', async () => {
    const { url, printed } = await receiver({ failFirst: 1 });
    await using mock = await startMock({ fixtures: fileURLToPath(new URL('../../fixtures/demo.json', import.meta.url)) });
    const widgetId = '0d3a5e2c-5b7f-4c1e-9a2d-6f8b1c4e7a90'; // the demo widget
    const put = await fetch(`${mock.url}/_mock/widgets/${widgetId}/integration?api_key=${mock.apiKey}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${url}/hook`, authToken: 'tok-very-secret', format: 'json' }),
    });
    expect(put.status).toBe(200);
    const created = await fetch(`${mock.url}/_mock/widgets/${widgetId}/support-requests?api_key=${mock.apiKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'chat', description: 'Printer on fire', requester_details: { name: 'Vera Visitor', emails: ['vera@example.com'] } }),
    });
    const { supportRequest } = (await created.json()) as { supportRequest: { id: string } };
    await mock.advanceClock(0);
    await mock.advanceClock(30_000);

    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/#1 POST \/hook {2}delivery dlv_\S+ attempt 1 {2}-> 500/);
    expect(printed[1]).toMatch(/#2 POST \/hook {2}delivery dlv_\S+ attempt 2 {2}-> 200/);
    expect(printed[1]).toContain(`chat ${supportRequest.id} from Vera Visitor <vera@example.com>, widget ${widgetId}`);
    expect(printed[1]).toContain('description: Printer on fire');
    expect(printed[1]).toMatch(/transcript: \d+ messages?\n {4}\d\d:\d\d:\d\d \S.*: /);
    expect(printed[1]).toContain('auth header: authentication (value not shown)');
    expect(printed.join('')).not.toContain('tok-very-secret');
  });

  it('runs from the CLI and says which port is taken', async () => {
    const { url } = await receiver({});
    const port = new URL(url).port;
    const child = spawn(process.execPath, [CLI, 'receive', '--port', port], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(`snapengage-mock: port ${port} is in use: stop what holds it, or pick another with --port`);
  });
});
