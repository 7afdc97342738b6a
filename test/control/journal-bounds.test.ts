// The journal's memory is bounded by what it keeps: accepted keys only, bodies capped by their kept size, a budget overall.
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { MAX_JOURNALED_PARTNERS } from '../../src/control/journal.js';
import { KEY, OTHER_KEY, buildTestApp } from '../helpers/build-test-app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

const entries = async (app: App, key: string) => {
  const res = await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${key}` });
  expect(res.statusCode).toBe(200);
  return res.json().requests as Array<Record<string, any>>;
};

const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

/** PUTs a JSON body of about `bytes` over a real socket in chunks, with no Content-Length (Transfer-Encoding: chunked). */
async function putChunked(app: App, key: string, bytes: number): Promise<number> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const agent = agents[0] ?? agents[agents.push(new Agent()) - 1]!;
  async function* body() {
    yield '{"email":"big@example.com","name":"';
    for (let sent = 0; sent < bytes; sent += 16 * 1024) yield 'x'.repeat(Math.min(16 * 1024, bytes - sent));
    yield '"}';
  }
  const { port } = app.server.address() as AddressInfo;
  const res = await request(`http://127.0.0.1:${port}/api/v1/user.json?api_key=${key}`, {
    method: 'PUT',
    dispatcher: agent,
    headers: { 'content-type': 'application/json' },
    body: Readable.from(body()),
  });
  await res.body.dump();
  return res.statusCode;
}

describe('journal bounds', () => {
  it('journals only requests with an accepted key: rejected keys neither appear nor evict an accepted key', async () => {
    const { app } = await buildTestApp();
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    const bytes = app.ctx.journal.bytes;
    expect(bytes).toBeGreaterThan(0);
    // More rejected keys than the journal keeps partners: before, each got a journal and the oldest (KEY's) went.
    for (let i = 0; i <= MAX_JOURNALED_PARTNERS; i++) {
      const path = i % 2 ? '/api/v1/user.json' : '/api/v1/nowhere';
      expect((await app.inject({ method: 'GET', url: `${path}?api_key=rejected-${i}&email=a@example.com` })).statusCode).toBe(i % 2 ? 401 : 404);
    }
    expect((await entries(app, KEY)).map((e) => e.query.email)).toEqual(['a@example.com']);
    expect(app.ctx.journal.bytes).toBe(bytes);
    // An accepted key is journaled even where no route answers, as before.
    await app.inject({ method: 'GET', url: `/api/v1/nowhere?api_key=${OTHER_KEY}` });
    expect((await entries(app, OTHER_KEY)).map((e) => e.status)).toEqual([404]);
  });

  it('caps a chunked body (no Content-Length) by the bytes it would keep, like any other', async () => {
    const { app } = await buildTestApp({ config: { JOURNAL_MAX_BODY_BYTES: '4096' } });
    expect(await putChunked(app, KEY, 200 * 1024)).toBe(400);
    expect(await putChunked(app, KEY, 1024)).toBe(400);
    const [big, small] = await entries(app, KEY);
    expect(big!.headers['content-length']).toBeUndefined();
    expect(big!.body).toMatch(/^\[body of \d+ bytes not journaled\]$/);
    expect(small!.body).toMatchObject({ email: 'big@example.com' });
    // Each entry costs its metadata plus at most the body cap.
    expect(app.ctx.journal.bytes).toBeLessThan(4096 + 2 * 1024);
  });

  it('keeps every key within JOURNAL_MAX_BYTES together, dropping the oldest entries first', async () => {
    const { app } = await buildTestApp({ config: { JOURNAL_MAX_BYTES: '20000', JOURNAL_MAX_BODY_BYTES: '4096' } });
    const note = 'n'.repeat(3000);
    for (let i = 0; i < 30; i++) {
      const key = i % 2 ? OTHER_KEY : KEY;
      await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${key}`, payload: { email: `u${i}@example.com`, name: note } });
      expect(app.ctx.journal.bytes).toBeLessThanOrEqual(20_000);
    }
    const kept = [...(await entries(app, KEY)), ...(await entries(app, OTHER_KEY))].sort((a, b) => a.id - b.id);
    // About six 3 KB entries fit; what is kept is the latest run of them, across both keys.
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(kept.length).toBeLessThan(8);
    expect(kept.map((e) => e.body.email)).toEqual(Array.from({ length: kept.length }, (_, j) => `u${30 - kept.length + j}@example.com`));
  });

  it('the worst case of one key pinning its whole journal with large chunked bodies stays within the budget', async () => {
    const { app } = await buildTestApp({ config: { JOURNAL_MAX_BYTES: String(256 * 1024), JOURNAL_MAX_BODY_BYTES: String(64 * 1024) } });
    let kept = 0;
    for (let i = 0; i < 12; i++) {
      // Under the body cap as sent: each is kept whole until the budget drops the oldest.
      expect(await putChunked(app, KEY, 60 * 1024)).toBe(400);
      kept = app.ctx.journal.bytes;
      expect(kept).toBeLessThanOrEqual(256 * 1024);
    }
    expect(kept).toBeGreaterThan(3 * 60 * 1024);
    expect((await entries(app, KEY)).length).toBe(4);
  });

  it('clearing by reset gives the bytes back', async () => {
    const { app } = await buildTestApp();
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${KEY}&email=a@example.com` });
    await app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${OTHER_KEY}&email=a@example.com` });
    await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` });
    expect(app.ctx.journal.bytes).toBeGreaterThan(0);
    await app.inject({ method: 'POST', url: '/_mock/reset' });
    expect(app.ctx.journal.bytes).toBe(0);
  });

  it('its settings are checked at boot, naming them', () => {
    expect(() => loadConfig({ JOURNAL_MAX_BYTES: '10' })).toThrow(/JOURNAL_MAX_BYTES="10": must be between 1024/);
    expect(() => loadConfig({ JOURNAL_MAX_BODY_BYTES: 'lots' })).toThrow(/JOURNAL_MAX_BODY_BYTES="lots": must be a number of bytes/);
    expect(loadConfig({}).JOURNAL_MAX_BYTES).toBe(32 * 1024 * 1024);
  });
});
