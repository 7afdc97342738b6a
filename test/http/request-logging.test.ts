// The request log lines: one "request completed" line per request with the request id bound first, as a Fastify child
// logger writes it; request.log (created only when a route or hook logs) binds the same id; the incoming line is debug.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { api, userBody } from '../helpers/provisioning.js';
import { storeOf } from '../../src/app.js';

const lines = (logs: string[]) => logs.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('request log lines', () => {
  it('a completed request: one line, the request id first after the base fields, then req, res, time', async () => {
    const { app, logs } = await buildTestApp();
    await app.ready();
    logs.length = 0;
    const res = await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=nobody@example.com` });
    expect(res.statusCode).toBe(404);
    const [line, ...rest] = lines(logs);
    expect(rest).toEqual([]);
    expect(Object.keys(line!)).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'req', 'res', 'responseTime', 'msg']);
    expect(line).toMatchObject({
      level: 40,
      reqId: res.headers['x-request-id'],
      req: { method: 'GET', url: '/api/v1/user.json?api_key=[redacted]&email=nobody@example.com', requestId: res.headers['x-request-id'] },
      res: { statusCode: 404, code: 'user_not_found' },
      msg: 'request completed',
    });
  });

  it('the level says how it went: info for a success, warn for a 4xx, error for a 5xx, each error with its code', async () => {
    const { app, logs } = await buildTestApp();
    await app.ready();
    logs.length = 0;
    await app.inject({ method: 'GET', url: '/_mock/health' });
    await app.inject({ method: 'GET', url: '/api/v1/user.json?email=nobody@example.com' });
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=x@example.com`, headers: { 'x-mock-fault': '500' } });
    expect(lines(logs).map((l) => [l.level, l.res])).toEqual([
      [30, { statusCode: 200 }],
      [40, { statusCode: 401, code: 'missing_api_key' }],
      [50, { statusCode: 500, code: 'internal_error' }],
    ]);
  });

  it('a line a route writes through request.log carries the request id too', async () => {
    const { app, logs } = await buildTestApp();
    await app.ready();
    storeOf(app).pragma('query_only = ON');
    logs.length = 0;
    const res = await api(app).putUser(userBody());
    expect(res.statusCode).toBe(503);
    const failure = lines(logs).find((l) => l.msg === 'store failure');
    expect(Object.keys(failure!).slice(0, 5)).toEqual(['level', 'time', 'pid', 'hostname', 'reqId']);
    expect(failure).toMatchObject({ level: 50, reqId: res.headers['x-request-id'], code: 'store_read_only' });
  });

  it('the incoming line is written at debug, with the request id, and not at info', async () => {
    const debug = await buildTestApp({ config: { LOG_LEVEL: 'debug' } });
    await debug.app.ready();
    debug.logs.length = 0;
    const res = await debug.app.inject({ method: 'GET', url: '/_mock/health' });
    expect(lines(debug.logs).map((l) => [l.msg, l.reqId])).toEqual([
      ['incoming request', res.headers['x-request-id']],
      ['request completed', res.headers['x-request-id']],
    ]);
  });
});
