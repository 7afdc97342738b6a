// The JavaScript widget in real Chromium, on a customer's page of another site (shop.test, which Chromium resolves to
// 127.0.0.1) under a strict CSP that allows the mock's origin and nothing inline: the page loads the snippet, registers
// every callback, sets the visitor's email and two custom fields, chats with a scripted agent, gets a proactive
// invitation from the control plane, and each callback fires with the documented arguments, in order; the cases reach a
// real integration receiver. The page keeps its globals and elements but for SnapEngage's own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../test/helpers/webhook-receiver.js';
import { api, expectAccessible, launch, shot, startMock, type Mock } from './helpers.js';

const KEY = 'widget-suite-key';
const CALLBACKS = ['Open', 'OpenProactive', 'Close', 'MessageSubmit', 'StartChat', 'ChatMessageSent', 'ChatMessageReceived', 'StartCallme', 'Minimize', 'SwitchWidget', 'InlineButtonClicked'];

let mock: Mock;
let browser: Browser;
let shop: Server;
let shopUrl: string;
let widgetId: string;

/** The customer's own script: SnapEngage's snippet (as a file, since the CSP forbids inline scripts) and its callbacks. */
const pageScript = (mockUrl: string, id: string) => `
window.calls = []; window.violations = []; window.frameReachable = null; window.loaded = false; window.baseline = null;
document.addEventListener('securitypolicyviolation', function (e) { window.violations.push(e.violatedDirective + ' ' + e.blockedURI); });
window.baseline = { globals: Object.getOwnPropertyNames(window), sheets: document.styleSheets.length };
(function() {
  var se = document.createElement('script'); se.type = 'text/javascript'; se.async = true;
  se.src = '${mockUrl}/js/${id}.js';
  var done = false;
  se.onload = se.onreadystatechange = function() {
    if (!done&&(!this.readyState||this.readyState==='loaded'||this.readyState==='complete')) {
      done = true;
      // As SnapEngage's own mobile SDK page does, at once: the chat box's document is the page's to reach.
      var iframe = document.getElementById('designstudio-iframe');
      var doc = iframe.contentDocument || iframe.contentWindow.document;
      window.frameReachable = !!doc.head;
      ${JSON.stringify(CALLBACKS)}.forEach(function (name) {
        SnapEngage.setCallback(name, function () { window.calls.push([name].concat([].slice.call(arguments))); });
      });
      SnapEngage.setUserEmail('ada@example.com');
      SnapEngage.setCustomField('plan', 'gold');
      SnapEngage.setCustomField('cartTotal', '42.50');
      window.loaded = true;
    }
  };
  var s = document.getElementsByTagName('script')[0]; s.parentNode.insertBefore(se, s);
})();`;

