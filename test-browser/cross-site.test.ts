// The proof the browser guard exists for, in a real browser: a page of another site (evil.test, which Chromium resolves
// to 127.0.0.1) that posts to /_mock/reset with mode no-cors wipes nothing, and the same name pointed at the mock's own
// port (DNS rebinding) reads nothing; the inspector on the mock's own origin still resets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launch, startMock, type Mock } from './helpers.js';

const KEY = 'cross-site-suite-key';
const USER = { email: 'kept@example.com', name: 'Kept', password: '12345', accountType: 'enterprise' };
let mock: Mock;
let browser: Browser;
let page: Page;
let attacker: Server;

beforeAll(async () => {
  attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Cute cats</title><p>Cats.</p>'));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  [mock, browser] = await Promise.all([startMock({ SNAPENGAGE_API_KEYS: KEY }), launch(['--host-resolver-rules=MAP evil.test 127.0.0.1'])]);
  page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
});

const userExists = async () => (await api(mock.url, 'GET', `/_mock/accounts?api_key=${KEY}`)).users.some((u: { email: string }) => u.email === USER.email);

describe('a page of another site', () => {
  it("posting to /_mock/reset with mode no-cors wipes nothing: the mock refuses it unread", async () => {
    await api(mock.url, 'PUT', `/api/v1/user.json?api_key=${KEY}`, USER);
    expect(await userExists()).toBe(true);
    await page.goto(`http://evil.test:${(attacker.address() as AddressInfo).port}/`);
    const statuses = await page.evaluate(async (base) => {
      const sent = [];
      for (const path of ['/_mock/reset', `/_mock/reset?api_key=cross-site-suite-key`, '/api/v1/user.json?api_key=cross-site-suite-key&email=kept@example.com']) {
        // Opaque answers: the page learns nothing, which is all it needs to do harm if the mock obeyed.
        const res = await fetch(`${base}${path}`, { method: path.startsWith('/api') ? 'DELETE' : 'POST', mode: 'no-cors' }).catch((e: Error) => e.message);
        sent.push(typeof res === 'string' ? res : res.type);
      }
      return sent;
    }, mock.url);
    // Only the POSTs are simple requests a page may send without asking; the DELETE needs a preflight, which fails.
    expect(statuses.slice(0, 2)).toEqual(['opaque', 'opaque']);
    expect(await userExists()).toBe(true);
  });

  it('under a name pointed at the mock (DNS rebinding) reads nothing: every answer is 403 host_not_allowed', async () => {
    const port = new URL(mock.url).port;
    const res = await page.goto(`http://evil.test:${port}/_mock/accounts?api_key=${KEY}`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('host_not_allowed');
    expect(await page.textContent('body')).not.toContain(USER.email);
  });

  it("while the inspector, on the mock's own origin, still resets the key", async () => {
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${mock.url}/_mock/ui#/clock`);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Clock', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Reset this key' }).click();
    await expect.poll(userExists).toBe(false);
  });
});
