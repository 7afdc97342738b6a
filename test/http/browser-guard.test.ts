// Only the developer's own tools reach the mock: a page of another origin cannot change its state, a DNS-rebinding page
// (a name of its own pointing at 127.0.0.1) cannot reach it at all, and curl, SDKs and the harness are unaffected.
import { Agent, request } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { startMock } from '../../src/harness/harness.js';
import { buildTestApp, KEY, type ConfigOverrides } from '../helpers/build-test-app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

const EVIL = 'https://evil.example';
const crossSite = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', origin: EVIL };
const user = { email: 'kept@example.com', name: 'Kept', password: '12345', accountType: 'enterprise' };

async function appWithUser(config: ConfigOverrides = {}): Promise<App> {
  const { app } = await buildTestApp({ config });
  const created = await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${KEY}`, payload: user });
  expect(created.statusCode, created.body).toBe(201);
  return app;
}

const userStillThere = async (app: App) =>
  (await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=${user.email}` })).statusCode === 200;

function expectRefused(res: { statusCode: number; json(): any }, code: 'cross_site_request' | 'host_not_allowed') {
  expect(res.statusCode).toBe(403);
  expect(res.json().error).toMatchObject({ status: 403, code });
}

describe('a web page of another origin', () => {
  it("cannot wipe the mock or change any key's data: every non-GET to /_mock and the APIs is refused, and nothing changes", async () => {
    const app = await appWithUser();
    const calls: Array<[method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object]> = [
      ['POST', '/_mock/reset'],
      ['POST', `/_mock/reset?api_key=${KEY}`],
      ['DELETE', `/api/v1/user.json?api_key=${KEY}&email=${user.email}`],
      ['POST', `/api/v1/user.json?api_key=${KEY}`, { email: user.email, name: 'Hijacked' }],
      ['PUT', `/api/v1/widget.json?api_key=${KEY}`, { email: user.email }],
      ['POST', '/_mock/faults', { status: 503 }],
      ['POST', '/_mock/clock/advance', { ms: 3_600_000 }],
    ];
    for (const [method, url, payload] of calls) {
      // A no-cors POST carries no Content-Type a parser would refuse: the body is never read.
      const res = await app.inject({ method, url, headers: { ...crossSite, 'content-type': 'text/plain' }, ...(payload && { payload: JSON.stringify(payload) }) });
      expectRefused(res, 'cross_site_request');
      expect(res.json().error.message).toContain('ALLOWED_ORIGINS');
    }
    expect(await userStillThere(app)).toBe(true);
    expect((await app.inject({ method: 'GET', url: `/_mock/faults` })).json().faults).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${KEY}` })).json().requests).toHaveLength(2);
  });

  it('is judged by Origin when the browser sends no Sec-Fetch-Site: its own origin passes, another or `null` is refused', async () => {
    const app = await appWithUser();
    const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, headers: { host: '127.0.0.1:8080', ...headers }, payload: { ms: 0 } });
    expectRefused(await post({ origin: EVIL }), 'cross_site_request');
    expectRefused(await post({ origin: 'null' }), 'cross_site_request');
    expectRefused(await post({ origin: 'http://127.0.0.1:9999' }), 'cross_site_request');
    expect((await post({ origin: 'http://127.0.0.1:8080' })).statusCode).toBe(200);
  });

  it('another port of localhost (same-site) is another program: refused until ALLOWED_ORIGINS lists it', async () => {
    const sameSite = { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' };
    const closed = await appWithUser();
    expectRefused(await closed.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}`, headers: sameSite }), 'cross_site_request');
    expect(await userStillThere(closed)).toBe(true);

    const open = await appWithUser({ ALLOWED_ORIGINS: 'http://LOCALHOST:3000/, https://tools.example:8443' });
    expect(open.ctx.config.ALLOWED_ORIGINS).toEqual(['http://localhost:3000', 'https://tools.example:8443']);
    expect((await open.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}`, headers: sameSite })).statusCode).toBe(200);
    expectRefused(await open.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}`, headers: crossSite }), 'cross_site_request');
    const any = await appWithUser({ ALLOWED_ORIGINS: '*' });
    expect((await any.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}`, headers: crossSite })).statusCode).toBe(200);
  });

  it('may still read (a GET changes nothing), and browser-facing routes (config.browserFacing) take its other calls too', async () => {
    const app = await appWithUser();
    expect((await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=${user.email}`, headers: crossSite })).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url: '/_mock/health', headers: crossSite })).statusCode).toBe(200);

    const own = await buildApp(loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }));
    onTestFinished(() => own.close());
    own.post('/public/widget-call', { config: { browserFacing: true } }, async () => ({ ok: true }));
    expect((await own.inject({ method: 'POST', url: '/public/widget-call', headers: crossSite })).json()).toEqual({ ok: true });
    // The Host check still holds there.
    expectRefused(await own.inject({ method: 'POST', url: '/public/widget-call', headers: { ...crossSite, host: 'evil.example' } }), 'host_not_allowed');
  });
});

