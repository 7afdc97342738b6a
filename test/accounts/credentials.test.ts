import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY } from '../helpers/build-test-app.js';
import { createOrg, credentialsOf, logsUrl } from '../helpers/logs-setup.js';
import { api, userBody } from '../helpers/provisioning.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { FastifyInstance } from 'fastify';

const QUERY = 'start=2026-01-05&end=2026-01-05';
const logsStatus = async (app: FastifyInstance, orgId: string, apiToken: string) =>
  (await app.inject({ method: 'GET', url: logsUrl(orgId, QUERY), headers: { authorization: apiToken } })).statusCode;

describe('an account is an organization with an orgId and an API token', () => {
  test('created with the user: digits for the orgId, 32+ characters for the token, different for each account', async () => {
    const { app } = await buildTestApp();
    expect((await api(app).putUser(userBody({ email: 'a@example.com' }))).statusCode).toBe(201);
    expect((await api(app).putUser(userBody({ email: 'b@example.com' }))).statusCode).toBe(201);
    const a = await credentialsOf(app, 'a@example.com');
    const b = await credentialsOf(app, 'A@Example.com');
    expect(a.orgId).toMatch(/^[1-9]\d{15}$/);
    expect(Number(a.orgId)).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(a.apiToken.length).toBeGreaterThanOrEqual(32);
    expect(b).toEqual(await credentialsOf(app, 'a@example.com')); // same email, lower-cased
    const c = await credentialsOf(app, 'b@example.com');
    expect(c.orgId).not.toBe(a.orgId);
    expect(c.apiToken).not.toBe(a.apiToken);
    // Stable: reading again, or updating the user, changes nothing.
    await api(app).postUser({ email: 'a@example.com', name: 'Renamed' });
    expect(await credentialsOf(app, 'a@example.com')).toEqual(a);
  });

  test('only the key that created the user sees them; another key and an unknown email get the same 404', async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody({ email: 'a@example.com' }));
    for (const [method, url] of [
      ['GET', `/_mock/users/a@example.com/api-credentials?api_key=${OTHER_KEY}`],
      ['GET', `/_mock/users/nobody@example.com/api-credentials?api_key=${KEY}`],
      ['POST', `/_mock/users/a@example.com/api-credentials/rotate?api_key=${OTHER_KEY}`],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('user_not_found');
    }
    expect((await app.inject({ method: 'GET', url: '/_mock/users/a@example.com/api-credentials' })).statusCode).toBe(401);
  });

  test('rotate issues a new token; the old one stops at once, the orgId stays', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    expect(await logsStatus(app, org.orgId, org.apiToken)).toBe(200);
    const res = await app.inject({ method: 'POST', url: `/_mock/users/${org.email}/api-credentials/rotate?api_key=${KEY}` });
    expect(res.statusCode).toBe(200);
    const rotated = res.json<{ orgId: string; apiToken: string }>();
    expect(rotated.orgId).toBe(org.orgId);
    expect(rotated.apiToken).not.toBe(org.apiToken);
    expect(await logsStatus(app, org.orgId, org.apiToken)).toBe(401);
    expect(await logsStatus(app, org.orgId, rotated.apiToken)).toBe(200);
    expect(await credentialsOf(app, org.email)).toEqual(rotated);
  });

  test('the token is a secret: in no other response, no log line, no journal entry', async () => {
    const { app, logs } = await buildTestApp({ config: { LOG_LEVEL: 'trace' } });
    const org = await createOrg(app);
    const bodies = [
      (await api(app).getUser(org.email)).body,
      (await api(app).postUser({ email: org.email, name: 'Owner' })).body,
      (await app.inject({ method: 'GET', url: `/api/v1/widget.json?api_key=${KEY}&uuid=${org.widgetIds[0]}&email=${org.email}` })).body,
      (await app.inject({ method: 'GET', url: logsUrl(org.orgId, QUERY), headers: { authorization: org.apiToken } })).body,
      (await app.inject({ method: 'GET', url: logsUrl(org.orgId, QUERY), headers: { authorization: `${org.apiToken}x` } })).body,
      (await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${KEY}` })).body,
      (await app.inject({ method: 'GET', url: '/documentation/json' })).body,
    ];
    for (const body of bodies) expect(body).not.toContain(org.apiToken);
    expect(logs.join('')).not.toContain(org.apiToken);
    expect(logs.join('')).toContain('/api/v2/'); // the calls were logged, just not the token
  });
});

describe('fixtures may pin the credentials', () => {
  const ORG_ID = '5629499534213120';
  const TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
  const fixture = (users: object[]) => {
    const path = join(tempDir(), 'fixtures.json');
    writeFileSync(path, JSON.stringify({ partners: [{ apiKey: KEY, users, widgets: [] }] }));
    return path;
  };
  const user = { email: 'pinned@example.com', name: 'Pinned', password: 'demo-password', accountType: 'enterprise' };

  test('a pinned orgId and token are used as given, and come back after a reset with fixtures', async () => {
    const { app } = await buildTestApp({ config: { FIXTURES: fixture([{ ...user, orgId: ORG_ID, apiToken: TOKEN }]) } });
    expect(await credentialsOf(app, user.email)).toEqual({ orgId: ORG_ID, apiToken: TOKEN });
    expect(await logsStatus(app, ORG_ID, TOKEN)).toBe(200);
    await app.inject({ method: 'POST', url: `/_mock/users/${user.email}/api-credentials/rotate?api_key=${KEY}` });
    expect(await logsStatus(app, ORG_ID, TOKEN)).toBe(401);
    await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}&fixtures=true` });
    expect(await logsStatus(app, ORG_ID, TOKEN)).toBe(200);
  });

  test.each([
    [{ orgId: '0123' }, /orgId must be a string of 1-30 digits/],
    [{ orgId: 'abc' }, /orgId must be a string of 1-30 digits/],
    [{ apiToken: 'short' }, /apiToken must be at least 32 characters/],
    [{ apiToken: `Bearer ${TOKEN}` }, /apiToken must be visible ASCII characters without spaces/],
  ])('%o is refused at boot with a message naming it', async (pinned, message) => {
    await expect(buildTestApp({ config: { FIXTURES: fixture([{ ...user, ...pinned }]) } })).rejects.toThrow(message);
  });

  test('two accounts pinning the same orgId: the second is refused, naming it', async () => {
    const path = fixture([
      { ...user, orgId: ORG_ID },
      { ...user, email: 'twin@example.com', orgId: ORG_ID },
    ]);
    await expect(buildTestApp({ config: { FIXTURES: path } })).rejects.toThrow(/orgId is already used by another account/);
  });
});

test("the demo fixtures pin the credentials the README's Logs API examples use", async () => {
  const demo = new URL('../../fixtures/demo.json', import.meta.url).pathname;
  const { app } = await buildTestApp({ config: { FIXTURES: demo, SNAPENGAGE_API_KEYS: 'dev-api-key' } });
  const res = await app.inject({ method: 'GET', url: '/_mock/users/ada@example.com/api-credentials?api_key=dev-api-key' });
  expect(res.json()).toEqual({ orgId: '5629499534213120', apiToken: 'ada-demo-api-token-0123456789abcdef' });
  expect(await logsStatus(app, '5629499534213120', 'ada-demo-api-token-0123456789abcdef')).toBe(200);
});
