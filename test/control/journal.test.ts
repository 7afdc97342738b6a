import { describe, expect, it } from 'vitest';
import { KEY, OTHER_KEY, buildTestApp } from '../helpers/build-test-app.js';

const user = { email: 'jim@example.com', name: 'Jim', password: 'secret-pass', accountType: 'biz' };

async function requests(app: Awaited<ReturnType<typeof buildTestApp>>['app'], query: string) {
  const res = await app.inject({ method: 'GET', url: `/_mock/requests?${query}` });
  expect(res.statusCode).toBe(200);
  return res.json().requests as Array<Record<string, any>>;
}

describe('the request journal', () => {
  it('records method, path, query, body, status and time, with the api key, password and auth headers redacted', async () => {
    const { app, clock } = await buildTestApp();
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/user.json?api_key=${KEY}`,
      headers: { authorization: 'Bearer abc', 'x-request-id': 'req-journal-1', 'user-agent': 'my-client/1.0' },
      payload: user,
    });
    expect(res.statusCode).toBe(201);
    const [entry, ...rest] = await requests(app, `api_key=${KEY}`);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      requestId: 'req-journal-1',
      at: new Date(clock.now()).toISOString(),
      method: 'PUT',
      path: '/api/v1/user.json',
      query: { api_key: '[redacted]' },
      body: { email: 'jim@example.com', name: 'Jim', password: '[redacted]', accountType: 'biz' },
      status: 201,
      fault: null,
    });
    expect(entry!.headers).toMatchObject({ authorization: '[redacted]', 'user-agent': 'my-client/1.0', 'content-type': 'application/json' });
    expect(JSON.stringify(entry)).not.toContain(KEY);
    expect(JSON.stringify(entry)).not.toContain('secret-pass');
    expect(JSON.stringify(entry)).not.toContain('Bearer abc');
  });

  it('records failures too (validation errors, unknown paths), but only the SnapEngage routes', async () => {
    const { app } = await buildTestApp();
    await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${KEY}`, payload: { email: 'nope' } });
    await app.inject({ method: 'GET', url: `/api/v1/user.xml?api_key=${KEY}&email=a@b.c` });
    await app.inject({ method: 'GET', url: '/_mock/health' });
    const entries = await requests(app, `api_key=${KEY}`);
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ['PUT', '/api/v1/user.json', 400],
      ['GET', '/api/v1/user.xml', 404],
    ]);
    expect(entries[1]!.query).toEqual({ api_key: '[redacted]', email: 'a@b.c' });
  });

  it('is per api key: each key lists only what was sent with it', async () => {
    const { app } = await buildTestApp();
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${OTHER_KEY}&email=b@example.com` });
    expect((await requests(app, `api_key=${KEY}`)).map((e) => e.query.email)).toEqual(['a@example.com']);
    expect((await requests(app, `api_key=${OTHER_KEY}`)).map((e) => e.query.email)).toEqual(['b@example.com']);
    // The same answer as every other keyed route: the api_key is checked before anything else.
    const anonymous = await app.inject({ method: 'GET', url: '/_mock/requests' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('missing_api_key');
    const wrong = await app.inject({ method: 'GET', url: '/_mock/requests?api_key=wrong' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_api_key');
  });

  it('filters by method, path (exact or prefix*), status, since and after, and keeps the latest `limit`', async () => {
    const { app, clock } = await buildTestApp();
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    clock.advance(60_000);
    const t1 = clock.now();
    await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${KEY}`, payload: user });
    await app.inject({ method: 'GET', url: `/api/v1/widget.json?api_key=${KEY}&uuid=x&email=jim@example.com` });
    const all = await requests(app, `api_key=${KEY}`);
    expect(all.map((e) => e.status)).toEqual([404, 201, 404]);

    expect((await requests(app, `api_key=${KEY}&method=put`)).map((e) => e.status)).toEqual([201]);
    expect((await requests(app, `api_key=${KEY}&path=/api/v1/widget.json`)).map((e) => e.method)).toEqual(['GET']);
    expect((await requests(app, `api_key=${KEY}&path=/api/v1/*`)).length).toBe(3);
    expect((await requests(app, `api_key=${KEY}&status=404`)).map((e) => e.path)).toEqual(['/api/v1/user.json', '/api/v1/widget.json']);
    expect((await requests(app, `api_key=${KEY}&since=${t1}`)).length).toBe(2);
    expect((await requests(app, `api_key=${KEY}&since=${new Date(t1).toISOString()}`)).length).toBe(2);
    expect((await requests(app, `api_key=${KEY}&after=${all[1]!.id}`)).map((e) => e.id)).toEqual([all[2]!.id]);
    expect((await requests(app, `api_key=${KEY}&limit=1`)).map((e) => e.id)).toEqual([all[2]!.id]);

    const bad = await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${KEY}&since=yesterday&colour=red` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it('is bounded: past JOURNAL_LIMIT the oldest entries are dropped', async () => {
    const { app } = await buildTestApp({ config: { JOURNAL_LIMIT: '3' } });
    for (let i = 0; i < 5; i++) await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=u${i}@example.com` });
    expect((await requests(app, `api_key=${KEY}`)).map((e) => e.query.email)).toEqual(['u2@example.com', 'u3@example.com', 'u4@example.com']);
  });

  it('describes bodies over 64 KiB by their size instead of copying them', async () => {
    const { app } = await buildTestApp();
    const payload = { ...user, name: 'x'.repeat(70 * 1024) };
    await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${KEY}`, payload });
    const [entry] = await requests(app, `api_key=${KEY}`);
    expect(entry!.status).toBe(400);
    expect(entry!.body).toMatch(/^\[body of \d+ bytes not journaled\]$/);
  });

  it('with JOURNAL_LIMIT=0 records nothing', async () => {
    const { app } = await buildTestApp({ config: { JOURNAL_LIMIT: '0' } });
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    expect(await requests(app, `api_key=${KEY}`)).toEqual([]);
  });

  it('keeps the query as sent, in its order, with every secret redacted, repeated keys and all', async () => {
    const { app } = await buildTestApp();
    await app.inject({ method: 'GET', url: `/api/v1/user.json?email=a@b.c&x=1&x=2&api_key=${KEY}&Token=t1&Token=t2&y=%E2%98%83` });
    const [entry] = await requests(app, `api_key=${KEY}`);
    expect(entry!.status).toBe(400);
    expect(Object.entries(entry!.query)).toEqual([
      ['email', 'a@b.c'],
      ['x', ['1', '2']],
      ['api_key', '[redacted]'],
      ['Token', '[redacted]'],
      ['y', '\u2603'],
    ]);
  });
});
