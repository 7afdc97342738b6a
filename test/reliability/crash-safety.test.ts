// Crash safety: 10 cycles of SIGKILL while webhook deliveries are in flight, each restart on the same database.
// Every acknowledged support request ends delivered or emailed; none is lost; a duplicate POST carries the same id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiCaller, spawnServer } from '../helpers/spawned-server.js';
import { closedPortUrl, startReceiver } from '../helpers/webhook-receiver.js';

const KEY = 'crash-safety-key';
const CYCLES = 10;
const PER_CYCLE = { healthy: 5, dead: 1 };

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});


describe('crash safety', () => {
  it(`loses nothing over ${CYCLES} SIGKILLs with deliveries in flight`, { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapengage-mock-crash-safety-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // Slow enough that a kill always lands with attempts in flight, fast enough that they finish after the restart.
    const receiver = await startReceiver({ status: 200, body: 'ok', delayMs: 150 });
    cleanups.push(() => receiver.close());

    const settings = {
      DATABASE_PATH: join(dir, 'mock.db'),
      CLOCK: 'real',
      SNAPENGAGE_API_KEYS: KEY,
      LOG_LEVEL: 'silent',
      RETRY_SCHEDULE: '20ms,20ms,20ms',
      WEBHOOK_TIMEOUT_MS: '3000',
    };
    const call = apiCaller(KEY);

    let server = await spawnServer(settings);
    await call(server.url, 'PUT', '/api/v1/user.json', { email: 'owner@example.com', name: 'Owner', password: '12345', accountType: 'enterprise' });
    const widget = async () =>
      (await call(server.url, 'PUT', '/api/v1/widget.json', {
        email: 'owner@example.com',
        agents: [{ agentId: 'agent@example.com', agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
      })).uuid as string;
    const healthy = await widget();
    const dead = await widget();
    await call(server.url, 'PUT', `/_mock/widgets/${healthy}/integration`, { url: receiver.url });
    await call(server.url, 'PUT', `/_mock/widgets/${dead}/integration`, { url: await closedPortUrl('/dead') });

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
      server.child.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      server = await spawnServer(settings);
    }

    for (const a of acknowledged) {
      const delivery = await call(server.url, 'GET', `/_mock/deliveries/${a.deliveryId}?wait=settled&timeout_ms=15000`);
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
