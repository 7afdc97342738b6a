// The control plane's triggers for pages that run the widget: a proactive invitation reaches the widget's open pages (or
// one), and the chat that answers it is a proactive case that begins with the invitation; a widget switch reaches them too.
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY } from '../helpers/build-test-app.js';
import { answer, botCalls, say } from '../helpers/bot-setup.js';
import { control, setAgentStatus } from '../helpers/front-desk.js';
import { startBot } from '../../src/index.js';
import { openPage, pageCall, pollPage, proactiveWidget, startPageChat } from '../helpers/widget-page.js';

describe('POST /_mock/widgets/{widgetId}/proactive', () => {
  it('wakes the held poll of every open page of the widget with the invitation, said by a free agent', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const [one, two] = [await openPage(app, widgetId), await openPage(app, widgetId)];
    const held = [pollPage(app, one), pollPage(app, two)];

    const sent = await control(app, 'POST', `/widgets/${widgetId}/proactive`, { message: 'Need a hand with your order?' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ widgetId, agentId: 'wc:jerome@example.com', agentAlias: 'Jerome', message: 'Need a hand with your order?', visitors: [one.visitorId, two.visitorId] });
    for (const answer of await Promise.all(held)) {
      expect(answer.events).toEqual([{ seq: 1, type: 'proactive', agentAlias: 'Jerome', message: 'Need a hand with your order?' }]);
    }
    // Seen is seen: the page's next poll, past seq 1, does not get it again.
    expect((await pollPage(app, one, { after: 0 })).events).toHaveLength(1);
  });

  it("starts, when the visitor answers, a proactive chat whose transcript begins with the agent's invitation", async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const page = await openPage(app, widgetId);
    await control(app, 'POST', `/widgets/${widgetId}/proactive`, { message: 'Hi! Questions about sizes?' });
    const started = await startPageChat(app, page, { email: 'ada@example.com', message: 'Yes, is M big?', invitation: 'Hi! Questions about sizes?' });
    // The page showed the invitation already: it polls from after the visitor's line.
    expect(started.index).toBe(2);
    await control(app, 'POST', `/conversations/${started.caseId}/close`, { by: 'agent' });
    const doc = (await app.inject({ method: 'GET', url: `/_mock/support-requests/${started.caseId}?api_key=${KEY}` })).json().document;
    expect(doc).toMatchObject({ proactive_chat: true, source_id: 3, description: 'Yes, is M big?' });
    expect(doc.transcripts.map((t: { id: string; alias: string; message: string }) => [t.id, t.alias, t.message])).toEqual([
      ['wc:jerome@example.com', 'Jerome', 'Hi! Questions about sizes?'],
      ['', 'visitor', 'Yes, is M big?'],
    ]);
  });

  it("lets a page open its own invitation (openProactiveChat): a chat answering it begins with it, said by the widget's inviter", async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const page = await openPage(app, widgetId);
    const invited = await pageCall(app, page, 'POST', '/invitation', { message: 'Free shipping today!' });
    expect(invited.json()).toEqual({ agentAlias: 'Jerome', message: 'Free shipping today!' });
    const started = await startPageChat(app, page, { message: 'Really?', invitation: 'Free shipping today!' });
    const lines = (await control(app, 'GET', `/conversations/${started.caseId}`)).json().messages;
    expect(lines.map((m: { kind: string; agentId: string | null; text: string }) => [m.kind, m.agentId, m.text])).toEqual([
      ['agent', 'wc:jerome@example.com', 'Free shipping today!'],
      ['visitor', null, 'Really?'],
    ]);
  });

  it('skips pages in a chat, and answers 409 when the one page named is in one or the widget disabled proactive chat', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    await setAgentStatus(app, widgetId, 'online');
    const chatting = await openPage(app, widgetId);
    const idle = await openPage(app, widgetId);
    await startPageChat(app, chatting, { message: 'busy' });
    expect((await control(app, 'POST', `/widgets/${widgetId}/proactive`, { message: 'Hi' })).json().visitors).toEqual([idle.visitorId]);
    const named = await control(app, 'POST', `/widgets/${widgetId}/proactive`, { message: 'Hi', visitorId: chatting.visitorId });
    expect([named.statusCode, named.json().error.code]).toEqual([409, 'chat_in_progress']);

    const quiet = await proactiveWidget(app, KEY, { enableProactiveChat: 'false' });
    const refused = await control(app, 'POST', `/widgets/${quiet}/proactive`, { message: 'Hi' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'proactive_chat_disabled']);
  });

  it("counts a page whose chat is with the widget's bot as in a chat", async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    const bot = await startBot((req, res) => res.send(answer(req, say('Hi, I am the bot.'))));
    onTestFinished(() => bot.close());
    expect((await control(app, 'PUT', `/widgets/${widgetId}/bot`, { url: bot.url, token: bot.token, name: 'Snappy' })).statusCode).toBe(200);
    const page = await openPage(app, widgetId);
    const { caseId } = await startPageChat(app, page, { message: 'hello' });
    expect((await botCalls(app, caseId, 'answered')).status).toBe('bot');
    const named = await control(app, 'POST', `/widgets/${widgetId}/proactive`, { message: 'Hi', visitorId: page.visitorId });
    expect([named.statusCode, named.json().error.code]).toEqual([409, 'chat_in_progress']);
  });

  it("keeps to the key's own widgets and pages: another key's widget is a 404", async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    const page = await openPage(app, widgetId);
    const other = await control(app, 'POST', `/widgets/${widgetId}/proactive`, { message: 'Hi', visitorId: page.visitorId }, OTHER_KEY);
    expect([other.statusCode, other.json().error.code]).toEqual([404, 'widget_not_found']);
    expect((await control(app, 'GET', `/widgets/${widgetId}/visitors`, undefined, OTHER_KEY)).statusCode).toBe(404);
  });
});

describe('POST /_mock/widgets/{widgetId}/switch', () => {
  it("tells the page (or every page) the visitor picked another of the key's widgets", async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    const sales = await proactiveWidget(app);
    const page = await openPage(app, widgetId);
    const held = pollPage(app, page);
    const switched = await control(app, 'POST', `/widgets/${widgetId}/switch`, { to: sales, visitorId: page.visitorId });
    expect(switched.json()).toEqual({ widgetId, to: sales, visitors: [page.visitorId] });
    expect((await held).events).toEqual([{ seq: 1, type: 'switch', widgetId: sales }]);

    const foreign = await proactiveWidget(app, OTHER_KEY);
    const refused = await control(app, 'POST', `/widgets/${widgetId}/switch`, { to: foreign });
    expect([refused.statusCode, refused.json().error.code]).toEqual([404, 'widget_not_found']);
  });
});
