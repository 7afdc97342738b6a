// Bad input: thousands of seeded malformed requests across every route must draw 4xx answers in the envelope,
// never a 5xx, never a crash, and must leave the records of the partner they cannot touch byte for byte intact.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { partnerOf } from '../../src/http/api-key.js';
import { createRandom } from '../../src/core/random.js';
import { buildTestApp, KEY as KEY_A, OTHER_KEY as KEY_B, withKey, type LiveTestApp as LiveServer } from '../helpers/build-test-app.js';
import { malformedRequest, type FuzzRequest, type FuzzRoute } from '../helpers/malformed-requests.js';
import { scheduledWidgetBody as widgetBody, seedUserAndWidget, userBody } from '../helpers/provisioning.js';
import { malformedHeads, rawExchange } from '../helpers/raw-http.js';
import { storeOf } from '../../src/app.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20260105);
const REQUESTS = 5_400;
const CONCURRENCY = 8;

/** Every route of the committed OpenAPI document (kept fresh by its own test), so routes added later are fuzzed too. */
function documentedRoutes(sample: { email: string; uuid: string }): FuzzRoute[] {
  const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const bodies: Record<string, Record<string, unknown>> = {
    'PUT /api/v1/user.json': userBody({ email: 'fuzz-new@example.com' }),
    'POST /api/v1/user.json': { email: sample.email, name: 'Renamed' },
    'PUT /api/v1/widget.json': widgetBody(sample.email),
    'POST /api/v1/widget.json': { ...widgetBody(sample.email), uuid: sample.uuid },
    'PUT /_mock/widgets/{widgetId}/integration': { url: 'http://127.0.0.1:9/hook', authToken: 'tok', format: 'json' },
    'POST /_mock/widgets/{widgetId}/support-requests': { type: 'chat' },
    'POST /_mock/clock/advance': { ms: 1000 },
    // A rule built from this is a no-op (no status, no latency); mutations of it cannot reach a valid 5xx rule.
    'POST /_mock/faults': {},
  };
  return Object.entries(doc.paths)
    // Reset without a key wipes every partner by design; it is fuzzed below with the fuzzer's own key only.
    .filter(([path]) => path !== '/_mock/reset')
    .flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
      .map((m) => {
        const method = m.toUpperCase();
        const body = bodies[`${method} ${path}`] ?? (method === 'GET' || method === 'DELETE' ? undefined : { email: sample.email });
        return body ? { method, path, body } : { method, path };
      }),
  );
}

/** Every row of partner A in every table that has a partner column. */
const protectedRows = (live: LiveServer) => {
  const partner = partnerOf(KEY_A);
  const db = storeOf(live.app);
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  return Object.fromEntries(
    tables
      .filter(({ name }) => db.prepare(`SELECT 1 FROM pragma_table_info('${name}') WHERE name = 'partner'`).get())
      .map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" WHERE partner = ?`).all(partner).map((r) => JSON.stringify(r)).sort()]),
  );
};

async function send(live: LiveServer, req: FuzzRequest): Promise<{ status: number; contentType: string; text: string }> {
  const res = await live.pool.request({
    method: req.method,
    path: req.path,
    headers: req.headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), text };
}

