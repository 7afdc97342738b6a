// The Visitor Chat API's rules: where parameters may travel, what a widget requires, the offline message, the
// documented errors, and the limits, each named in its error.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { AGENT, control, send, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { createWidget } from '../helpers/integration-setup.js';

const headers = { 'x-api-key': KEY };

async function onlineWidget(config: Record<string, string> = {}) {
  const built = await buildTestApp({ config });
  const { widgetId } = await createWidget(built.app);
  await setAgentStatus(built.app, widgetId, 'online');
  return { ...built, widgetId };
}

describe('starting a chat', () => {
  it('takes its parameters from a JSON or a form body too; the query string wins', async () => {
    const { app, widgetId } = await onlineWidget();
    const json = await app.inject({ method: 'POST', url: `/api/v1/chat?email=query@example.com`, headers, payload: { widgetId, email: 'body@example.com', name: 'Ann' } });
    expect(json.statusCode, json.body).toBe(200);
    expect((await control(app, 'GET', `/conversations/${json.json().caseId}`)).json().visitor).toMatchObject({ email: 'query@example.com', name: 'Ann' });
    const form = await app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `widgetId=${widgetId}&visitorMessage=${encodeURIComponent('Hi & hello')}&isOffline=false`,
    });
    expect(form.statusCode, form.body).toBe(200);
    expect((await control(app, 'GET', `/conversations/${form.json().caseId}`)).json()).toMatchObject({ type: 'chat', description: 'Hi & hello' });
  });

  it('refuses what SnapEngage refuses: no widgetId, an unknown parameter, a bad flag (400, the field named)', async () => {
    const { app, widgetId } = await onlineWidget();
    for (const [query, field] of [['', 'widgetId'], [`widgetId=${widgetId}&color=red`, 'color'], [`widgetId=${widgetId}&isOffline=maybe`, 'isOffline']] as const) {
      const res = await app.inject({ method: 'POST', url: `/api/v1/chat?${query}`, headers });
      expect(res.statusCode, query).toBe(400);
      expect(JSON.stringify(res.json().error.details), query).toContain(field);
    }
    const messageType = await app.inject({ method: 'PUT', url: '/api/v1/chat?caseId=x&messageType=3', headers });
    expect(messageType.statusCode).toBe(400);
    const { caseId } = await startChat(app, { widgetId });
    const empty = await send(app, caseId, '1', '');
    expect([empty.statusCode, empty.json().error.details[0].field]).toEqual([400, 'messageBody']);
    // A send's parameters travel in the query string; a body holding them would be dropped, so it is refused.
    const inBody = await app.inject({ method: 'PUT', url: `/api/v1/chat?caseId=${caseId}&messageType=1`, headers, payload: { messageBody: 'lost?' } });
    expect([inBody.statusCode, inBody.json().error.details[0].rule]).toEqual([400, 'query_only']);
    // A known path with another method is a 405 with Allow, form Content-Type or not.
    const wrong = await app.inject({ method: 'DELETE', url: '/api/v1/chat', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
    expect([wrong.statusCode, wrong.headers.allow]).toEqual([405, 'POST, PUT']);
  });

  it('requires the email and the message a widget asks for', async () => {
    const { app, widgetId } = await onlineWidget();
    await control(app, 'PUT', `/widgets/${widgetId}/chat-settings`, { emailRequired: true, messageRequired: true });
    const flags = await app.inject({ method: 'GET', url: `/api/v1/chat/${widgetId}`, headers });
    expect(flags.json()).toMatchObject({ emailRequired: 'true', messageRequired: 'true', screenshotRequired: 'false' });
    const noEmail = await app.inject({ method: 'POST', url: `/api/v1/chat?widgetId=${widgetId}&visitorMessage=hi`, headers });
    expect([noEmail.statusCode, noEmail.json().error.details[0].field]).toEqual([400, 'email']);
    const noMessage = await app.inject({ method: 'POST', url: `/api/v1/chat?widgetId=${widgetId}&email=a@example.com`, headers });
    expect([noMessage.statusCode, noMessage.json().error.details[0].field]).toEqual([400, 'visitorMessage']);
    expect((await startChat(app, { widgetId, email: 'a@example.com', visitorMessage: 'hi' })).caseId).toEqual(expect.any(String));
  });

  it('records an offline message as an offline case at once when asked (isOffline) or when the widget is offline', async () => {
    const { app, widgetId } = await onlineWidget();
    const { caseId } = await startChat(app, { widgetId, isOffline: 'true', email: 'later@example.com', visitorMessage: 'Call me back' });
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json()).toMatchObject({ type: 'offline', status: 'closed', endedBy: 'visitor' });
    const doc = (await app.inject({ method: 'GET', url: `/_mock/support-requests/${caseId}?api_key=${KEY}` })).json().document;
    expect(doc).toMatchObject({ type: 'offline', source_id: 1, description: 'Call me back', requested_by: 'later@example.com', transcripts: [], chat_waittime: 0, chat_duration: 0 });
    // Nothing the visitor did not give is invented.
    expect(doc.requester_details).toMatchObject({ name: '', phones: [], company_name: '', age: 0 });
    expect(doc).toMatchObject({ browser: '', os: '', country: '', latitude: 0, longitude: 0, operator_variables: [], labels: [] });
    expect((await send(app, caseId, '1', 'more')).statusCode).toBe(400);
  });

  it("shows the visitor's typing to the agent, from the poll's isTyping", async () => {
    const { app, widgetId } = await onlineWidget();
    const { caseId } = await startChat(app, { widgetId });
    await app.inject({ method: 'GET', url: `/api/v1/chat/poll/${caseId}?isTyping=true`, headers });
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json().visitorTyping).toBe(true);
    await send(app, caseId, '1', 'done typing');
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json().visitorTyping).toBe(false);
    // Left out, isTyping is false, as documented.
    await app.inject({ method: 'GET', url: `/api/v1/chat/poll/${caseId}?isTyping=true`, headers });
    await app.inject({ method: 'GET', url: `/api/v1/chat/poll/${caseId}`, headers });
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json().visitorTyping).toBe(false);
  });
});

