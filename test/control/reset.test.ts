import { describe, expect, it } from 'vitest';
import { KEY, OTHER_KEY, buildTestApp } from '../helpers/build-test-app.js';
import { storeOf } from '../../src/app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

const agent = { agentId: 'a@example.com', agentAlias: 'A', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' };

async function seed(app: App, key: string, email: string) {
  const user = await app.inject({
    method: 'PUT',
    url: `/api/v1/user.json?api_key=${key}`,
    payload: { email, name: 'Someone', password: 'pass-word', accountType: 'biz' },
  });
  expect(user.statusCode).toBe(201);
  const widget = await app.inject({ method: 'PUT', url: `/api/v1/widget.json?api_key=${key}`, payload: { email, agents: [agent] } });
  expect(widget.statusCode).toBe(201);
  return widget.json().uuid as string;
}

const userStatus = async (app: App, key: string, email: string) =>
  (await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${key}&email=${email}` })).statusCode;
const journalLength = async (app: App, key: string) =>
  (await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${key}` })).json().requests.length as number;

describe('POST /_mock/reset', () => {
  it('without api_key wipes every key\'s records, the journal and every fault rule', async () => {
    const { app } = await buildTestApp();
    await seed(app, KEY, 'a@example.com');
    await seed(app, OTHER_KEY, 'b@example.com');
    await app.inject({ method: 'POST', url: '/_mock/faults', payload: { path: '/api/v1/widget.json', status: 500 } });

    const res = await app.inject({ method: 'POST', url: '/_mock/reset' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ scope: 'all', deleted: { users: 2, widgets: 2 }, journal: 4, faults: 1, fixtures: false });

    expect(await userStatus(app, KEY, 'a@example.com')).toBe(404);
    expect(await userStatus(app, OTHER_KEY, 'b@example.com')).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/_mock/faults' })).json().faults).toEqual([]);
    // The two GETs above are the only entries now.
    expect(await journalLength(app, KEY)).toBe(1);
  });

  it('with api_key wipes only that key: other keys keep their records, journal and fault rules', async () => {
    const { app } = await buildTestApp();
    await seed(app, KEY, 'a@example.com');
    const otherWidget = await seed(app, OTHER_KEY, 'b@example.com');
    await app.inject({ method: 'POST', url: '/_mock/faults', payload: { api_key: KEY, path: '/api/v1/widget.json', status: 500 } });
    await app.inject({ method: 'POST', url: '/_mock/faults', payload: { api_key: OTHER_KEY, path: '/api/v1/widget.json', status: 500 } });

    const res = await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` });
    expect(res.json()).toMatchObject({ scope: 'api_key', deleted: { users: 1, widgets: 1 }, journal: 2, faults: 1 });

    expect(await userStatus(app, KEY, 'a@example.com')).toBe(404);
    expect(await userStatus(app, OTHER_KEY, 'b@example.com')).toBe(200);
    expect(await journalLength(app, OTHER_KEY)).toBe(3);
    const faults = (await app.inject({ method: 'GET', url: '/_mock/faults' })).json().faults;
    expect(faults).toHaveLength(1);
    const widget = await app.inject({ method: 'GET', url: `/api/v1/widget.json?api_key=${OTHER_KEY}&uuid=${otherWidget}&email=b@example.com` });
    expect(widget.statusCode).toBe(500);
  });

  it('refuses an unknown api_key rather than silently wiping nothing', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ method: 'POST', url: '/_mock/reset?api_key=nope' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_api_key');
  });
});

describe('GET /_mock/health', () => {
  it('answers ok with the version, uptime and clock, with no api_key', async () => {
    const { app, clock } = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/_mock/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      store: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptimeMs: expect.any(Number),
      clock: { mode: 'virtual', now: clock.now(), iso: new Date(clock.now()).toISOString() },
      schemaVersion: expect.any(Number),
      // app.inject: nothing listens.
      ports: { http: null, https: null },
      devApiKey: false,
    });
  });

  it('says whether dev-api-key is accepted (listed, or any key with *), and names no key it accepts', async () => {
    const health = async (keys: string) => {
      const { app } = await buildTestApp({ config: { SNAPENGAGE_API_KEYS: keys } });
      const res = await app.inject({ method: 'GET', url: '/_mock/health' });
      expect(res.statusCode).toBe(200);
      return res;
    };
    expect((await health('dev-api-key')).json().devApiKey).toBe(true);
    expect((await health(`${KEY},dev-api-key`)).json().devApiKey).toBe(true);
    expect((await health('*')).json().devApiKey).toBe(true);
    const without = await health(`${KEY},${OTHER_KEY}`);
    expect(without.json().devApiKey).toBe(false);
    expect(without.body).not.toContain(KEY);
    expect(without.body).not.toContain(OTHER_KEY);
  });

  it('answers 503 while the store is not migrated to the schema this version knows', async () => {
    const { app } = await buildTestApp();
    storeOf(app).pragma('user_version = 0');
    const res = await app.inject({ method: 'GET', url: '/_mock/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('not_ready');
  });
});
