// /_mock/deliveries, /redeliver, /_mock/emails and /_mock/clock over app.inject, with a real receiver where the network is the point.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY } from '../helpers/build-test-app.js';
import { advance, createSupportRequest, getDelivery, integratedWidget, type DeliveryView } from '../helpers/integration-setup.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

async function arrange(fallback?: Parameters<typeof startReceiver>[0]) {
  const rx = await startReceiver(fallback);
  const test = await buildTestApp();
  const { widgetId } = await integratedWidget(test.app, { url: rx.url });
  return { ...test, rx, widgetId };
}

const redeliver = (app: Awaited<ReturnType<typeof arrange>>['app'], id: string, key = KEY) =>
  app.inject({ method: 'POST', url: `/_mock/deliveries/${id}/redeliver?api_key=${key}` });

describe('GET /_mock/deliveries', () => {
  it('lists newest first and filters by widget, status and support request', async () => {
    const { app, widgetId, rx } = await arrange();
    rx.script({ status: 500 });
    const first = await createSupportRequest(app, widgetId);
    const second = await createSupportRequest(app, widgetId);
    await advance(app, 0);
    const list = async (query: string) =>
      (await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${KEY}${query}` })).json<{ deliveries: DeliveryView[] }>().deliveries.map((d) => d.id);
    expect(await list('')).toEqual([second.deliveryId, first.deliveryId]);
    expect(await list('&status=pending')).toEqual([first.deliveryId]);
    expect(await list('&status=delivered')).toEqual([second.deliveryId]);
    expect(await list(`&support_request_id=${first.supportRequest.id}`)).toEqual([first.deliveryId]);
    expect(await list('&widget_id=other')).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${OTHER_KEY}` })).json()).toEqual({ deliveries: [] });
    const bad = await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${KEY}&status=lost` });
    expect(bad.statusCode).toBe(400);
  });

  it("hides another api_key's delivery", async () => {
    const { app, widgetId } = await arrange();
    const { deliveryId } = await createSupportRequest(app, widgetId);
    const res = await app.inject({ method: 'GET', url: `/_mock/deliveries/${deliveryId}?api_key=${OTHER_KEY}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('delivery_not_found');
  });
});

describe('POST /_mock/deliveries/{id}/redeliver', () => {
  it('queues a fresh delivery of a delivered support request, with the same document and id', async () => {
    const { app, widgetId, rx } = await arrange();
    const { deliveryId, supportRequest } = await createSupportRequest(app, widgetId);
    await advance(app, 0);
    const res = await redeliver(app, deliveryId);
    expect(res.statusCode).toBe(202);
    const fresh = res.json<DeliveryView>();
    expect(fresh).toMatchObject({ status: 'pending', redeliveryOf: deliveryId, supportRequestId: supportRequest.id, attempts: [] });
    expect(fresh.id).not.toBe(deliveryId);
    expect((await advance(app, 0)).attempts).toMatchObject([{ deliveryId: fresh.id, attempt: 1, outcome: 'delivered' }]);
    expect(rx.requests).toHaveLength(2);
    expect(rx.requests[1]!.body).toBe(rx.requests[0]!.body);
    expect(rx.requests.map((r) => r.headers['x-snapengage-mock-delivery'])).toEqual([deliveryId, fresh.id]);
    expect((await getDelivery(app, deliveryId)).status).toBe('delivered');
  });

  it('makes a pending delivery due now instead of at its next rung', async () => {
    const { app, widgetId, rx, clock } = await arrange();
    rx.script({ status: 500 });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    await advance(app, 0);
    expect((await getDelivery(app, deliveryId)).nextAttemptAt).toBe(clock.now() + 30_000);
    const res = await redeliver(app, deliveryId);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ id: deliveryId, nextAttemptAt: clock.now() });
    expect((await advance(app, 0)).attempts).toMatchObject([{ deliveryId, attempt: 2, outcome: 'delivered' }]);
  });

  it('refuses while an attempt is in flight, and for another api_key', async () => {
    const { app, widgetId, rx } = await arrange({ hang: true });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    const running = advance(app, 0);
    await rx.received(1);
    const res = await redeliver(app, deliveryId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('delivery_in_flight');
    expect((await redeliver(app, deliveryId, OTHER_KEY)).statusCode).toBe(404);
    await rx.close();
    await running;
  });
});

describe('wait=settled under the virtual clock', () => {
  it('returns once an advance running beside it lands the delivery', async () => {
    const { app, widgetId, rx } = await arrange({ status: 200, delayMs: 30 });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    const waiting = getDelivery(app, deliveryId, '&wait=settled&timeout_ms=30000');
    await advance(app, 0);
    expect((await waiting).status).toBe('delivered');
    expect(rx.requests).toHaveLength(1);
  });

  it('returns when that advance ends, with the state it left, if the delivery has not settled', async () => {
    // The slow answer keeps the advance running well after the wait has registered.
    const { app, widgetId, rx } = await arrange({ status: 500, delayMs: 50 });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    const started = performance.now();
    const waiting = getDelivery(app, deliveryId, '&wait=settled&timeout_ms=30000');
    await advance(app, 0);
    const delivery = await waiting;
    expect(delivery).toMatchObject({ status: 'pending', attempts: [expect.objectContaining({ statusCode: 500 })] });
    // Answered when the advance ended, not at its 30 s timeout: a bound half that, so no busy machine comes near it.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(rx.requests).toHaveLength(1);
  });

  it('caps timeout_ms at 30 seconds', async () => {
    const { app, widgetId } = await arrange();
    const { deliveryId } = await createSupportRequest(app, widgetId);
    const res = await app.inject({ method: 'GET', url: `/_mock/deliveries/${deliveryId}?api_key=${KEY}&wait=settled&timeout_ms=60000` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('timeout_ms');
  });
});

describe('/_mock/clock', () => {
  it('tells the time and mode, and advances by ms or to an instant', async () => {
    const { app, clock } = await buildTestApp();
    const start = clock.now();
    expect((await app.inject({ method: 'GET', url: '/_mock/clock' })).json()).toEqual({
      mode: 'virtual',
      now: start,
      iso: new Date(start).toISOString(),
      scope: 'shared',
      diverged: false,
    });
    expect((await advance(app, 1500)).now).toBe(start + 1500);
    const to = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { to: start + 60_000 } });
    expect(to.json()).toEqual({ mode: 'virtual', now: start + 60_000, iso: new Date(start + 60_000).toISOString(), scope: 'shared', diverged: false, attempts: [] });
    const back = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { to: start } });
    expect(back.statusCode).toBe(400);
    for (const payload of [{}, { ms: -1 }, { ms: 1, to: start }, { ms: 1.5 }]) {
      const res = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });

  it('refuses to advance the real clock', async () => {
    const { app } = await buildTestApp({ clock: 'real' });
    expect((await app.inject({ method: 'GET', url: '/_mock/clock' })).json().mode).toBe('real');
    const res = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 1000 } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('clock_not_virtual');
  });
});
