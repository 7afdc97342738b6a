// Fault rules answer what they promise: headers HTTP can carry, no framing headers, and bounded in count and body size.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { KEY, buildTestApp } from '../helpers/build-test-app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

const addFault = (app: App, rule: Record<string, unknown>) => app.inject({ method: 'POST', url: '/_mock/faults', payload: rule });

/** The raw bytes of a response to GET /api/v1/user.json, as a client's socket sees them (latin1, one byte a char). */
async function rawAnswer(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
    socket.end(`GET /api/v1/user.json?api_key=${KEY}&email=a@example.com HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

describe('fault rule headers', () => {
  it.each([
    ['a CR/LF in a value (header injection)', { 'X-Note': 'ok\r\nSet-Cookie: stolen=1' }, 'X-Note', 'header_value'],
    ['a bare LF in a value', { 'X-Note': 'a\nb' }, 'X-Note', 'header_value'],
    ['a NUL in a value', { 'X-Note': 'a\u0000b' }, 'X-Note', 'header_value'],
    ['a value beyond Latin-1', { 'X-Price': '10 €' }, 'X-Price', 'header_value'],
    // Node sends these as Latin-1 or UTF-8 depending on how the body is written: no promise could be kept.
    ['a Latin-1 value beyond ASCII', { 'X-Cafe': 'café' }, 'X-Cafe', 'header_value'],
    ['a name with a space', { 'X Note': '1' }, 'X Note', 'header_name'],
    ['a name with a colon', { 'X-Note:': '1' }, 'X-Note:', 'header_name'],
    ['an empty name', { '': '1' }, 'headers', 'header_name'],
    ['Content-Length', { 'Content-Length': '5' }, 'Content-Length', 'framing_header'],
    ['Transfer-Encoding', { 'transfer-encoding': 'chunked' }, 'transfer-encoding', 'framing_header'],
    ['Connection', { Connection: 'keep-alive' }, 'Connection', 'framing_header'],
    ['Content-Encoding', { 'Content-Encoding': 'gzip' }, 'Content-Encoding', 'framing_header'],
    ['one name twice', { 'X-Note': '1', 'x-note': '2' }, 'x-note', 'duplicate'],
  ])('refuses %s with 400 naming the header', async (_what, headers, name, rule) => {
    const { app } = await buildTestApp();
    const res = await addFault(app, { status: 503, headers });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details).toContainEqual(expect.objectContaining({ field: name === 'headers' ? name : `headers.${name}`, rule }));
    expect((await app.inject({ method: 'GET', url: '/_mock/faults' })).json().faults).toEqual([]);
  });

  it('refuses more than 50 headers', async () => {
    const { app } = await buildTestApp();
    const headers = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-H${i}`, '1']));
    const res = await addFault(app, { status: 503, headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('at most 50 headers');
  });

  it('sends what it accepts byte for byte: token-character names and visible-ASCII values', async () => {
    const { app } = await buildTestApp();
    const res = await addFault(app, { status: 503, headers: { "X-Odd_Name.v1!#$%&'*+^`|~": 'x', 'X-Cafe': 'cafe\tau lait' }, count: 1 });
    expect(res.statusCode, res.body).toBe(201);
    const raw = await rawAnswer(app);
    expect(raw).toMatch(/^HTTP\/1\.1 503 /);
    expect(raw).toContain("\r\nx-odd_name.v1!#$%&'*+^`|~: x\r\n");
    expect(raw).toContain('\r\nx-cafe: cafe\tau lait\r\n');
  });
});

describe('fault rule bounds', () => {
  it('at most FAULT_MAX_RULES rules: one more is refused with 400 naming the setting', async () => {
    const { app } = await buildTestApp({ config: { FAULT_MAX_RULES: '3' } });
    for (let i = 0; i < 3; i++) expect((await addFault(app, { status: 503 })).statusCode).toBe(201);
    const res = await addFault(app, { status: 503 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('too_many_faults');
    expect(res.json().error.message).toContain('FAULT_MAX_RULES (3)');
    await app.inject({ method: 'DELETE', url: '/_mock/faults' });
    expect((await addFault(app, { status: 503 })).statusCode).toBe(201);
  });

  it('a body over FAULT_MAX_BODY_BYTES is refused with 413 naming the setting; one within it is answered as given', async () => {
    const { app } = await buildTestApp({ config: { FAULT_MAX_BODY_BYTES: '100' } });
    const res = await addFault(app, { status: 503, body: { message: 'x'.repeat(200) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'fault_body_too_large', details: [{ field: 'body', rule: 'max_bytes' }] });
    expect(res.json().error.message).toContain('FAULT_MAX_BODY_BYTES (100)');

    expect((await addFault(app, { status: 503, body: { message: 'down' }, count: 1 })).statusCode).toBe(201);
    expect((await addFault(app, { status: 502, body: 'plain words', count: 1 })).statusCode).toBe(201);
    const listed = (await app.inject({ method: 'GET', url: '/_mock/faults' })).json().faults;
    expect(listed.map((f: { body: unknown }) => f.body)).toEqual([{ message: 'down' }, 'plain words']);
    const json = await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    expect([json.statusCode, json.headers['content-type'], json.json()]).toEqual([503, 'application/json; charset=utf-8', { message: 'down' }]);
    const text = await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    expect([text.statusCode, text.body]).toEqual([502, 'plain words']);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('a Content-Type the rule sets wins over the JSON default', async () => {
    const { app } = await buildTestApp();
    await addFault(app, { status: 503, body: '<error/>', headers: { 'Content-Type': 'application/xml' }, count: 1 });
    const res = await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    expect([res.headers['content-type'], res.body]).toEqual(['application/xml', '<error/>']);
  });

  it('its settings are checked at boot, naming them', () => {
    expect(() => loadConfig({ FAULT_MAX_RULES: '0' })).toThrow(/FAULT_MAX_RULES="0": must be 1 or more/);
    expect(() => loadConfig({ FAULT_MAX_BODY_BYTES: String(2 * 1024 * 1024) })).toThrow(/FAULT_MAX_BODY_BYTES=.*must be between 0 and 1048576 bytes/);
  });
});
