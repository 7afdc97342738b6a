import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { userBody } from '../helpers/provisioning.js';

const url = `/api/v1/user.json?api_key=${KEY}`;

function expectEnvelope(res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const { error } = res.json();
  expect(error).toMatchObject({ status, code });
  expect(typeof error.message).toBe('string');
  expect(Array.isArray(error.details)).toBe(true);
  expect(error.requestId).toBe(res.headers['x-request-id']);
  expect(JSON.stringify(error)).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
}

describe('the error envelope on bad input', () => {
  it.each([
    ['broken JSON', { 'content-type': 'application/json' }, '{"email":', 400, 'invalid_json'],
    ['an empty JSON body', { 'content-type': 'application/json' }, '', 400, 'invalid_json'],
    ['a __proto__ key', { 'content-type': 'application/json' }, '{"__proto__":{"admin":true}}', 400, 'invalid_json'],
    ['a constructor.prototype key', { 'content-type': 'application/json' }, '{"constructor":{"prototype":{"x":1}}}', 400, 'invalid_json'],
    ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, 'email=a', 415, 'unsupported_media_type'],
    ['an XML body', { 'content-type': 'text/xml' }, '<user/>', 415, 'unsupported_media_type'],
    ['plain text', { 'content-type': 'text/plain' }, 'hello', 415, 'unsupported_media_type'],
    ['a JSON array', { 'content-type': 'application/json' }, '[]', 400, 'validation_failed'],
    ['JSON null', { 'content-type': 'application/json' }, 'null', 400, 'validation_failed'],
  ])('answers %s with the envelope', async (_what, headers, payload, status, code) => {
    const { app } = await buildTestApp();
    expectEnvelope(await app.inject({ method: 'PUT', url, headers, payload }), status, code);
  });

  it('reads a body sent without any Content-Type as JSON, as the Python samples send it', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ method: 'PUT', url, payload: JSON.stringify(userBody()), headers: { 'content-type': undefined } });
    expect(res.statusCode).toBe(201);
  });

  it('answers a body over 1 MB with 413', async () => {
    const { app } = await buildTestApp();
    const payload = JSON.stringify(userBody({ name: 'x'.repeat(1024 * 1024) }));
    expectEnvelope(await app.inject({ method: 'PUT', url, headers: { 'content-type': 'application/json' }, payload }), 413, 'body_too_large');
  });

  it('answers an unknown path with 404 and an unknown method with 405 and Allow', async () => {
    const { app } = await buildTestApp();
    expectEnvelope(await app.inject({ method: 'GET', url: '/api/v1/account.json' }), 404, 'route_not_found');
    const res = await app.inject({ method: 'PATCH', url });
    expectEnvelope(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('DELETE, GET, HEAD, POST, PUT');
  });

  it('names every offending field of a body at once', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ method: 'PUT', url, payload: { email: 'bad', name: 7, password: '1', accountType: 'Biz', extra: 1 } });
    expectEnvelope(res, 400, 'validation_failed');
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(['email', 'name', 'password', 'accountType', 'extra']);
  });

  it('rejects unknown query parameters', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: `${url}&email=a@example.com&debug=1` });
    expectEnvelope(res, 400, 'validation_failed');
    expect(res.json().error.details).toEqual([{ field: 'debug', rule: 'unknown_field', message: 'unknown parameter "debug"' }]);
  });

  it("keeps a sane x-request-id of the client's and replaces an unsafe one", async () => {
    const { app } = await buildTestApp();
    const mine = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'ci-run-42.7' } });
    expect(mine.headers['x-request-id']).toBe('ci-run-42.7');
    expect(mine.json().error.requestId).toBe('ci-run-42.7');
    const unsafe = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': '<script>' } });
    expect(unsafe.headers['x-request-id']).toMatch(/^req_[0-9a-f-]{36}$/);
  });
});

describe('api_key', () => {
  it.each([
    ['missing', '/api/v1/user.json?email=a@example.com', 'missing_api_key'],
    ['empty', '/api/v1/user.json?api_key=&email=a@example.com', 'missing_api_key'],
    ['unknown', '/api/v1/user.json?api_key=nope&email=a@example.com', 'invalid_api_key'],
  ])('answers 401 when the key is %s, before reading the body', async (_what, path, code) => {
    const { app } = await buildTestApp();
    expectEnvelope(await app.inject({ method: 'GET', url: path }), 401, code);
    const put = await app.inject({ method: 'PUT', url: path.replace('&email=a@example.com', ''), headers: { 'content-type': 'application/json' }, payload: '{broken' });
    expect(put.statusCode).toBe(401);
  });

  it('accepts any non-empty key when SNAPENGAGE_API_KEYS is *', async () => {
    const { app } = await buildTestApp({ config: { SNAPENGAGE_API_KEYS: '*' } });
    const res = await app.inject({ method: 'PUT', url: '/api/v1/user.json?api_key=whatever-ci-job-7', payload: userBody() });
    expect(res.statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/api/v1/user.json?email=jimbo@example.com' })).statusCode).toBe(401);
  });
});
