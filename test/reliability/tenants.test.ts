// Many suites, one server: 20 api_keys work in parallel on one mock (virtual clock, SNAPENGAGE_API_KEYS='*'), each
// a suite's worth of work in a random interleaving: provisioning, support requests, walking its own retry ladder on
// its own clock, a reset half-way, and assertions on its deliveries, emails, journal and clock. Every key must see
// exactly its own history. TENANTS_SEED reproduces a run's choices (.ci/run runs ten seeds).
import { describe, expect, it } from 'vitest';
import { createMockClient, type MockClient } from '../../src/index.js';
import { createRandom, type Random } from '../../src/core/random.js';
import { buildTestApp, START_TIME } from '../helpers/build-test-app.js';
import { startReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const TENANTS = 20;
const SEED = Number(process.env.TENANTS_SEED ?? 1);
/** The default ladder: the first attempt, then nine retries; the offsets (seconds) from the support request. */
const LADDER_OFFSETS_S = [0, 30, 90, 210, 450, 930, 1830, 3630, 5430, 7230];
const WALK_MS = 2 * 3_600_000 + 5 * 60_000;

/** A few turns of the event loop, so the tenants' calls interleave differently on each seed. */
const shuffle = async (random: Random) => {
  for (let i = random.int(0, 3); i > 0; i--) await new Promise((resolve) => setImmediate(resolve));
};

interface Tenant {
  index: number;
  client: MockClient;
  random: Random;
  /** Whether its receiver answers 200 (delivered on the first attempt) or 500 (the whole ladder, then an email). */
  succeeds: boolean;
  receiver: WebhookReceiver;
}

/** Provisions an owner and a widget, points the integration at the tenant's receiver path, fires `count` chats. */
async function arrange(t: Tenant, round: number, count: number): Promise<{ widgetId: string; owner: string; requestIds: string[] }> {
  const { client, random } = t;
  const owner = `owner-${round}@tenant-${t.index}.example.com`;
  const put = (path: string, body: unknown) =>
    fetch(`${client.url}/api/v1/${path}?api_key=${client.apiKey}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await put('user.json', { email: owner, name: `Tenant ${t.index}`, password: 'pw-12345', accountType: 'enterprise' })).status).toBe(201);
  await shuffle(random);
  const agent = { agentId: owner, agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' };
  const widget = (await (await put('widget.json', { email: owner, name: `Support ${t.index}`, agents: [agent] })).json()) as { uuid: string };
  await client.integration.set(widget.uuid, { url: `${t.receiver.url}/tenant-${t.index}` });
  const requestIds: string[] = [];
  for (let i = 0; i < count; i++) {
    await shuffle(random);
    requestIds.push((await client.createSupportRequest(widget.uuid)).supportRequest.id);
  }
  return { widgetId: widget.uuid, owner, requestIds };
}

/** Walks the key's own clock past the whole ladder in random steps; every attempt reported is one of its own. */
async function walk(t: Tenant, total: number, deliveryIds: Set<string>): Promise<void> {
  let moved = 0;
  while (moved < total) {
    const step = Math.min(total - moved, t.random.int(1, 40) * 60_000);
    const result = await t.client.advanceClock(step);
    moved += step;
    expect(result).toMatchObject({ scope: 'api_key', now: START_TIME + moved });
    for (const a of result.attempts) expect(deliveryIds.has(a.deliveryId), `tenant ${t.index} ran ${a.deliveryId}`).toBe(true);
    await shuffle(t.random);
  }
}

/** A suite's worth of work for one key; the ids of the widgets it made (round 1's, then round 2's). */
async function suite(t: Tenant): Promise<string[]> {
  const { client, random } = t;
  await client.reset();
  expect(await client.clock()).toMatchObject({ now: START_TIME, diverged: false });

  // Round 1: some work, half a walk, then a reset in the middle of everyone else's work.
  const first = await arrange(t, 1, random.int(1, 2));
  const firstDeliveries = new Set((await client.deliveries()).map((d) => d.id));
  expect(firstDeliveries.size).toBe(first.requestIds.length);
  await walk(t, random.int(1, 60) * 60_000, firstDeliveries);
  await client.reset();
  expect(await client.clock()).toMatchObject({ now: START_TIME, diverged: false });
  expect(await client.deliveries()).toEqual([]);
  expect(await client.emails()).toEqual([]);
  expect(await client.requests()).toEqual([]);

  // Round 2: a whole suite, walked to the end of the ladder.
  const second = await arrange(t, 2, random.int(1, 3));
  const deliveries = await client.deliveries();
  await walk(t, WALK_MS, new Set(deliveries.map((d) => d.id)));

  const settled = await client.deliveries({ limit: 100 });
  expect(settled.map((d) => d.supportRequestId).sort()).toEqual([...second.requestIds].sort());
  const ladder = t.succeeds ? [0] : LADDER_OFFSETS_S;
  for (const d of settled) {
    expect(d.status).toBe(t.succeeds ? 'delivered' : 'emailed');
    // Each attempt ran exactly on its rung of this key's clock: no other key's advance moved it or ran it.
    expect(d.attempts.map((a) => (a.startedAt - START_TIME) / 1000)).toEqual(ladder);
    expect(d.url).toBe(`${t.receiver.url}/tenant-${t.index}`);
  }
  const emails = await client.emails();
  expect(emails.map((e) => e.supportRequestId).sort()).toEqual(t.succeeds ? [] : [...second.requestIds].sort());
  for (const e of emails) expect(e.to).toBe(second.owner);

  // The journal holds this key's own calls of round 2 only: its two PUTs, on its clock's start.
  const journal = await client.requests();
  expect(journal.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['PUT /api/v1/user.json 201', 'PUT /api/v1/widget.json 201']);
  for (const e of journal) expect(e.at).toBe(new Date(START_TIME).toISOString());
  expect(JSON.stringify(journal)).toContain(second.owner);
  expect(await client.requests({ since: START_TIME + 1 })).toEqual([]);
  expect(await client.clock()).toMatchObject({ now: START_TIME + WALK_MS, diverged: true });
  return [first.widgetId, second.widgetId];
}

describe(`${TENANTS} api_keys sharing one server (seed ${SEED})`, () => {
  it('each sees exactly its own history: records, deliveries on its own clock, emails, journal', { timeout: 180_000 }, async () => {
    const { url } = await buildTestApp({ listen: true, config: { SNAPENGAGE_API_KEYS: '*', LOG_LEVEL: 'warn' } });
    const ok = await startReceiver({ status: 200, body: 'ok' });
    const failing = await startReceiver({ status: 500, body: 'down' });
    const seeds = createRandom(SEED);
    const tenants: Tenant[] = Array.from({ length: TENANTS }, (_, index) => {
      const succeeds = index % 2 === 0;
      return {
        index,
        client: createMockClient({ url, apiKey: `tenant-key-${index}` }),
        random: createRandom(seeds.int(0, 2 ** 31)),
        succeeds,
        receiver: succeeds ? ok : failing,
      };
    });
    const widgets = await Promise.all(tenants.map((t) => suite(t)));

    // What the receivers got on each tenant's path: documents of that tenant's own widgets only, round 2's among them.
    for (const t of tenants) {
      const mine = t.receiver.requests.filter((r) => r.path === `/snapengage/tenant-${t.index}`);
      const widgetIds = new Set(mine.map((r) => (JSON.parse(r.body) as { widget_id: string }).widget_id));
      expect([...widgetIds].every((id) => widgets[t.index]!.includes(id)), `tenant ${t.index}`).toBe(true);
      expect(widgetIds.has(widgets[t.index]![1]!)).toBe(true);
    }
    // The shared clock never moved: every key walked its own.
    expect((await createMockClient({ url }).clock({ shared: true })).now).toBe(START_TIME);
  });
});
