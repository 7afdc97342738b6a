// The "done when": a bot written the way SnapEngage's published Node.js template is (a Cloud-Function style
// handler that checks the authorization header, routes on keywords, answers with buttons, HUMAN_TRANSFER or BYE, and
// sends its JSON with res.send(JSON.stringify(...)), which Express labels text/html) runs against the real server
// (dist/cli.js): a visitor through the Visitor Chat API sees its messages and buttons; a keyword leads to BYE and a
// closed case at a real integration receiver, another to HUMAN_TRANSFER and a scripted agent who answers; a wrong
// token gets the bot's refusal, recorded as a failed call, and a human.
import { describe, expect, it } from 'vitest';
import { botClient, startBot, type BotHandler } from '../../src/harness/bot.js';
import { apiCaller, spawnServer } from '../helpers/spawned-server.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const KEY = 'template-bot-key';

/** SnapEngage's Node template, as a customer adapts it: check the token, route on keywords, answer as the template does. */
function snapEngageTemplateBot(token: string): BotHandler {
  return (req, res) => {
    if (req.get('authorization') !== token) {
      res.status(401).send('Unauthorized');
      return;
    }
    const body = req.body;
    const text = (body.text || body.description || '').toLowerCase();
    const reply = (content: unknown[]) => res.send(JSON.stringify({ widget_id: body.widget_id, case_id: body.case_id, content }));
    if (text.includes('[contact details')) return reply([]);
    if (text.includes('bye')) return reply([{ type: 'message', text: 'Thanks for chatting. Goodbye!' }, { type: 'command', operation: 'BYE' }]);
    if (text.includes('human')) return reply([{ type: 'message', text: 'Let me get you a person.' }, { type: 'command', operation: 'HUMAN_TRANSFER' }]);
    if (text.includes('pricing')) return reply([{ type: 'message', text: 'Plans start at $10 a month.' }]);
    reply([{ type: 'message', text: 'Hi, I am Snappy. What can I do for you?', display_responses: [{ text: 'Pricing' }, { text: 'Talk to a human' }, { text: 'Bye' }] }]);
  };
}

