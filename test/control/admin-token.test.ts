// Who can call what under /_mock: MOCK_ADMIN_TOKEN guards the calls that act on every key; a key acts on its own things.
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { startMock } from '../../src/index.js';
import { KEY, OTHER_KEY, buildTestApp } from '../helpers/build-test-app.js';

const TOKEN = 'adm-SECRET-31337';
const admin = { 'x-mock-admin-token': TOKEN };
const wrong = { 'x-mock-admin-token': 'not-the-token' };

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];
const call = (
  app: App,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  payload?: Record<string, unknown>,
): Promise<LightMyRequestResponse> => app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

function expectRefused(res: LightMyRequestResponse, status: 401 | 403) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(status === 401 ? 'admin_token_required' : 'invalid_admin_token');
  expect(res.json().error.message).toContain('x-mock-admin-token');
  expect(res.body).not.toContain(TOKEN);
}

describe('MOCK_ADMIN_TOKEN', () => {
  it('guards reset of everything: 401 without the header, 403 with a wrong one, 200 with it; a key resets its own data without it', async () => {
    const { app } = await buildTestApp({ config: { MOCK_ADMIN_TOKEN: TOKEN } });
    expectRefused(await call(app, 'POST', '/_mock/reset'), 401);
    expectRefused(await call(app, 'POST', '/_mock/reset', wrong), 403);
    expect((await call(app, 'POST', '/_mock/reset', admin)).json()).toMatchObject({ scope: 'all' });
    expect((await call(app, 'POST', `/_mock/reset?api_key=${KEY}`)).json()).toMatchObject({ scope: 'api_key' });
    expect((await call(app, 'POST', '/_mock/reset?api_key=wrong')).statusCode).toBe(401);
  });

  it("guards moving the shared clock; a key moves its own without the token; reading stays open, like /_mock/health", async () => {
    const { app } = await buildTestApp({ config: { MOCK_ADMIN_TOKEN: TOKEN } });
    expectRefused(await call(app, 'POST', '/_mock/clock/advance', {}, { ms: 1000 }), 401);
    expectRefused(await call(app, 'POST', '/_mock/clock/advance', wrong, { ms: 1000 }), 403);
    const before = (await call(app, 'GET', '/_mock/clock')).json().now as number;
    expect((await call(app, 'POST', '/_mock/clock/advance', admin, { ms: 1000 })).json().now).toBe(before + 1000);
    expect((await call(app, 'POST', `/_mock/clock/advance?api_key=${KEY}`, {}, { ms: 500 })).json().now).toBe(before + 1500);
    expect((await call(app, 'POST', '/_mock/clock/advance?api_key=wrong', {}, { ms: 500 })).statusCode).toBe(401);
    expect((await call(app, 'GET', `/_mock/clock?api_key=${KEY}`)).json().now).toBe(before + 1500);
  });

  it('guards fault rules for every key; a key adds, lists and removes only its own (another key\'s rule is not found)', async () => {
    const { app } = await buildTestApp({ config: { MOCK_ADMIN_TOKEN: TOKEN } });
    expectRefused(await call(app, 'POST', '/_mock/faults', {}, { status: 503 }), 401);
    const global = (await call(app, 'POST', '/_mock/faults', admin, { path: '/api/v1/widget.json', status: 500 })).json();
    const mine = (await call(app, 'POST', '/_mock/faults', {}, { api_key: KEY, status: 503 })).json();
    const theirs = (await call(app, 'POST', '/_mock/faults', {}, { api_key: OTHER_KEY, status: 502 })).json();
    expect([global.scoped, mine.scoped, theirs.scoped]).toEqual([false, true, true]);

    expectRefused(await call(app, 'GET', '/_mock/faults'), 401);
    expectRefused(await call(app, 'DELETE', '/_mock/faults', wrong), 403);
    const listed = (await call(app, 'GET', `/_mock/faults?api_key=${KEY}`)).json().faults.map((f: { id: string }) => f.id);
    expect(listed).toEqual([global.id, mine.id]);
    expect((await call(app, 'GET', '/_mock/faults', admin)).json().faults).toHaveLength(3);

    const notMine = await call(app, 'DELETE', `/_mock/faults/${theirs.id}?api_key=${KEY}`);
    expect(notMine.statusCode).toBe(404);
    expect(notMine.json().error.code).toBe('fault_not_found');
    expectRefused(await call(app, 'DELETE', `/_mock/faults/${theirs.id}`), 401);
    expectRefused(await call(app, 'DELETE', `/_mock/faults/${global.id}?api_key=${KEY}`), 401);
    expect((await call(app, 'DELETE', `/_mock/faults/${mine.id}?api_key=${KEY}`)).json()).toEqual({ removed: 1 });
    expect((await call(app, 'DELETE', `/_mock/faults?api_key=${OTHER_KEY}`)).json()).toEqual({ removed: 1 });
    expect((await call(app, 'DELETE', `/_mock/faults/${global.id}`, admin)).json()).toEqual({ removed: 1 });
  });

  it('leaves the keyed routes alone: the journal and the Integration API answer to the api_key only', async () => {
    const { app } = await buildTestApp({ config: { MOCK_ADMIN_TOKEN: TOKEN } });
    expect((await call(app, 'GET', `/_mock/requests?api_key=${KEY}`)).statusCode).toBe(200);
    expect((await call(app, 'GET', `/_mock/deliveries?api_key=${KEY}`)).statusCode).toBe(200);
    expect((await call(app, 'GET', '/_mock/health')).statusCode).toBe(200);
  });

  it('unset, keeps every control call open, as before', async () => {
    const { app } = await buildTestApp();
    expect((await call(app, 'POST', '/_mock/reset')).statusCode).toBe(200);
    expect((await call(app, 'POST', '/_mock/clock/advance', {}, { ms: 1 })).statusCode).toBe(200);
    const rule = (await call(app, 'POST', '/_mock/faults', {}, { api_key: KEY, status: 503 })).json();
    expect((await call(app, 'GET', '/_mock/faults')).json().faults).toHaveLength(1);
    expect((await call(app, 'DELETE', `/_mock/faults/${rule.id}`)).statusCode).toBe(200);
  });

  it('never reaches the logs (trace level), the journal or an answer', async () => {
    const { app, logs } = await buildTestApp({ config: { MOCK_ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'trace' } });
    await call(app, 'POST', '/_mock/reset', admin);
    await call(app, 'POST', '/_mock/reset', { 'x-mock-admin-token': `${TOKEN}x` });
    await call(app, 'GET', `/api/v1/user.json?api_key=${KEY}&email=a@example.com`, admin);
    await call(app, 'PUT', `/api/v1/user.json?api_key=${KEY}`, admin, { email: 'b@example.com', token: TOKEN });
    const journal = await call(app, 'GET', `/_mock/requests?api_key=${KEY}`, admin);
    expect(journal.json().requests).toHaveLength(2);
    expect(journal.body).not.toContain(TOKEN);
    expect(logs.length).toBeGreaterThan(4);
    expect(logs.join('')).not.toContain(TOKEN);
  });

  it('is sent by the harness, so startMock() keeps working with a token set', async () => {
    await using mock = await startMock({ config: { MOCK_ADMIN_TOKEN: TOKEN } });
    const before = await mock.clock();
    expect((await mock.advanceClock(5_000)).now).toBe(before.now + 5_000);
    expect(await mock.reset({ all: true })).toMatchObject({ scope: 'all' });
    const rule = await mock.faults.add({ status: 503 });
    await mock.faults.remove(rule.id);
    expect(await mock.faults.list()).toEqual([]);
  });

  it('must be sendable as a header: a value with spaces or beyond ASCII stops the boot naming the setting', () => {
    expect(() => loadConfig({ MOCK_ADMIN_TOKEN: 'two words' })).toThrow(/MOCK_ADMIN_TOKEN=.*printable ASCII/);
    expect(loadConfig({ MOCK_ADMIN_TOKEN: '' }).MOCK_ADMIN_TOKEN).toBeUndefined();
  });

  it('is documented in the README configuration table and in the OpenAPI document', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toMatch(/^\| `MOCK_ADMIN_TOKEN` \|/m);
    const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'));
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ in: 'header', name: 'x-mock-admin-token' });
    expect(doc.paths['/_mock/clock/advance'].post.security).toEqual([{ apiKey: [] }, { adminToken: [] }]);
  });
});

describe('one api_key story', () => {
  it('every /_mock route keyed by ?api_key= (all but health, the public CA, and POST /faults which names its key in the body) refuses an unknown key with 401', async () => {
    const { app } = await buildTestApp();
    const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const keyed = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/_mock/') && path !== '/_mock/health' && path !== '/_mock/tls/ca.pem')
      .flatMap(([path, ops]) => Object.keys(ops).map((method): [string, string] => [method.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x')]))
      .filter(([method, path]) => !(method === 'POST' && path === '/_mock/faults'));
    expect(keyed.length).toBeGreaterThanOrEqual(15);
    for (const [method, path] of keyed) {
      const res = await app.inject({ method: method as 'GET', url: `${path}?api_key=not-a-key` });
      expect(res.statusCode, `${method} ${path}`).toBe(401);
      expect(res.json().error.code, `${method} ${path}`).toBe('invalid_api_key');
    }
  });
});
