// Agent scripts on the virtual clock: every delay (accept, typing, idle close) waits for an advance of the widget
// key's clock, so a test walks a living desk step by step; and the case a scripted chat ends as.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { AGENT, control, poll, send, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { advance, createWidget } from '../helpers/integration-setup.js';

const SCRIPT = {
  acceptAfterMs: 3000,
  greeting: "Hi, I'm {alias}. How can I help?",
  replies: [{ match: 'PRICE', text: 'It is free.' }],
  fallback: 'Let me check.',
  typingMs: 800,
  closeAfterIdleMs: 600_000,
};

async function scriptedWidget(script: Record<string, unknown> = SCRIPT) {
  const built = await buildTestApp();
  const { widgetId } = await createWidget(built.app);
  expect((await control(built.app, 'PUT', `/widgets/${widgetId}/agent-script`, script)).statusCode).toBe(200);
  return { ...built, widgetId };
}

const texts = async (app: Parameters<typeof poll>[0], caseId: string) => (await poll(app, caseId)).messageList.map((m) => m.text);

describe('a scripted agent', () => {
  it('accepts after acceptAfterMs, greets, answers a keyword after typingMs, and closes a chat left idle', async () => {
    const { app, widgetId } = await scriptedWidget();
    await setAgentStatus(app, widgetId, 'online');
    const { caseId } = await startChat(app, { widgetId });

    await advance(app, 2999);
    expect(await texts(app, caseId)).toEqual([]);
    await advance(app, 1);
    expect(await texts(app, caseId)).toEqual(['/NIC Jerome', "Hi, I'm Jerome. How can I help?"]);

    expect((await send(app, caseId, '1', 'what is the price?')).statusCode).toBe(200);
    expect((await poll(app, caseId)).agentTyping).toBe(true);
    await advance(app, 799);
    expect(await texts(app, caseId)).toHaveLength(2);
    await advance(app, 1);
    const after = await poll(app, caseId, 3);
    expect(after).toMatchObject({ agentTyping: false, messageList: [{ index: 3, type: 'agent', author: 'Jerome', text: 'It is free.' }] });

    await send(app, caseId, '1', 'something else');
    await advance(app, 800);
    expect((await poll(app, caseId, 5)).messageList.map((m) => m.text)).toEqual(['Let me check.']);

    // Idle since the visitor's last line: closed once closeAfterIdleMs passes, by the agent.
    await advance(app, 600_000 - 800 - 1);
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json().status).toBe('active');
    await advance(app, 1);
    const closed = (await control(app, 'GET', `/conversations/${caseId}`)).json();
    expect(closed).toMatchObject({ status: 'closed', endedBy: 'agent' });
    expect(closed.messages.at(-1)).toMatchObject({ kind: 'system', text: '/NFO The chat was closed after a period of inactivity.' });
    const doc = (await app.inject({ method: 'GET', url: `/_mock/support-requests/${caseId}?api_key=${KEY}` })).json().document;
    // Accepted at 3 s; the visitor's last line at 3.8 s; closed 600 s later.
    expect(doc).toMatchObject({ chat_ended_by: 'agent', chat_waittime: 3, chat_agent_id: AGENT, chat_agent_alias: 'Jerome', chat_duration: 601 });
    expect(doc.transcripts.map((t: { sender: string; message: string }) => `${t.sender}: ${t.message}`)).toEqual([
      "AGENT: Hi, I'm Jerome. How can I help?",
      'VISITOR: what is the price?',
      'AGENT: It is free.',
      'VISITOR: something else',
      'AGENT: Let me check.',
    ]);
  });

  it('answers the words a visitor left while queued once it accepts', async () => {
    const { app, widgetId } = await scriptedWidget();
    await setAgentStatus(app, widgetId, 'online');
    const { caseId } = await startChat(app, { widgetId, visitorMessage: 'Price please' });
    await advance(app, 3000 + 800);
    expect(await texts(app, caseId)).toEqual(['/NIC Jerome', "Hi, I'm Jerome. How can I help?", 'It is free.']);
  });

  it('waits while no agent is free, and accepts acceptAfterMs after one comes online', async () => {
    const { app, widgetId } = await scriptedWidget();
    await setAgentStatus(app, widgetId, 'online', AGENT, KEY, 1);
    const first = await startChat(app, { widgetId });
    const second = await startChat(app, { widgetId });
    await advance(app, 3000);
    // One slot: the older chat is taken, the other waits in the queue.
    expect((await control(app, 'GET', `/conversations/${first.caseId}`)).json().status).toBe('active');
    expect((await control(app, 'GET', `/conversations/${second.caseId}`)).json().status).toBe('queued');
    // The first closes: its slot frees and the script plans the next accept.
    expect((await control(app, 'POST', `/conversations/${first.caseId}/close`, { by: 'agent' })).statusCode).toBe(200);
    await advance(app, 2999);
    expect((await control(app, 'GET', `/conversations/${second.caseId}`)).json().status).toBe('queued');
    await advance(app, 1);
    expect((await control(app, 'GET', `/conversations/${second.caseId}`)).json()).toMatchObject({ status: 'active', agentId: AGENT });
  });

  it('is read, replaced and removed; a removed script leaves new chats to people', async () => {
    const { app, widgetId } = await scriptedWidget({ replies: [] });
    const got = (await control(app, 'GET', `/widgets/${widgetId}/agent-script`)).json();
    expect(got).toMatchObject({ widgetId, script: { acceptAfterMs: 0, typingMs: 0, replies: [] } });
    expect((await control(app, 'DELETE', `/widgets/${widgetId}/agent-script`)).statusCode).toBe(204);
    expect((await control(app, 'GET', `/widgets/${widgetId}/agent-script`)).json().error.code).toBe('agent_script_not_found');
    await setAgentStatus(app, widgetId, 'online');
    const { caseId } = await startChat(app, { widgetId });
    await advance(app, 3_600_000);
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json().status).toBe('queued');
  });

  it('refuses a delay past a week, naming the field', async () => {
    const { app, widgetId } = await scriptedWidget();
    const res = await control(app, 'PUT', `/widgets/${widgetId}/agent-script`, { ...SCRIPT, typingMs: 8 * 24 * 3_600_000 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ field: 'typingMs' });
  });
});
