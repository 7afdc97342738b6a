// The Conversations view in a real browser: a person plays the agent for an app's visitors. They staff the desk, see
// visitors' chats arrive in the queue live (hostile text shown as text), accept one, type and reply while the visitor
// polls through the Visitor Chat API, and close it; axe-core checks the view on the way, at desktop width and 390 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectAccessible, expectFitsWidth, launch, recordPageErrors, shot, startMock, type Mock } from './helpers.js';

const KEY = 'conversations-suite-key';
const HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1">Hello? <b>anyone</b>';

let mock: Mock;
let browser: Browser;
let page: Page;
let widgetId: string;
const cases: string[] = [];
const pageErrors: string[] = [];

/** The visitor's side, as an app calls the Visitor Chat API: the key in the x-api-key header, parameters in the query. */
async function visitor(method: 'GET' | 'POST' | 'PUT', path: string, params: Record<string, string> = {}): Promise<any> {
  const query = new URLSearchParams(params).toString();
  const res = await fetch(`${mock.url}${path}${query ? `?${query}` : ''}`, { method, headers: { 'x-api-key': KEY, 'content-type': 'application/x-www-form-urlencoded' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
const poll = (caseId: string, params: Record<string, string> = {}) => visitor('GET', `/api/v1/chat/poll/${caseId}`, { index: '0', ...params });

beforeAll(async () => {
  browser = await launch();
  mock = await startMock({ SNAPENGAGE_API_KEYS: KEY });
  await api(mock.url, 'PUT', `/api/v1/user.json?api_key=${KEY}`, { email: 'owner@example.com', name: 'Owner', password: 'owner-password', accountType: 'enterprise' });
  const agents = [
    { agentId: 'ada@example.com', agentAlias: 'Ada', agentAvatar: 'https://example.com/ada.png', agentType: 'webclient' },
    { agentId: 'jerome@example.com', agentAlias: 'Jerome', agentAvatar: 'https://example.com/jerome.png', agentType: 'webclient' },
  ];
  widgetId = (await api(mock.url, 'PUT', `/api/v1/widget.json?api_key=${KEY}`, { email: 'owner@example.com', name: 'Help desk', agents })).uuid;
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  recordPageErrors(page, pageErrors);
});

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
});

const queue = () => page.getByRole('region', { name: /^Queue/ });
const chatLog = () => page.getByRole('log', { name: 'Chat lines' });
const status = () => page.locator('.chat-panel .facts .badge');
const markNoReload = () => page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
const stillSamePage = () => page.evaluate(() => (window as unknown as { marker?: number }).marker);

describe('the Conversations view: a person plays the agent', () => {
  it('shows the desk of the key: its widget offline until an agent is online, nobody waiting', async () => {
    await page.goto(`${mock.url}/_mock/ui`);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Conversations' }).click();
    await page.getByRole('heading', { name: 'Conversations', level: 1 }).waitFor();
    await page.getByText('no agent is online').waitFor();
    await queue().getByText('Nobody is waiting.').waitFor();
    expect(await page.getByLabel('Status of Ada on Help desk').inputValue()).toBe('offline');
    await expectAccessible(page, 'conversations, empty');
  });

  it('sets an agent online from the Agents panel, and shows a status set elsewhere live', async () => {
    await page.getByLabel('Status of Ada on Help desk').selectOption('online');
    await page.locator('.desk-state .badge-online').waitFor();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Ada is online on Help desk.');
    const available = await visitor('GET', `/api/v1/chat/${widgetId}`);
    expect(available.online).toBe('true');
    // Another tool (a test run, the harness) pauses Jerome: the select follows with no reload.
    await markNoReload();
    await api(mock.url, 'PUT', `/_mock/widgets/${widgetId}/agents/jerome@example.com/status?api_key=${KEY}`, { status: 'paused' });
    await expect.poll(() => page.getByLabel('Status of Jerome on Help desk').inputValue()).toBe('paused');
    expect(await stillSamePage()).toBe(42);
  });

  it("shows visitors' chats in the queue live, oldest first with their wait, and hostile text as text", async () => {
    cases.push((await visitor('POST', '/api/v1/chat', { widgetId, email: 'mallory@example.com', visitorMessage: HOSTILE })).caseId);
    await queue().getByRole('link', { name: /mallory@example\.com/ }).waitFor();
    await api(mock.url, 'POST', `/_mock/clock/advance?api_key=${KEY}`, { ms: 90_000 });
    cases.push((await visitor('POST', '/api/v1/chat', { widgetId, name: 'Grace Visitor', visitorMessage: 'Do you ship to Norway?' })).caseId);
    await queue().getByRole('link', { name: /Grace Visitor/ }).waitFor();
    const items = queue().getByRole('link');
    await expect.poll(() => items.allTextContents()).toEqual([
      expect.stringMatching(/^mallory@example\.com.*Hello\? <b>anyone<\/b>.*waiting 1 min 30 s/),
      expect.stringMatching(/^Grace Visitor.*Do you ship to Norway\?.*waiting 0 s/),
    ]);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await stillSamePage()).toBe(42);
  });

  it('keeps the keyboard where it was while the lists update live', async () => {
    const mallory = queue().getByRole('link', { name: /mallory@example\.com/ });
    await mallory.focus();
    // Grace starts typing: her queue entry changes under the keyboard's position.
    await poll(cases[1]!, { isTyping: 'true' });
    await queue().getByRole('link', { name: /Grace Visitor.*typing…/ }).waitFor();
    expect(await mallory.evaluate((a) => a === document.activeElement)).toBe(true);
    await poll(cases[1]!, { isTyping: 'false' });
    await expect.poll(() => queue().getByRole('link', { name: /typing…/ }).count()).toBe(0);
  });

  it('opens the first chat with every line, and accepts it as an online agent', async () => {
    await queue().getByRole('link', { name: /mallory@example\.com/ }).click();
    await page.getByRole('heading', { name: 'Chat with mallory@example.com' }).waitFor();
    const first = chatLog().getByRole('listitem').first();
    await expect.poll(() => first.textContent()).toContain(HOSTILE);
    expect(await first.textContent()).toMatch(/^Visitor mallory@example\.com/);
    expect(await chatLog().locator('img, b').count()).toBe(0);
    // The select says who can take the chat; the one online is chosen.
    const acceptAs = page.getByLabel('Accept as');
    await expect.poll(() => acceptAs.locator('option:checked').textContent()).toBe('Ada (online, 0 of 3 chats)');
    expect(await acceptAs.locator('option').allTextContents()).toContain('Jerome (paused, 0 of 3 chats)');
    await expectAccessible(page, 'a queued chat');
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => status().textContent()).toBe('active');
    await chatLog().getByText('/NIC Ada').waitFor();
    await expect.poll(() => page.getByLabel('Status of Ada on Help desk').locator('..').textContent()).toContain('1 of 3 chats');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  });

  it('shows the visitor the agent typing while the reply box holds text (not once emptied or left), and the agent the visitor typing', async () => {
    await page.getByLabel('Reply as Ada').fill('Hello, I am Ada. How can I help?');
    await expect.poll(async () => (await poll(cases[0]!)).agentTyping).toBe(true);
    await poll(cases[0]!, { index: '3', isTyping: 'true' });
    await page.getByText('mallory@example.com is typing…').waitFor();
    await page.getByLabel('Reply as Ada').fill('');
    await expect.poll(async () => (await poll(cases[0]!, { index: '3' })).agentTyping).toBe(false);
    // Leaving the chat with words in the box stops the typing too.
    await page.getByLabel('Reply as Ada').fill('Let me see');
    await expect.poll(async () => (await poll(cases[0]!, { index: '3' })).agentTyping).toBe(true);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Conversations' }).click();
    await expect.poll(async () => (await poll(cases[0]!, { index: '3' })).agentTyping).toBe(false);
    await page.getByRole('region', { name: /^Under way/ }).getByRole('link', { name: /mallory@example\.com/ }).click();
    await page.getByRole('heading', { name: 'Chat with mallory@example.com' }).waitFor();
  });

  it("replies; the visitor's poll gets the reply, and the visitor's answer shows live", async () => {
    const reply = page.getByLabel('Reply as Ada');
    await reply.fill('Hello, I am Ada. How can I help?');
    await reply.press('Enter');
    await chatLog().getByText('Hello, I am Ada. How can I help?').waitFor();
    expect(await reply.inputValue()).toBe('');
    const polled = await poll(cases[0]!);
    expect(polled.messageList).toEqual([
      { index: 1, type: 'system', author: 'system', text: '/NIC Ada' },
      { index: 2, type: 'agent', author: 'Ada', text: 'Hello, I am Ada. How can I help?' },
    ]);
    expect(polled.agentTyping).toBe(false);
    await visitor('PUT', '/api/v1/chat', { caseId: cases[0]!, messageType: '1', messageBody: 'I cannot log in.' });
    const answer = chatLog().getByRole('listitem').filter({ hasText: 'I cannot log in.' });
    await answer.waitFor();
    expect(await answer.getAttribute('class')).toBe('visitor');
    expect(await page.getByText('mallory@example.com is typing…').count()).toBe(0);
    expect(await stillSamePage()).toBe(42);
    await expectAccessible(page, 'an active chat');
    await shot(page, 'inspector-conversations');
  });

  it('closes the chat: it shows closed, leaves the lists under way and appears among the recently closed', async () => {
    await page.getByRole('button', { name: 'Close the chat' }).click();
    await expect.poll(() => status().textContent()).toBe('closed');
    await page.getByText(/by agent: it is now a support request/).waitFor();
    await page.getByRole('region', { name: /^Recently closed \(1\)/ }).getByRole('link', { name: /mallory@example\.com/ }).waitFor();
    await page.getByRole('region', { name: /^Under way \(0\)/ }).waitFor();
    const refused = await fetch(`${mock.url}/api/v1/chat?caseId=${cases[0]}&messageType=1&messageBody=hello`, { method: 'PUT', headers: { 'x-api-key': KEY } });
    expect(refused.status).toBe(400);
    const stored = await api(mock.url, 'GET', `/_mock/support-requests/${cases[0]}?api_key=${KEY}`);
    expect(stored.document.chat_ended_by).toBe('agent');
  });

  it('is usable at 390 px wide: the chat first, nothing wider than the screen, axe clean', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${mock.url}/_mock/ui#/conversations/${cases[1]}`);
    await page.getByRole('heading', { name: 'Chat with Grace Visitor' }).waitFor();
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByLabel('Reply as Ada').fill('We do: 3 to 5 days.');
    await page.getByRole('button', { name: 'Send' }).click();
    await chatLog().getByText('We do: 3 to 5 days.').waitFor();
    await poll(cases[1]!, { index: '3', isTyping: 'true' });
    await page.getByText('Grace Visitor is typing…').waitFor();
    await expectFitsWidth(page, 'a chat at 390 px');
    const [chatTop, listsTop] = await Promise.all([page.locator('.chat-panel').boundingBox(), page.locator('.conv-lists').boundingBox()]);
    expect(chatTop!.y).toBeLessThan(listsTop!.y);
    await expectAccessible(page, 'conversations at 390 px');
    await shot(page, 'inspector-conversations-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('never shows the api_key, and logged no error in the page along the way', async () => {
    expect(await page.content()).not.toContain(KEY);
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });
});
