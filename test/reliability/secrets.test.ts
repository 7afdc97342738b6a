// Secrets: api keys, passwords, integration tokens, auth headers and cookies never reach the logs (at trace level) or the journal,
// whether the request succeeds, fails validation, carries broken JSON or ends in failed webhook attempts.
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { buildTestApp, withKey } from '../helpers/build-test-app.js';
import { scheduledWidgetBody, userBody } from '../helpers/provisioning.js';
import { dumpStore } from '../helpers/store.js';

const SECRETS = {
  apiKey: 'sk_live_rel_A_9f8e7d6c',
  unknownKey: 'sk_live_unknown_1a2b3c',
  password: 'pw-SECRET-4242',
  newPassword: 'pw-SECRET-NEW-8484',
  authToken: 'tok-SECRET-7777',
  bearer: 'hdr-SECRET-5555',
  cookie: 'ck-SECRET-1111',
};
const OTHER_KEY = 'sk_live_rel_B_0a1b2c3d';

describe('secrets', () => {
  it('never appear in the logs (trace level) or the request journal, over a whole session of good and bad requests', async () => {
    const live = await buildTestApp({ listen: true, config: { LOG_LEVEL: 'trace', SNAPENGAGE_API_KEYS: `${SECRETS.apiKey},${OTHER_KEY}`, RETRY_SCHEDULE: '1s' } });
    const receiver = await startReceiver({ status: 500, body: 'receiver is down' });
    const key = SECRETS.apiKey;
    const headers = { authorization: `Bearer ${SECRETS.bearer}`, authentication: SECRETS.bearer, cookie: `session=${SECRETS.cookie}`, 'x-api-key': key };
    const send = (method: string, path: string, body?: unknown) => live.request(method, path, { headers, ...(body === undefined ? {} : { body }) });

    expect((await send('PUT', withKey('/api/v1/user.json', key), userBody({ email: 'owner@example.com', password: SECRETS.password }))).status).toBe(201);
    expect((await send('POST', withKey('/api/v1/user.json', key), { email: 'owner@example.com', name: 'Owner', password: SECRETS.newPassword })).status).toBe(200);
    // Refusals: a short password, an unknown field carrying the secret, broken JSON around it, a wrong key.
    expect((await send('PUT', withKey('/api/v1/user.json', key), userBody({ email: 'x@example.com', password: 'pw' }))).status).toBe(400);
    expect((await send('PUT', withKey('/api/v1/user.json', key), { ...userBody({ email: 'y@example.com' }), secret: SECRETS.password })).status).toBe(400);
    expect((await send('PUT', withKey('/api/v1/user.json', key), `{"email":"z@example.com","password":"${SECRETS.password}",`)).status).toBe(400);
    expect((await send('PUT', withKey('/api/v1/user.json', key), `{"password":"${SECRETS.password}" "x"}`)).status).toBe(400);
    expect((await send('GET', withKey('/api/v1/user.json', SECRETS.unknownKey, { email: 'owner@example.com' }))).status).toBe(401);
    expect((await send('GET', `/api/v1/user.json?api_key=${key}&api_key=${key}&email=owner@example.com`)).status).toBeLessThan(500);
    expect((await send('GET', `/api/v1/user.json?API_KEY=${key}&email=owner@example.com`)).status).toBe(401);
    expect((await send('GET', withKey('/api/v1/nowhere', key))).status).toBe(404);
    expect((await send('PATCH', withKey('/api/v1/user.json', key))).status).toBe(405);

    const widget = await send('PUT', withKey('/api/v1/widget.json', key), scheduledWidgetBody('owner@example.com'));
    expect(widget.status).toBe(201);
    const uuid = widget.json().uuid as string;
    // A token in the integration settings goes out to the receiver in a header, and nowhere else.
    const settings = await send('PUT', withKey(`/_mock/widgets/${uuid}/integration`, key), { url: receiver.url, authToken: SECRETS.authToken });
    expect(settings.status).toBe(200);
    expect(settings.text).not.toContain(SECRETS.authToken);
    expect((await send('PUT', withKey(`/_mock/widgets/${uuid}/integration`, key), { url: 'ftp://x', authToken: `${SECRETS.authToken}\n` })).status).toBe(400);
    // Two failing attempts (500), then the fallback email: every log line the dispatcher writes on the way.
    expect((await send('POST', withKey(`/_mock/widgets/${uuid}/support-requests`, key), {})).status).toBe(201);
    const advanced = await send('POST', withKey('/_mock/clock/advance', key), { ms: 5_000 });
    expect(advanced.json().attempts.map((x: { outcome: string }) => x.outcome)).toEqual(['failed', 'emailed']);
    expect(receiver.requests[0]!.headers.authentication).toBe(SECRETS.authToken);
    const deliveries = await send('GET', withKey('/_mock/deliveries', key));
    expect(deliveries.text).not.toContain(SECRETS.authToken);

    // The request journal a test reads back holds every request above, secrets redacted.
    const journal = await send('GET', withKey('/_mock/requests', key, { limit: '1000' }));
    expect(journal.status).toBe(200);
    expect(journal.json().requests.length).toBeGreaterThanOrEqual(8);
    for (const [name, value] of Object.entries(SECRETS)) expect(journal.text.includes(value), `${name} in the journal`).toBe(false);

    const logs = live.logs.join('');
    expect(live.logs.length).toBeGreaterThan(20);
    // Proof the logs are the ones we think: the dispatcher and the requests are in them.
    expect(logs).toContain('webhook attempt failed');
    expect(logs).toContain('/api/v1/user.json?api_key=[redacted]');
    for (const [name, value] of Object.entries(SECRETS)) expect(logs.includes(value), `${name} in the logs`).toBe(false);

    // Nor is any key or password written to the store: partners are fingerprints, passwords keyed hashes.
    const stored = JSON.stringify(dumpStore(live.app));
    for (const value of [SECRETS.apiKey, SECRETS.unknownKey, SECRETS.password, SECRETS.newPassword, SECRETS.bearer, SECRETS.cookie]) {
      expect(stored.includes(value), `${value} in the store`).toBe(false);
    }
  });

  it("a widget page's token is answered once, to the page, and never reaches the logs (trace level), the control plane or the store", async () => {
    const live = await buildTestApp({ listen: true, config: { LOG_LEVEL: 'trace', SNAPENGAGE_API_KEYS: SECRETS.apiKey } });
    const key = SECRETS.apiKey;
    expect((await live.request('PUT', withKey('/api/v1/user.json', key), { body: userBody({ email: 'owner@example.com' }) })).status).toBe(201);
    const uuid = (await live.request('PUT', withKey('/api/v1/widget.json', key), { body: scheduledWidgetBody('owner@example.com') })).json().uuid as string;
    const page = (await live.request('POST', '/widget/visitors', { body: { widgetId: uuid, pageUrl: 'https://shop.example/' } })).json() as { visitorId: string; token: string };
    const headers = { 'x-visitor-token': page.token };
    const pagePath = `/widget/visitors/${page.visitorId}`;
    expect((await live.request('POST', `${pagePath}/chat`, { headers, body: { message: 'hello', offline: true } })).status).toBe(200);
    expect((await live.request('POST', `${pagePath}/chat`, { headers, body: { message: 'x', unknown: page.token } })).status).toBe(400);
    expect((await live.request('GET', `${pagePath}/events?status=closed&token=${page.token}`, { headers })).status).toBe(400);
    const control = [withKey(`/_mock/widgets/${uuid}/visitors`, key), withKey('/_mock/conversations', key)];
    for (const path of control) expect((await live.request('GET', path)).text.includes(page.token), path).toBe(false);
    expect(live.logs.join('')).toContain(`${pagePath}/chat`);
    expect(live.logs.join('').includes(page.token), 'the token in the logs').toBe(false);
    expect(JSON.stringify(dumpStore(live.app)).includes(page.token), 'the token in the store').toBe(false);
  });
});
