// The harness's bot helpers, from the package's entry: startBot() answers as Express does (send(string) is text/html,
// json() and send(object) are JSON, sendStatus is the status and its text), and botClient() sets a bot and waits for
// its answers and its handover, saying so when the chat closed instead or the bot never answered.
import { describe, expect, it, onTestFinished } from 'vitest';
import { botClient, MockClientError, startBot, startMock, type BotResponse, type BotSettings, type ConversationBotCalls } from '../../src/index.js';

const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"widget_id":"w","case_id":"c","text":"x"}' });

describe('startBot and botClient', () => {
  it('answer as Express would, and record each turn', async () => {
    const answers: Array<(res: BotResponse) => void> = [
      (res: BotResponse) => res.send('{"content":[]}'),
      (res: BotResponse) => res.json({ content: [] }),
      (res: BotResponse) => res.sendStatus(403),
      (res: BotResponse) => res.status(202).set('Content-Type', 'application/json').send('{}'),
    ];
    const bot = await startBot((_req, res) => answers.shift()!(res));
    onTestFinished(() => bot.close());
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const res = await post(bot.url);
      seen.push([res.status, res.headers.get('content-type'), await res.text()]);
    }
    expect(seen).toEqual([
      [200, 'text/html; charset=utf-8', '{"content":[]}'],
      [200, 'application/json; charset=utf-8', '{"content":[]}'],
      [403, 'text/plain; charset=utf-8', 'Forbidden'],
      [202, 'application/json', '{}'],
    ]);
    expect((await bot.received(4)).map((t) => [t.body.text, t.status])).toEqual([['x', 200], ['x', 200], ['x', 403], ['x', 202]]);
    expect(bot.token).toMatch(/^bot-[0-9a-f]{24}$/);
  });

  it('wait for the answer and the transfer, and say when the chat closed instead', async () => {
    const mock = await startMock({ apiKey: 'bot-harness-key' });
    onTestFinished(() => mock.close());
    const bot = await startBot((req, res) =>
      res.send(JSON.stringify({ content: req.body.text === 'bye' ? [{ type: 'command', operation: 'BYE' }] : [{ type: 'message', text: 'hi' }] })),
    );
    onTestFinished(() => bot.close());
    const bots = botClient(mock);
    const json = async (method: string, path: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${mock.url}${path}${path.includes('?') ? '&' : '?'}api_key=${mock.apiKey}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.json();
    };
    await json('PUT', '/api/v1/user.json', { email: 'o@example.com', name: 'O', password: '12345', accountType: 'enterprise' });
    const { uuid } = await json('PUT', '/api/v1/widget.json', { email: 'o@example.com', agents: [{ agentId: 'a@example.com', agentAlias: 'A', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }] });
    const settings: BotSettings = await bots.set(uuid, { url: bot.url, token: bot.token });
    expect(settings.tokenSet).toBe(true);
    await expect(bots.get('no-such-widget')).rejects.toBeInstanceOf(MockClientError);

    const visitor = (query: Record<string, string>, method = 'POST'): Promise<any> =>
      fetch(`${mock.url}/api/v1/chat?${new URLSearchParams(query)}`, { method, headers: { 'x-api-key': mock.apiKey } }).then((r) => r.json());
    const { caseId } = await visitor({ widgetId: uuid });
    const answered: ConversationBotCalls = await bots.waitForAnswer(caseId);
    expect(answered.botCalls.map((c) => c.applied)).toEqual([['message']]);
    await visitor({ caseId, messageType: '1', messageBody: 'bye' }, 'PUT');
    await expect(bots.waitForTransfer(caseId)).rejects.toThrow(`${caseId} was closed, not transferred to a human (last call: ["command BYE: closed"])`);

    // A bot that never answers: waitForAnswer gives up after its timeout, saying so.
    const silentBot = await startBot(() => undefined);
    onTestFinished(() => silentBot.close());
    await bots.set(uuid, { url: silentBot.url });
    const silent = await visitor({ widgetId: uuid });
    await expect(bots.waitForAnswer(silent.caseId, 200)).rejects.toThrow(`the bot of ${silent.caseId} has not answered within 200 ms`);
    await bots.remove(uuid);
  });
});
