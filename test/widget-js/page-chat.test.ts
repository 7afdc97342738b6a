// A chat started from a page (the JavaScript widget's calls): the page's email, name, custom fields and URL reach the
// conversation agents see and the case the webhook carries; the page's held poll answers with the agent's lines and the
// close as they happen; a page's token keeps every other page out of its chat; pages and chat starts are bounded.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { AGENT, control, setAgentStatus } from '../helpers/front-desk.js';
import { openPage, pageCall, pollPage, proactiveWidget, startPageChat } from '../helpers/widget-page.js';

describe('a chat started from a page', () => {
  it('carries what the page set into the conversation and the case: email, name, custom fields, page URL', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const page = await openPage(app, widgetId, { pageUrl: 'https://shop.example/cart?step=2', referrerUrl: 'https://search.example/' });
    expect(page).toMatchObject({ widgetId, online: true, emailRequired: false, messageRequired: false });

    const variables = [{ name: 'plan', value: 'gold' }, { name: 'cartTotal', value: '42.50' }];
    const started = await startPageChat(app, page, { email: 'ada@example.com', name: 'Ada', locale: 'fr-FR', message: 'Is shipping free?', variables });
    expect(started).toMatchObject({ type: 'chat', index: 1 });

    const seen = (await control(app, 'GET', `/conversations/${started.caseId}`)).json();
    expect(seen).toMatchObject({ status: 'queued', variables, visitor: { email: 'ada@example.com', name: 'Ada', pageUrl: 'https://shop.example/cart?step=2' } });
    expect(seen.messages.map((m: { kind: string; text: string }) => [m.kind, m.text])).toEqual([['visitor', 'Is shipping free?']]);

    await control(app, 'POST', `/conversations/${started.caseId}/accept`, { agentId: AGENT });
    await control(app, 'POST', `/conversations/${started.caseId}/messages`, { text: 'Yes, over $30.' });
    const polled = await pollPage(app, page, { index: started.index, status: 'queued' });
    expect(polled.chat).toEqual({
      caseId: started.caseId,
      status: 'active',
      agentTyping: false,
      endedBy: null,
      lines: [
        { index: 1, kind: 'system', author: 'system', text: '/NIC Jerome' },
        { index: 2, kind: 'agent', author: 'Jerome', text: 'Yes, over $30.' },
      ],
    });

    expect((await pageCall(app, page, 'POST', '/messages', { text: 'Great, thanks' })).statusCode).toBe(200);
    const closed = await pageCall(app, page, 'POST', '/close');
    expect(closed.json()).toEqual({ caseId: started.caseId, status: 'closed', endedBy: 'visitor' });

    const doc = (await app.inject({ method: 'GET', url: `/_mock/support-requests/${started.caseId}?api_key=${KEY}` })).json().document;
    expect(doc).toMatchObject({
      type: 'chat',
      requested_by: 'ada@example.com',
      requester_details: { name: 'Ada', emails: ['ada@example.com'] },
      page_url: 'https://shop.example/cart?step=2',
      referrer_url: 'https://search.example/',
      language_code: 'fr-FR',
      javascript_variables: variables,
      proactive_chat: false,
      source_id: 2,
      chat_ended_by: 'visitor',
    });
    expect(doc.transcripts.map((t: { alias: string; message: string }) => [t.alias, t.message])).toEqual([
      ['Ada', 'Is shipping free?'],
      ['Jerome', 'Yes, over $30.'],
      ['Ada', 'Great, thanks'],
    ]);
  });

  it("holds the page's poll until the agent writes, then answers with the line; the agent's close answers too", async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const page = await openPage(app, widgetId);
    const { caseId, index } = await startPageChat(app, page, { message: 'Hello?' });
    await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT });
    const first = await pollPage(app, page, { index, status: 'queued' });
    const next = first.chat.lines.at(-1).index + 1;

    let answered = false;
    const held = pollPage(app, page, { index: next, status: 'active' }).then((answer) => ((answered = true), answer));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    await control(app, 'POST', `/conversations/${caseId}/messages`, { text: 'Hi there' });
    expect((await held).chat.lines).toEqual([{ index: next, kind: 'agent', author: 'Jerome', text: 'Hi there' }]);

    const closing = pollPage(app, page, { index: next + 1, status: 'active' });
    await control(app, 'POST', `/conversations/${caseId}/close`, { by: 'agent' });
    expect((await closing).chat).toMatchObject({ status: 'closed', endedBy: 'agent', lines: [] });
  });

  it('is an offline message, a case at once, when the widget is offline or the page sends its offline form', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    const page = await openPage(app, widgetId);
    expect(page.online).toBe(false);
    const started = await startPageChat(app, page, { email: 'bob@example.com', message: 'Call me back', variables: [{ name: 'ref', value: 'x1' }] });
    expect(started.type).toBe('offline');
    const doc = (await app.inject({ method: 'GET', url: `/_mock/support-requests/${started.caseId}?api_key=${KEY}` })).json().document;
    expect(doc).toMatchObject({ type: 'offline', description: 'Call me back', requested_by: 'bob@example.com', source_id: 1, javascript_variables: [{ name: 'ref', value: 'x1' }] });
  });
});

