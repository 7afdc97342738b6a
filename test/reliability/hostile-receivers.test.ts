// Hostile receivers: webhook endpoints that hang, drip their body, reset, redirect or answer megabytes cost their own
// deliveries at most the configured timeout, and never hold up deliveries to a healthy receiver beside them.
import { describe, expect, it } from 'vitest';
import { startReceiver, type Reply } from '../helpers/webhook-receiver.js';
import { tempDir } from '../helpers/temp-dir.js';
import { apiCaller, spawnServer } from '../helpers/spawned-server.js';

const KEY = 'hostile-key';
/**
 * Long enough that every healthy delivery lands while the hanging and dripping attempts are still in flight, however
 * busy the machine: the test checks that order, not a wall-clock figure.
 */
const TIMEOUT_MS = 10_000;

type Behaviour = 'hang' | 'drip' | 'reset' | 'redirect' | 'huge';

/** A receiver that answers every request the one hostile way. */
async function hostileReceiver(behaviour: Behaviour, redirectTo: string): Promise<string> {
  const replies: Record<Behaviour, Reply> = {
    hang: { hang: true },
    // Headers at once, then a byte every 100 ms forever: only an overall deadline ends it.
    drip: { drip: 100 },
    reset: { reset: true },
    redirect: { redirect: redirectTo, status: 307 },
    huge: { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(32 * 1024 * 1024, 'x') },
  };
  return (await startReceiver(replies[behaviour])).url;
}

describe('hostile receivers', () => {
  it('cost their own deliveries at most the timeout and do not delay a healthy receiver', { timeout: 180_000 }, async () => {
    const healthy = await startReceiver({ status: 200, body: 'ok' });
    const server = await spawnServer({
      DATABASE_PATH: `${tempDir()}/mock.db`,
      CLOCK: 'real',
      SNAPENGAGE_API_KEYS: KEY,
      LOG_LEVEL: 'silent',
      WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      RETRY_SCHEDULE: 'none',
    });
    const api = apiCaller(KEY);
    const call = (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => api(server.url, method, path, body);

    await call('PUT', '/api/v1/user.json', { email: 'owner@example.com', name: 'Owner', password: '12345', accountType: 'enterprise' });
    const widgetWith = async (url: string) => {
      const { uuid } = await call('PUT', '/api/v1/widget.json', {
        email: 'owner@example.com',
        agents: [{ agentId: 'agent@example.com', agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
      });
      await call('PUT', `/_mock/widgets/${uuid}/integration`, { url });
      return uuid as string;
    };
    const behaviours: Behaviour[] = ['hang', 'drip', 'reset', 'redirect', 'huge'];
    const hostileWidgets = new Map<Behaviour, string>();
    for (const b of behaviours) hostileWidgets.set(b, await widgetWith(await hostileReceiver(b, healthy.url)));
    const healthyWidget = await widgetWith(healthy.url);

    // Two deliveries per hostile receiver first, so they are claimed ahead of the healthy ones.
    const hostile: Array<{ behaviour: Behaviour; deliveryId: string }> = [];
    for (const b of behaviours) {
      for (let i = 0; i < 2; i++) hostile.push({ behaviour: b, deliveryId: (await call('POST', `/_mock/widgets/${hostileWidgets.get(b)}/support-requests`, {})).deliveryId });
    }
    const healthyIds: string[] = [];
    for (let i = 0; i < 10; i++) healthyIds.push((await call('POST', `/_mock/widgets/${healthyWidget}/support-requests`, {})).deliveryId);

    for (const id of healthyIds) {
      const d = await call('GET', `/_mock/deliveries/${id}?wait=settled&timeout_ms=30000`);
      expect(d.status, id).toBe('delivered');
    }
    // Every healthy delivery landed while the receivers that hold their attempts to the deadline still held them.
    for (const { behaviour, deliveryId } of hostile.filter((h) => h.behaviour === 'hang' || h.behaviour === 'drip')) {
      expect({ behaviour, status: (await call('GET', `/_mock/deliveries/${deliveryId}`)).status }).toEqual({ behaviour, status: 'delivering' });
    }
    // The redirect was recorded, not followed: the healthy receiver saw only its own ten.
    expect(healthy.requests).toHaveLength(10);

    const expected: Record<Behaviour, { status: string; error: RegExp | null }> = {
      hang: { status: 'emailed', error: /^timeout/ },
      drip: { status: 'emailed', error: /^timeout/ },
      reset: { status: 'emailed', error: /^connection_reset/ },
      redirect: { status: 'emailed', error: /^redirect: status 307/ },
      // A 200 is a success however much follows it; the mock reads the start and lets the rest go.
      huge: { status: 'delivered', error: null },
    };
    for (const { behaviour, deliveryId } of hostile) {
      const d = await call('GET', `/_mock/deliveries/${deliveryId}?wait=settled&timeout_ms=30000`);
      const [attempt] = d.attempts as Array<{ error: string | null; durationMs: number }>;
      expect({ behaviour, status: d.status }).toEqual({ behaviour, status: expected[behaviour].status });
      if (expected[behaviour].error) expect(attempt!.error, behaviour).toMatch(expected[behaviour].error);
      else expect(attempt!.error, behaviour).toBeNull();
      // Each attempt ends by the configured timeout, whatever the receiver does (the slack is for a busy machine's timers).
      expect(attempt!.durationMs, behaviour).toBeLessThan(2 * TIMEOUT_MS);
    }
  });
});
