import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { KEY, OTHER_KEY, buildTestApp } from '../helpers/build-test-app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

const getUser = (app: App, key = KEY, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${key}&email=nobody@example.com`, headers });

async function addFault(app: App, rule: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/_mock/faults', payload: rule });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Record<string, any>;
}

async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

describe('fault rules', () => {
  it('answer with the status and the real error envelope, for the next `count` matches only', async () => {
    const { app } = await buildTestApp();
    const rule = await addFault(app, { method: 'get', path: '/api/v1/user.json', status: 503, count: 2 });
    expect(rule).toMatchObject({ method: 'GET', remaining: 2, fired: 0, scoped: false });

    for (let i = 0; i < 2; i++) {
      const res = await getUser(app);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        error: { status: 503, code: 'service_unavailable', message: expect.stringContaining('injected fault'), details: [], requestId: res.headers['x-request-id'] },
      });
    }
    expect((await getUser(app)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/_mock/faults' })).json().faults).toEqual([]);
  });

  it('match by method and path (exact or prefix*) and leave everything else alone', async () => {
    const { app } = await buildTestApp();
    await addFault(app, { method: 'PUT', path: '/api/v1/widget.json', status: 500 });
    await addFault(app, { method: 'DELETE', path: '/api/v1/*', status: 502 });
    expect((await getUser(app)).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: `/api/v1/widget.json?api_key=${KEY}`, payload: {} })).statusCode).toBe(500);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/user.json?api_key=${KEY}&email=a@b.co` })).statusCode).toBe(502);
    expect((await app.inject({ method: 'GET', url: '/_mock/health' })).statusCode).toBe(200);
  });

  it('429 carries Retry-After (1 by default, or the one given) and custom bodies and headers are sent as given', async () => {
    const { app } = await buildTestApp();
    await addFault(app, { path: '/api/v1/user.json', status: 429, count: 1 });
    const limited = await getUser(app);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json().error.code).toBe('rate_limited');

    await addFault(app, { path: '/api/v1/user.json', status: 429, headers: { 'Retry-After': '30' }, body: { message: 'slow down' }, count: 1 });
    const custom = await getUser(app);
    expect(custom.statusCode).toBe(429);
    expect(custom.headers['retry-after']).toBe('30');
    expect(custom.json()).toEqual({ message: 'slow down' });
  });

  it('add latency: the request waits, then proceeds normally (or answers the status)', async () => {
    const { app } = await buildTestApp();
    await addFault(app, { path: '/api/v1/user.json', latencyMs: 150, count: 1 });
    const started = performance.now();
    const slow = await getUser(app);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(slow.statusCode).toBe(404);
    expect(slow.json().error.code).toBe('user_not_found');

    await addFault(app, { path: '/api/v1/user.json', latencyMs: 50, status: 504, count: 1 });
    expect((await getUser(app)).statusCode).toBe(504);
  });

  it('with a probability and a seed, fire on the same matches on every run', async () => {
    const pattern = async () => {
      const { app } = await buildTestApp();
      const rule = await addFault(app, { path: '/api/v1/user.json', status: 500, probability: 0.5, seed: 42 });
      expect(rule.seed).toBe(42);
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await getUser(app)).statusCode);
      return statuses;
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(404);
  });

  it('scoped by api_key only hit that key; listing and clearing by key see the rules that apply to it', async () => {
    const { app } = await buildTestApp();
    const scoped = await addFault(app, { api_key: OTHER_KEY, status: 503 });
    expect(scoped.scoped).toBe(true);
    expect(JSON.stringify(scoped)).not.toContain(OTHER_KEY);
    expect((await getUser(app, KEY)).statusCode).toBe(404);
    expect((await getUser(app, OTHER_KEY)).statusCode).toBe(503);

    const global = await addFault(app, { path: '/api/v1/widget.json', status: 500 });
    const mine = (await app.inject({ method: 'GET', url: `/_mock/faults?api_key=${KEY}` })).json().faults;
    expect(mine.map((f: { id: string }) => f.id)).toEqual([global.id]);
    expect((await app.inject({ method: 'GET', url: '/_mock/faults' })).json().faults).toHaveLength(2);

    expect((await app.inject({ method: 'DELETE', url: `/_mock/faults?api_key=${OTHER_KEY}` })).json()).toEqual({ removed: 1 });
    expect((await app.inject({ method: 'DELETE', url: `/_mock/faults/${global.id}` })).json()).toEqual({ removed: 1 });
    const gone = await app.inject({ method: 'DELETE', url: `/_mock/faults/${global.id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('fault_not_found');
    expect((await getUser(app, OTHER_KEY)).statusCode).toBe(404);
  });

  it("without MOCK_ADMIN_TOKEN, a key that learned another key's rule id cannot remove it: not found, and the rule still fires", async () => {
    const { app } = await buildTestApp();
    const theirs = await addFault(app, { api_key: OTHER_KEY, path: '/api/v1/user.json', status: 503 });
    const mine = await addFault(app, { api_key: KEY, path: '/api/v1/user.json', status: 502 });

    const taken = await app.inject({ method: 'DELETE', url: `/_mock/faults/${theirs.id}?api_key=${KEY}` });
    expect(taken.statusCode, taken.body).toBe(404);
    expect(taken.json().error.code).toBe('fault_not_found');
    expect((await getUser(app, OTHER_KEY)).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: `/_mock/faults?api_key=${OTHER_KEY}` })).json().faults.map((f: { id: string }) => f.id)).toEqual([theirs.id]);

    // Its own rule it removes; without a key (no token configured: everyone is the admin) any rule goes.
    expect((await app.inject({ method: 'DELETE', url: `/_mock/faults/${mine.id}?api_key=${KEY}` })).json()).toEqual({ removed: 1 });
    expect((await app.inject({ method: 'DELETE', url: `/_mock/faults/${theirs.id}` })).json()).toEqual({ removed: 1 });
    expect((await getUser(app, OTHER_KEY)).statusCode).toBe(404);
  });

  it('are validated, with the error envelope naming the field', async () => {
    const { app } = await buildTestApp();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ path: '/api/v1/user.json' }, 'status'],
      [{ status: 200 }, 'status'],
      [{ status: 503, path: '/_mock/health' }, 'path'],
      [{ status: 503, latencyMs: 999_999 }, 'latencyMs'],
      [{ status: 503, seed: 1 }, 'seed'],
      [{ status: 503, probability: 2 }, 'probability'],
      [{ status: 503, count: 0 }, 'count'],
      [{ status: 503, colour: 'red' }, ''],
    ];
    for (const [rule, field] of cases) {
      const res = await app.inject({ method: 'POST', url: '/_mock/faults', payload: rule });
      expect(res.statusCode, JSON.stringify(rule)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      if (field) expect(res.json().error.details.map((d: { field: string }) => d.field).join()).toContain(field);
    }
    const unknownKey = await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 503, api_key: 'nope' } });
    expect(unknownKey.statusCode).toBe(401);
  });

  it('action "reset" drops the connection without an answer, and the journal says so', async () => {
    const { app } = await buildTestApp();
    const url = await listen(app);
    await addFault(app, { path: '/api/v1/user.json', action: 'reset', count: 1 });
    await expect(fetch(`${url}/api/v1/user.json?api_key=${KEY}&email=a@example.com`)).rejects.toThrow(/fetch failed/);
    const [entry] = (await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${KEY}` })).json().requests;
    expect(entry).toMatchObject({ status: 0, fault: { source: 'rule', kind: 'reset' } });
  });
});

