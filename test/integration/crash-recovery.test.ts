// Nothing lost: the built server is SIGKILLed while deliveries hang in flight, restarted on the same database, and every
// support request still ends delivered or emailed (at-least-once: duplicates carry the same support-request id).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiCaller, spawnServer } from '../helpers/spawned-server.js';
import { closedPortUrl, startReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const KEY = 'crash-test-key';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a server killed with deliveries in flight', () => {
  it('retries them after a restart on the same database: every support request ends delivered or emailed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapengage-mock-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const receiver: WebhookReceiver = await startReceiver({ hang: true });
    cleanups.push(() => receiver.close());

    const env = {
      DATABASE_PATH: join(dir, 'mock.db'),
      CLOCK: 'real',
      SNAPENGAGE_API_KEYS: KEY,
      LOG_LEVEL: 'silent',
      RETRY_SCHEDULE: '50ms,50ms',
      WEBHOOK_TIMEOUT_MS: '5000',
    };

    const call = apiCaller(KEY);

    const first = await spawnServer(env);
    await call(first.url, 'PUT', '/api/v1/user.json', { email: 'owner@example.com', name: 'Owner', password: '12345', accountType: 'enterprise' });
    const widget = async () =>
      (await call(first.url, 'PUT', '/api/v1/widget.json', { email: 'owner@example.com', agents: [{ agentId: 'agent@example.com', agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }] })).uuid as string;
    const hangingWidget = await widget();
    const deadWidget = await widget();
    await call(first.url, 'PUT', `/_mock/widgets/${hangingWidget}/integration`, { url: receiver.url, authToken: 'tok' });
    await call(first.url, 'PUT', `/_mock/widgets/${deadWidget}/integration`, { url: await closedPortUrl() });

    const created: Array<{ deliveryId: string; id: string; expect: string }> = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(first.url, 'POST', `/_mock/widgets/${hangingWidget}/support-requests`);
      created.push({ deliveryId: res.deliveryId, id: res.supportRequest.id, expect: 'delivered' });
    }
    const res = await call(first.url, 'POST', `/_mock/widgets/${deadWidget}/support-requests`);
    created.push({ deliveryId: res.deliveryId, id: res.supportRequest.id, expect: 'emailed' });

    // All five are now in flight against a receiver that never answers.
    await receiver.received(5);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    receiver.fallback = { status: 200, body: 'ok' };
    const second = await spawnServer(env);
    for (const c of created) {
      const delivery = await call(second.url, 'GET', `/_mock/deliveries/${c.deliveryId}?wait=settled&timeout_ms=10000`);
      expect(delivery.status, c.deliveryId).toBe(c.expect);
      expect(delivery.supportRequestId).toBe(c.id);
    }

    const idsSeen = receiver.requests.map((r) => (JSON.parse(r.body) as { id: string }).id);
    for (const c of created.filter((x) => x.expect === 'delivered')) {
      // Once before the kill (never answered), at least once after: the duplicate carries the same id.
      expect(idsSeen.filter((id) => id === c.id).length, c.id).toBeGreaterThanOrEqual(2);
    }
    expect(receiver.requests.every((r) => r.headers.authentication === 'tok')).toBe(true);
    const emails = await call(second.url, 'GET', '/_mock/emails');
    expect(emails.emails.map((e: { supportRequestId: string }) => e.supportRequestId)).toEqual([created[5]!.id]);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
