// The journal keeps the answer beside the request: its status, headers and body, redacted and capped as the request's
// body is, so the reason for a 400 is in the journal (as in WireMock's request journal), not only in the client's logs.
import { describe, expect, it } from 'vitest';
import { journalResponse } from '../../src/control/journal.js';
import type { JournalEntry } from '../../src/control/schemas.js';
import { KEY, buildTestApp } from '../helpers/build-test-app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

async function journal(app: App): Promise<JournalEntry[]> {
  const res = await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${KEY}` });
  expect(res.statusCode).toBe(200);
  return res.json().requests;
}

describe('the journal keeps the answer', () => {
  it("of a 400: the reason (code, message, details) is in the entry, with the answer's headers", async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/user.json?api_key=${KEY}`,
      payload: { email: 'jim@example.com', name: 'Jim', password: 'secret-pass', accountType: 'gold' },
    });
    expect(res.statusCode).toBe(400);
    const [entry] = await journal(app);
    expect(entry!.status).toBe(400);
    expect(entry!.response).toEqual({
      status: 400,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': res.headers['x-request-id'], 'content-length': String(res.rawPayload.length) },
      body: res.json(),
    });
    expect(entry!.response!.body).toMatchObject({
      error: { status: 400, code: 'validation_failed', message: expect.stringContaining('accountType must be one of'), details: [{ field: 'accountType' }] },
    });
    expect(JSON.stringify(entry)).not.toContain('secret-pass');
  });

  it('of a success, as the client got it', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${KEY}`, payload: { email: 'jim@example.com', name: 'Jim', password: 'secret-pass', accountType: 'biz' } });
    expect(res.statusCode).toBe(201);
    const [entry] = await journal(app);
    expect(entry!.response).toMatchObject({ status: 201, body: res.json() });
  });

  it("of a fault rule: its status, its headers, and its body with secret-named fields redacted", async () => {
    const { app } = await buildTestApp();
    const rule = await app.inject({
      method: 'POST',
      url: '/_mock/faults',
      payload: { path: '/api/v1/user.json', api_key: KEY, status: 429, body: { error: 'slow down', token: 'leaky-token' }, headers: { 'x-limit': '5' } },
    });
    expect(rule.statusCode).toBe(201);
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    const [entry] = await journal(app);
    expect(entry!.response).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1', 'x-limit': '5' },
      body: { error: 'slow down', token: '[redacted]' },
    });
    expect(JSON.stringify(entry)).not.toContain('leaky-token');
  });

  it('is null when no answer was sent (the connection dropped)', async () => {
    const { app, url } = await buildTestApp({ listen: true });
    // The mock journals the request before it hangs up, so the entry is there once the client sees the reset.
    await expect(fetch(`${url}/api/v1/user.json?api_key=${KEY}&email=a@example.com`, { headers: { 'x-mock-fault': 'reset' } })).rejects.toThrow();
    expect(await journal(app)).toMatchObject([{ status: 0, response: null }]);
  });

  it('capped at JOURNAL_MAX_BODY_BYTES as a request body is, and counted in JOURNAL_MAX_BYTES', async () => {
    const { app } = await buildTestApp({ config: { JOURNAL_MAX_BODY_BYTES: '1024', FAULT_MAX_BODY_BYTES: '4096' } });
    await app.inject({ method: 'POST', url: '/_mock/faults', payload: { path: '/api/v1/user.json', api_key: KEY, status: 500, body: 'x'.repeat(3000) } });
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    const [entry] = await journal(app);
    expect(entry!.response!.body).toBe('[body of 3000 bytes not journaled]');
    expect(app.ctx.journal.bytes).toBe(Buffer.byteLength(JSON.stringify(entry)));
  });

  it('describes a binary or streamed body instead of copying it; keeps other text as text', () => {
    expect(journalResponse({ 'content-type': 'image/png' }, Buffer.alloc(68), 1024)).toEqual({
      headers: { 'content-type': 'image/png', 'content-length': '68' },
      bodyJson: '"[68 bytes of image/png not journaled]"',
    });
    expect(journalResponse({ 'content-type': 'application/xml' }, '<case/>', 1024).bodyJson).toBe('"<case/>"');
    expect(journalResponse({ 'set-cookie': ['a=1', 'b=2'] }, null, 1024)).toEqual({ headers: { 'set-cookie': '[redacted]' }, bodyJson: 'null' });
    // JSON whose key spells a secret's name with an escape is redacted too.
    expect(JSON.parse(journalResponse({ 'content-type': 'application/json' }, '{"pass\\u0077ord":"p"}', 1024).bodyJson)).toEqual({ password: '[redacted]' });
  });
});
