// The Conversations view with a chat bot, in a real browser: the widget's bot in the Agents panel (its token never in
// the page), a visitor's chat with the bot (its owner, the bot's line, its buttons as chips, its GOTO as a link, the
// hostile parts of its answer as text), its calls beside the transcript as they go out and come back, and, live, a
// call failing (500): why, and the chat back in the agents' queue. axe-core checks each state, at 1280 and 390 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../src/harness/bot.js';
import { api, expectAccessible, expectFitsWidth, launch, recordPageErrors, shot, startMock, type Mock } from './helpers.js';

const KEY = 'conversations-bot-suite-key';
const HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1">';
const GREETING = `Hi! I am Snappy. ${HOSTILE}`;

let mock: Mock;
let bot: TestBot;
let browser: Browser;
let page: Page;
let widgetId: string;
let caseId: string;
let release: () => void;
const pageErrors: string[] = [];

/** The visitor's side, as an app calls the Visitor Chat API: the key in the x-api-key header, parameters in the query. */
async function visitor(method: 'POST' | 'PUT', path: string, params: Record<string, string>): Promise<any> {
  const res = await fetch(`${mock.url}${path}?${new URLSearchParams(params)}`, { method, headers: { 'x-api-key': KEY } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}
const botCalls = (wait: 'answered' | 'handover') => api(mock.url, 'GET', `/_mock/conversations/${caseId}/bot-calls?api_key=${KEY}&wait=${wait}`);

beforeAll(async () => {
  // The first turn is answered with a message, its buttons (one hostile) and a GOTO; the contact details, once the test
  // releases them, with nothing to do; every later turn fails with a 500.
  const held = new Promise<void>((resolve) => (release = resolve));
  bot = await startBot(async (req, res) => {
    if (req.get('authorization') !== bot.token) return res.sendStatus(401);
    if (req.body.text?.startsWith('[Contact Details]')) {
      await held;
      return res.json({ content: [] });
    }
    if (req.body.description === undefined) return void res.status(500).send(`bot crashed ${HOSTILE}`);
    res.json({
      content: [
        { type: 'message', text: GREETING, display_responses: [{ text: 'Pricing' }, { text: 'Talk to a human' }, { text: HOSTILE }] },
        { type: 'command', operation: 'GOTO', parameters: { url: 'https://example.com/pricing' } },
      ],
    });
  });
  browser = await launch();
  mock = await startMock({ SNAPENGAGE_API_KEYS: KEY });
  await api(mock.url, 'PUT', `/api/v1/user.json?api_key=${KEY}`, { email: 'owner@example.com', name: 'Owner', password: 'owner-password', accountType: 'enterprise' });
  const agents = [{ agentId: 'ana@example.com', agentAlias: 'Ana', agentAvatar: 'https://example.com/ana.png', agentType: 'webclient' }];
  widgetId = (await api(mock.url, 'PUT', `/api/v1/widget.json?api_key=${KEY}`, { email: 'owner@example.com', name: 'Bot desk', agents })).uuid;
  await api(mock.url, 'PUT', `/_mock/widgets/${widgetId}/bot?api_key=${KEY}`, { url: bot.url, token: bot.token, name: 'Snappy', timeoutMs: 5000 });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  recordPageErrors(page, pageErrors);
});

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
  await bot?.close();
});

const lists = () => page.locator('.conv-lists');
const chatLog = () => page.getByRole('log', { name: 'Chat lines' });
const facts = () => page.locator('.chat-panel .facts');
const calls = () => page.getByRole('region', { name: /^Calls to the bot/ });
const call = (turn: number) => calls().locator('li.bot-call').nth(turn - 1);