describe('bad input', () => {
  it(`answers ${REQUESTS} seeded malformed requests (seed ${SEED}) with no 5xx and leaves the store intact`, { timeout: 900_000 }, async () => {
    const live = await buildTestApp({ listen: true, config: { LOG_LEVEL: 'warn' } });
    // A's records are what must survive; B is the key the fuzzer writes with, so its records may change.
    const protectedUuid = await seedUserAndWidget(live, KEY_A, 'keep@example.com');
    const fuzzUuid = await seedUserAndWidget(live, KEY_B, 'fuzz@example.com');
    const integration = await live.request('PUT', withKey(`/_mock/widgets/${protectedUuid}/integration`, KEY_A), { body: { url: 'http://127.0.0.1:9/a' } });
    expect(integration.status).toBe(200);
    const before = protectedRows(live);
    expect(before.users).toHaveLength(1);
    expect(before.integrations).toHaveLength(1);

    const routes = documentedRoutes({ email: 'fuzz@example.com', uuid: fuzzUuid });
    expect(routes.length).toBeGreaterThanOrEqual(8);
    const random = createRandom(SEED);
    const ctx = { routes, key: KEY_B, readKey: KEY_A, emails: ['keep@example.com', 'fuzz@example.com', 'nobody@example.com'], ids: [protectedUuid, fuzzUuid] };

    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const notSent: string[] = [];
    // Each request is built just before it is sent, in index order (so a seed still reproduces a run). Building all
    // 5,400 up front blocked the event loop for seconds (the ~600 bodies over 1 MB, ~0.5 GB in all) while the pool's
    // seeding socket sat idle; client and server share this loop, so on a busy machine the first request went out on
    // that socket in the same turn as the server's 5 s keep-alive timeout closed it, and failed with ECONNRESET.
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const req = malformedRequest(random, ctx, next++);
        const label = `${req.kind} ${req.method} ${req.path.slice(0, 120)} body=${JSON.stringify(String(req.body ?? '').slice(0, 120))}`;
        try {
          const res = await send(live, req);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${res.status} for ${label}: ${res.text.slice(0, 300)}`);
          else if (res.status >= 400 && req.method !== 'HEAD' && res.contentType.startsWith('application/json')) {
            const body = JSON.parse(res.text) as { error?: { status?: number; code?: string } };
            // Widget availability answers SnapEngage's own error body ({statusCode, error: {message}}), as its SDKs read it.
            const snapEngageShape = req.path.startsWith('/public/api/v2/chat/') && (body as { statusCode?: number }).statusCode === res.status;
            if (!snapEngageShape && (body.error?.status !== res.status || typeof body.error.code !== 'string')) failures.push(`no error envelope for ${label}: ${res.text.slice(0, 200)}`);
          }
        } catch (err) {
          // undici refuses some requests before they leave (e.g. a method it does not accept); those are not answers.
          const code = (err as { code?: string }).code ?? '';
          if (code.startsWith('UND_ERR_INVALID_ARG') || code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_HTTP_TOKEN') notSent.push(label);
          else failures.push(`${code || (err as Error).message} for ${label}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(answered).toBeGreaterThanOrEqual(5_000);
    // The run exercised refusals of every family, not one 400 over and over.
    for (const status of [400, 404, 405, 413, 415]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);

    // Reset, with the fuzzer's key only: refused or scoped to B, never a 5xx.
    for (const query of ['', '&fixtures=maybe', '&fixtures=', '&fixtures=true&fixtures=false', '&extra=1', '&api_key=again', '&fixtures[]=1']) {
      for (const body of [undefined, '{', '{"all": true}', 'null']) {
        const res = await live.request('POST', `${withKey('/_mock/reset', KEY_B)}${query}`, body === undefined ? {} : { body });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) failures.push(`${res.status} for POST /_mock/reset${query} body=${body}: ${res.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);

    // Malformed HTTP framing, below what any client library sends.
    for (const bytes of malformedHeads(withKey('/api/v1/user.json', KEY_B, { email: 'fuzz@example.com' }))) {
      const status = await rawExchange(live.url, bytes);
      if (status !== undefined) expect(status, JSON.stringify(bytes.slice(0, 60))).toBeLessThan(500);
    }

    // Nothing leaked onto Object.prototype from __proto__ and constructor keys.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    // The server still answers, and the partner the fuzzer could not touch is exactly as it was.
    const check = await live.request('GET', withKey('/api/v1/user.json', KEY_A, { email: 'keep@example.com' }));
    expect(check.status).toBe(200);
    expect(check.json()).toEqual({ email: 'keep@example.com', name: 'Jimbo Something', phone: '555-617-8980', accountType: 'enterprise' });
    expect(protectedRows(live)).toEqual(before);
    expect(storeOf(live.app).pragma('integrity_check', { simple: true })).toBe('ok');
    expect(storeOf(live.app).pragma('foreign_key_check')).toEqual([]);
    expect(live.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});
