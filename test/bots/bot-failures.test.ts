// A bot that fails never loses the chat: a timeout (on the key's clock, or in real time), a refused connection, a
// non-200 answer, a wrong token, a body that is not the expected JSON: the call is recorded with why, the visitor is
// told in a /NFO line, the chat joins the agents' queue (and is not sent to the bot again), and an agent takes it to its case.
import { describe, expect, it } from 'vitest';
import type { InspectorEvent } from '../../src/core/event-hub.js';
import type { BotHandler } from '../../src/harness/bot.js';
import { partnerOf } from '../../src/http/api-key.js';
import { BOT_FAILED_NOTE } from '../../src/conversations/bot-driver.js';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { answer, botCalls, botWidget, command, say } from '../helpers/bot-setup.js';
import { AGENT, control, poll, send, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { closedPortUrl } from '../helpers/webhook-receiver.js';

interface FailureMode {
  handler: BotHandler;
  settings?: (token: string) => Record<string, unknown>;
  config?: Record<string, string>;
  error: RegExp;
  statusCode: number | null;
}

const checksToken: BotHandler = (req, res) => {
  if (req.get('authorization') !== 'the-right-token') return res.status(401).send('Unauthorized');
  res.send(answer(req, say('hello')));
};

const MODES: Record<string, FailureMode> = {
  'a refused connection': { handler: () => undefined, settings: () => ({ url: 'CLOSED' }), error: /^connection_refused: nothing is listening at the bot URL$/, statusCode: null },
  'a non-200 answer': { handler: (_req, res) => res.status(500).send('{"error":"boom"}'), error: /^http_status: status 500$/, statusCode: 500 },
  'a 204 (only 200 counts)': { handler: (_req, res) => res.status(204).send(), error: /^http_status: status 204$/, statusCode: 204 },
  'a wrong token (the bot refuses it)': { handler: checksToken, settings: () => ({ token: 'a-wrong-token' }), error: /^http_status: status 401$/, statusCode: 401 },
  'a body that is not JSON': { handler: (_req, res) => res.send('<html>Cannot POST</html>'), error: /^invalid_answer: the body is not JSON/, statusCode: 200 },
  'JSON of another shape': { handler: (_req, res) => res.send('{"content":"hello"}'), error: /^invalid_answer: content: content must be an array/, statusCode: 200 },
  'an item of no known type': { handler: (req, res) => res.send(answer(req, { type: 'card', text: 'x' })), error: /^invalid_answer: content\.0\.type: each item's type must be "message" or "command"$/, statusCode: 200 },
  'another chat\'s case_id': { handler: (req, res) => res.send(JSON.stringify({ widget_id: req.body.widget_id, case_id: 'someone-else', content: [] })), error: /^invalid_answer: case_id someone-else is not the turn's/, statusCode: 200 },
  'an unknown operation': { handler: (req, res) => res.send(answer(req, command('TRANSFER_GROUP', { group: 'sales' }))), error: /^invalid_answer: content\.0: unknown operation "TRANSFER_GROUP"/, statusCode: 200 },
  'an answer over BOT_ANSWER_MAX_BYTES': { handler: (req, res) => res.send(answer(req, say('x'.repeat(2000)))), config: { BOT_ANSWER_MAX_BYTES: '1024' }, error: /^invalid_answer: larger than BOT_ANSWER_MAX_BYTES \(1024\)$/, statusCode: 200 },
  'a timeout in real time, the key\'s clock standing still': { handler: () => undefined, settings: () => ({ timeoutMs: 300 }), error: /^timeout: no complete response within \d+ ms$/, statusCode: null },
};

describe('a failed bot call', () => {
  it.each(Object.entries(MODES))('on %s is recorded, tells the visitor, and hands the chat to a human', async (_name, mode) => {
    const { app } = await buildTestApp({ config: mode.config });
    const { widgetId, bot } = await botWidget(app, mode.handler);
    const extra = mode.settings?.(bot.token) ?? {};
    if (extra.url === 'CLOSED') extra.url = await closedPortUrl('/bot');
    expect((await control(app, 'PUT', `/widgets/${widgetId}/bot`, { url: bot.url, token: bot.token, ...extra })).statusCode).toBe(200);
    const { caseId } = await startChat(app, { widgetId, visitorMessage: 'hello?' });

    const after = await botCalls(app, caseId, 'handover');
    expect(after.status).toBe('queued');
    const [call] = after.botCalls;
    expect(call).toMatchObject({ state: 'failed', statusCode: mode.statusCode, applied: ['handed to an agent: the call failed'] });
    expect(call!.error).toMatch(mode.error);
    expect((await poll(app, caseId)).messageList).toEqual([{ index: 1, type: 'system', author: 'system', text: `/NFO ${BOT_FAILED_NOTE}` }]);

    // The chat goes on with a person, and ends in its case as any other; the bot hears no more of it.
    await setAgentStatus(app, widgetId, 'online');
    expect((await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT })).statusCode).toBe(200);
    await send(app, caseId, '1', 'anyone?');
    expect((await control(app, 'POST', `/conversations/${caseId}/close`)).statusCode).toBe(200);
    const doc = (await app.inject({ method: 'GET', url: `/_mock/support-requests/${caseId}?api_key=${KEY}` })).json().document;
    expect(doc.transcripts.map((t: { message: string }) => t.message)).toEqual(['hello?', 'anyone?']);
    expect(bot.calls.length).toBeLessThanOrEqual(1);
  });

  it('times out on the key\'s clock: an advance past timeoutMs fails a call the bot never answers, not a millisecond before', async () => {
    const { app } = await buildTestApp();
    const { widgetId, bot } = await botWidget(app, () => undefined, { timeoutMs: 60_000 });
    const feed: InspectorEvent[] = [];
    app.ctx.events.subscribe(partnerOf(KEY), (e) => feed.push(e));
    const { caseId } = await startChat(app, { widgetId });
    await bot.received(1);
    const advance = (ms: number) => app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, payload: { ms } });
    await advance(59_999);
    expect((await botCalls(app, caseId)).botCalls.map((c) => c.state)).toEqual(['pending']);
    await advance(1);
    const after = await botCalls(app, caseId);
    expect(after.status).toBe('queued');
    expect(after.botCalls[0]).toMatchObject({ state: 'failed', error: "timeout: no answer within 60000 ms on the key's clock", durationMs: 60_000 });
    // The inspector's live feed hears of the call's start and its end.
    expect(feed.filter((e) => e.type === 'bot-call')).toEqual([
      { type: 'bot-call', caseId, callId: after.botCalls[0]!.id, state: 'pending' },
      { type: 'bot-call', caseId, callId: after.botCalls[0]!.id, state: 'failed' },
    ]);
  });

  it('the bot removed while it has a chat: the next turn fails (no_bot) and the chat goes to a human', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await botWidget(app, (req, res) => res.send(answer(req, say('hi'))));
    const { caseId } = await startChat(app, { widgetId });
    await botCalls(app, caseId, 'answered');
    expect((await control(app, 'DELETE', `/widgets/${widgetId}/bot`)).statusCode).toBe(204);
    await send(app, caseId, '1', 'still there?');
    const after = await botCalls(app, caseId);
    expect(after.status).toBe('queued');
    expect(after.botCalls.map((c) => [c.state, c.error])).toEqual([['answered', null], ['failed', 'no_bot: the widget has no bot any more']]);
  });
});