describe('a bot written from SnapEngage\'s Node template, against the real server', () => {
  it('shows its messages and buttons, closes with BYE into a delivered case, hands over with HUMAN_TRANSFER, refuses a wrong token', async () => {
    const server = await spawnServer({ DATABASE_PATH: ':memory:', FIXTURES: 'none', CLOCK: 'virtual', SNAPENGAGE_API_KEYS: KEY, LOG_LEVEL: 'warn' });
    const api = apiCaller(KEY);
    const call = (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => api(server.url, method, path, body);
    const receiver = await startReceiver();
    const bot = await startBot(snapEngageTemplateBot('template-token'));
    const bots = botClient({ url: server.url, apiKey: KEY });

    // The bot answers as Express does for res.send(string): text/html, which the mock reads as JSON all the same.
    const direct = await fetch(bot.url, { method: 'POST', headers: { authorization: 'template-token', 'content-type': 'application/json' }, body: '{"widget_id":"w","case_id":"c","text":"hi"}' });
    expect(direct.headers.get('content-type')).toBe('text/html; charset=utf-8');
    await direct.text();

    await call('PUT', '/api/v1/user.json', { email: 'owner@example.com', name: 'Owner', password: '12345', accountType: 'enterprise' });
    const agents = [{ agentId: 'ana@example.com', agentAlias: 'Ana', agentAvatar: 'https://example.com/ana.png', agentType: 'webclient' }];
    const widget = async () => (await call('PUT', '/api/v1/widget.json', { email: 'owner@example.com', agents })).uuid as string;
    const widgetId = await widget();
    await call('PUT', `/_mock/widgets/${widgetId}/integration`, { url: receiver.url });
    expect(await bots.set(widgetId, { url: bot.url, token: 'template-token', name: 'Snappy' })).toMatchObject({ tokenSet: true, name: 'Snappy' });
    await call('PUT', `/_mock/widgets/${widgetId}/agent-script`, { acceptAfterMs: 2000, greeting: 'Hi, {alias} here.', replies: [{ match: 'refund', text: 'Your refund is on its way.' }] });
    await call('PUT', `/_mock/widgets/${widgetId}/agents/wc:ana@example.com/status`, { status: 'online' });

    // The visitor's side: SnapEngage's Visitor Chat API, parameters in the query string as its sample sends them.
    const visitor = async (method: string, path: string): Promise<any> => {
      const res = await fetch(`${server.url}${path}`, { method, headers: { 'x-api-key': KEY, 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status, path).toBe(200);
      return res.json();
    };
    const start = async (message: string) => (await visitor('POST', `/api/v1/chat?${new URLSearchParams({ widgetId, visitorMessage: message, email: 'vera@example.com' })}`)).caseId as string;
    const say = (caseId: string, text: string) => visitor('PUT', `/api/v1/chat?${new URLSearchParams({ caseId, messageType: '1', messageBody: text })}`);
    const lines = async (caseId: string) => (await visitor('GET', `/api/v1/chat/poll/${caseId}?index=0`)).messageList.map((m: { type: string; author: string; text: string }) => `${m.type} ${m.author}: ${m.text}`);
    const advance = (ms: number) => call('POST', '/_mock/clock/advance', { ms });

    // 1. Messages and buttons, then a button's pick: "Bye" leads to BYE, and the closed case reaches the receiver.
    const byeCase = await start('hello');
    await bots.waitForAnswer(byeCase);
    expect(await lines(byeCase)).toEqual(['agent Snappy: Hi, I am Snappy. What can I do for you?', 'system system: /SYS BTN ["Pricing","Talk to a human","Bye"]']);
    await say(byeCase, 'Pricing');
    await bots.waitForAnswer(byeCase);
    await say(byeCase, 'Bye');
    const closed = await bots.waitForAnswer(byeCase);
    expect(closed.status).toBe('closed');
    expect(bot.calls.filter((c) => c.body.case_id === byeCase).map((c) => c.headers.authorization)).toEqual(['template-token', 'template-token', 'template-token', 'template-token']);
    await advance(0);
    const [delivered] = await receiver.received(1);
    const doc = JSON.parse(delivered!.body);
    expect(doc).toMatchObject({ id: byeCase, widget_id: widgetId, type: 'chat', chat_ended_by: 'bot', requested_by: 'vera@example.com' });
    expect(doc.transcripts.map((t: { sender: string; alias: string; message: string }) => `${t.sender} ${t.alias}: ${t.message}`)).toEqual([
      'VISITOR visitor: hello',
      'AGENT Snappy: Hi, I am Snappy. What can I do for you?',
      'VISITOR visitor: Pricing',
      'AGENT Snappy: Plans start at $10 a month.',
      'VISITOR visitor: Bye',
      'AGENT Snappy: Thanks for chatting. Goodbye!',
    ]);

    // 2. "Talk to a human" leads to HUMAN_TRANSFER: the chat joins the queue, the scripted agent takes it and answers.
    const humanCase = await start('hello');
    await bots.waitForAnswer(humanCase);
    await say(humanCase, 'Talk to a human');
    expect((await bots.waitForTransfer(humanCase)).status).toBe('queued');
    await advance(2000);
    await say(humanCase, 'I want a refund');
    // The scripted reply runs on the key's clock too.
    await advance(0);
    expect((await lines(humanCase)).slice(2)).toEqual([
      'agent Snappy: Let me get you a person.',
      'system system: /NFO You are being transferred to an agent. Please wait for the next available agent.',
      'system system: /NIC Ana',
      'agent Ana: Hi, Ana here.',
      'agent Ana: Your refund is on its way.',
    ]);

    // 3. A widget whose bot settings carry a wrong token: the bot refuses, the call fails, a human takes over.
    const otherWidget = await widget();
    await bots.set(otherWidget, { url: bot.url, token: 'not-the-token' });
    const refusedCase = (await visitor('POST', `/api/v1/chat?${new URLSearchParams({ widgetId: otherWidget, visitorMessage: 'hello' })}`)).caseId as string;
    const refused = await bots.waitForTransfer(refusedCase);
    expect(refused.botCalls[0]).toMatchObject({ state: 'failed', statusCode: 401, answer: 'Unauthorized', error: 'http_status: status 401' });
    expect(await lines(refusedCase)).toEqual(['system system: /NFO Our assistant could not answer. You are being transferred to an agent.']);
    const conversation = await call('GET', `/_mock/conversations/${refusedCase}`);
    expect(conversation).toMatchObject({ status: 'queued', botCalls: [expect.objectContaining({ error: 'http_status: status 401' })] });
    await bot.close();
  });
});
