// A chat lived through the front desk: availability follows presence, a visitor starts a chat that queues, an agent
// accepts and replies, the visitor polls by index and closes, and the closed chat is the case the webhook and the
// Logs API carry.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY } from '../helpers/build-test-app.js';
import { AGENT, control, poll, send, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { createWidget } from '../helpers/integration-setup.js';

describe('a chat from start to case', () => {
  it('is offline until an agent is online, and the availability flags are strings', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const before = await app.inject({ method: 'GET', url: `/public/api/v2/chat/${widgetId}` });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ statusCode: 200, data: { widgetId, online: 'false', emailRequired: 'false', messageRequired: 'false', screenshotRequired: 'false' } });
    await setAgentStatus(app, widgetId, 'online');
    const after = await app.inject({ method: 'GET', url: `/api/v1/chat/${widgetId}`, headers: { 'x-api-key': KEY } });
    expect(after.json()).toMatchObject({ widgetId, online: 'true' });
  });

  it('queues, is accepted, carries lines both ways, and closes into the case', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const { caseId } = await startChat(app, { widgetId, email: 'Visitor@Example.com', visitorMessage: 'Hello, anyone there?', locale: 'en-US' });

    const queued = await control(app, 'GET', `/conversations?status=queued`);
    expect(queued.json().conversations.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);

    const accepted = await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'active', agentId: AGENT });
    expect((await control(app, 'POST', `/conversations/${caseId}/messages`, { text: 'Hi, I am Jerome.' })).statusCode).toBe(200);

    const first = await poll(app, caseId);
    expect(first.messageList).toEqual([
      { index: 1, type: 'system', author: 'system', text: '/NIC Jerome' },
      { index: 2, type: 'agent', author: 'Jerome', text: 'Hi, I am Jerome.' },
    ]);
    // The start index is inclusive: the last index seen plus one returns only what is new.
    expect((await send(app, caseId, '1', 'I need a price')).json()).toEqual({ caseId, messageBody: 'I need a price', messageType: '1' });
    await control(app, 'POST', `/conversations/${caseId}/messages`, { text: 'It is free.' });
    expect((await poll(app, caseId, 3)).messageList).toEqual([{ index: 4, type: 'agent', author: 'Jerome', text: 'It is free.' }]);

    expect((await send(app, caseId, '2')).statusCode).toBe(200);
    expect((await send(app, caseId, '1', 'too late')).statusCode).toBe(400);

    const stored = await app.inject({ method: 'GET', url: `/_mock/support-requests/${caseId}?api_key=${KEY}` });
    expect(stored.statusCode, stored.body).toBe(200);
    const doc = stored.json().document;
    expect(doc).toMatchObject({
      id: caseId,
      widget_id: widgetId,
      type: 'chat',
      requested_by: 'Visitor@Example.com',
      description: 'Hello, anyone there?',
      source_id: 2,
      chat_ended_by: 'visitor',
      chat_agent_id: AGENT,
      chat_agent_alias: 'Jerome',
      language_code: 'en-US',
      javascript_variables: [],
      operator_variables: [],
    });
    expect(doc.transcripts.map((t: { alias: string; message: string; sender: string; id: string }) => [t.sender, t.id, t.alias, t.message])).toEqual([
      ['VISITOR', '', 'visitor', 'Hello, anyone there?'],
      ['AGENT', AGENT, 'Jerome', 'Hi, I am Jerome.'],
      ['VISITOR', '', 'visitor', 'I need a price'],
      ['AGENT', AGENT, 'Jerome', 'It is free.'],
    ]);
  });

  it("keeps each key's conversations to itself: another key's caseId is a 404 with an empty body", async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const { caseId } = await startChat(app, { widgetId });
    const other = await app.inject({ method: 'GET', url: `/api/v1/chat/poll/${caseId}`, headers: { 'x-api-key': OTHER_KEY } });
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe('');
    const widget = await app.inject({ method: 'GET', url: `/api/v1/chat/${widgetId}`, headers: { 'x-api-key': OTHER_KEY } });
    expect([widget.statusCode, widget.body]).toEqual([404, '']);
  });

  it('answers 401 without x-api-key, 405 for a method the path does not take', async () => {
    const { app } = await buildTestApp();
    const missing = await app.inject({ method: 'GET', url: '/api/v1/chat/poll/abc' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('missing_api_key');
    const wrong = await app.inject({ method: 'DELETE', url: '/api/v1/chat', headers: { 'x-api-key': KEY } });
    expect(wrong.statusCode).toBe(405);
  });
});

