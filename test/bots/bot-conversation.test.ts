// A chat a bot takes: the turns the mock POSTs (the first with `description`, the visitor's contact details as a turn
// of their own, then each line, one call at a time and in order), the answer read as JSON whatever its Content-Type,
// messages and buttons in the visitor's poll with the bot's name as author, and BYE and HUMAN_TRANSFER.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { answer, botCalls, botWidget, command, say, wordsOf } from '../helpers/bot-setup.js';
import { AGENT, control, poll, send, setAgentStatus, startChat } from '../helpers/front-desk.js';

const read = async (app: Awaited<ReturnType<typeof buildTestApp>>['app'], url: string) => (await app.inject({ method: 'GET', url })).json();

describe('a chat with a bot', () => {
  it('POSTs each turn with the token, and the visitor polls the bot\'s messages and buttons under its name', async () => {
    const { app } = await buildTestApp();
    const { widgetId, bot } = await botWidget(app, (req, res) => {
      const words = wordsOf(req);
      if (words.startsWith('[Contact Details')) return res.send(answer(req));
      if (words === 'Pricing') return res.send(answer(req, say('Plans start at $10 a month.')));
      // Express's res.send(string): text/html, as bots from SnapEngage's Node template answer.
      res.send(answer(req, say('Hi! What can I do for you?', ['Pricing', 'Talk to a human'])));
    });
    const { caseId } = await startChat(app, { widgetId, visitorMessage: 'Hello', email: 'Vera@Example.com', name: 'Vera' });

    const first = await botCalls(app, caseId, 'answered');
    expect(first.status).toBe('bot');
    expect(bot.calls.map((c) => c.body)).toEqual([
      { widget_id: widgetId, case_id: caseId, description: 'Hello' },
      { widget_id: widgetId, case_id: caseId, text: '[Contact Details] Name: Vera, Email: Vera@Example.com' },
    ]);
    expect(bot.calls[0]!.headers).toMatchObject({ authorization: bot.token, 'content-type': 'application/json; charset=utf-8' });
    expect(first.botCalls.map((c) => [c.turn, c.state, c.statusCode, c.applied])).toEqual([
      [1, 'answered', 200, ['message with 2 buttons']],
      [2, 'answered', 200, []],
    ]);

    expect((await poll(app, caseId)).messageList).toEqual([
      { index: 1, type: 'agent', author: 'Snappy', text: 'Hi! What can I do for you?' },
      { index: 2, type: 'system', author: 'system', text: '/SYS BTN ["Pricing","Talk to a human"]' },
    ]);
    // The visitor's pick of a button is the next turn's text.
    await send(app, caseId, '1', 'Pricing');
    await botCalls(app, caseId, 'answered');
    expect(bot.calls[2]!.body).toEqual({ widget_id: widgetId, case_id: caseId, text: 'Pricing' });
    expect((await poll(app, caseId, 3)).messageList).toEqual([{ index: 4, type: 'agent', author: 'Snappy', text: 'Plans start at $10 a month.' }]);
  });

  it('sends a turn behind the call in flight, in order, once that call has ended', async () => {
    const { app } = await buildTestApp();
    const held: Array<() => void> = [];
    const { widgetId, bot } = await botWidget(app, (req, res) => {
      const reply = () => res.send(answer(req, say(`you said: ${wordsOf(req)}`)));
      if (wordsOf(req) === 'first') held.push(reply);
      else reply();
    });
    const { caseId } = await startChat(app, { widgetId });
    await botCalls(app, caseId, 'answered');
    await send(app, caseId, '1', 'first');
    await bot.received(2);
    await send(app, caseId, '1', 'second');
    expect((await botCalls(app, caseId)).botCalls.map((c) => c.state)).toEqual(['answered', 'pending', 'queued']);
    held.shift()!();
    await botCalls(app, caseId, 'answered');
    expect(bot.calls.map((c) => wordsOf({ body: c.body } as never))).toEqual(['', 'first', 'second']);
    expect((await poll(app, caseId)).messageList.map((m) => m.text)).toEqual(['you said: ', 'you said: first', 'you said: second']);
  });

  it('BYE closes the chat into a case ended by the bot, its lines in the transcript under its name', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await botWidget(app, (req, res) => {
      const words = wordsOf(req);
      if (words.startsWith('[Contact Details')) return res.send(answer(req));
      res.send(words === 'bye' ? answer(req, say('Goodbye!'), command('BYE')) : answer(req, say('Hello there.')));
    });
    const { caseId } = await startChat(app, { widgetId, visitorMessage: 'hi', email: 'vera@example.com' });
    await botCalls(app, caseId, 'answered');
    await send(app, caseId, '1', 'bye');
    const after = await botCalls(app, caseId, 'handover');
    expect(after.status).toBe('closed');
    expect(after.botCalls.at(-1)!.applied).toEqual(['message', 'command BYE: closed']);
    expect((await send(app, caseId, '1', 'still there?')).statusCode).toBe(400);

    const doc = (await read(app, `/_mock/support-requests/${caseId}?api_key=${KEY}`)).document;
    expect(doc).toMatchObject({ type: 'chat', chat_ended_by: 'bot', chat_waittime: 0, chat_agent_id: '', description: 'hi' });
    expect(doc.transcripts.map((t: { sender: string; alias: string; message: string }) => [t.sender, t.alias, t.message])).toEqual([
      ['VISITOR', 'visitor', 'hi'],
      ['AGENT', 'Snappy', 'Hello there.'],
      ['VISITOR', 'visitor', 'bye'],
      ['AGENT', 'Snappy', 'Goodbye!'],
    ]);
  });

  it('HUMAN_TRANSFER queues the chat for the agents with the bot\'s lines kept; the scripted agent takes it, the bot hears no more', async () => {
    const { app } = await buildTestApp();
    const { widgetId, bot } = await botWidget(app, (req, res) =>
      res.send(wordsOf(req) === 'agent please' ? answer(req, say('Let me find you a person.'), command('HUMAN_TRANSFER'), say('ignored')) : answer(req, say('How can I help?'))),
    );
    await setAgentStatus(app, widgetId, 'online');
    expect((await control(app, 'PUT', `/widgets/${widgetId}/agent-script`, { acceptAfterMs: 5000, greeting: 'Hi, {alias} here.' })).statusCode).toBe(200);
    const { caseId } = await startChat(app, { widgetId, visitorMessage: 'hi' });
    await botCalls(app, caseId, 'answered');
    await send(app, caseId, '1', 'agent please');
    const handed = await botCalls(app, caseId, 'handover');
    expect(handed.status).toBe('queued');
    expect(handed.botCalls.at(-1)!.applied).toEqual(['message', 'command HUMAN_TRANSFER: queued for an agent', 'ignored message: the chat had left the bot']);

    await app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, payload: { ms: 5000 } });
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json()).toMatchObject({ status: 'active', agentId: AGENT });
    await send(app, caseId, '1', 'thanks');
    expect(bot.calls).toHaveLength(2);
    expect((await poll(app, caseId)).messageList.map((m) => `${m.author}: ${m.text}`)).toEqual([
      'Snappy: How can I help?',
      'Snappy: Let me find you a person.',
      'system: /NFO You are being transferred to an agent. Please wait for the next available agent.',
      'system: /NIC Jerome',
      'Jerome: Hi, Jerome here.',
    ]);
  });
});
