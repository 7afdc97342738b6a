// A virtual clock per api_key: a keyed advance moves only that key's time and runs only its deliveries; the shared
// clock moves every key that has no time of its own; reset gives a key back to the shared clock; a restart resumes all.
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY } from '../helpers/build-test-app.js';
import { createSupportRequest, getDelivery, integratedWidget } from '../helpers/integration-setup.js';
import { tempDir } from '../helpers/temp-dir.js';
import { closedPortUrl, startReceiver } from '../helpers/webhook-receiver.js';

const HOUR = 3_600_000;

async function clockOf(app: FastifyInstance, key?: string): Promise<{ now: number; scope: string; diverged: boolean }> {
  return (await app.inject({ method: 'GET', url: key ? `/_mock/clock?api_key=${key}` : '/_mock/clock' })).json();
}

async function advance(app: FastifyInstance, payload: { ms?: number; to?: number }, key?: string) {
  const res = await app.inject({ method: 'POST', url: key ? `/_mock/clock/advance?api_key=${key}` : '/_mock/clock/advance', payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ now: number; scope: string; diverged: boolean; attempts: Array<{ deliveryId: string; outcome: string }> }>();
}

describe('a virtual clock per api_key', () => {
  it("moves only the key's clock, stamps only its records with it, and runs only its deliveries", async () => {
    const { app, clock } = await buildTestApp({ config: { RETRY_SCHEDULE: '1m,1h' } });
    const start = clock.now();
    const url = await closedPortUrl();
    const mine = await integratedWidget(app, { url }, { key: KEY });
    const theirs = await integratedWidget(app, { url }, { key: OTHER_KEY });
    const { deliveryId: myDelivery } = await createSupportRequest(app, mine.widgetId, undefined, KEY);
    const { deliveryId: theirDelivery } = await createSupportRequest(app, theirs.widgetId, undefined, OTHER_KEY);

    const moved = await advance(app, { ms: 2 * HOUR }, KEY);
    expect(moved).toMatchObject({ now: start + 2 * HOUR, scope: 'api_key', diverged: true });
    // The whole ladder (3 attempts) ran for the key that moved; the other key's delivery was not touched.
    expect(moved.attempts.map((a) => a.deliveryId)).toEqual([myDelivery, myDelivery, myDelivery]);
    expect(moved.attempts.at(-1)!.outcome).toBe('emailed');
    expect(await getDelivery(app, theirDelivery, '', OTHER_KEY)).toMatchObject({ status: 'pending', attempts: [] });
    expect(await clockOf(app, OTHER_KEY)).toMatchObject({ now: start, scope: 'api_key', diverged: false });
    expect(await clockOf(app)).toMatchObject({ now: start, scope: 'shared', diverged: false });

    // What each key records from now on carries its own time.
    await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${KEY}`, payload: { email: 'late@example.com', name: 'L', password: '12345', accountType: 'enterprise' } });
    await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${OTHER_KEY}`, payload: { email: 'early@example.com', name: 'E', password: '12345', accountType: 'enterprise' } });
    const emails = (await app.inject({ method: 'GET', url: `/_mock/emails?api_key=${KEY}` })).json().emails;
    expect(emails).toHaveLength(1);
    expect(emails[0].createdAt).toBe(start + HOUR + 60_000);
    // Each key's journal: its owner's PUT at the start, then the one just sent, at its own clock's time.
    const journalAt = async (key: string) =>
      (await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${key}&path=/api/v1/user.json` })).json().requests.map((r: { at: string }) => r.at);
    expect(await journalAt(KEY)).toEqual([new Date(start).toISOString(), new Date(start + 2 * HOUR).toISOString()]);
    expect(await journalAt(OTHER_KEY)).toEqual([new Date(start).toISOString(), new Date(start).toISOString()]);
    const sinceMine = (await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${KEY}&since=${start + HOUR}` })).json().requests;
    expect(sinceMine.map((r: { path: string }) => r.path)).toEqual(['/api/v1/user.json']);
  });

  it('the shared clock moves every key without a clock of its own, and leaves the others where they are', async () => {
    const { app, clock } = await buildTestApp({ config: { RETRY_SCHEDULE: 'none' } });
    const start = clock.now();
    const url = await closedPortUrl();
    const mine = await integratedWidget(app, { url }, { key: KEY });
    const theirs = await integratedWidget(app, { url }, { key: OTHER_KEY });
    await advance(app, { ms: 10_000 }, KEY);
    const { deliveryId: myDelivery } = await createSupportRequest(app, mine.widgetId, undefined, KEY);
    const { deliveryId: theirDelivery } = await createSupportRequest(app, theirs.widgetId, undefined, OTHER_KEY);

    const shared = await advance(app, { ms: 60_000 });
    expect(shared).toMatchObject({ now: start + 60_000, scope: 'shared', diverged: false });
    expect(shared.attempts.map((a) => a.deliveryId)).toEqual([theirDelivery]);
    expect((await clockOf(app, OTHER_KEY)).now).toBe(start + 60_000);
    expect((await clockOf(app, KEY)).now).toBe(start + 10_000);
    expect((await getDelivery(app, myDelivery, '', KEY)).status).toBe('pending');
  });

  it('a keyed advance of 0 ms (run what is due now) already gives the key its own clock: the shared clock no longer moves it', async () => {
    const { app, clock } = await buildTestApp();
    const start = clock.now();
    expect(await advance(app, { ms: 0 }, KEY)).toMatchObject({ now: start, scope: 'api_key', diverged: true });
    await advance(app, { ms: 60_000 });
    expect(await clockOf(app, KEY)).toMatchObject({ now: start, diverged: true });
    expect(await clockOf(app, OTHER_KEY)).toMatchObject({ now: start + 60_000, diverged: false });
  });

  it("an advance to an instant, queued behind the key's running advance, ends there, not that far past it", async () => {
    const receiver = await startReceiver({ status: 200, body: 'ok', delayMs: 300 });
    const { app, clock } = await buildTestApp();
    const start = clock.now();
    const { widgetId } = await integratedWidget(app, { url: receiver.url }, { key: KEY });
    await createSupportRequest(app, widgetId, undefined, KEY);
    const first = app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, payload: { to: start + 60_000 } });
    // The first advance is running (its attempt waits on the receiver, the key's clock still at the start).
    await receiver.received(1);
    const second = await app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, payload: { to: start + 30_000 } });
    expect([(await first).statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.json().now).toBe(start + 60_000);
    expect((await clockOf(app, KEY)).now).toBe(start + 60_000);
  });

  it("a reset of the key while the key's own advance runs leaves the key on the shared clock, now and after a restart", async () => {
    const receiver = await startReceiver({ hang: true });
    const config = { DATABASE_PATH: `${tempDir()}/mock.db`, RETRY_SCHEDULE: '1m' };
    const { app: first } = await buildTestApp({ config });
    const start = (await clockOf(first)).now;
    const { widgetId } = await integratedWidget(first, { url: receiver.url }, { key: KEY });
    await createSupportRequest(first, widgetId, undefined, KEY);
    const advancing = first.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, payload: { ms: HOUR } });
    // The advance is running: its first attempt waits on the receiver. The reset lands now, then the receiver hangs up.
    await receiver.received(1);
    expect((await first.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` })).statusCode).toBe(200);
    await receiver.close();
    const advanced = await advancing;
    expect(advanced.statusCode, advanced.body).toBe(200);

    expect(advanced.json()).toMatchObject({ now: start, diverged: false });
    expect(await clockOf(first, KEY)).toMatchObject({ now: start, diverged: false });
    // The shared clock still carries the key.
    await advance(first, { ms: 60_000 });
    expect(await clockOf(first, KEY)).toMatchObject({ now: start + 60_000, diverged: false });
    await first.close();

    const { app: second } = await buildTestApp({ config });
    expect(await clockOf(second, KEY)).toMatchObject({ now: start + 60_000, diverged: false });
  });

  it('never goes back; a reset of the key gives it back to the shared clock; a restart resumes every clock', async () => {
    const config = { DATABASE_PATH: `${tempDir()}/mock.db` };
    const { app: first, clock } = await buildTestApp({ config });
    const start = clock.now();
    await advance(first, { ms: HOUR }, KEY);
    await advance(first, { ms: 5 * 60_000 }, OTHER_KEY);
    await advance(first, { ms: 60_000 });
    const back = await first.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, payload: { to: start + 30 * 60_000 } });
    expect(back.statusCode).toBe(400);
    expect(back.json().error.message).toContain('never goes back');
    await first.close();

    const { app: second } = await buildTestApp({ config });
    expect((await clockOf(second, KEY)).now).toBe(start + HOUR);
    expect((await clockOf(second, OTHER_KEY)).now).toBe(start + 5 * 60_000);
    expect((await clockOf(second)).now).toBe(start + 60_000);

    expect((await second.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` })).statusCode).toBe(200);
    expect(await clockOf(second, KEY)).toMatchObject({ now: start + 60_000, diverged: false });
    expect((await clockOf(second, OTHER_KEY)).now).toBe(start + 5 * 60_000);
    await second.close();

    // The reset is durable too.
    const { app: third } = await buildTestApp({ config });
    expect(await clockOf(third, KEY)).toMatchObject({ now: start + 60_000, diverged: false });
    expect((await third.inject({ method: 'POST', url: '/_mock/reset' })).statusCode).toBe(200);
    expect(await clockOf(third, OTHER_KEY)).toMatchObject({ now: start + 60_000, diverged: false });
  });
});