describe('the x-mock-fault header', () => {
  it('asks for one failure on that request only: any status, 429 with Retry-After', async () => {
    const { app } = await buildTestApp();
    const failed = await getUser(app, KEY, { 'x-mock-fault': '503' });
    expect(failed.statusCode).toBe(503);
    expect(failed.json().error.code).toBe('service_unavailable');
    const limited = await getUser(app, KEY, { 'x-mock-fault': '429' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect((await getUser(app)).statusCode).toBe(404);
    const [entry] = (await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${KEY}` })).json().requests;
    expect(entry.fault).toEqual({ source: 'header', kind: 'respond' });
  });

  it('refuses a value it does not know', async () => {
    const { app } = await buildTestApp();
    const res = await getUser(app, KEY, { 'x-mock-fault': 'explode' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ field: 'headers.x-mock-fault', rule: 'fault' });
  });

  it('"timeout" holds the request until the client gives up', async () => {
    const { app } = await buildTestApp();
    const url = await listen(app);
    const started = performance.now();
    await expect(
      fetch(`${url}/api/v1/user.json?api_key=${KEY}&email=a@example.com`, {
        headers: { 'x-mock-fault': 'timeout' },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow(/timeout|aborted/i);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    // The server records the drop once it sees the client hang up, a moment after the abort; a busy machine may take
    // longer than expect.poll's default second.
    await expect.poll(async () => (await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${KEY}` })).json().requests, { timeout: 15_000 }).toEqual([
      expect.objectContaining({ status: 0, fault: { source: 'header', kind: 'timeout' } }),
    ]);
  });

  it('"reset" drops the connection', async () => {
    const { app } = await buildTestApp();
    const url = await listen(app);
    await expect(fetch(`${url}/api/v1/user.json?api_key=${KEY}&email=a@example.com`, { headers: { 'x-mock-fault': 'reset' } })).rejects.toThrow();
  });
});