describe('the Conversations view: a chat with the bot', () => {
  it("shows the widget's bot in the Agents panel: its name, URL, that a token is set (never the token), its timeout", async () => {
    await page.goto(`${mock.url}/_mock/ui`);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Conversations' }).click();
    const desk = page.locator('.desk').filter({ hasText: 'Bot desk' });
    await desk.locator('.desk-bot').getByText('Bot (Snappy)').waitFor();
    expect(await desk.locator('.desk-bot').textContent()).toBe(`Bot (Snappy) takes new chats first: ${bot.url}, a token set, a call times out after 5 s, no visitor banned.`);
    // The bot keeps the widget online with no agent online.
    await desk.locator('.desk-state .badge-online').waitFor();
    await page.getByRole('region', { name: /^With a bot \(0\)/ }).waitFor();
  });

  it("lists the visitor's chat with the bot live, and shows who has it, the bot's line, its buttons as chips and its GOTO as a link", async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    caseId = (await visitor('POST', '/api/v1/chat', { widgetId, email: 'vera@example.com', visitorMessage: 'Hello' })).caseId;
    await bot.received(2);
    const entry = page.getByRole('region', { name: /^With a bot \(1\)/ }).getByRole('link', { name: /^vera@example\.com Hello with Snappy/ });
    await entry.click();
    await page.getByRole('heading', { name: 'Chat with vera@example.com' }).waitFor();
    await expect.poll(() => facts().locator('.badge').textContent()).toBe('bot');
    expect(await facts().locator('.owner-bot').textContent()).toBe('Bot (Snappy)');
    await page.getByText("Snappy, the widget's bot, has this chat").waitFor();
    expect(await lists().getByRole('region', { name: /^Queue/ }).getByText('Nobody is waiting.').count()).toBe(1);

    const said = chatLog().locator('li.bot');
    await expect.poll(() => said.textContent()).toMatch(/^Bot Snappy \d\d:\d\d:\d\d UTC/);
    expect(await said.locator('.msg').textContent()).toBe(GREETING);
    const chips = chatLog().getByRole('list', { name: 'Buttons shown to the visitor' });
    expect(await chips.getByRole('listitem').allTextContents()).toEqual(['Pricing', 'Talk to a human', HOSTILE]);
    // Inert: what the visitor saw, nothing to press here.
    expect(await chips.locator('button, a, [tabindex]').count()).toBe(0);
    const link = chatLog().getByRole('link', { name: 'https://example.com/pricing' });
    expect(await link.getAttribute('href')).toBe('https://example.com/pricing');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await page.locator('main img').count()).toBe(0);
  });

  it('lists the calls beside the transcript as they go: the turn, its state, its status, what was done item by item; opened, the turn sent and the answer received', async () => {
    await expect.poll(() => calls().getByRole('heading', { level: 2 }).textContent()).toBe('Calls to the bot (2)');
    // The contact details wait on the bot; its answer changes no line, so only the feed's bot-call event tells the page.
    await expect.poll(() => call(2).locator('.call-head').textContent()).toBe('Turn 2 pending “[Contact Details] Email: vera@example.com”');
    release();
    await expect.poll(() => call(2).locator('.call-head').textContent()).toBe('Turn 2 answered HTTP 200 “[Contact Details] Email: vera@example.com”');
    await call(2).getByText('Nothing to carry out').waitFor();
    expect((await botCalls('answered')).status).toBe('bot');
    const first = call(1);
    expect(await first.locator('.call-head').textContent()).toBe('Turn 1 answered HTTP 200 “Hello”');
    expect(await first.locator('.call-times').textContent()).toMatch(/^sent \d\d:\d\d:\d\d UTC, finished \d\d:\d\d:\d\d UTC · took \d+ ms$/);
    expect(await first.getByRole('list', { name: /What the mock did/ }).getByRole('listitem').allTextContents()).toEqual(['message with 3 buttons', 'command GOTO']);
    await first.locator('summary').click();
    const sent = JSON.parse((await first.getByLabel('Turn 1 as sent', { exact: true }).textContent())!);
    expect(sent).toEqual({ widget_id: widgetId, case_id: caseId, description: 'Hello' });
    const answer = (await first.getByLabel('The answer to turn 1', { exact: true }).textContent())!;
    expect(answer).toContain('\n  "content": [');
    expect(JSON.parse(answer).content[0].text).toBe(GREETING);
    await expectAccessible(page, 'a chat with the bot');
  });

  it('shows the next call failing live: why, the chat handed to the agents and back in their queue, the opened row still open', async () => {
    await visitor('PUT', '/api/v1/chat', { caseId, messageType: '1', messageBody: 'Talk to a human' });
    expect((await botCalls('handover')).status).toBe('queued');
    await expect.poll(() => facts().locator('.badge').textContent()).toBe('queued');
    await expect.poll(() => calls().getByRole('heading', { level: 2 }).textContent()).toBe('Calls to the bot (3)');
    const failed = call(3);
    expect(await failed.locator('.call-head').textContent()).toBe('Turn 3 failed HTTP 500 “Talk to a human”');
    expect(await failed.locator('p.why').textContent()).toBe('Failed: http_status: status 500');
    expect(await failed.getByRole('list', { name: /What the mock did/ }).textContent()).toBe('handed to an agent: the call failed');
    expect(await facts().textContent()).toContain('Snappy failed on turn 3: http_status: status 500 (handed to an agent: the call failed)');
    await chatLog().getByText('/NFO Our assistant could not answer. You are being transferred to an agent.').waitFor();
    await lists().getByRole('region', { name: /^Queue \(1\)/ }).getByRole('link', { name: /^vera@example\.com Hello/ }).waitFor();
    await lists().getByRole('region', { name: /^With a bot \(0\)/ }).waitFor();
    // The controls are an agent's again.
    await page.getByRole('button', { name: 'Accept' }).waitFor();
    expect(await call(1).locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await failed.locator('summary').click();
    expect(await failed.getByLabel('The answer to turn 3', { exact: true }).textContent()).toBe(`bot crashed ${HOSTILE}`);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await expectAccessible(page, 'a chat the bot failed');
    // Tall enough to show the calls under the chat; the failed one opened.
    await page.setViewportSize({ width: 1280, height: 1500 });
    await call(1).locator('summary').click();
    await shot(page, 'inspector-conversations-bot');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('links only an http(s) GOTO, and shows a line that only looks like buttons as text', async () => {
    for (const system of ['/SYS GOTO javascript:document.body.dataset.pwned=1', '/SYS BTN not a list']) {
      await api(mock.url, 'POST', `/_mock/conversations/${caseId}/messages?api_key=${KEY}`, { system });
      await chatLog().getByText(system).waitFor();
    }
    expect(await chatLog().getByRole('link').count()).toBe(1);
    expect(await chatLog().getByRole('list', { name: 'Buttons shown to the visitor' }).count()).toBe(1);
  });

  it('is usable at 390 px wide: nothing wider than the screen, axe clean', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: 'Chat with vera@example.com' }).waitFor();
    await call(3).waitFor();
    await expectFitsWidth(page, 'a chat with the bot at 390 px');
    await expectAccessible(page, 'a chat with the bot at 390 px');
    // The whole chat and its calls, as a phone scrolls through them.
    await page.setViewportSize({ width: 390, height: 2000 });
    await shot(page, 'inspector-conversations-bot-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('never shows the api_key or the bot token, and logged no error in the page along the way', async () => {
    const html = await page.content();
    expect(html).not.toContain(KEY);
    expect(html).not.toContain(bot.token);
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });
});
