// The commands beyond BYE and HUMAN_TRANSFER that SnapEngage's help pages name, as the mock carries them out: GOTO (a
// /SYS GOTO line, the bot keeps the chat), CLOSE, TRANSFER_AGENT (taken at once when the agent is free, else queued),
// TRANSFER_WIDGET (another widget's queue and case), BAN and BAN_IP (closed, and that visitor's next start refused).
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { answer, botCalls, botWidget, command, say, wordsOf } from '../helpers/bot-setup.js';
import { AGENT, control, poll, send, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { createWidget } from '../helpers/integration-setup.js';

describe('bot commands', () => {
  it('GOTO leaves a /SYS GOTO line and the bot keeps the chat; CLOSE closes it as BYE does', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await botWidget(app, (req, res) => {
      const words = wordsOf(req);
      if (words === 'docs') return res.send(answer(req, say('Here:'), command('GOTO', { url: 'https://example.com/docs' })));
      res.send(words === 'done' ? answer(req, command('CLOSE')) : answer(req));
    });
    const { caseId } = await startChat(app, { widgetId });
    await botCalls(app, caseId, 'answered');
    await send(app, caseId, '1', 'docs');
    expect((await botCalls(app, caseId, 'answered')).status).toBe('bot');
    expect((await poll(app, caseId)).messageList.map((m) => m.text)).toEqual(['Here:', '/SYS GOTO https://example.com/docs']);
    await send(app, caseId, '1', 'done');
    const closed = await botCalls(app, caseId, 'handover');
    expect([closed.status, closed.botCalls.at(-1)!.applied]).toEqual(['closed', ['command CLOSE: closed']]);
  });

  it('TRANSFER_AGENT: the agent takes the chat at once when free, else it joins the queue', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await botWidget(app, (req, res) =>
      res.send(wordsOf(req) === 'jerome' ? answer(req, command('TRANSFER_AGENT', { agent_id: 'jerome@example.com' })) : answer(req)),
    );
    const busy = await startChat(app, { widgetId });
    await botCalls(app, busy.caseId, 'answered');
    await send(app, busy.caseId, '1', 'jerome');
    const queued = await botCalls(app, busy.caseId, 'handover');
    expect([queued.status, queued.botCalls.at(-1)!.applied]).toEqual(['queued', ['command TRANSFER_AGENT: Jerome is not available, queued for any agent']]);

    await setAgentStatus(app, widgetId, 'online');
    const free = await startChat(app, { widgetId });
    await botCalls(app, free.caseId, 'answered');
    await send(app, free.caseId, '1', 'jerome');
    expect((await botCalls(app, free.caseId, 'handover')).status).toBe('active');
    expect((await control(app, 'GET', `/conversations/${free.caseId}`)).json()).toMatchObject({ status: 'active', agentId: AGENT });
    expect((await poll(app, free.caseId)).messageList.map((m) => m.text)).toEqual(['/NIC Jerome']);
  });

  it('TRANSFER_WIDGET moves the chat to another widget of the key, whose agents take it and whose case records it', async () => {
    const { app } = await buildTestApp();
    const { widgetId: sales } = await createWidget(app);
    const { widgetId } = await botWidget(app, (req, res) =>
      res.send(wordsOf(req) === 'sales' ? answer(req, command('TRANSFER_WIDGET', { widget_id: sales })) : answer(req)),
    );
    const { caseId } = await startChat(app, { widgetId });
    await botCalls(app, caseId, 'answered');
    await send(app, caseId, '1', 'sales');
    expect((await botCalls(app, caseId, 'handover')).status).toBe('queued');
    expect((await control(app, 'GET', `/conversations?status=queued&widgetId=${sales}`)).json().conversations.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
    await setAgentStatus(app, sales, 'online');
    expect((await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT })).statusCode).toBe(200);
    expect((await control(app, 'POST', `/conversations/${caseId}/close`)).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/_mock/support-requests/${caseId}?api_key=${KEY}` })).json().document.widget_id).toBe(sales);
  });

  it('TRANSFER_WIDGET to a widget that is not the key\'s is an invalid answer: the chat goes to this widget\'s agents', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await botWidget(app, (req, res) => res.send(answer(req, command('TRANSFER_WIDGET', { widget_id: 'nowhere' }))));
    const { caseId } = await startChat(app, { widgetId });
    const after = await botCalls(app, caseId, 'handover');
    expect([after.status, after.botCalls[0]!.error]).toEqual(['queued', 'invalid_answer: TRANSFER_WIDGET names nowhere, not a widget of this api_key']);
  });

  it('BAN closes the chat and refuses that visitor\'s next start on the widget (by email); BAN_IP by address', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await botWidget(app, (req, res) => {
      const words = wordsOf(req);
      res.send(words === 'spam' ? answer(req, command('BAN')) : words === 'flood' ? answer(req, command('BAN_IP')) : answer(req));
    });
    const { caseId } = await startChat(app, { widgetId, email: 'Spammer@Example.com', visitorMessage: 'spam' });
    expect((await botCalls(app, caseId, 'handover')).status).toBe('closed');
    const again = await app.inject({ method: 'POST', url: `/api/v1/chat?widgetId=${widgetId}&email=spammer@example.com`, headers: { 'x-api-key': KEY } });
    expect([again.statusCode, again.json().error.code]).toEqual([400, 'visitor_banned']);
    // Another visitor (another email, from the same address) is still welcome, until a BAN_IP bans the address.
    const other = await startChat(app, { widgetId, email: 'someone@example.com' });
    await botCalls(app, other.caseId, 'answered');
    const bans = (await control(app, 'GET', `/widgets/${widgetId}/bot`)).json().bans;
    expect(bans).toEqual([{ kind: 'email', value: 'spammer@example.com', caseId, createdAt: expect.any(Number) }]);

    await send(app, other.caseId, '1', 'flood');
    expect((await botCalls(app, other.caseId, 'handover')).status).toBe('closed');
    const anyone = await app.inject({ method: 'POST', url: `/api/v1/chat?widgetId=${widgetId}`, headers: { 'x-api-key': KEY } });
    expect([anyone.statusCode, anyone.json().error.code]).toEqual([400, 'visitor_banned']);
    // Removing the bot lifts its bans.
    expect((await control(app, 'DELETE', `/widgets/${widgetId}/bot`)).statusCode).toBe(204);
    await setAgentStatus(app, widgetId, 'online');
    expect((await app.inject({ method: 'POST', url: `/api/v1/chat?widgetId=${widgetId}`, headers: { 'x-api-key': KEY } })).statusCode).toBe(200);
  });
});
