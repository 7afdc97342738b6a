// A store that refuses writes at run time (issue 9, item 10): a full disk answers 507, a read-only store 503, both in
// the error envelope, and /_mock/health answers 503 `store: degraded` until a write succeeds again.
// SQLite's max_page_count makes "full" deterministic; query_only makes the connection read-only even for root.
import { describe, expect, it } from 'vitest';
import { storeOf } from '../../src/app.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { agent, api, userBody, widgetBody } from '../helpers/provisioning.js';

async function health(app: Awaited<ReturnType<typeof buildTestApp>>['app']) {
  const res = await app.inject({ method: 'GET', url: '/_mock/health' });
  return { status: res.statusCode, body: res.json() };
}

describe('a store that refuses writes', () => {
  it('full: 507 store_full in the envelope, health degraded; once space is back a write clears it', async () => {
    const { app } = await buildTestApp();
    expect((await api(app).putUser(userBody())).statusCode).toBe(201);
    const db = storeOf(app);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);

    let refused;
    for (let i = 0; i < 500 && !refused; i++) {
      const res = await api(app).putWidget(widgetBody({ name: `Widget ${i}`, agents: [1, 2, 3, 4, 5].map((n) => agent({ agentId: `agent${n}@example.com` })) }));
      if (res.statusCode !== 201) refused = res;
    }
    expect(refused?.statusCode).toBe(507);
    expect(refused!.json().error).toMatchObject({ status: 507, code: 'store_full', message: expect.stringContaining('DATABASE_PATH') });
    expect(refused!.headers['x-request-id']).toBe(refused!.json().error.requestId);

    expect(await health(app)).toMatchObject({ status: 503, body: { status: 'degraded', store: 'degraded', storeError: { code: 'store_full' } } });
    // Reads still work on a full store.
    expect((await api(app).getUser('jimbo@example.com')).statusCode).toBe(200);

    db.pragma('max_page_count = 1000000');
    expect((await api(app).putWidget(widgetBody())).statusCode).toBe(201);
    expect(await health(app)).toMatchObject({ status: 200, body: { status: 'ok', store: 'ok' } });
    expect((await health(app)).body.storeError).toBeUndefined();
  });

  it('read-only: 503 store_read_only in the envelope, health degraded until a write succeeds', async () => {
    const { app } = await buildTestApp();
    await app.ready();
    const db = storeOf(app);
    db.pragma('query_only = ON');
    const res = await api(app).putUser(userBody());
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatchObject({ status: 503, code: 'store_read_only', message: expect.stringContaining('read-only') });
    expect(await health(app)).toMatchObject({ status: 503, body: { status: 'degraded', storeError: { code: 'store_read_only' } } });

    db.pragma('query_only = OFF');
    expect((await api(app).putUser(userBody())).statusCode).toBe(201);
    expect(await health(app)).toMatchObject({ status: 200, body: { store: 'ok' } });
  });
});
