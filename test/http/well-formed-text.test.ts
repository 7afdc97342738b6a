// Text round-trips: a string UTF-8 cannot store (an unpaired surrogate, JSON "\ud800") is refused with 400 naming the
// field on every route that stores or echoes text, and every well-formed string reads back exactly as it was sent.
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { illFormedText } from '../../src/http/well-formed-text.js';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { configureIntegration, createWidget, type Setup } from '../helpers/integration-setup.js';
import { userBody } from '../helpers/provisioning.js';
import { storeOf } from '../../src/app.js';

const LONE = 'N\ud800x';
let fresh = 0;
const q = (params: Record<string, string> = {}) => `?${new URLSearchParams({ api_key: KEY, ...params }).toString()}`;

interface Route {
  method: 'PUT' | 'POST';
  url: (s: Setup) => string;
  /** The body with `text` where the route keeps it. */
  body: (s: Setup, text: string) => unknown;
  field: string;
  /** Reads `text` back through the API, for the round trip; absent where nothing echoes it. */
  read?: (app: FastifyInstance, s: Setup, created: any) => Promise<unknown>;
}

const get = async (app: FastifyInstance, url: string) => {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const widget = (s: Setup, over: Record<string, unknown>) => ({
  email: s.ownerEmail,
  name: 'Support',
  agents: [{ agentId: 'agent@example.com', agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
  ...over,
});

const ROUTES: Record<string, Route> = {
  'create a user': {
    method: 'PUT',
    url: () => `/api/v1/user.json${q()}`,
    body: (_s, text) => userBody({ email: `new-${++fresh}@example.com`, name: text }),
    field: 'name',
    read: async (app, _s, created) => (await get(app, `/api/v1/user.json${q({ email: created.email })}`)).name,
  },
  'update a user': {
    method: 'POST',
    url: () => `/api/v1/user.json${q()}`,
    body: (s, text) => ({ email: s.ownerEmail, name: text }),
    field: 'name',
    read: async (app, s) => (await get(app, `/api/v1/user.json${q({ email: s.ownerEmail })}`)).name,
  },
  'create a widget (nested field)': {
    method: 'PUT',
    url: () => `/api/v1/widget.json${q()}`,
    body: (s, text) => widget(s, { agents: [{ agentId: 'a@example.com', agentAlias: text, agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }] }),
    field: 'agents.0.agentAlias',
    read: async (app, s, created) => (await get(app, `/api/v1/widget.json${q({ uuid: created.uuid, email: s.ownerEmail })}`)).agents[0].agentAlias,
  },
  'update a widget': {
    method: 'POST',
    url: () => `/api/v1/widget.json${q()}`,
    body: (s, text) => widget(s, { uuid: s.widgetId, name: text }),
    field: 'name',
    read: async (app, s) => (await get(app, `/api/v1/widget.json${q({ uuid: s.widgetId, email: s.ownerEmail })}`)).name,
  },
  'integration settings': {
    method: 'PUT',
    url: (s) => `/_mock/widgets/${s.widgetId}/integration${q()}`,
    body: (_s, text) => ({ url: `http://127.0.0.1:9/hook#${text}` }),
    field: 'url',
  },
  'a support request with a pinned id': {
    method: 'POST',
    url: (s) => `/_mock/widgets/${s.widgetId}/support-requests${q()}`,
    body: (_s, text) => ({ id: text }),
    field: 'id',
    read: async (_app, _s, created) => created.supportRequest.id,
  },
  'a support request (nested field)': {
    method: 'POST',
    url: (s) => `/_mock/widgets/${s.widgetId}/support-requests${q()}`,
    body: (_s, text) => ({ requester_details: { name: text } }),
    field: 'requester_details.name',
    read: async (_app, _s, created) => created.supportRequest.requester_details.name,
  },
  'a fault rule body': {
    method: 'POST',
    url: () => `/_mock/faults${q()}`,
    body: (_s, text) => ({ api_key: KEY, status: 503, body: { note: text } }),
    field: 'body.note',
    read: async (app, _s, created) => (await get(app, `/_mock/faults${q()}`)).faults.find((r: { id: string }) => r.id === created.id).body.note,
  },
  'a key, not a value': {
    method: 'PUT',
    url: () => `/api/v1/user.json${q()}`,
    body: (_s, text) => ({ ...userBody({ email: `new-${++fresh}@example.com` }), [text]: 1 }),
    field: LONE,
  },
};

/** Every stored row, and the fault rules (kept in memory). */
async function snapshot(app: FastifyInstance): Promise<unknown> {
  const db = storeOf(app);
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  const rows = Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
  return { rows, faults: (await get(app, `/_mock/faults${q()}`)).faults };
}

async function arrange(): Promise<{ app: FastifyInstance; setup: Setup }> {
  const { app } = await buildTestApp({ config: { LOG_LEVEL: 'warn' } });
  const setup = await createWidget(app);
  await configureIntegration(app, setup.widgetId, { url: 'http://127.0.0.1:9/hook' });
  return { app, setup };
}

/** JSON.stringify writes an unpaired surrogate as the escape "\ud800", exactly what a client puts on the wire. */
const send = (app: FastifyInstance, route: Route, setup: Setup, text: string) =>
  app.inject({ method: route.method, url: route.url(setup), headers: { 'content-type': 'application/json' }, payload: JSON.stringify(route.body(setup, text)) });

describe('text that UTF-8 cannot store', () => {
  it.each(Object.entries(ROUTES))('is refused with 400 naming the field, and nothing is stored: %s', async (_name, route) => {
    const { app, setup } = await arrange();
    const before = await snapshot(app);
    const res = await send(app, route, setup, LONE);
    expect(res.statusCode, res.body).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: route.field, rule: 'unicode', message: expect.stringContaining(`${route.field} contains an unpaired UTF-16 surrogate (\\ud800 at index`) }]);
    expect(error.message).toContain(route.field);
    expect(await snapshot(app)).toEqual(before);
  });

  it.each(Object.entries(ROUTES).filter(([, r]) => r.read))('is only the unpaired kind: well-formed text reads back unchanged: %s', async (_name, route) => {
    const { app, setup } = await arrange();
    // Astral characters are surrogate pairs in JavaScript; U+FFFD and NUL are ordinary characters.
    for (const text of ['N\u00e9x \ud83d\ude00 \u4e2d', 'x\u0000y', '\ufffd']) {
      const res = await send(app, route, setup, text);
      expect(res.statusCode, res.body).toBeLessThan(300);
      expect(await route.read!(app, setup, res.json())).toBe(text);
    }
  });

  it('is looked for in the query and the path too, and reported at most 20 times', () => {
    expect(illFormedText({ email: LONE }, 'querystring')).toEqual([{ field: 'email', rule: 'unicode', message: expect.stringContaining('email contains') }]);
    expect(illFormedText({ id: LONE }, 'params')).toEqual([{ field: 'id', rule: 'unicode', message: expect.any(String) }]);
    expect(illFormedText(LONE, 'body')).toEqual([{ field: 'body', rule: 'unicode', message: expect.any(String) }]);
    expect(illFormedText(Array.from({ length: 100 }, () => LONE), 'body')).toHaveLength(20);
    // A pair split across two strings is two unpaired halves; a whole pair is one character.
    expect(illFormedText(['\ud83d', '\ude00', '\ud83d\ude00'], 'body').map((d) => d.field)).toEqual(['0', '1']);
  });

  it('walks a body thousands of levels deep without overflowing the stack', () => {
    let deep: unknown = LONE;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(illFormedText(deep, 'body')).toHaveLength(1);
  });

  it('cannot arrive percent-encoded: the query parser keeps an invalid escape as the literal text sent', async () => {
    const { app } = await buildTestApp({ config: { LOG_LEVEL: 'warn' } });
    // %ED%A0%80 is U+D800 written as if it were UTF-8; no decoder turns it into a surrogate, so it is looked up as is.
    const res = await app.inject({ method: 'GET', url: `/api/v1/widget.json${q({ email: 'a@example.com' })}&uuid=a%ED%A0%80` });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.message).toContain('a%ED%A0%80');
  });
});
