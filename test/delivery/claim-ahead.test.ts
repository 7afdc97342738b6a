// Under an advance the dispatcher leases deliveries ahead of their turn (one commit serves a group), yet POSTs no more
// than DELIVERY_CONCURRENCY at once, and a shutdown gives the leases of those still waiting back unsent.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { createSupportRequest, integratedWidget } from '../helpers/integration-setup.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

describe('deliveries leased ahead under an advance', () => {
  it('are POSTed at most DELIVERY_CONCURRENCY at a time, and every one is attempted once', async () => {
    const rx = await startReceiver({ hang: true });
    const { app } = await buildTestApp({ config: { DELIVERY_CONCURRENCY: '2', RETRY_SCHEDULE: 'none' } });
    const { widgetId } = await integratedWidget(app, { url: rx.url });
    for (let i = 0; i < 6; i++) await createSupportRequest(app, widgetId);

    const advance = app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 0 } });
    await rx.received(2);
    const listed = (await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${KEY}` })).json<{ deliveries: Array<{ status: string }> }>();
    // Leased ahead (delivering), but only two reached the receiver: the others wait for a turn.
    expect(listed.deliveries.filter((d) => d.status === 'delivering').length).toBeGreaterThan(2);
    expect(rx.requests).toHaveLength(2);

    // The receiver goes away: the two hanging attempts fail, and the waiting ones get their turn (and fail too).
    await rx.close();
    const attempts = (await advance).json<{ attempts: Array<{ deliveryId: string; outcome: string }> }>().attempts;
    expect(attempts).toHaveLength(6);
    expect(new Set(attempts.map((a) => a.deliveryId)).size).toBe(6);
    expect(attempts.every((a) => a.outcome === 'emailed')).toBe(true);
  });

  it('go back to pending, unattempted, when the mock closes before their turn', async () => {
    const rx = await startReceiver({ hang: true });
    const dir = tempDir();
    const { app } = await buildTestApp({ config: { DATABASE_PATH: join(dir, 'mock.db'), DELIVERY_CONCURRENCY: '1', WEBHOOK_TIMEOUT_MS: '4000' } });
    const { widgetId } = await integratedWidget(app, { url: rx.url });
    for (let i = 0; i < 3; i++) await createSupportRequest(app, widgetId);

    const advance = app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 0 } });
    await rx.received(1);
    await app.close();
    expect((await advance).statusCode).toBeLessThan(600);
    expect(rx.requests).toHaveLength(1);

    const db = new Database(join(dir, 'mock.db'), { readonly: true });
    const rows = db.prepare('SELECT status, lease_token, attempt_count FROM deliveries').all();
    db.close();
    expect(rows).toEqual(Array.from({ length: 3 }, () => ({ status: 'pending', lease_token: null, attempt_count: 0 })));
  });
});
