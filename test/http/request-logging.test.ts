// The request log lines: one "request completed" line per request with the request id bound first, as a Fastify child
// logger writes it; request.log (created only when a route or hook logs) binds the same id; the incoming line is debug.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { api, userBody } from '../helpers/provisioning.js';
import { storeOf } from '../../src/app.js';

const lines = (logs: string[]) => logs.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('request log lines', () => {
  it('a completed request: one info line, the request id first after the base fields, then req, res, time', async () => {
    const { app, logs } = await buildTestApp();
    await app.ready();
    logs.length = 0;
    const res = await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=nobody@example.com` });
    expect(res.statusCode).toBe(404);
    const [line, ...rest] = lines(logs);
    expect(rest).toEqual([]);
    expect(Object.keys(line!)).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'req', 'res', 'responseTime', 'msg']);
    expect(line).toMatchObject({
      level: 30,
      reqId: res.headers['x-request-id'],
      req: { method: 'GET', url: '/api/v1/user.json?api_key=[redacted]&email=nobody@example.com', requestId: res.headers['x-request-id'] },
      res: { statusCode: 404 },
      msg: 'request completed',
    });
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
