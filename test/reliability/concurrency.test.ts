// Concurrency: racing creates of one email have exactly one winner; racing updates of different fields lose none of them.
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/provisioning/password.js';
import { buildTestApp, KEY as KEY_A, OTHER_KEY as KEY_B, withKey } from '../helpers/build-test-app.js';
import { seedUserAndWidget, userBody } from '../helpers/provisioning.js';
import { storeOf } from '../../src/app.js';
import { storedUser } from '../helpers/store.js';

describe('concurrency', () => {
  it('100 parallel creates of the same email (mixed case, two keys) give exactly one 201 and 99 409s', async () => {
    const live = await buildTestApp({ listen: true, config: { LOG_LEVEL: 'warn' } });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        live.request('PUT', withKey('/api/v1/user.json', i % 2 ? KEY_A : KEY_B), {
          body: userBody({ email: i % 3 ? 'race@example.com' : 'RACE@Example.com', name: `Racer ${i}` }),
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    const winner = results.find((r) => r.status === 201)!.json();
    const stored = storeOf(live.app).prepare("SELECT name FROM users WHERE email = 'race@example.com'").all();
    expect(stored).toEqual([{ name: winner.name }]);
  });

  it('parallel updates of different fields of one user each keep the others (a slow password hash never writes back stale fields)', async () => {
    const live = await buildTestApp({ listen: true, config: { LOG_LEVEL: 'warn' } });
    const emails = Array.from({ length: 10 }, (_, i) => `user${i}@example.com`);
    for (const email of emails) await live.request('PUT', withKey('/api/v1/user.json', KEY_A), { body: userBody({ email, accountType: 'trial' }) });

    const update = (body: Record<string, unknown>) => live.request('POST', withKey('/api/v1/user.json', KEY_A), { body });
    // Per user: one update that changes the password, and two racing it that change other fields.
    const results = await Promise.all(
      emails.flatMap((email, i) => [
        update({ email, name: 'Same Name', password: `new-secret-${i}` }),
        update({ email, name: 'Same Name', phone: `555-000-${String(i).padStart(4, '0')}` }),
        update({ email, name: 'Same Name', accountType: 'prem' }),
      ]),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));

    for (const [i, email] of emails.entries()) {
      const user = storedUser(live.app, email)!;
      expect({ phone: user.phone, accountType: user.accountType, name: user.name }).toEqual({
        phone: `555-000-${String(i).padStart(4, '0')}`,
        accountType: 'prem',
        name: 'Same Name',
      });
      expect(await verifyPassword(`new-secret-${i}`, user.passwordHash)).toBe(true);
    }
  });

  it('parallel widget updates that each change a different field all land', async () => {
    const live = await buildTestApp({ listen: true, config: { LOG_LEVEL: 'warn' } });
    const uuid = await seedUserAndWidget(live, KEY_A, 'owner@example.com');
    const get = () => live.request('GET', withKey('/api/v1/widget.json', KEY_A, { uuid, email: 'owner@example.com' }));
    const agents = (await get()).json().agents;
    const changes: Record<string, unknown>[] = [
      { name: 'Renamed' },
      { destinationEmail: 'elsewhere@example.com' },
      { enableProactiveChat: 'false' },
      { enableConversations: false },
      { conversationSchedule: { timeZone: 'UTC', schedules: [] } },
    ];
    const results = await Promise.all(
      changes.map((change) =>
        live.request('POST', withKey('/api/v1/widget.json', KEY_A), { body: { uuid, email: 'owner@example.com', agents, ...change } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(changes.map(() => 200));
    expect((await get()).json()).toMatchObject(Object.assign({ agents }, ...changes));
  });

  it('a user deleted while widgets are created for it leaves no orphan widget', async () => {
    const live = await buildTestApp({ listen: true, config: { LOG_LEVEL: 'warn' } });
    await seedUserAndWidget(live, KEY_A, 'doomed@example.com');
    const create = () => live.request('PUT', withKey('/api/v1/widget.json', KEY_A), {
      body: { email: 'doomed@example.com', agents: [{ agentId: 'a@example.com', agentAlias: 'A', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }] },
    });
    const results = await Promise.all([
      ...Array.from({ length: 20 }, create),
      live.request('DELETE', withKey('/api/v1/user.json', KEY_A, { email: 'doomed@example.com' })),
      ...Array.from({ length: 20 }, create),
    ]);
    expect(results.every((r) => r.status < 500)).toBe(true);
    const db = storeOf(live.app);
    expect(db.prepare('SELECT count(*) AS n FROM widgets w LEFT JOIN users u ON u.id = w.owner_id WHERE u.id IS NULL').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM users WHERE email = 'doomed@example.com'").get()).toEqual({ n: 0 });
  });
});
