// The dispatcher on the real clock: it runs on its own, never lets a hanging receiver stall the rest, and shuts down within a bound.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { createSupportRequest, getDelivery, integratedWidget } from '../helpers/integration-setup.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startReceiver } from '../helpers/webhook-receiver.js';


describe('on the real clock', () => {
  it('delivers on its own, and wait=settled answers as soon as the delivery lands', async () => {
    const rx = await startReceiver({ status: 200, delayMs: 50 });
    const { app } = await buildTestApp({ clock: 'real' });
    const { widgetId } = await integratedWidget(app, { url: rx.url });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    const started = performance.now();
    const delivery = await getDelivery(app, deliveryId, '&wait=settled&timeout_ms=30000');
    expect(delivery.status).toBe('delivered');
    // Woken by the delivery, not by its 30 s timeout: a bound half that, so no busy machine comes near it.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(rx.requests).toHaveLength(1);
  });

  it('answers wait=settled with the current state once timeout_ms passes', async () => {
    const rx = await startReceiver({ status: 500 });
    const { app } = await buildTestApp({ clock: 'real', config: { RETRY_SCHEDULE: '1h' } });
    const { widgetId } = await integratedWidget(app, { url: rx.url });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    await rx.received(1);
    const delivery = await getDelivery(app, deliveryId, '&wait=settled&timeout_ms=100');
    expect(delivery.status).toBe('pending');
    expect(delivery.nextAttemptAt).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('retries with the schedule, then emails, on its own', async () => {
    const rx = await startReceiver({ status: 500 });
    const { app } = await buildTestApp({ clock: 'real', config: { RETRY_SCHEDULE: '20ms,20ms' } });
    const { widgetId } = await integratedWidget(app, { url: rx.url });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    const delivery = await getDelivery(app, deliveryId, '&wait=settled&timeout_ms=30000');
    expect(delivery.status).toBe('emailed');
    expect(delivery.attempts).toHaveLength(3);
    expect(delivery.attempts[1]!.startedAt - delivery.attempts[0]!.startedAt).toBeGreaterThanOrEqual(18);
  });

  it('keeps delivering to healthy receivers while another hangs, and the API stays responsive', async () => {
    const hanging = await startReceiver({ hang: true });
    const healthy = await startReceiver();
    // The hanging attempts outlive the test, so "still delivering" below proves the healthy one never waited for them.
    const { app } = await buildTestApp({ clock: 'real', config: { DELIVERY_CONCURRENCY: '4', WEBHOOK_TIMEOUT_MS: '60000' } });
    const slow = await integratedWidget(app, { url: hanging.url });
    const fine = await integratedWidget(app, { url: healthy.url });
    for (let i = 0; i < 3; i++) await createSupportRequest(app, slow.widgetId);
    await hanging.received(3);

    const { deliveryId } = await createSupportRequest(app, fine.widgetId);
    expect((await getDelivery(app, deliveryId, '&wait=settled&timeout_ms=30000')).status).toBe('delivered');
    expect((await app.inject({ method: 'GET', url: '/_mock/clock' })).statusCode).toBe(200);
    const stuck = (await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${KEY}&widget_id=${slow.widgetId}` })).json<{
      deliveries: Array<{ status: string }>;
    }>();
    expect(stuck.deliveries.map((d) => d.status)).toEqual(['delivering', 'delivering', 'delivering']);
  });

  it('never has more than DELIVERY_CONCURRENCY attempts in flight', async () => {
    const hanging = await startReceiver({ hang: true });
    // The hanging attempts must not time out while the slots are counted, however slow the machine.
    const { app } = await buildTestApp({ clock: 'real', config: { DELIVERY_CONCURRENCY: '2', WEBHOOK_TIMEOUT_MS: '60000' } });
    const { widgetId } = await integratedWidget(app, { url: hanging.url });
    for (let i = 0; i < 4; i++) await createSupportRequest(app, widgetId);
    await hanging.received(2);
    // A fifth request makes the loop look again; the slots are still full.
    await createSupportRequest(app, widgetId);
    expect(app.ctx.dispatcher.inFlight).toBe(2);
    const statuses = (await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${KEY}` })).json<{ deliveries: Array<{ status: string }> }>();
    expect(statuses.deliveries.map((d) => d.status).sort()).toEqual(['delivering', 'delivering', 'pending', 'pending', 'pending']);
    expect(hanging.requests).toHaveLength(2);
  });
});

describe('graceful shutdown', () => {
  // Drain bound 2 s (half the timeout): ample for an answer due in 100 ms, and a hanging attempt's own 4 s timeout
  // cannot fire first unless the close starts 2 s after the attempt, which no busy machine stretches to.
  const fileApp = async (dir: string) =>
    (await buildTestApp({ clock: 'real', config: { DATABASE_PATH: join(dir, 'mock.db'), WEBHOOK_TIMEOUT_MS: '4000' } })).app;

  it('answers a pending long-poll at once instead of letting it hold the close', async () => {
    const { app } = await buildTestApp({ clock: 'real', config: { RETRY_SCHEDULE: '1h' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { widgetId } = await integratedWidget(app, { url: 'http://127.0.0.1:9/hook' });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    const { port } = app.server.address() as { port: number };
    const polled = request(`http://127.0.0.1:${port}/_mock/deliveries/${deliveryId}?api_key=${KEY}&wait=settled&timeout_ms=30000`).then(
      async (res) => ({ status: res.statusCode, body: (await res.body.json()) as { status: string } }),
    );
    while (app.ctx.waiters.size === 0) await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    await app.close();
    // Not held until the poll's 30 s timeout: a bound half that, so no busy machine comes near it.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(await polled).toEqual({ status: 200, body: expect.objectContaining({ status: 'pending' }) });
  });

  it('lets an attempt in flight finish before closing', async () => {
    const rx = await startReceiver({ status: 200, delayMs: 100 });
    const dir = tempDir();
    const app = await fileApp(dir);
    const { widgetId } = await integratedWidget(app, { url: rx.url });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    await rx.received(1);
    await app.close();
    const db = new Database(join(dir, 'mock.db'), { readonly: true });
    expect(db.prepare('SELECT status FROM deliveries WHERE id = ?').get(deliveryId)).toEqual({ status: 'delivered' });
    db.close();
  });

  it('gives up on a hanging receiver within the bound and leaves the delivery due for the next start', async () => {
    const rx = await startReceiver({ hang: true });
    const dir = tempDir();
    const app = await fileApp(dir);
    const { widgetId } = await integratedWidget(app, { url: rx.url });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    await rx.received(1);
    await app.close();
    // Released unrecorded (below) proves the drain bound (half the timeout) beat the attempt's own timeout.
    const db = new Database(join(dir, 'mock.db'), { readonly: true });
    expect(db.prepare('SELECT status, lease_token, attempt_count FROM deliveries WHERE id = ?').get(deliveryId)).toEqual({
      status: 'pending',
      lease_token: null,
      attempt_count: 0,
    });
    db.close();
  });
});
