// The inspector's page (/_mock/ui) and the reads it needs beyond the partner APIs: accounts, a document, a delivery's ladder.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ladderOf } from '../../src/inspector/ladder.js';
import { buildTestApp, KEY, OTHER_KEY, START_TIME, withKey } from '../helpers/build-test-app.js';
import { configureIntegration, createWidget } from '../helpers/integration-setup.js';
import { closedPortUrl } from '../helpers/webhook-receiver.js';
import { storedUser } from '../helpers/store.js';

describe('GET /_mock/ui', () => {
  it('serves the page and its two assets under a CSP that allows no inline script, and nothing else from its folder', async () => {
    const { app } = await buildTestApp();
    const page = await app.inject({ method: 'GET', url: '/_mock/ui' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.body).toContain('/_mock/ui/app.js');
    const js = await app.inject({ method: 'GET', url: '/_mock/ui/app.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect((await app.inject({ method: 'GET', url: '/_mock/ui/app.css' })).headers['content-type']).toContain('text/css');
    for (const path of ['/_mock/ui/..%2Fpackage.json', '/_mock/ui/index.js', '/_mock/ui/app.js.map']) {
      expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    }
  });
});

describe('the page and the server share one contract', () => {
  it('every route the page calls (ui/src/routes.ts) is a route of the server', async () => {
    const { app } = await buildTestApp();
    const source = readFileSync(new URL('../../ui/src/routes.ts', import.meta.url), 'utf8');
    const routes = [...source.matchAll(/^\s*'(GET|PUT|POST|DELETE) (\/[^']*)'/gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(routes.length).toBeGreaterThan(10);
    for (const [method, url] of routes) expect(app.hasRoute({ method, url }), `${method} ${url}`).toBe(true);
  });

  it('the page carries the server\'s types only: its bundle holds no server code (zod and the schemas stay on the server)', async () => {
    const { app } = await buildTestApp();
    const js = await app.inject({ method: 'GET', url: '/_mock/ui/app.js' });
    expect(js.statusCode).toBe(200);
    expect(js.body).not.toContain('Zod');
    expect(js.body).not.toContain('Milliseconds since the Unix epoch');
  });
});

describe('GET /_mock/accounts', () => {
  it("lists the key's users and widgets with agents and integration settings, and never a password, an API token or the integration token", async () => {
    const { app } = await buildTestApp();
    const { widgetId, ownerEmail } = await createWidget(app);
    await configureIntegration(app, widgetId, { url: 'https://receiver.example.com/hook', authToken: 'sekrit-token-value' });
    await createWidget(app, { key: OTHER_KEY });
    const res = await app.inject({ method: 'GET', url: withKey('/_mock/accounts', KEY) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.users.map((u: { email: string }) => u.email)).toEqual([ownerEmail]);
    expect(body.widgets).toHaveLength(1);
    expect(body.widgets[0]).toMatchObject({
      uuid: widgetId,
      email: ownerEmail,
      agents: [{ agentId: 'wc:jerome@example.com', agentAlias: 'Jerome' }],
      integration: { url: 'https://receiver.example.com/hook', authTokenSet: true, format: 'json' },
    });
    const { apiToken } = storedUser(app, ownerEmail)!;
    expect(res.body).not.toContain('sekrit-token-value');
    expect(res.body).not.toContain(apiToken);
    expect(res.body).not.toMatch(/password|12345/i);
    expect((await app.inject({ method: 'GET', url: '/_mock/accounts' })).statusCode).toBe(401);
  });
});

describe('GET /_mock/support-requests/{id} and /_mock/deliveries/{id}/ladder', () => {
  it('gives the document as JSON and as the legacy XML, to its own key only', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const created = (await app.inject({ method: 'POST', url: withKey(`/_mock/widgets/${widgetId}/support-requests`, KEY), payload: { type: 'chat' } })).json();
    const id = created.supportRequest.id as string;
    const res = await app.inject({ method: 'GET', url: withKey(`/_mock/support-requests/${id}`, KEY) });
    expect(res.statusCode).toBe(200);
    expect(res.json().document).toEqual(created.supportRequest);
    expect(res.json().xml).toMatch(/^<\?xml/);
    expect(res.json().xml).toContain(`<![CDATA[${id}]]>`);
    const other = await app.inject({ method: 'GET', url: withKey(`/_mock/support-requests/${id}`, OTHER_KEY) });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('support_request_not_found');
  });

  it('draws the attempts made, the one due next and the ones still planned, on the mock clock', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    await configureIntegration(app, widgetId, { url: await closedPortUrl() });
    const { deliveryId } = (await app.inject({ method: 'POST', url: withKey(`/_mock/widgets/${widgetId}/support-requests`, KEY), payload: { type: 'chat' } })).json();
    const ladder = () => app.inject({ method: 'GET', url: withKey(`/_mock/deliveries/${deliveryId}/ladder`, KEY) }).then((r) => r.json());

    const before = await ladder();
    expect(before.maxAttempts).toBe(10);
    expect(before.steps).toHaveLength(10);
    expect(before.steps[0]).toEqual({ attempt: 1, at: START_TIME, state: 'next' });
    // The default ladder: 30 s, 1 min, 2 min, 4 min, ... after each failure.
    expect(before.steps[1]).toEqual({ attempt: 2, at: START_TIME + 30_000, state: 'planned' });
    expect(before.steps[9].at - START_TIME).toBe(2 * 3_600_000 + 30_000);

    await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 0 } });
    const after = await ladder();
    expect(after.steps.slice(0, 3)).toEqual([
      { attempt: 1, at: START_TIME, state: 'done' },
      { attempt: 2, at: START_TIME + 30_000, state: 'next' },
      { attempt: 3, at: START_TIME + 90_000, state: 'planned' },
    ]);
    expect((await app.inject({ method: 'GET', url: withKey(`/_mock/deliveries/${deliveryId}/ladder`, OTHER_KEY) })).statusCode).toBe(404);
  });

  it('ends at the attempts made once a delivery is settled', () => {
    const attempts = [{ attempt: 1, startedAt: 5 }] as never;
    expect(ladderOf({ attempts, nextAttemptAt: null }, [30_000])).toEqual([{ attempt: 1, at: 5, state: 'done' }]);
  });
});
