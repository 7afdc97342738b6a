// Hostile receivers: webhook endpoints that hang, drip their body, reset, redirect or answer megabytes cost their own
// deliveries at most the configured timeout, and never hold up deliveries to a healthy receiver beside them.
import { describe, expect, it } from 'vitest';
import { startReceiver, type Reply } from '../helpers/webhook-receiver.js';
import { tempDir } from '../helpers/temp-dir.js';
import { apiCaller, spawnServer } from '../helpers/spawned-server.js';

const KEY = 'hostile-key';
/** The webhook timeout when the attempts must end; ample for the receivers that do answer (a redirect, a reset, 32 MB). */
const TIMEOUT_MS = 10_000;
/** The webhook timeout when they must not: longer than any busy machine takes to deliver ten healthy requests. */
const HOLD_MS = 120_000;

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

const BEHAVIOURS: Behaviour[] = ['hang', 'drip', 'reset', 'redirect', 'huge'];

/** A spawned mock with one widget per hostile receiver (two deliveries each, claimed first) and one healthy widget. */
async function arrange(webhookTimeoutMs: number) {
  const healthy = await startReceiver({ status: 200, body: 'ok' });
  const server = await spawnServer({
    DATABASE_PATH: `${tempDir()}/mock.db`,
    CLOCK: 'real',
    SNAPENGAGE_API_KEYS: KEY,
    LOG_LEVEL: 'silent',
    WEBHOOK_TIMEOUT_MS: String(webhookTimeoutMs),
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
  const hostileWidgets = new Map<Behaviour, string>();
  for (const b of BEHAVIOURS) hostileWidgets.set(b, await widgetWith(await hostileReceiver(b, healthy.url)));
  const healthyWidget = await widgetWith(healthy.url);

  const hostile: Array<{ behaviour: Behaviour; deliveryId: string }> = [];
  for (const b of BEHAVIOURS) {
    for (let i = 0; i < 2; i++) hostile.push({ behaviour: b, deliveryId: (await call('POST', `/_mock/widgets/${hostileWidgets.get(b)}/support-requests`, {})).deliveryId });
  }
  const healthyIds: string[] = [];
  for (let i = 0; i < 10; i++) healthyIds.push((await call('POST', `/_mock/widgets/${healthyWidget}/support-requests`, {})).deliveryId);
  return { call, healthy, hostile, healthyIds };
}

describe('hostile receivers', () => {
  it('do not delay a healthy receiver', { timeout: 180_000 }, async () => {
    const { call, healthy, hostile, healthyIds } = await arrange(HOLD_MS);
    for (const id of healthyIds) {
      const d = await call('GET', `/_mock/deliveries/${id}?wait=settled&timeout_ms=30000`);
      expect(d.status, id).toBe('delivered');
    }
    // An order of events, not a duration: every healthy delivery landed while the hanging and dripping receivers
    // (claimed first) still held their attempts, so none of them waited for a hostile one's slot.
    for (const { behaviour, deliveryId } of hostile.filter((h) => h.behaviour === 'hang' || h.behaviour === 'drip')) {
      expect({ behaviour, status: (await call('GET', `/_mock/deliveries/${deliveryId}`)).status }).toEqual({ behaviour, status: 'delivering' });
    }
    // The redirect was recorded, not followed: the healthy receiver saw only its own ten.
    expect(healthy.requests).toHaveLength(10);
  });

  it('cost their own deliveries at most the timeout', { timeout: 180_000 }, async () => {
    const { call, hostile } = await arrange(TIMEOUT_MS);
    const expected: Record<Behaviour, { status: string; error: RegExp | null }> = {
      hang: { status: 'emailed', error: /^timeout/ },
      drip: { status: 'emailed', error: /^timeout/ },
      reset: { status: 'emailed', error: /^connection_reset/ },
      redirect: { status: 'emailed', error: /^redirect: status 307/ },
      // A 200 is a success however much follows it; the mock reads the start and lets the rest go.
      huge: { status: 'delivered', error: null },
    };
    for (const { behaviour, deliveryId } of hostile) {
      // Settled at all proves each attempt ended: a receiver that never answers would otherwise hold it forever.
      const d = await call('GET', `/_mock/deliveries/${deliveryId}?wait=settled&timeout_ms=30000`);
      const [attempt] = d.attempts as Array<{ error: string | null; durationMs: number }>;
      expect({ behaviour, status: d.status }).toEqual({ behaviour, status: expected[behaviour].status });
      if (expected[behaviour].error) expect(attempt!.error, behaviour).toMatch(expected[behaviour].error);
      else expect(attempt!.error, behaviour).toBeNull();
      // The deadline ended the ones that never finish (a timer never fires early, however busy the machine).
      if (behaviour === 'hang' || behaviour === 'drip') expect(attempt!.durationMs, behaviour).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    }
  });
});