beforeAll(async () => {
  [mock, browser] = await Promise.all([startMock({ SNAPENGAGE_API_KEYS: KEY }), launch(['--host-resolver-rules=MAP shop.test 127.0.0.1'])]);
  await api(mock.url, 'PUT', `/api/v1/user.json?api_key=${KEY}`, { email: 'owner@example.com', name: 'Owner', password: '12345', accountType: 'enterprise' });
  const widget = await api(mock.url, 'PUT', `/api/v1/widget.json?api_key=${KEY}`, {
    email: 'owner@example.com',
    name: 'Shop support',
    agents: [{ agentId: 'ada@example.com', agentAlias: 'Ada', agentAvatar: 'https://example.com/ada.png', agentType: 'webclient' }],
    enableProactiveChat: 'true',
  });
  widgetId = widget.uuid;
  await api(mock.url, 'PUT', `/_mock/widgets/${widgetId}/agents/ada@example.com/status?api_key=${KEY}`, { status: 'online' });
  await api(mock.url, 'PUT', `/_mock/widgets/${widgetId}/agent-script?api_key=${KEY}`, {
    acceptAfterMs: 1000,
    greeting: "Hi, I'm {alias}.",
    replies: [{ match: 'price', text: 'It is $10 a month.' }, { match: 'thanks', text: 'You are welcome.' }],
  });
  // The customer's site: its page and its script, under a CSP that lets in the mock's origin and nothing inline.
  const csp = `default-src 'none'; script-src 'self' ${mock.url}; style-src 'self' ${mock.url}; connect-src ${mock.url}; img-src 'self'; base-uri 'none'; form-action 'none'`;
  shop = createServer((req, res) => {
    if (req.url === '/page.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(pageScript(mock.url, widgetId));
    if (req.url === '/unedited') {
      const html = `<!doctype html><html lang="en"><head><title>Unedited</title><script src="https://storage.googleapis.com/code.snapengage.com/js/${widgetId}.js"></script></head><body><h1>As deployed</h1></body></html>`;
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    res.end('<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Our shop</h1><p>Things to buy.</p></main><script src="/page.js"></script></body></html>');
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://shop.test:${(shop.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
  await new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve()));
});

const callsOf = (page: Page) => page.evaluate(() => (window as unknown as { calls: unknown[][] }).calls);
const advance = (ms: number) => api(mock.url, 'POST', `/_mock/clock/advance?api_key=${KEY}`, { ms });

async function openShop(): Promise<{ page: Page; box: Frame }> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(shopUrl);
  await page.waitForFunction(() => (window as unknown as { loaded: boolean }).loaded);
  const box = (await (await page.$('#designstudio-iframe'))!.contentFrame())!;
  return { page, box };
}

describe('a page that embeds the snippet', () => {
  it('fires every callback with the documented arguments, in order, through a chat, a proactive invitation and their closes; the cases reach the receiver', async () => {
    const receiver = await startReceiver();
    await api(mock.url, 'PUT', `/_mock/widgets/${widgetId}/integration?api_key=${KEY}`, { url: receiver.url });
    const { page, box } = await openShop();
    expect(await page.evaluate(() => (window as unknown as { frameReachable: boolean }).frameReachable)).toBe(true);
    const expected: unknown[][] = [];
    const expectCalls = async (...more: unknown[][]) => {
      expected.push(...more);
      await expect.poll(() => callsOf(page)).toEqual(expected);
    };

    // The visitor opens the box from the button and starts a chat; the scripted agent accepts a second later.
    await page.locator('#designstudio-button').click();
    await expectCalls(['Open', 'online']);
    await box.getByLabel('Message').fill('What is the price?');
    await box.getByRole('button', { name: 'Start chat' }).click();
    await expectCalls(['StartChat', 'ada@example.com', 'What is the price?', 'manual']);
    await advance(1000);
    await expectCalls(['ChatMessageReceived', 'Ada', "Hi, I'm Ada."], ['ChatMessageReceived', 'Ada', 'It is $10 a month.']);
    await expect.poll(() => box.getByRole('log').textContent()).toContain('Ada joined the chat.');
    await shot(page, 'widget-chat');

    await box.getByLabel('Message').fill('Great, thanks');
    await box.getByLabel('Message').press('Enter');
    await expectCalls(['ChatMessageSent', 'Great, thanks']);
    await advance(0);
    await expectCalls(['ChatMessageReceived', 'Ada', 'You are welcome.']);
    await box.getByRole('button', { name: 'Minimize chat' }).click();
    await page.locator('#designstudio-button').click();
    await expectCalls(['Minimize', true, 'manual', 'chat'], ['Minimize', false, 'manual', 'chat']);
    await box.getByRole('button', { name: 'Close chat' }).click();
    await expectCalls(['Close', 'chat', 'online']);

    // The closed chat is the case: the receiver gets it with the page's email, fields and URL.
    await advance(0);
    const [first] = await receiver.received(1);
    const manual = JSON.parse(first!.body);
    expect(manual).toMatchObject({
      requested_by: 'ada@example.com',
      javascript_variables: [{ name: 'plan', value: 'gold' }, { name: 'cartTotal', value: '42.50' }],
      page_url: shopUrl,
      proactive_chat: false,
      chat_ended_by: 'visitor',
      chat_agent_alias: 'Ada',
    });

    // The control plane invites; the visitor answers; the agent ends the chat from the conversation routes.
    const invited = await api(mock.url, 'POST', `/_mock/widgets/${widgetId}/proactive?api_key=${KEY}`, { message: 'Anything else I can help with?' });
    expect(invited.visitors).toHaveLength(1);
    await expectCalls(['OpenProactive', 'Ada', 'Anything else I can help with?']);
    await box.getByLabel('Message').fill('Do you ship abroad?');
    await box.getByRole('button', { name: 'Reply' }).click();
    await expectCalls(['StartChat', 'ada@example.com', 'Do you ship abroad?', 'proactive']);
    const [conversation] = (await api(mock.url, 'GET', `/_mock/conversations?api_key=${KEY}&status=queued`)).conversations;
    await advance(1000);
    await expectCalls(['ChatMessageReceived', 'Ada', "Hi, I'm Ada."]);
    await api(mock.url, 'POST', `/_mock/conversations/${conversation.caseId}/messages?api_key=${KEY}`, { text: 'Yes, to 40 countries.' });
    await expectCalls(['ChatMessageReceived', 'Ada', 'Yes, to 40 countries.']);
    await api(mock.url, 'POST', `/_mock/conversations/${conversation.caseId}/close?api_key=${KEY}`, { by: 'agent' });
    await expectCalls(['Close', 'chat', 'online']);
    await expect.poll(() => box.locator('.se-notice').textContent()).toBe('The chat has ended.');

    await advance(0);
    const proactive = JSON.parse((await receiver.received(2))[1]!.body);
    expect(proactive).toMatchObject({ id: conversation.caseId, proactive_chat: true, source_id: 3, chat_ended_by: 'agent', javascript_variables: manual.javascript_variables });
    expect(proactive.transcripts.map((t: { alias: string; message: string }) => t.message)).toEqual([
      'Anything else I can help with?',
      'Do you ship abroad?',
      "Hi, I'm Ada.",
      'Yes, to 40 countries.',
    ]);

    // Under the page's CSP nothing was refused, and the mock's stylesheet styles the box.
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(await box.locator('.se-bar').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(26, 79, 143)');
    await page.close();
  });

  it("adds only SnapEngage's globals and elements to the page, and the chat box passes axe-core", async () => {
    const { page, box } = await openShop();
    const added = await page.evaluate(() => {
      const w = window as unknown as { baseline: { globals: string[]; sheets: number } };
      // window[0] is the chat box's frame, as for any page with an iframe: an index, not a global the script set.
      const globals = Object.getOwnPropertyNames(window).filter((name) => !w.baseline.globals.includes(name) && !/^\d+$/.test(name));
      const elements = Array.from(document.body.children).filter((el) => el.tagName !== 'SCRIPT' && el.tagName !== 'MAIN').map((el) => `${el.tagName.toLowerCase()}#${el.id}`);
      return { globals: globals.sort(), elements, sheets: document.styleSheets.length - w.baseline.sheets, same: (window as any).SnapEngage === (window as any).SnapABug };
    });
    expect(added).toEqual({ globals: ['SnapABug', 'SnapEngage'], elements: ['button#designstudio-button', 'iframe#designstudio-iframe'], sheets: 0, same: true });

    await page.locator('#designstudio-button').click();
    await box.getByLabel('Message').waitFor();
    await expectAccessible(box, 'the chat box');
    await expectAccessible(page, 'a page with the widget');
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.close();
  });

  it('answers getAgentStatusAsync with a boolean: true while the agent is online, false once offline', async () => {
    const { page } = await openShop();
    const status = () => page.evaluate(() => new Promise((resolve) => (window as any).SnapEngage.getAgentStatusAsync(resolve)));
    expect(await status()).toBe(true);
    await api(mock.url, 'PUT', `/_mock/widgets/${widgetId}/agents/ada@example.com/status?api_key=${KEY}`, { status: 'offline' });
    expect(await status()).toBe(false);
    await api(mock.url, 'PUT', `/_mock/widgets/${widgetId}/agents/ada@example.com/status?api_key=${KEY}`, { status: 'online' });
    await page.close();
  });
  it('hears a widget switch from the control plane: SwitchWidget fires with the new id, and the page moves to that widget', async () => {
    const sales = await api(mock.url, 'PUT', `/api/v1/widget.json?api_key=${KEY}`, {
      email: 'owner@example.com',
      name: 'Sales',
      agents: [{ agentId: 'grace@example.com', agentAlias: 'Grace', agentAvatar: 'https://example.com/grace.png', agentType: 'webclient' }],
    });
    // Pages the earlier tests closed stay listed until WIDGET_VISITOR_IDLE_MS: the switch names this test's own page.
    const pagesOf = async (id: string): Promise<string[]> =>
      (await api(mock.url, 'GET', `/_mock/widgets/${id}/visitors?api_key=${KEY}`)).visitors.map((v: { visitorId: string }) => v.visitorId);
    const before = await pagesOf(widgetId);
    const { page } = await openShop();
    let visitorId = '';
    await expect.poll(async () => (visitorId = (await pagesOf(widgetId)).find((id) => !before.includes(id)) ?? '')).not.toBe('');
    const switched = await api(mock.url, 'POST', `/_mock/widgets/${widgetId}/switch?api_key=${KEY}`, { to: sales.uuid, visitorId });
    expect(switched.visitors).toEqual([visitorId]);
    await expect.poll(() => callsOf(page)).toEqual([['SwitchWidget', sales.uuid]]);
    const onSales = async () => (await api(mock.url, 'GET', `/_mock/widgets/${sales.uuid}/visitors?api_key=${KEY}`)).visitors.map((v: { pageUrl: string }) => v.pageUrl);
    await expect.poll(onSales).toEqual([shopUrl]);
    // Sales has no agent online: the button says so.
    await expect.poll(() => page.locator('#designstudio-button').textContent()).toBe('Leave a message');
    await page.close();
  });
});

describe('a page that cannot be edited', () => {
  it("runs against the mock when the test routes SnapEngage's script URL to it (the README's Playwright recipe)", async () => {
    const page = await (await browser.newContext()).newPage();
    // The README's recipe, as a test would write it: the script from the mock, which then talks to the mock itself.
    await page.route(/^https:\/\/(storage\.googleapis\.com\/code\.snapengage\.com\/js|www\.snapengage\.com\/cdn\/js)\//, async (route) => {
      const file = new URL(route.request().url()).pathname.split('/').pop();
      const res = await fetch(`${mock.url}/js/${file}`);
      await route.fulfill({ status: res.status, contentType: 'text/javascript', body: await res.text() });
    });
    // The page as deployed, SnapEngage's URL in it, from the shop's server (a page of the local network, as a test's is).
    await page.goto(`${shopUrl}unedited`);
    await page.waitForFunction(() => typeof (window as any).SnapEngage?.setCallback === 'function');
    await page.evaluate(() => (window as any).SnapEngage.setCallback('Open', (status: string) => ((window as any).opened = status)));
    await page.locator('#designstudio-button').click();
    await expect.poll(() => page.evaluate(() => (window as any).opened)).toBe('online');
    await page.close();
  });
});

describe('the demo page', () => {
  it('logs every callback as text, answers the API buttons, and passes axe-core with the box open', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${mock.url}/_mock/demo/${widgetId}`);
    const log = page.getByRole('log');
    await expect.poll(() => log.textContent()).toContain('widget loaded');
    await page.getByRole('button', { name: 'getAgentStatusAsync()' }).click();
    await expect.poll(() => log.textContent()).toContain('getAgentStatusAsync → true');
    await page.getByRole('button', { name: 'openProactiveChat(true)' }).click();
    await expect.poll(() => log.textContent()).toContain('OpenProactive("Ada", "Hi! Can I help you with anything?")');
    const box = (await (await page.$('#designstudio-iframe'))!.contentFrame())!;
    await box.getByRole('button', { name: 'Close chat' }).click();
    await expect.poll(() => log.textContent()).toContain('Close("proactive", "online")');
    await page.getByRole('button', { name: 'startLink()' }).click();
    await expect.poll(() => log.textContent()).toContain('Open("online")');
    await expectAccessible(box, 'the demo page\'s chat box');
    await expectAccessible(page, 'the demo page');
    await shot(page, 'widget-demo');
    await page.close();
  });
});