describe('limits, each named in its error', () => {
  it('CHAT_MESSAGE_MAX_CHARS, CHAT_MAX_MESSAGES and CHAT_MAX_OPEN', async () => {
    const { app, widgetId } = await onlineWidget({ CHAT_MESSAGE_MAX_CHARS: '10', CHAT_MAX_MESSAGES: '10', CHAT_MAX_OPEN: '1' });
    const { caseId } = await startChat(app, { widgetId });
    const offline = await app.inject({ method: 'POST', url: `/api/v1/chat?widgetId=${widgetId}&isOffline=true&visitorMessage=${'y'.repeat(11)}`, headers });
    expect([offline.statusCode, offline.json().error.code]).toEqual([400, 'message_too_long']);
    const long = await send(app, caseId, '1', 'x'.repeat(11));
    expect([long.statusCode, long.json().error.code]).toEqual([400, 'message_too_long']);
    expect(long.json().error.message).toContain('CHAT_MESSAGE_MAX_CHARS');
    for (let i = 0; i < 10; i++) expect((await send(app, caseId, '1', `line ${i}`)).statusCode).toBe(200);
    const full = await send(app, caseId, '1', 'one more');
    expect([full.statusCode, full.json().error.code]).toEqual([400, 'too_many_messages']);
    expect(full.json().error.message).toContain('CHAT_MAX_MESSAGES');
    // A full chat still goes back to the queue when its agent leaves: the desk's own notices are never refused.
    expect((await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT })).statusCode).toBe(200);
    await setAgentStatus(app, widgetId, 'offline');
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json()).toMatchObject({ status: 'queued', messageCount: 12 });
    await setAgentStatus(app, widgetId, 'online');
    const second = await app.inject({ method: 'POST', url: `/api/v1/chat?widgetId=${widgetId}`, headers });
    expect([second.statusCode, second.json().error.code]).toEqual([400, 'too_many_conversations']);
    expect(second.json().error.message).toContain('CHAT_MAX_OPEN');
    // A closed chat frees its place.
    expect((await send(app, caseId, '2')).statusCode).toBe(200);
    expect((await startChat(app, { widgetId })).caseId).toEqual(expect.any(String));
  });
});
