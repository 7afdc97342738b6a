// The delivery slots are shared fairly between api_keys: a key with a long queue of failing deliveries takes at most
// DELIVERY_PARTNER_SLOTS of them while another key has something due, so it never holds up another key's one delivery.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY } from '../helpers/build-test-app.js';
import { createSupportRequest, getDelivery, integratedWidget } from '../helpers/integration-setup.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const SLOTS = { DELIVERY_CONCURRENCY: '2', DELIVERY_PARTNER_SLOTS: '1', RETRY_SCHEDULE: 'none' };

describe('fair delivery slots', () => {
  it("on the shared clock, one key's backlog does not go first: the other key's delivery is in the first claim", async () => {
    const failing = await startReceiver({ status: 500, body: 'down' });
    const { app } = await buildTestApp({ config: SLOTS });
    const busy = await integratedWidget(app, { url: failing.url }, { key: KEY });
    const quiet = await integratedWidget(app, { url: failing.url }, { key: OTHER_KEY });
    for (let i = 0; i < 30; i++) await createSupportRequest(app, busy.widgetId, undefined, KEY);
    // Created last, so due last: without fair slots it would wait behind all thirty.
    const { deliveryId } = await createSupportRequest(app, quiet.widgetId, undefined, OTHER_KEY);

    const res = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 0 } });
    const attempts = res.json<{ attempts: Array<{ deliveryId: string }> }>().attempts;
    expect(attempts).toHaveLength(31);
    expect(attempts.slice(0, 2).map((a) => a.deliveryId)).toContain(deliveryId);
  });

  it("one key's advance runs beside another's long one and ends first, instead of queueing behind it", async () => {
    const slow = await startReceiver({ status: 500, body: 'down', delayMs: 100 });
    const fast = await startReceiver({ status: 200, body: 'ok' });
    const { app } = await buildTestApp({ config: SLOTS });
    const busy = await integratedWidget(app, { url: slow.url }, { key: KEY });
    const quiet = await integratedWidget(app, { url: fast.url }, { key: OTHER_KEY });
    for (let i = 0; i < 40; i++) await createSupportRequest(app, busy.widgetId, undefined, KEY);
    const { deliveryId } = await createSupportRequest(app, quiet.widgetId, undefined, OTHER_KEY);

    let busyDone = false;
    const busyAdvance = app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, payload: { ms: 0 } }).then((r) => {
      busyDone = true;
      return r;
    });
    await slow.received(1);
    const quietAdvance = await app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${OTHER_KEY}`, payload: { ms: 0 } });
    expect(quietAdvance.json().attempts).toMatchObject([{ deliveryId, outcome: 'delivered' }]);
    expect(busyDone).toBe(false);
    expect((await busyAdvance).json().attempts).toHaveLength(40);
  });

  it('on the real clock, a key with a long failing queue cannot starve another key\'s single delivery', async () => {
    const slow = await startReceiver({ status: 500, body: 'down', delayMs: 300 });
    const fast = await startReceiver({ status: 200, body: 'ok' });
    const { app } = await buildTestApp({ clock: 'real', config: SLOTS });
    const busy = await integratedWidget(app, { url: slow.url }, { key: KEY });
    const quiet = await integratedWidget(app, { url: fast.url }, { key: OTHER_KEY });
    const backlog = 60;
    for (let i = 0; i < backlog; i++) await createSupportRequest(app, busy.widgetId, undefined, KEY);
    const { deliveryId } = await createSupportRequest(app, quiet.widgetId, undefined, OTHER_KEY);

    expect((await getDelivery(app, deliveryId, '&wait=settled&timeout_ms=30000', OTHER_KEY)).status).toBe('delivered');
    // Two slots at 300 ms an attempt: the whole backlog takes 9 s; the quiet key waited for one attempt at most.
    const settled = (await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${KEY}&status=emailed&limit=1000` })).json().deliveries;
    expect(settled.length).toBeLessThan(backlog - 10);
  });
});
