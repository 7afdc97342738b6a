// The inspector on a phone (390 px wide) with a key's world already full: two widgets, a delivery that ended in the
// fallback email, a journal, fault rules. Every view: nothing scrolls sideways, every control is within the screen's
// width, axe-core finds nothing serious; `npm run screenshots` keeps a picture of each, the whole page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectAccessible, expectFitsWidth, launch, recordPageErrors, shot, startMock, startReceiver, type Mock, type Receiver } from './helpers.js';

const KEY = 'narrow-suite-key';
const key = `api_key=${KEY}`;

let mock: Mock;
let receiver: Receiver;
let browser: Browser;
let page: Page;
let deliveryId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  [receiver, browser] = await Promise.all([startReceiver(), launch()]);
  // It takes the sandbox key too, so the key prompt shows its longest form (naming dev-api-key).
  mock = await startMock({ SNAPENGAGE_API_KEYS: `${KEY},dev-api-key` });
  await api(mock.url, 'PUT', `/api/v1/user.json?${key}`, { email: 'owner@example.com', name: 'Ada Owner', password: 'narrow-password', accountType: 'enterprise' });
  const agents = [
    { agentId: 'jerome@example.com', agentAlias: 'Jerome', agentAvatar: 'https://example.com/jerome.png', agentType: 'webclient' },
    { agentId: 'a-rather-long-agent-address@support.example.com', agentAlias: 'Maximilian', agentAvatar: 'https://example.com/max.png', agentType: 'webclient' },
  ];
  const schedules = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((dayOfWeek) => ({ dayOfWeek, enabled: true, scheduleList: ['9:00 AM', '5:30 PM'] }));
  const support = await api(mock.url, 'PUT', `/api/v1/widget.json?${key}`, { email: 'owner@example.com', name: 'Support desk', agents, conversationSchedule: { timeZone: 'America/New_York', schedules } });
  await api(mock.url, 'PUT', `/api/v1/widget.json?${key}`, { email: 'owner@example.com', name: 'Sales', agents: agents.slice(0, 1) });
  await api(mock.url, 'PUT', `/_mock/widgets/${support.uuid}/integration?${key}`, { url: receiver.url, authToken: 'narrow-secret-token' });
  // A delivery the receiver (answering 500) fails at every step, so it ends in the fallback email.
  deliveryId = (await api(mock.url, 'POST', `/_mock/widgets/${support.uuid}/support-requests?${key}`, { type: 'chat' })).deliveryId;
  await api(mock.url, 'POST', `/_mock/clock/advance?${key}`, { ms: 7_500_000 });
  await api(mock.url, 'POST', '/_mock/faults', { api_key: KEY, method: 'PUT', path: '/api/v1/user.json', status: 429, count: 3, probability: 0.5 });
  await api(mock.url, 'POST', '/_mock/faults', { api_key: KEY, target: 'bot', widgetId: support.uuid, latencyMs: 2000 });
  page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  recordPageErrors(page, pageErrors);
});

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
  await receiver?.close();
});

const view = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name });

describe('the inspector at 390 px', () => {
  it('asks for the key in a prompt that fits the screen', async () => {
    await page.goto(`${mock.url}/_mock/ui`);
    await page.getByText('The sandbox key is dev-api-key').waitFor();
    await expectFitsWidth(page, 'the key prompt');
    await expectAccessible(page, 'the key prompt at 390 px');
    await shot(page, 'inspector-key-390');
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  });

  // Each view, and what to open in it first so that its fullest state is the one checked.
  const views: Array<[name: string, picture: string, open?: () => Promise<unknown>]> = [
    ['Accounts', 'inspector-accounts-390', () => page.getByRole('article', { name: 'Widget Support desk' }).getByText('Change the integration').click()],
    ['Conversations', 'inspector-conversations-desk-390'],
    ['Support requests', 'inspector-deliveries-390'],
    ['Emails', 'inspector-emails-390'],
    ['Journal', 'inspector-journal-390', () => page.getByRole('button', { name: /^Details #/ }).first().click()],
    ['Faults', 'inspector-faults-390'],
    ['Clock', 'inspector-clock-390'],
  ];
  for (const [name, picture, open] of views) {
    it(`shows ${name} without sideways scrolling, every control in reach`, async () => {
      await view(name).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) }).waitFor();
      await open?.();
      await expectFitsWidth(page, `${name} at 390 px`);
      await expectAccessible(page, `${name} at 390 px`);
      await shot(page, picture, true);
    });
  }

  it('shows a delivery that ended in the fallback email, its timeline and document, within the screen', async () => {
    await page.goto(`${mock.url}/_mock/ui#/delivery/${deliveryId}`);
    await page.locator('li.step-emailed').waitFor();
    await expectFitsWidth(page, 'a delivery at 390 px');
    await expectAccessible(page, 'a delivery at 390 px');
    await shot(page, 'inspector-delivery-390', true);
  });

  it('never shows the key, a password or a token, and logged no error in the page', async () => {
    for (const secret of [KEY, 'narrow-password', 'narrow-secret-token']) expect(await page.content()).not.toContain(secret);
    expect(pageErrors).toEqual([]);
  });
});
