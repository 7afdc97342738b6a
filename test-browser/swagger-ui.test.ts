// Swagger UI at /documentation in a real browser: "Try it out" of PUT /api/v1/user.json with the prefilled example
// creates the user, and "Try it out" of the Logs API returns the demo organization's cases, as a newcomer would try
// them (the page starts authorized with the default key and, the demo data being loaded, its organization's token).
// The inspector's key prompt on the same mock names that key, as `npm start` runs it.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectAccessible, launch, startMock, type Mock } from './helpers.js';

let mock: Mock;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const demo = fileURLToPath(new URL('../fixtures/demo.json', import.meta.url));
  [mock, browser] = await Promise.all([startMock({ SNAPENGAGE_API_KEYS: 'dev-api-key', FIXTURES: demo }), launch()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
});

describe('Swagger UI', () => {
  it('resolves every schema (no resolver error) and creates a user with "Try it out" of the prefilled PUT /api/v1/user.json', async () => {
    await page.goto(`${mock.url}/documentation`);
    const operation = page.locator('#operations-users-createUser');
    await operation.waitFor();
    await operation.locator('.opblock-summary').first().click();
    // The prefilled example is SnapEngage's own sample, not "string".
    const example = operation.locator('.body-param__example, .microlight').first();
    await expect.poll(() => example.textContent()).toContain('Jimbo Something');
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await expect.poll(() => status.textContent()).toContain('201');
    await expect.poll(() => operation.locator('.live-responses-table .microlight').first().textContent()).toContain('Jimbo Something');
    await expect.poll(() => page.getByText(/Resolver error/i).count()).toBe(0);

    const user = await api(mock.url, 'GET', '/api/v1/user.json?api_key=dev-api-key&email=jim@example.com');
    expect(user).toMatchObject({ email: 'jim@example.com', name: 'Jimbo Something', accountType: 'enterprise' });
    expect(pageErrors).toEqual([]);
  });

  it('returns the demo organization\'s cases with "Try it out" of the Logs API, its example parameters as prefilled', async () => {
    // A case of the demo widget, dated within the example's start and end.
    const widget = '0d3a5e2c-5b7f-4c1e-9a2d-6f8b1c4e7a90';
    const { supportRequest } = await api(mock.url, 'POST', `/_mock/widgets/${widget}/support-requests?api_key=dev-api-key`, { created_at_seconds: 1_780_000_000 });
    const operation = page.locator('#operations-logs-getLogs');
    await operation.locator('.opblock-summary').first().click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await expect.poll(() => status.textContent()).toContain('200');
    await expect.poll(() => operation.locator('.live-responses-table .microlight').first().textContent()).toContain(supportRequest.id);
    expect(pageErrors).toEqual([]);
  });
});

describe('the inspector on a mock that takes the sandbox key', () => {
  it('names dev-api-key in its key prompt, and opens with it', async () => {
    await page.goto(`${mock.url}/_mock/ui`);
    await page.getByText('The sandbox key is dev-api-key: this mock accepts it.').waitFor();
    await expectAccessible(page, 'the key prompt naming the sandbox key');
    await page.getByRole('button', { name: 'Use it' }).click();
    expect(await page.getByLabel('API key').inputValue()).toBe('dev-api-key');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'ada@example.com' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
