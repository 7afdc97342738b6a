import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockClientError, createMockClient, startMock, type MockHarness } from '../../src/index.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const jim = { email: 'jim@example.com', name: 'Jim', password: 'secret-pass', accountType: 'biz' };
const agent = { agentId: 'jim@example.com', agentAlias: 'Jim', agentAvatar: 'https://example.com/jim.png', agentType: 'webclient' };

describe('startMock()', () => {
  let mock: MockHarness;
  beforeAll(async () => {
    mock = await startMock({ startTime: Date.UTC(2026, 0, 5, 9) });
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  const put = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${mock.url}/api/v1/${path}?api_key=${mock.apiKey}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('listens on 127.0.0.1 on a free port, in memory, on the virtual clock', async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.apiKey).toBe('dev-api-key');
    const health = await mock.health();
    expect(health.clock).toMatchObject({ mode: 'virtual', iso: '2026-01-05T09:00:00.000Z' });
    expect(mock.app.ctx.config.DATABASE_PATH).toBe(':memory:');
  });

  it('lists what the client sent, redacted, and reset() clears it along with the data', async () => {
    expect((await put('user.json', jim)).status).toBe(201);
    const [entry] = await mock.requests({ method: 'PUT' });
    expect(entry).toMatchObject({ path: '/api/v1/user.json', status: 201, body: { email: 'jim@example.com', password: '[redacted]' } });

    const result = await mock.reset();
    expect(result).toMatchObject({ scope: 'api_key', deleted: { users: 1 }, journal: 1 });
    expect(await mock.requests()).toEqual([]);
    expect((await put('user.json', jim)).status).toBe(201);
  });

  it('adds faults scoped to its key, lists and clears them', async () => {
    const rule = await mock.faults.add({ method: 'PUT', path: '/api/v1/user.json', status: 429, count: 1 });
    expect(await mock.faults.list()).toEqual([expect.objectContaining({ id: rule.id, scoped: true })]);
    const limited = await put('user.json', jim);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await put('user.json', jim)).status).toBe(201);
    await mock.faults.add({ status: 500 });
    expect(await mock.faults.clear()).toBe(1);
    await expect(mock.faults.remove('flt_missing')).rejects.toThrow(MockClientError);
  });

  it('advances the clock and sees the webhook deliveries and fallback emails it produces', async () => {
    const receiver = await startReceiver();
    expect((await put('user.json', jim)).status).toBe(201);
    const widget = (await (await put('widget.json', { email: jim.email, agents: [agent] })).json()) as { uuid: string };
    const integration = await fetch(`${mock.url}/_mock/widgets/${widget.uuid}/integration?api_key=${mock.apiKey}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url }),
    });
    expect(integration.status).toBe(200);
    const created = await fetch(`${mock.url}/_mock/widgets/${widget.uuid}/support-requests?api_key=${mock.apiKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(created.status).toBeLessThan(300);

    const before = await mock.clock();
    const advanced = await mock.advanceClock(1000);
    expect(advanced.now).toBe(before.now + 1000);
    expect(advanced.attempts.length).toBeGreaterThan(0);
    const [delivery] = await mock.deliveries();
    expect(delivery).toMatchObject({ status: 'delivered' });
    expect(await mock.delivery(delivery!.id, { wait: true, timeoutMs: 1000 })).toMatchObject({ id: delivery!.id, status: 'delivered' });
    expect(receiver.requests.length).toBe(1);
    expect(await mock.emails()).toEqual([]);

    await mock.reset();
    expect(await mock.deliveries()).toEqual([]);
  });

  it('reports a control call that fails with the mock\'s own message', async () => {
    const error = await mock.faults.add({ status: 200 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockClientError);
    expect((error as MockClientError).status).toBe(400);
    expect((error as MockClientError).message).toMatch(/POST \/_mock\/faults answered 400/);
  });
});

describe('createMockClient()', () => {
  it('drives a mock started elsewhere, and reset({ all: true }) wipes every key', async () => {
    await using mock = await startMock({ config: { SNAPENGAGE_API_KEYS: 'job-1,job-2' }, apiKey: 'job-1' });
    const job2 = createMockClient({ url: `${mock.url}/`, apiKey: 'job-2' });
    await fetch(`${mock.url}/api/v1/user.json?api_key=job-2&email=a@example.com`);
    expect(await job2.requests()).toHaveLength(1);
    expect(await mock.requests()).toHaveLength(0);
    await mock.reset();
    expect(await job2.requests()).toHaveLength(1);
    expect(await mock.reset({ all: true })).toMatchObject({ scope: 'all', journal: 1 });
    expect(await job2.requests()).toEqual([]);
  });

  it('a non-JSON error answer (a proxy\'s page in front of the mock) is a MockClientError with its status and text', async () => {
    const proxy = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>'));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const client = createMockClient({ url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
      const error = await client.reset().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(MockClientError);
      expect(error).toMatchObject({ status: 502, body: '<html>Bad gateway</html>' });
      expect((error as Error).message).toContain('answered 502: <html>Bad gateway</html>');
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('startMock({ fixtures }) loads seed data that reset({ fixtures: true }) restores', async () => {
    await using mock = await startMock({ fixtures: new URL('../../fixtures/demo.json', import.meta.url).pathname });
    const ada = () => fetch(`${mock.url}/api/v1/user.json?api_key=${mock.apiKey}&email=ada@example.com`).then((r) => r.status);
    expect(await ada()).toBe(200);
    await mock.reset();
    expect(await ada()).toBe(404);
    await mock.reset({ fixtures: true });
    expect(await ada()).toBe(200);
  });
});
