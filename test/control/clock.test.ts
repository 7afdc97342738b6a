// The virtual clock is durable (a restart resumes it), bounded (no instant can break a route), and a long advance
// keeps its answer past the server's idle timeout.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { MAX_INSTANT } from '../../src/core/clock.js';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { createSupportRequest, getDelivery, integratedWidget } from '../helpers/integration-setup.js';
import { tempDir } from '../helpers/temp-dir.js';
import { closedPortUrl, startReceiver } from '../helpers/webhook-receiver.js';

describe('the virtual clock', () => {
  it('survives a restart on the same database: it resumes where it was, and so do the deliveries due on it', async () => {
    const config = { DATABASE_PATH: `${tempDir()}/mock.db`, RETRY_SCHEDULE: '1h' };
    const { app: first } = await buildTestApp({ config });
    const { widgetId } = await integratedWidget(first, { url: await closedPortUrl() });
    const { deliveryId } = await createSupportRequest(first, widgetId);
    // The first attempt fails now; the retry is due an hour later. Then the clock moves 59 minutes on.
    await first.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 0 } });
    const moved = await first.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 59 * 60_000 } });
    const before = moved.json<{ now: number }>().now;
    expect((await getDelivery(first, deliveryId)).nextAttemptAt).toBe(before + 60_000);
    await first.close();

    const { app: second } = await buildTestApp({ config });
    expect((await second.inject({ method: 'GET', url: '/_mock/clock' })).json().now).toBe(before);
    // The retry is still a minute away on the mock's timeline, not an hour (as it would be had the clock gone back).
    const run = await second.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 60_000 } });
    expect(run.json().attempts).toMatchObject([{ deliveryId, attempt: 2 }]);
  });

  it('never moves by itself across a restart: not when it never moved, nor when its last move was 0 ms', async () => {
    const HOUR = 3_600_000;
    const config = { DATABASE_PATH: `${tempDir()}/mock.db`, RETRY_SCHEDULE: '1s' };
    // Only Date is faked: the wall clock jumps an hour between two starts, as it does when a developer restarts later.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 2, 2, 9, 0, 0) });
    onTestFinished(() => void vi.useRealTimers());

    const { app: first } = await buildTestApp({ config });
    const started = (await first.inject({ method: 'GET', url: '/_mock/clock' })).json().now as number;
    await first.close();
    vi.setSystemTime(Date.now() + HOUR);
    const { app: second } = await buildTestApp({ config });
    expect((await second.inject({ method: 'GET', url: '/_mock/clock' })).json().now).toBe(started);

    // The first attempt fails at once (a 0 ms advance); the retry is due 1 s later on the mock's time.
    const { widgetId } = await integratedWidget(second, { url: await closedPortUrl() });
    const { deliveryId } = await createSupportRequest(second, widgetId);
    const ran = await second.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 0 } });
    expect(ran.json()).toMatchObject({ now: started, attempts: [{ deliveryId, attempt: 1 }] });
    await second.close();
    vi.setSystemTime(Date.now() + HOUR);

    const { app: third } = await buildTestApp({ config });
    expect((await third.inject({ method: 'GET', url: '/_mock/clock' })).json().now).toBe(started);
    expect(await getDelivery(third, deliveryId)).toMatchObject({ status: 'pending', nextAttemptAt: started + 1_000 });
    expect((await third.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 0 } })).json().attempts).toEqual([]);
  });

  it('refuses instants past 9999-12-31 with 400 naming the field, and every route answers at the last instant', async () => {
    const { app } = await buildTestApp();
    const far = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { to: 8_640_000_000_000_001 } });
    expect(far.statusCode).toBe(400);
    expect(far.json().error.details).toEqual([expect.objectContaining({ field: 'to', rule: 'max' })]);

    const last = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { to: MAX_INSTANT } });
    expect(last.json()).toMatchObject({ now: MAX_INSTANT, iso: '9999-12-31T23:59:59.999Z' });
    const past = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 1 } });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details).toEqual([expect.objectContaining({ field: 'ms', rule: 'max' })]);

    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=nobody@example.com` });
    for (const url of ['/_mock/health', '/_mock/clock', `/_mock/requests?api_key=${KEY}`]) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });

  it('an advance that outlasts REQUEST_TIMEOUT_MS still answers its caller', async () => {
    const receiver = await startReceiver({ status: 200, body: 'ok', delayMs: 1_000 });
    const { app, url } = await buildTestApp({ listen: true, config: { REQUEST_TIMEOUT_MS: '300', WEBHOOK_TIMEOUT_MS: '5000' } });
    const { widgetId } = await integratedWidget(app, { url: receiver.url });
    const { deliveryId } = await createSupportRequest(app, widgetId);

    const res = await fetch(`${url}/_mock/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 0 }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { attempts: unknown }).attempts).toMatchObject([{ deliveryId, outcome: 'delivered' }]);
  });
});
