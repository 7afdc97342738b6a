// Real clients' habits: many send `Content-Type: application/json` on every request, body or not. On a route that
// takes no body, that empty body is no body; only where a route takes a body is an empty one `invalid_json`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { configureIntegration, createSupportRequest, createWidget } from '../helpers/integration-setup.js';

const run = promisify(execFile);

/** How each client sends "no body, but the JSON header anyway". */
const CLIENTS: Record<string, (method: string, url: string) => Promise<{ status: number; body: string }>> = {
  'fetch, no body': async (method, url) => {
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json' } });
    return { status: res.status, body: await res.text() };
  },
  'fetch, body ""': async (method, url) => {
    // fetch refuses a body on GET, so the empty string goes only where one is allowed.
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '' }) });
    return { status: res.status, body: await res.text() };
  },
  'curl -X': async (method, url) => curl(['-X', method, '-H', 'Content-Type: application/json', url]),
  "curl -d ''": async (method, url) =>
    curl([...(method === 'GET' ? ['-G'] : ['-X', method]), '-H', 'Content-Type: application/json', '--data', '', url]),
};

async function curl(args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-sS', '--max-time', '30', '-w', '\n%{http_code}', ...args]);
  const at = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) };
}

interface Case {
  method: string;
  /** Arranges a fresh target and returns its path, so every client meets the same state. */
  arrange: (app: FastifyInstance) => Promise<string>;
  status: number;
}

const q = (params: Record<string, string> = {}) => `?${new URLSearchParams({ api_key: KEY, ...params }).toString()}`;

const CASES: Record<string, Case> = {
  'DELETE a user': { method: 'DELETE', status: 200, arrange: async (app) => `/api/v1/user.json${q({ email: (await createWidget(app)).ownerEmail })}` },
  'DELETE a widget': {
    method: 'DELETE',
    status: 200,
    arrange: async (app) => {
      const { widgetId, ownerEmail } = await createWidget(app);
      return `/api/v1/widget.json${q({ uuid: widgetId, email: ownerEmail })}`;
    },
  },
  'GET a user': { method: 'GET', status: 200, arrange: async (app) => `/api/v1/user.json${q({ email: (await createWidget(app)).ownerEmail })}` },
  'DELETE integration settings': {
    method: 'DELETE',
    status: 204,
    arrange: async (app) => {
      const { widgetId } = await createWidget(app);
      await configureIntegration(app, widgetId, { url: 'http://127.0.0.1:9/hook' });
      return `/_mock/widgets/${widgetId}/integration${q()}`;
    },
  },
  'POST redeliver': {
    method: 'POST',
    status: 202,
    arrange: async (app) => {
      const { widgetId } = await createWidget(app);
      await configureIntegration(app, widgetId, { url: 'http://127.0.0.1:9/hook' });
      return `/_mock/deliveries/${(await createSupportRequest(app, widgetId)).deliveryId}/redeliver${q()}`;
    },
  },
  // Its body is optional ("generate everything"): an empty one is left out, as `{}` would be.
  'POST a support request': { method: 'POST', status: 201, arrange: async (app) => `/_mock/widgets/${(await createWidget(app)).widgetId}/support-requests${q()}` },
  'POST reset': { method: 'POST', status: 200, arrange: async () => `/_mock/reset${q()}` },
  'DELETE fault rules': { method: 'DELETE', status: 200, arrange: async () => `/_mock/faults${q()}` },
};

async function listen(): Promise<{ app: FastifyInstance; base: string }> {
  const { app, url } = await buildTestApp({ listen: true, config: { LOG_LEVEL: 'warn' } });
  return { app, base: url };
}

describe('an empty body sent as application/json', () => {
  it.each(Object.entries(CASES))('is no body on %s, from fetch and curl', async (_name, { method, arrange, status }) => {
    const { app, base } = await listen();
    for (const [client, send] of Object.entries(CLIENTS)) {
      const res = await send(method, base + (await arrange(app)));
      expect({ client, status: res.status, body: res.body.slice(0, 200) }).toMatchObject({ client, status });
    }
  });

  it('is still invalid_json where the route takes a body', async () => {
    const { base } = await listen();
    for (const [client, send] of Object.entries(CLIENTS).filter(([name]) => name !== 'fetch, no body')) {
      const res = await send('PUT', `${base}/api/v1/user.json${q()}`);
      expect({ client, status: res.status }).toEqual({ client, status: 400 });
      expect(JSON.parse(res.body).error).toMatchObject({ code: 'invalid_json', message: 'the body is empty; send a JSON object' });
    }
  });
});