describe("the developer's own tools", () => {
  it('pass: no Sec-Fetch-Site nor Origin (curl, SDKs), the page of the mock itself (same-origin), a typed URL (none)', async () => {
    const app = await appWithUser();
    for (const headers of [{}, { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' }, { 'sec-fetch-site': 'none' }]) {
      expect((await app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, headers, payload: { ms: 0 } })).statusCode, JSON.stringify(headers)).toBe(200);
    }
  });

  it('pass over a real network: the harness (fetch and undici), and a page of the https listener posting to its own origin', async () => {
    const mock = await startMock({ apiKey: KEY });
    onTestFinished(() => mock.close());
    expect((await mock.reset()).scope).toBe('api_key');
    await mock.faults.add({ path: '/api/v1/user.json', status: 503 });

    const agent = new Agent({ connect: { ca: mock.ca } });
    onTestFinished(() => agent.close());
    const post = (origin: string) =>
      request(`${mock.httpsUrl}/_mock/reset?api_key=${KEY}`, { method: 'POST', dispatcher: agent, headers: { origin } }).then(async (r) => ({ status: r.statusCode, body: await r.body.json() }));
    expect((await post(mock.httpsUrl!)).status).toBe(200);
    // The same host and port over plain http is another origin.
    expect(await post(mock.httpsUrl!.replace('https:', 'http:'))).toMatchObject({ status: 403, body: { error: { code: 'cross_site_request' } } });
  });
});

describe('the Host header (DNS rebinding)', () => {
  const get = (app: App, host: string) => app.inject({ method: 'GET', url: '/_mock/health', headers: { host } });

  it('listening on loopback, must name a loopback address or HOST: any other name is refused, GETs included', async () => {
    const { app } = await buildTestApp();
    for (const host of ['localhost:8080', 'LOCALHOST', 'localhost.', 'inspector.localhost:8080', '127.0.0.1:8080', '127.0.0.2', '[::1]:8080', '[0:0:0:0:0:0:0:1]', '[::ffff:127.0.0.1]:80']) {
      expect((await get(app, host)).statusCode, host).toBe(200);
    }
    for (const host of ['evil.example:8080', 'localhost.evil.example', '10.0.0.1:8080', '0.0.0.0:8080', '[::2]', 'a b']) {
      const res = await get(app, host);
      expectRefused(res, 'host_not_allowed');
      expect(res.json().error.message, host).toContain('ALLOWED_HOSTS');
    }
  });

  it('ALLOWED_HOSTS widens it on loopback: names, *.suffixes, or * for any', async () => {
    const { app } = await buildTestApp({ config: { ALLOWED_HOSTS: 'mock.test, *.dev.example, [fd00::1]' } });
    for (const host of ['mock.test:8080', 'a.dev.example', 'b.a.dev.example:1', '[fd00::1]:8080', 'localhost']) expect((await get(app, host)).statusCode, host).toBe(200);
    for (const host of ['other.test', 'dev.example', 'xdev.example']) expectRefused(await get(app, host), 'host_not_allowed');
    const { app: any } = await buildTestApp({ config: { ALLOWED_HOSTS: '*' } });
    expect((await get(any, 'evil.example')).statusCode).toBe(200);
  });

  it('listening on every interface (the container), any name passes unless ALLOWED_HOSTS narrows it; loopback names always pass', async () => {
    const { app } = await buildTestApp({ config: { HOST: '0.0.0.0' } });
    expect((await get(app, 'snapengage-mock:8080')).statusCode).toBe(200);
    const { app: narrowed } = await buildTestApp({ config: { HOST: '0.0.0.0', ALLOWED_HOSTS: 'snapengage-mock' } });
    expect((await get(narrowed, 'snapengage-mock:8080')).statusCode).toBe(200);
    expect((await get(narrowed, '127.0.0.1:8080')).statusCode).toBe(200);
    expectRefused(await get(narrowed, 'evil.example:8080'), 'host_not_allowed');
  });

  it('the settings are checked at boot', () => {
    expect(() => loadConfig({ ALLOWED_HOSTS: 'a host' })).toThrow(/ALLOWED_HOSTS/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'localhost:3000' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'http://localhost:3000/path' })).toThrow(/ALLOWED_ORIGINS/);
  });
});
