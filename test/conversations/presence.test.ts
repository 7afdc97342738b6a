// Presence and availability: a widget is online when an agent is online with a free slot, inside its
// conversationSchedule read on the key's clock in the schedule's time zone; agents going offline hand their chats
// back to the queue; paused agents keep theirs but take no new one.
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY, START_TIME } from '../helpers/build-test-app.js';
import { AGENT, control, poll, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { advance, createWidget } from '../helpers/integration-setup.js';

const availability = async (app: FastifyInstance, widgetId: string) => (await control(app, 'GET', `/widgets/${widgetId}/agents`)).json();

describe('availability', () => {
  it('follows the conversationSchedule on the key\'s clock, in its time zone (Monday 9:00 AM-5:00 PM in Berlin)', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const schedule = {
      timeZone: 'Europe/Berlin',
      schedules: [
        { dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['11:00 AM', '5:00 PM'] },
        { dayOfWeek: 'TUESDAY', enabled: false, scheduleList: ['9:00 AM', '5:00 PM'] },
      ],
    };
    const owner = (await app.inject({ method: 'GET', url: `/_mock/accounts?api_key=${KEY}` })).json().users[0].email;
    const updated = await app.inject({
      method: 'POST',
      url: `/api/v1/widget.json?api_key=${KEY}`,
      payload: { uuid: widgetId, email: owner, agents: [{ agentId: 'jerome@example.com', agentAlias: 'Jerome', agentAvatar: 'https://example.com/j.png', agentType: 'webclient' }], conversationSchedule: schedule },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    await setAgentStatus(app, widgetId, 'online');
    // START_TIME is Monday 09:00 UTC, 10:00 in Berlin: before the 11:00 opening.
    expect(new Date(START_TIME).toISOString()).toBe('2026-01-05T09:00:00.000Z');
    expect(await availability(app, widgetId)).toMatchObject({ online: false, reason: 'outside the conversationSchedule (Europe/Berlin)' });
    await advance(app, 3_600_000 - 1);
    expect((await availability(app, widgetId)).online).toBe(false);
    await advance(app, 1);
    expect(await availability(app, widgetId)).toMatchObject({ online: true, reason: null });
    const publicView = await app.inject({ method: 'GET', url: `/public/api/v2/chat/${widgetId}` });
    expect(publicView.json().data.online).toBe('true');
    // 5:00 PM is the end: closed from that minute on, and all Tuesday (its entry is disabled).
    await advance(app, 6 * 3_600_000 - 1);
    expect((await availability(app, widgetId)).online).toBe(true);
    await advance(app, 1);
    expect((await availability(app, widgetId)).online).toBe(false);
    await advance(app, 24 * 3_600_000);
    expect((await availability(app, widgetId)).online).toBe(false);
    // A chat started while closed is an offline message.
    const { caseId } = await startChat(app, { widgetId, visitorMessage: 'Are you there?' });
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json()).toMatchObject({ type: 'offline', status: 'closed' });
  });

  it('is offline when every online agent is at maxChats, and when enableConversations is false', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    await setAgentStatus(app, widgetId, 'online', AGENT, KEY, 1);
    const { caseId } = await startChat(app, { widgetId });
    expect((await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT })).statusCode).toBe(200);
    expect(await availability(app, widgetId)).toMatchObject({ online: false, reason: 'every online agent is at maxChats' });
    const agents = (await availability(app, widgetId)).agents;
    expect(agents).toEqual([{ agentId: AGENT, agentAlias: 'Jerome', agentAvatar: 'https://example.com/jerome.png', status: 'online', maxChats: 1, openChats: 1 }]);
  });
});

describe('presence', () => {
  it('an agent going offline hands its chats back to the queue, with a line telling the visitor', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const { caseId } = await startChat(app, { widgetId });
    await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT });
    await setAgentStatus(app, widgetId, 'offline');
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json()).toMatchObject({ status: 'queued', agentId: null });
    expect((await poll(app, caseId)).messageList.at(-1)).toEqual({
      index: 1,
      type: 'system',
      author: 'system',
      text: '/NFO Jerome left the chat. Please wait for the next available agent.',
    });
  });

  it('a paused agent keeps its chats and takes no new one', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const first = await startChat(app, { widgetId });
    await control(app, 'POST', `/conversations/${first.caseId}/accept`, { agentId: AGENT });
    const second = await startChat(app, { widgetId });
    await setAgentStatus(app, widgetId, 'paused');
    expect((await control(app, 'GET', `/conversations/${first.caseId}`)).json().status).toBe('active');
    const refused = await control(app, 'POST', `/conversations/${second.caseId}/accept`, { agentId: AGENT });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'agent_unavailable' });
    expect((await availability(app, widgetId)).online).toBe(false);
  });

  it('knows only the agents provisioning gave the widget (404), in either form of their id', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const stranger = await control(app, 'PUT', `/widgets/${widgetId}/agents/${encodeURIComponent('wc:nobody@example.com')}/status`, { status: 'online' });
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json().error.code).toBe('agent_not_found');
    expect((await setAgentStatus(app, widgetId, 'online', 'JEROME@example.com')).agentId).toBe(AGENT);
  });

  it('a chat already taken cannot be accepted again (409), and a closed one takes no more lines (409)', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const { caseId } = await startChat(app, { widgetId });
    await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT });
    expect((await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT })).json().error.code).toBe('conversation_not_queued');
    await control(app, 'POST', `/conversations/${caseId}/close`);
    const late = await control(app, 'POST', `/conversations/${caseId}/messages`, { text: 'hello?' });
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'conversation_closed']);
  });
});
