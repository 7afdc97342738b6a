// A bot's chat in the JavaScript widget, in real Chromium: a bot served by the harness (startBot) answers with buttons
// (display_responses) and a GOTO; the page shows the buttons as real buttons, a click or a key fires
// InlineButtonClicked({botName, buttonLabel, buttonValue}) and then ChatMessageSent, the bot gets the label as its next
// turn, the visitor's own words retire the buttons, the GOTO is a link, and no label or system line is ever HTML.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botClient, startBot, type BotClient, type TestBot } from '../src/harness/bot.js';
import { api, expectAccessible, launch, shot, startMock, type Mock } from './helpers.js';

const KEY = 'widget-bot-suite-key';
const HOSTILE = '<img src=x onerror="window.parent.pwned=1">';
const CALLBACKS = ['StartChat', 'ChatMessageSent', 'ChatMessageReceived', 'InlineButtonClicked', 'Close'];

let mock: Mock;
let browser: Browser;
let bot: TestBot;
let bots: BotClient;
let site: Server;
let siteUrl: string;
let widgetId: string;

// The customer's page. No CSP on purpose: a label or URL that reached the box as HTML would run here, so the test sees it.
const pageScript = (mockUrl: string, id: string) => `
window.calls = [];
var se = document.createElement('script'); se.async = true; se.src = '${mockUrl}/js/${id}.js';
se.onload = function () {
  ${JSON.stringify(CALLBACKS)}.forEach(function (name) {
    SnapEngage.setCallback(name, function () { window.calls.push([name].concat([].slice.call(arguments))); });
  });
  window.loaded = true;
};
document.head.appendChild(se);`;

/** Bot answers keyed by the visitor's words, as SnapEngage's Node template routes on keywords. */
function answerTo(words: string): unknown[] {
  if (words === 'Hello') return [{ type: 'message', text: 'Hi! I am Snappy.', display_responses: [{ text: 'Pricing' }, { text: 'Talk to a human' }, { text: HOSTILE }] }];
  if (words === 'Pricing') {
    return [
      { type: 'message', text: 'Plans start at $10 a month.', display_responses: [{ text: 'Bye' }] },
      { type: 'command', operation: 'GOTO', parameters: { url: 'https://example.com/pricing' } },
    ];
  }
  if (words === 'Thanks') return [{ type: 'message', text: 'Anything else?', display_responses: [{ text: 'Bye' }] }];
  if (words === 'Bye') return [{ type: 'message', text: 'Goodbye!' }, { type: 'command', operation: 'BYE' }];
  return [];
}

