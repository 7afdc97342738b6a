// With MOCK_ADMIN_TOKEN set, the inspector asks for the admin token when an action on every key needs it (reset
// everything), keeps it for the session, and never shows it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectAccessible, launch, startMock, type Mock } from './helpers.js';

const KEY = 'admin-suite-key';
const TOKEN = 'admin-suite-token';
let mock: Mock;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [mock, browser] = await Promise.all([startMock({ SNAPENGAGE_API_KEYS: KEY, MOCK_ADMIN_TOKEN: TOKEN }), launch()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
});

describe('the inspector with MOCK_ADMIN_TOKEN set', () => {
  it('asks for the admin token to reset everything, and does not show it', async () => {
    await api(mock.url, 'PUT', `/api/v1/user.json?api_key=${KEY}`, { email: 'kept@example.com', name: 'Kept', password: '12345', accountType: 'enterprise' });
    await page.goto(`${mock.url}/_mock/ui#/clock`);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Clock', level: 1 }).waitFor();
    // The key's own clock moves without the token.
    await page.getByRole('button', { name: 'Advance +30 s' }).click();
    await page.getByRole('heading', { name: /\+30 s: 0 attempts ran/ }).waitFor();

    const prompts: string[] = [];
    page.on('dialog', (dialog) => {
      if (dialog.type() === 'prompt') {
        prompts.push(dialog.message());
        void dialog.accept(TOKEN);
      } else void dialog.accept();
    });
    await page.getByRole('button', { name: 'Reset everything' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Everything was reset.');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('x-mock-admin-token');
    const users = await fetch(`${mock.url}/api/v1/user.json?api_key=${KEY}&email=kept@example.com`);
    expect(users.status).toBe(404);
    expect(await page.content()).not.toContain(TOKEN);
    await expectAccessible(page, 'clock with the admin token');
  });
});
