// Crash safety: the built server is SIGKILLed with webhook deliveries in flight and restarted on the same database.
// Two tests, two questions: after ONE kill mid-attempt (a receiver that never answers), is the cut-off attempt sent
// again, with its headers, and does the restarted server still stop cleanly? Over TEN kills under load (creates in
// parallel with the kill), is every acknowledged support request settled exactly once, delivered or emailed, with no
// stray or mixed-up delivery? At-least-once either way: a repeat carries the same support-request id.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiCaller, spawnServer, type SpawnedServer } from '../helpers/spawned-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { closedPortUrl, startReceiver, type Reply } from '../helpers/webhook-receiver.js';

const KEY = 'crash-safety-key';

/**
 * A real-clock server on a file database with an owner and two widgets: `healthy` posts to a receiver answering
 * `reply`, `dead` to a closed port (so its deliveries end emailed).
 */
async function arrange(reply: Reply, settings: Record<string, string>, integration: Record<string, string> = {}) {
  const receiver = await startReceiver(reply);
  const env = { DATABASE_PATH: join(tempDir(), 'mock.db'), CLOCK: 'real', SNAPENGAGE_API_KEYS: KEY, LOG_LEVEL: 'silent', ...settings };
  const call = apiCaller(KEY);
  const server = await spawnServer(env);
  await call(server.url, 'PUT', '/api/v1/user.json', { email: 'owner@example.com', name: 'Owner', password: '12345', accountType: 'enterprise' });
  const widget = async () =>
    (await call(server.url, 'PUT', '/api/v1/widget.json', {
      email: 'owner@example.com',
      agents: [{ agentId: 'agent@example.com', agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
    })).uuid as string;
  const healthy = await widget();
  const dead = await widget();
  await call(server.url, 'PUT', `/_mock/widgets/${healthy}/integration`, { url: receiver.url, ...integration });
  await call(server.url, 'PUT', `/_mock/widgets/${dead}/integration`, { url: await closedPortUrl('/dead') });
  const kill = async (running: SpawnedServer) => {
    running.child.kill('SIGKILL');
    expect((await running.exited).signal).toBe('SIGKILL');
  };
  /** A new server on the same database. */
  const restart = () => spawnServer(env);
  return { receiver, call, server, healthy, dead, kill, restart };
}

describe('a server killed with deliveries in flight', () => {
  it('retries them after a restart on the same database: every support request ends delivered or emailed', { timeout: 180_000 }, async () => {
    const { receiver, call, server: first, healthy: hangingWidget, dead: deadWidget, kill, restart } = await arrange(
      { hang: true },
      { RETRY_SCHEDULE: '50ms,50ms', WEBHOOK_TIMEOUT_MS: '5000' },
      { authToken: 'tok' },
    );

    const created: Array<{ deliveryId: string; id: string; expect: string }> = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(first.url, 'POST', `/_mock/widgets/${hangingWidget}/support-requests`);
      created.push({ deliveryId: res.deliveryId, id: res.supportRequest.id, expect: 'delivered' });
    }
    const res = await call(first.url, 'POST', `/_mock/widgets/${deadWidget}/support-requests`);
    created.push({ deliveryId: res.deliveryId, id: res.supportRequest.id, expect: 'emailed' });

    // All five are now in flight against a receiver that never answers.
    await receiver.received(5);
    await kill(first);

    receiver.fallback = { status: 200, body: 'ok' };
    const second = await restart();
    for (const c of created) {
      const delivery = await call(second.url, 'GET', `/_mock/deliveries/${c.deliveryId}?wait=settled&timeout_ms=30000`);
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

  const CYCLES = 10;
  const PER_CYCLE = { healthy: 5, dead: 1 };

  it(`loses nothing over ${CYCLES} SIGKILLs with deliveries in flight`, { timeout: 600_000 }, async () => {
    // Slow enough that a kill always lands with attempts in flight, fast enough that they finish after the restart.
    const arranged = await arrange({ status: 200, body: 'ok', delayMs: 150 }, { RETRY_SCHEDULE: '20ms,20ms,20ms', WEBHOOK_TIMEOUT_MS: '3000' });
    const { receiver, call, healthy, dead, kill, restart } = arranged;
    let { server } = arranged;

    const acknowledged: Array<{ id: string; deliveryId: string; expect: 'delivered' | 'emailed' }> = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const seenBefore = receiver.requests.length;
      const creates = [
        ...Array.from({ length: PER_CYCLE.healthy }, () => [healthy, 'delivered'] as const),
        ...Array.from({ length: PER_CYCLE.dead }, () => [dead, 'emailed'] as const),
      ];
      // Created in parallel: the kill may also land between a create's commit and its first attempt.
      const results = await Promise.all(creates.map(([w]) => call(server.url, 'POST', `/_mock/widgets/${w}/support-requests`, {})));
      results.forEach((res, i) =>
        acknowledged.push({ id: res.supportRequest.id as string, deliveryId: res.deliveryId as string, expect: creates[i]![1] }),
      );
      await receiver.received(seenBefore + 1);
      await kill(server);
      server = await restart();
    }

    for (const a of acknowledged) {
      const delivery = await call(server.url, 'GET', `/_mock/deliveries/${a.deliveryId}?wait=settled&timeout_ms=30000`);
      expect({ id: a.id, status: delivery.status }).toEqual({ id: a.id, status: a.expect });
      expect(delivery.supportRequestId).toBe(a.id);
    }

    const all = await call(server.url, 'GET', '/_mock/deliveries?limit=1000');
    expect(all.deliveries).toHaveLength(acknowledged.length);
    // At least once to the receiver; a repeat (the attempt the kill cut off) carries the same support-request id.
    const received = receiver.requests.map((r) => (JSON.parse(r.body) as { id: string }).id);
    const healthyIds = new Set(acknowledged.filter((a) => a.expect === 'delivered').map((a) => a.id));
    for (const id of healthyIds) expect(received.includes(id), id).toBe(true);
    expect(received.filter((id) => !healthyIds.has(id))).toEqual([]);
    const deliveryHeader = new Map<string, Set<string>>();
    for (const r of receiver.requests) {
      const id = (JSON.parse(r.body) as { id: string }).id;
      deliveryHeader.set(id, (deliveryHeader.get(id) ?? new Set()).add(String(r.headers['x-snapengage-mock-delivery'])));
    }
    for (const [id, deliveries] of deliveryHeader) expect([...deliveries], id).toEqual([acknowledged.find((a) => a.id === id)!.deliveryId]);
    // Exactly one fallback email per dead-end support request: an email is written in the transaction that settles it.
    const emails = await call(server.url, 'GET', '/_mock/emails?limit=1000');
    const emailed = emails.emails.map((e: { supportRequestId: string }) => e.supportRequestId).sort();
    expect(emailed).toEqual(acknowledged.filter((a) => a.expect === 'emailed').map((a) => a.id).sort());
  });
});
