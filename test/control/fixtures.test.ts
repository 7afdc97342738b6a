import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FixtureError } from '../../src/control/fixtures.js';
import { DEFAULT_DEV_API_KEY } from '../../src/core/config.js';
import { KEY, buildTestApp } from '../helpers/build-test-app.js';
import { tempDir } from '../helpers/temp-dir.js';
import { storeOf } from '../../src/app.js';
import { storedUser } from '../helpers/store.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo.json', import.meta.url));
const DEMO_WIDGET = '0d3a5e2c-5b7f-4c1e-9a2d-6f8b1c4e7a90';
const demoKeys = { SNAPENGAGE_API_KEYS: DEFAULT_DEV_API_KEY, FIXTURES: DEMO };

function writeFixture(content: unknown): string {
  const path = join(tempDir(), 'fixture.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('fixtures', () => {
  it('fixtures/demo.json loads at boot: its users and widgets answer under dev-api-key', async () => {
    const { app } = await buildTestApp({ config: demoKeys });
    const user = await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${DEFAULT_DEV_API_KEY}&email=ada@example.com` });
    expect(user.statusCode).toBe(200);
    expect(user.json()).toEqual({ email: 'ada@example.com', name: 'Ada Demo', phone: '555-010-0001', accountType: 'enterprise' });
    const widget = await app.inject({ method: 'GET', url: `/api/v1/widget.json?api_key=${DEFAULT_DEV_API_KEY}&uuid=${DEMO_WIDGET}&email=ada@example.com` });
    expect(widget.statusCode).toBe(200);
    expect(widget.json()).toMatchObject({ uuid: DEMO_WIDGET, agents: [{ agentId: 'wc:ada@example.com' }, { agentId: 'wc:grace@example.com' }] });
    expect(widget.json().conversationSchedule.timeZone).toBe('Europe/Berlin');
    const integration = await app.inject({ method: 'GET', url: `/_mock/widgets/${DEMO_WIDGET}/integration?api_key=${DEFAULT_DEV_API_KEY}` });
    expect(integration.statusCode).toBe(200);
    expect(integration.json()).toMatchObject({ url: 'http://127.0.0.1:9000/snapengage', authTokenSet: true, format: 'json' });
  });

  it('the README quick-start curl works against the demo data (the key is the default, the user is not taken)', async () => {
    const { app } = await buildTestApp({ config: demoKeys });
    const res = await app.inject({
      method: 'PUT',
      url: '/api/v1/user.json?api_key=dev-api-key',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"jim@example.com","name":"Jimbo Something","password":"12345","phone":"555-617-8980","accountType":"enterprise"}',
    });
    expect(res.statusCode).toBe(201);
  });

  it('loading twice (a restart on a kept database) changes nothing', async () => {
    const db = join(tempDir(), 'mock.db');
    const first = await buildTestApp({ config: { ...demoKeys, DATABASE_PATH: db } });
    await first.app.close();
    const { app } = await buildTestApp({ config: { ...demoKeys, DATABASE_PATH: db } });
    expect(await app.ctx.fixtures.load(DEMO)).toEqual({
      users: { created: 0, existing: 2 },
      widgets: { created: 0, existing: 3 },
      integrations: { created: 0, existing: 2 },
    });
    expect(storeOf(app).prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 2 });
    expect(storeOf(app).prepare('SELECT count(*) AS n FROM widgets').get()).toEqual({ n: 3 });
  });

  it('reset?fixtures=true puts the fixture data back, without the records created since', async () => {
    const { app } = await buildTestApp({ config: demoKeys });
    const hashAtBoot = storedUser(app, 'ada@example.com')!.passwordHash;
    await app.inject({ method: 'DELETE', url: `/api/v1/user.json?api_key=${DEFAULT_DEV_API_KEY}&email=ada@example.com` });
    await app.inject({
      method: 'PUT',
      url: `/api/v1/user.json?api_key=${DEFAULT_DEV_API_KEY}`,
      payload: { email: 'new@example.com', name: 'New', password: 'pass-word', accountType: 'biz' },
    });
    const res = await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${DEFAULT_DEV_API_KEY}&fixtures=true` });
    // Fast because nothing is re-hashed (asserted below by the hash), not by a wall-clock bound a busy machine can miss.
    expect(res.json()).toMatchObject({ fixtures: true, tookMs: expect.any(Number) });
    const status = async (email: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${DEFAULT_DEV_API_KEY}&email=${email}` })).statusCode;
    expect(await status('ada@example.com')).toBe(200);
    expect(await status('new@example.com')).toBe(404);
    const widget = await app.inject({ method: 'GET', url: `/api/v1/widget.json?api_key=${DEFAULT_DEV_API_KEY}&uuid=${DEMO_WIDGET}&email=ada@example.com` });
    expect(widget.statusCode).toBe(200);
    const integration = await app.inject({ method: 'GET', url: `/_mock/widgets/${DEMO_WIDGET}/integration?api_key=${DEFAULT_DEV_API_KEY}` });
    expect(integration.statusCode).toBe(200);
    // Restored from the snapshot, not re-hashed: the same hash, so the demo password still logs in.
    expect(storedUser(app, 'ada@example.com')!.passwordHash).toBe(hashAtBoot);

    const plain = await app.inject({ method: 'POST', url: '/_mock/reset' });
    expect(plain.json()).toMatchObject({ fixtures: false });
    expect(await status('ada@example.com')).toBe(404);
  });

  it('stops the boot with a message naming the file and the field when the file is invalid', async () => {
    const broken = writeFixture({ partners: [{ apiKey: KEY, users: [{ email: 'not-an-email', name: 'X', password: 'pass-word', accountType: 'biz' }] }] });
    await expect(buildTestApp({ config: { FIXTURES: broken } })).rejects.toThrow(FixtureError);
    await expect(buildTestApp({ config: { FIXTURES: broken } })).rejects.toThrow(/partners\.0\.users\.0\.email: email must be a valid email address/);
    await expect(buildTestApp({ config: { FIXTURES: join(tempDir(), 'missing.json') } })).rejects.toThrow(/cannot read fixtures/);
  });

  it('applies the API rules: a widget owned by a user the fixture does not have is refused', async () => {
    const path = writeFixture({
      partners: [{ apiKey: KEY, widgets: [{ email: 'ghost@example.com', agents: [{ agentId: 'a', agentAlias: 'A', agentAvatar: 'https://x.io/a.png', agentType: 'webclient' }] }] }],
    });
    await expect(buildTestApp({ config: { FIXTURES: path } })).rejects.toThrow(/partners\.0: no user with email ghost@example.com/);
  });
});