beforeAll(async () => {
  [mock, browser] = await Promise.all([startMock({ SNAPENGAGE_API_KEYS: KEY }), launch()]);
  await api(mock.url, 'PUT', `/api/v1/user.json?api_key=${KEY}`, { email: 'owner@example.com', name: 'Owner', password: '12345', accountType: 'enterprise' });
  const widget = await api(mock.url, 'PUT', `/api/v1/widget.json?api_key=${KEY}`, {
    email: 'owner@example.com',
    agents: [{ agentId: 'ana@example.com', agentAlias: 'Ana', agentAvatar: 'https://example.com/ana.png', agentType: 'webclient' }],
  });
  widgetId = widget.uuid;
  bot = await startBot((req, res) => {
    if (req.get('authorization') !== bot.token) return res.status(401).send('Unauthorized');
    const content = answerTo(req.body.text ?? req.body.description ?? '');
    res.send(JSON.stringify({ widget_id: req.body.widget_id, case_id: req.body.case_id, content }));
  });
  bots = botClient({ url: mock.url, apiKey: KEY });
  await bots.set(widgetId, { url: bot.url, token: bot.token, name: 'Snappy' });
  site = createServer((req, res) => {
    if (req.url === '/page.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(pageScript(mock.url, widgetId));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Our shop</h1></main><script src="/page.js"></script></body></html>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await browser?.close();
  await bot?.close();
  await mock?.stop();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
});

const callsOf = (page: Page) => page.evaluate(() => (window as unknown as { calls: unknown[][] }).calls);
const turns = () => bot.calls.map((turn) => turn.body.text ?? turn.body.description);
/** Once the bot has had `count` turns in all (the page's line may still be on its way when a click returns) and answered them. */
const answered = async (caseId: string, count: number) => {
  await bot.received(count);
  await bots.waitForAnswer(caseId);
};

async function startChat(): Promise<{ page: Page; box: Frame; caseId: string }> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(siteUrl);
  await page.waitForFunction(() => (window as unknown as { loaded: boolean }).loaded);
  const box = (await (await page.$('#designstudio-iframe'))!.contentFrame())!;
  await page.locator('#designstudio-button').click();
  await box.getByLabel('Message').fill('Hello');
  // The bot answers at once: the test waits for its answer before it looks at the page.
  const chats = async () => ((await api(mock.url, 'GET', `/_mock/conversations?api_key=${KEY}`)).conversations as Array<{ caseId: string }>).map((c) => c.caseId);
  const [before, turnsBefore] = [await chats(), bot.calls.length];
  await box.getByRole('button', { name: 'Start chat' }).click();
  await expect.poll(async () => (await chats()).filter((id) => !before.includes(id))).toHaveLength(1);
  const caseId = (await chats()).find((id) => !before.includes(id))!;
  await answered(caseId, turnsBefore + 1);
  return { page, box, caseId };
}

describe("a bot's buttons in the chat box", () => {
  it('shows them as buttons; a click fires InlineButtonClicked, then ChatMessageSent, and the bot gets the label; own words retire them; a key picks too', async () => {
    const { page, box, caseId } = await startChat();
    const expected: unknown[][] = [['StartChat', '', 'Hello', 'manual']];
    const expectCalls = async (...more: unknown[][]) => {
      expected.push(...more);
      await expect.poll(() => callsOf(page)).toEqual(expected);
    };
    await expectCalls(['ChatMessageReceived', 'Snappy', 'Hi! I am Snappy.']);
    const answers = box.getByRole('group', { name: 'Answers to Snappy' });
    await expect.poll(() => answers.getByRole('button').allTextContents()).toEqual(['Pricing', 'Talk to a human', HOSTILE]);
    // The hostile label is a button's text, never markup: no image in the box, nothing ran.
    expect(await box.getByRole('button', { name: HOSTILE }).isEnabled()).toBe(true);
    expect(await box.locator('img').count()).toBe(0);
    // The /SYS BTN line itself is not shown.
    expect(await box.getByRole('log').textContent()).not.toContain('/SYS');
    await expectAccessible(box, 'the chat box with a bot\'s buttons');

    await box.getByRole('button', { name: 'Pricing' }).click();
    await answered(caseId, 2);
    expect(turns()).toEqual(['Hello', 'Pricing']);
    await expectCalls(
      ['InlineButtonClicked', { botName: 'Snappy', buttonLabel: 'Pricing', buttonValue: 'Pricing' }],
      ['ChatMessageSent', 'Pricing'],
      ['ChatMessageReceived', 'Snappy', 'Plans start at $10 a month.'],
    );
    // Picked: the three buttons no longer act; the visitor's line says what was picked.
    expect(await answers.getByRole('button', { disabled: true }).count()).toBe(3);
    await expect.poll(() => box.locator('.se-own').allTextContents()).toEqual(['You: Hello', 'You: Pricing']);

    // The bot's GOTO is a link the visitor follows in a new tab; the next buttons act until the visitor types instead.
    const link = box.getByRole('link', { name: 'https://example.com/pricing' });
    await link.waitFor();
    await shot(page, 'widget-bot');
    expect(await link.evaluate((a: HTMLAnchorElement) => [a.href, a.target, a.rel])).toEqual(['https://example.com/pricing', '_blank', 'noopener noreferrer']);
    const bye = box.getByRole('button', { name: 'Bye' }).first();
    expect(await bye.isEnabled()).toBe(true);
    await box.getByLabel('Message').fill('Thanks');
    await box.getByLabel('Message').press('Enter');
    await answered(caseId, 3);
    expect(turns()).toEqual(['Hello', 'Pricing', 'Thanks']);
    await expectCalls(['ChatMessageSent', 'Thanks'], ['ChatMessageReceived', 'Snappy', 'Anything else?']);
    expect(await bye.isDisabled()).toBe(true);

    // The keyboard picks as the mouse does: the bot then says goodbye and ends the chat.
    const lastBye = box.getByRole('button', { name: 'Bye' }).last();
    await lastBye.focus();
    await lastBye.press('Enter');
    await answered(caseId, 4);
    await expectCalls(
      ['InlineButtonClicked', { botName: 'Snappy', buttonLabel: 'Bye', buttonValue: 'Bye' }],
      ['ChatMessageSent', 'Bye'],
      ['ChatMessageReceived', 'Snappy', 'Goodbye!'],
      ['Close', 'chat', 'online'],
    );
    expect(turns()).toEqual(['Hello', 'Pricing', 'Thanks', 'Bye']);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.close();
  });

  it('shows system lines it reads (notices), and neither shows nor links the rest: a javascript: GOTO, an unknown /SYS, a broken /SYS BTN', async () => {
    const { page, box, caseId } = await startChat();
    for (const system of ['/SYS GOTO javascript:window.parent.pwned=1', '/SYS EMTR false', '/SYS BTN not json', '/CAL 1', '/NFO Our bot is in training.']) {
      await api(mock.url, 'POST', `/_mock/conversations/${caseId}/messages?api_key=${KEY}`, { system });
    }
    const log = box.getByRole('log');
    await expect.poll(() => log.textContent()).toContain('Our bot is in training.');
    const shown = await log.textContent();
    for (const raw of ['javascript', '/SYS', 'EMTR', '/CAL', 'not json']) expect(shown).not.toContain(raw);
    expect(await box.getByRole('link').count()).toBe(0);
    // Only the bot's first buttons are there; system lines fire no callback.
    expect(await box.getByRole('group').count()).toBe(1);
    expect(await callsOf(page)).toEqual([['StartChat', '', 'Hello', 'manual'], ['ChatMessageReceived', 'Snappy', 'Hi! I am Snappy.']]);

    // Buttons the control plane posts act as a bot's do: a page's callback can be tried without writing a bot's answer.
    await api(mock.url, 'POST', `/_mock/conversations/${caseId}/messages?api_key=${KEY}`, { system: '/SYS BTN ["Yes","No"]' });
    await box.getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => callsOf(page)).toContainEqual(['InlineButtonClicked', { botName: 'Snappy', buttonLabel: 'Yes', buttonValue: 'Yes' }]);
    await page.close();
  });
});
