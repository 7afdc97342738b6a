// Isolation: every route, called with another partner's key against partner A's user, widget, integration,
// delivery and email, is refused or sees nothing, answers nothing of A's data, and changes nothing of A's.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY as KEY_A, OTHER_KEY as KEY_B, withKey, type LiveTestApp } from '../helpers/build-test-app.js';
import { scheduledWidgetBody, userBody } from '../helpers/provisioning.js';
import { dumpStore } from '../helpers/store.js';

/** What only A knows: none of it may appear in an answer to B (B never sends these itself). */
const SECRET_OF_A = {
  name: 'Alice Private-Name',
  phone: '555-867-5309',
  widgetName: 'A-Widget-Private',
  agentAlias: 'A-Agent-Alias',
  destinationEmail: 'a-transcripts-private@example.com',
  integrationPath: '/a-private-receiver-path',
  authToken: 'a-private-auth-token-123',
};

interface Probe {
  method: string;
  path: string;
  body?: unknown;
  /** The statuses that count as refusing B. */
  expect: number[];
  /** For a 200: a check that it holds nothing of A's. */
  empty?: (json: any) => unknown;
}

async function seedPartnerA(live: LiveTestApp) {
  const email = 'alice@example.com';
  const created = await live.request('PUT', withKey('/api/v1/user.json', KEY_A), {
    body: userBody({ email, name: SECRET_OF_A.name, phone: SECRET_OF_A.phone, accountType: 'prem' }),
  });
  expect(created.status).toBe(201);
  const widget = await live.request('PUT', withKey('/api/v1/widget.json', KEY_A), {
    body: scheduledWidgetBody(email, {
      name: SECRET_OF_A.widgetName,
      destinationEmail: SECRET_OF_A.destinationEmail,
      agents: [{ agentId: 'a-agent@example.com', agentAlias: SECRET_OF_A.agentAlias, agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
    }),
  });
  expect(widget.status).toBe(201);
  const uuid = widget.json().uuid as string;
  // Port 9 (discard) on loopback refuses: the one attempt fails and, with RETRY_SCHEDULE=none, A gets an email.
  const integration = await live.request('PUT', withKey(`/_mock/widgets/${uuid}/integration`, KEY_A), {
    body: { url: `http://127.0.0.1:9${SECRET_OF_A.integrationPath}`, authToken: SECRET_OF_A.authToken, authHeader: 'Authorization' },
  });
  expect(integration.status).toBe(200);
  const sr = await live.request('POST', withKey(`/_mock/widgets/${uuid}/support-requests`, KEY_A), { body: {} });
  expect(sr.status).toBe(201);
  const { deliveryId, supportRequest } = sr.json() as { deliveryId: string; supportRequest: { id: string } };
  const advanced = await live.request('POST', '/_mock/clock/advance', { body: { ms: 0 } });
  expect(advanced.status).toBe(200);
  const emails = await live.request('GET', withKey('/_mock/emails', KEY_A));
  expect(emails.json().emails).toHaveLength(1);
  return { email, uuid, deliveryId, supportRequestId: supportRequest.id, emailId: emails.json().emails[0].id as string };
}

describe('isolation between partners', () => {
  it('no route lets another api_key read, change or delete partner A’s records', async () => {
    const live = await buildTestApp({ listen: true, config: { RETRY_SCHEDULE: 'none' } });
    const a = await seedPartnerA(live);
    // B has records of its own, so lists answered to B are not empty by accident of B having nothing.
    const own = await live.request('PUT', withKey('/api/v1/user.json', KEY_B), { body: userBody({ email: 'bob@example.com' }) });
    expect(own.status).toBe(201);
    const before = dumpStore(live.app);

    const noneOfA = (list: Array<Record<string, unknown>>) => expect(list.filter((x) => JSON.stringify(x).includes(a.uuid))).toEqual([]);
    const widgetQuery = { uuid: a.uuid, email: a.email };
    const probes: Probe[] = [
      // Provisioning: B may learn only that the user exists (documented); everything else is refused.
      { method: 'GET', path: withKey('/api/v1/user.json', KEY_B, { email: a.email }), expect: [200], empty: (j) => expect(j).toEqual({ email: a.email }) },
      { method: 'POST', path: withKey('/api/v1/user.json', KEY_B), body: { email: a.email, name: 'Hijacked', password: 'hijacked' }, expect: [403] },
      { method: 'POST', path: withKey('/api/v1/user.json', KEY_B), body: { email: a.email, name: 'Hijacked', accountType: 'trial' }, expect: [403] },
      { method: 'DELETE', path: withKey('/api/v1/user.json', KEY_B, { email: a.email }), expect: [403] },
      { method: 'PUT', path: withKey('/api/v1/user.json', KEY_B), body: userBody({ email: 'copy@example.com', templateId: a.email, accountType: undefined }), expect: [400] },
      { method: 'PUT', path: withKey('/api/v1/user.json', KEY_B), body: userBody({ email: a.email }), expect: [409] },
      { method: 'PUT', path: withKey('/api/v1/widget.json', KEY_B), body: scheduledWidgetBody(a.email), expect: [403] },
      { method: 'GET', path: withKey('/api/v1/widget.json', KEY_B, widgetQuery), expect: [404] },
      { method: 'GET', path: withKey('/api/v1/widget.json', KEY_B, { uuid: a.uuid, email: 'bob@example.com' }), expect: [404] },
      { method: 'POST', path: withKey('/api/v1/widget.json', KEY_B), body: { ...scheduledWidgetBody(a.email), uuid: a.uuid }, expect: [404] },
      { method: 'POST', path: withKey('/api/v1/widget.json', KEY_B), body: { ...scheduledWidgetBody('bob@example.com'), uuid: a.uuid }, expect: [404] },
      { method: 'DELETE', path: withKey('/api/v1/widget.json', KEY_B, widgetQuery), expect: [404] },
      // Integration API control routes.
      { method: 'GET', path: withKey(`/_mock/widgets/${a.uuid}/integration`, KEY_B), expect: [404] },
      { method: 'PUT', path: withKey(`/_mock/widgets/${a.uuid}/integration`, KEY_B), body: { url: 'http://127.0.0.1:9/steal' }, expect: [404] },
      { method: 'DELETE', path: withKey(`/_mock/widgets/${a.uuid}/integration`, KEY_B), expect: [404] },
      { method: 'POST', path: withKey(`/_mock/widgets/${a.uuid}/support-requests`, KEY_B), body: {}, expect: [404] },
      { method: 'GET', path: withKey(`/_mock/deliveries/${a.deliveryId}`, KEY_B), expect: [404] },
      { method: 'GET', path: withKey(`/_mock/deliveries/${a.deliveryId}`, KEY_B, { wait: 'settled', timeout_ms: '50' }), expect: [404] },
      { method: 'POST', path: withKey(`/_mock/deliveries/${a.deliveryId}/redeliver`, KEY_B), expect: [404] },
      { method: 'GET', path: withKey('/_mock/deliveries', KEY_B), expect: [200], empty: (j) => noneOfA(j.deliveries) },
      { method: 'GET', path: withKey('/_mock/deliveries', KEY_B, { widget_id: a.uuid }), expect: [200], empty: (j) => expect(j.deliveries).toEqual([]) },
      { method: 'GET', path: withKey('/_mock/deliveries', KEY_B, { support_request_id: a.supportRequestId }), expect: [200], empty: (j) => expect(j.deliveries).toEqual([]) },
      { method: 'GET', path: withKey('/_mock/emails', KEY_B), expect: [200], empty: (j) => noneOfA(j.emails) },
      { method: 'GET', path: withKey('/_mock/emails', KEY_B, { widget_id: a.uuid }), expect: [200], empty: (j) => expect(j.emails).toEqual([]) },
      { method: 'GET', path: withKey('/_mock/emails', KEY_B, { delivery_id: a.deliveryId }), expect: [200], empty: (j) => expect(j.emails).toEqual([]) },
    ];

    const offences: string[] = [];
    for (const probe of probes) {
      const res = await live.request(probe.method, probe.path, probe.body === undefined ? {} : { body: probe.body });
      const label = `${probe.method} ${probe.path}`;
      if (!probe.expect.includes(res.status)) offences.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
      for (const [what, value] of Object.entries(SECRET_OF_A)) if (res.text.includes(value)) offences.push(`${label} leaked A's ${what}`);
      if (res.status === 200 && probe.empty) probe.empty(res.json());
    }
    expect(offences).toEqual([]);

    // Nothing of A's changed (B's refused writes created nothing either).
    expect(dumpStore(live.app)).toEqual(before);
    const mine = await live.request('GET', withKey('/api/v1/user.json', KEY_A, { email: a.email }));
    expect(mine.json()).toEqual({ email: a.email, name: SECRET_OF_A.name, phone: SECRET_OF_A.phone, accountType: 'prem' });
  });
});
