// Who may call each /_mock route, as control/index.ts registers them: the table below must name every route the app
// has under /_mock, so a route added without a check (or moved out from under one) fails here.
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.js';

/** `open`: no key needed; `key`: an accepted api_key (401 missing_api_key); `admin`: a key, or MOCK_ADMIN_TOKEN for every key. */
type Caller = 'open' | 'key' | 'admin';

const ROUTES: Record<string, Caller> = {
  'GET /_mock/health': 'open',
  'POST /_mock/reset': 'admin',
  'GET /_mock/requests': 'key',
  'POST /_mock/faults': 'admin',
  'GET /_mock/faults': 'admin',
  'DELETE /_mock/faults': 'admin',
  'DELETE /_mock/faults/:id': 'admin',
  'GET /_mock/clock': 'open',
  'POST /_mock/clock/advance': 'admin',
  'GET /_mock/tls/ca.pem': 'open',
  'PUT /_mock/widgets/:widgetId/integration': 'key',
  'GET /_mock/widgets/:widgetId/integration': 'key',
  'GET /_mock/widgets/:widgetId/agents': 'key',
  'PUT /_mock/widgets/:widgetId/agents/:agentId/status': 'key',
  'GET /_mock/widgets/:widgetId/agent-script': 'key',
  'PUT /_mock/widgets/:widgetId/agent-script': 'key',
  'DELETE /_mock/widgets/:widgetId/agent-script': 'key',
  'GET /_mock/widgets/:widgetId/chat-settings': 'key',
  'PUT /_mock/widgets/:widgetId/chat-settings': 'key',
  'GET /_mock/conversations': 'key',
  'GET /_mock/conversations/:caseId': 'key',
  'POST /_mock/conversations/:caseId/accept': 'key',
  'POST /_mock/conversations/:caseId/messages': 'key',
  'POST /_mock/conversations/:caseId/typing': 'key',
  'POST /_mock/conversations/:caseId/close': 'key',
  'PUT /_mock/widgets/:widgetId/bot': 'key',
  'GET /_mock/widgets/:widgetId/bot': 'key',
  'DELETE /_mock/widgets/:widgetId/bot': 'key',
  'GET /_mock/conversations/:caseId/bot-calls': 'key',
  'GET /_mock/widgets/:widgetId/visitors': 'key',
  'POST /_mock/widgets/:widgetId/proactive': 'key',
  'POST /_mock/widgets/:widgetId/switch': 'key',
  'DELETE /_mock/widgets/:widgetId/integration': 'key',
  'POST /_mock/widgets/:widgetId/support-requests': 'key',
  'GET /_mock/deliveries': 'key',
  'GET /_mock/deliveries/:id': 'key',
  'POST /_mock/deliveries/:id/redeliver': 'key',
  'GET /_mock/deliveries/:id/ladder': 'key',
  'GET /_mock/emails': 'key',
  'GET /_mock/emails/:id/attachments/:index': 'key',
  'GET /_mock/events': 'key',
  'GET /_mock/users/:email/api-credentials': 'key',
  'POST /_mock/users/:email/api-credentials/rotate': 'key',
  'GET /_mock/accounts': 'key',
  'GET /_mock/support-requests/:id': 'key',
  'GET /_mock/ui': 'open',
  'GET /_mock/ui/': 'open',
  'GET /_mock/ui/:file': 'open',
  'GET /_mock/demo/:widgetId': 'open',
};

/** A body each route accepts far enough to reach its check (the fault rule and the advance are validated first). */
const BODIES: Record<string, Record<string, number>> = { 'POST /_mock/faults': { status: 503 }, 'POST /_mock/clock/advance': { ms: 0 } };

/** Every `METHOD /path` the app routes, read from printRoutes' tree (HEAD left out: Fastify adds it to each GET). */
function routesOf(app: FastifyInstance): string[] {
  const found: string[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.+?) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (parents[depth - 1] ?? '') + m[2];
    parents[depth] = path;
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') found.push(`${method} ${path}`);
  }
  return found;
}

describe('the /_mock routes', () => {
  it('are all in the table of who may call them, and each checks its caller as the table says', async () => {
    const { app } = await buildTestApp({ config: { MOCK_ADMIN_TOKEN: 'adm-registry-token' } });
    expect(routesOf(app).filter((r) => r.includes(' /_mock')).sort()).toEqual(Object.keys(ROUTES).sort());

    for (const [route, caller] of Object.entries(ROUTES)) {
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'DELETE', string];
      const url = path.replace(/:(\w+)/g, (_m, name: string) => (name === 'index' ? '0' : `some-${name}`));
      const payload = BODIES[route];
      const res = await app.inject({ method, url, ...(payload === undefined ? {} : { payload }) });
      const code = res.statusCode === 401 ? (res.json().error.code as string) : 'not 401';
      const expected = { open: 'not 401', key: 'missing_api_key', admin: 'admin_token_required' }[caller];
      expect(`${route}: ${code}`).toBe(`${route}: ${expected}`);
    }
  });
});