describe("a page's token", () => {
  it("keeps other pages out: a wrong or missing token cannot poll, post into or close the chat (404, as for no page)", async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const owner = await openPage(app, widgetId);
    const other = await openPage(app, widgetId);
    const { caseId } = await startPageChat(app, owner, { message: 'my private words' });

    for (const intruder of [{ visitorId: owner.visitorId, token: other.token }, { visitorId: owner.visitorId, token: '' }]) {
      for (const [method, path, body] of [['GET', '/events?status=none'], ['POST', '/messages', { text: 'injected' }], ['POST', '/close'], ['POST', '/chat', { message: 'x' }]] as const) {
        const res = await pageCall(app, intruder, method, path, body);
        expect([res.statusCode, res.json().error.code], `${method} ${path}`).toEqual([404, 'visitor_not_found']);
        expect(res.body).not.toContain('my private words');
      }
    }
    const conversation = (await control(app, 'GET', `/conversations/${caseId}`)).json();
    expect(conversation.status).toBe('queued');
    expect(conversation.messages.map((m: { text: string }) => m.text)).toEqual(['my private words']);
    // The other page's own poll shows none of it either.
    expect((await pollPage(app, other, { status: 'queued' })).chat).toBeNull();
  });

  it('stops working when the page leaves (pagehide): the control plane no longer lists it, and its chat stays open', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const page = await openPage(app, widgetId);
    const { caseId } = await startPageChat(app, page, { message: 'brb' });
    const left = await app.inject({ method: 'DELETE', url: `/widget/visitors/${page.visitorId}`, headers: { 'x-visitor-token': page.token } });
    expect(left.statusCode).toBe(204);
    expect((await control(app, 'GET', `/widgets/${widgetId}/visitors`)).json().visitors).toEqual([]);
    expect((await pageCall(app, page, 'POST', '/messages', { text: 'back' })).statusCode).toBe(404);
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json().status).toBe('queued');
  });

  it('is never shown again: the visitors list names the page without it', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    const page = await openPage(app, widgetId);
    const list = await control(app, 'GET', `/widgets/${widgetId}/visitors`);
    expect(list.json().visitors).toEqual([{ visitorId: page.visitorId, pageUrl: 'https://shop.example/cart', referrerUrl: null, openedAt: expect.any(Number), caseId: null }]);
    expect(list.body).not.toContain(page.token);
  });
});

describe('the widget routes on a web page', () => {
  it('answer any origin: the preflight allows the token header, and a cross-site POST is not refused as the control plane is', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/widget/visitors/vis_x/chat',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-visitor-token', 'sec-fetch-site': 'cross-site' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, DELETE' });
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-visitor-token');

    const cross = { origin: 'https://shop.example', 'sec-fetch-site': 'cross-site' };
    const registered = await app.inject({ method: 'POST', url: '/widget/visitors', headers: cross, payload: { widgetId } });
    expect(registered.statusCode, registered.body).toBe(201);
    expect(registered.headers['access-control-allow-origin']).toBe('*');
    const refused = await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}`, headers: cross });
    expect(refused.statusCode).toBe(403);
  });
});

describe('what bounds the pages', () => {
  it('refuses a chat start past WIDGET_CHATS_PER_MINUTE for the widget (429 with Retry-After)', async () => {
    const { app } = await buildTestApp({ config: { WIDGET_CHATS_PER_MINUTE: '2' } });
    const widgetId = await proactiveWidget(app);
    const page = await openPage(app, widgetId);
    for (let i = 0; i < 2; i++) await startPageChat(app, page, { message: `offline ${i}` });
    const third = await pageCall(app, await openPage(app, widgetId), 'POST', '/chat', { message: 'one more' });
    expect([third.statusCode, third.json().error.code]).toEqual([429, 'too_many_chats']);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a page past WIDGET_MAX_VISITORS (503), and a second chat while the first is open (409)', async () => {
    const { app } = await buildTestApp({ config: { WIDGET_MAX_VISITORS: '1' } });
    const widgetId = await proactiveWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const page = await openPage(app, widgetId);
    const second = await app.inject({ method: 'POST', url: '/widget/visitors', payload: { widgetId } });
    expect([second.statusCode, second.json().error.code]).toEqual([503, 'too_many_visitors']);
    await startPageChat(app, page, { message: 'first' });
    const again = await pageCall(app, page, 'POST', '/chat', { message: 'second' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'chat_in_progress']);
  });

  it('answers held polls when the server closes, so a page never holds the shutdown up for WIDGET_POLL_MS', async () => {
    // Held longer than the test may run: only the close answering it lets the test pass.
    const { app, request } = await buildTestApp({ listen: true, config: { WIDGET_POLL_MS: '120000', REQUEST_TIMEOUT_MS: '600000' } });
    const widgetId = await proactiveWidget(app);
    const page = await openPage(app, widgetId);
    const held = request('GET', `/widget/visitors/${page.visitorId}/events?status=none`, { headers: { 'x-visitor-token': page.token } });
    await expect.poll(() => app.ctx.widgetJs.visitors.holding).toBe(1);
    await app.close();
    expect((await held).status).toBe(200);
  });

  it("forgets the key's pages on a reset of the key: their next call is a 404, so they register anew", async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    const page = await openPage(app, widgetId);
    const held = pageCall(app, page, 'GET', '/events?status=none');
    expect((await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` })).statusCode).toBe(200);
    expect((await held).statusCode).toBe(404);
  });
});
