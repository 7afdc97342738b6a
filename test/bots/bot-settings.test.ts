// A widget's bot settings: set, read and removed by the widget owner's key only, the token write-only, a URL that
// reaches the mock itself refused; a widget with a bot is online without an agent and its chats start with the bot.
import { describe, expect, it, onTestFinished } from 'vitest';
import { startBot } from '../../src/harness/bot.js';
import { buildTestApp, KEY, OTHER_KEY, withKey } from '../helpers/build-test-app.js';
import { AGENT, control, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { createWidget } from '../helpers/integration-setup.js';

const TOKEN = 'bot-token-SECRET-4242';

describe('PUT/GET/DELETE /_mock/widgets/{widgetId}/bot', () => {
  it('keeps the settings with their defaults, never shows the token, and answers 404 once removed', async () => {
    const { app, logs } = await buildTestApp({ config: { LOG_LEVEL: 'trace' } });
    const { widgetId } = await createWidget(app);
    const put = await control(app, 'PUT', `/widgets/${widgetId}/bot`, { url: 'http://127.0.0.1:9/bot', token: TOKEN });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({
      widgetId,
      url: 'http://127.0.0.1:9/bot',
      name: 'Bot',
      tokenSet: true,
      timeoutMs: 10_000,
      bans: [],
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    const got = await control(app, 'GET', `/widgets/${widgetId}/bot`);
    expect(got.json()).toEqual(put.json());
    const renamed = await control(app, 'PUT', `/widgets/${widgetId}/bot`, { url: 'http://127.0.0.1:9/other', name: 'Snappy', timeoutMs: 2500 });
    expect(renamed.json()).toMatchObject({ name: 'Snappy', tokenSet: false, timeoutMs: 2500 });
    expect(`${put.body}${got.body}${logs.join('')}`).not.toContain(TOKEN);

    expect((await control(app, 'GET', `/widgets/${widgetId}/bot`, undefined, OTHER_KEY)).statusCode).toBe(404);
    expect((await control(app, 'DELETE', `/widgets/${widgetId}/bot`, undefined, OTHER_KEY)).statusCode).toBe(404);
    const removed = await control(app, 'DELETE', `/widgets/${widgetId}/bot`);
    expect(removed.statusCode).toBe(204);
    const gone = await control(app, 'GET', `/widgets/${widgetId}/bot`);
    expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'bot_not_found']);
  });

  it('keeps the token out of the logs (trace), the calls\' records and every answer, while the bot gets it', async () => {
    const { app, logs } = await buildTestApp({ config: { LOG_LEVEL: 'trace' } });
    const { widgetId } = await createWidget(app);
    const bot = await startBot((req, res) => res.status(401).send(`no entry for ${req.get('authorization')?.length} characters`));
    onTestFinished(() => bot.close());
    expect((await control(app, 'PUT', `/widgets/${widgetId}/bot`, { url: bot.url, token: TOKEN })).statusCode).toBe(200);
    const { caseId } = await startChat(app, { widgetId, visitorMessage: 'hi' });
    const calls = await control(app, 'GET', `/conversations/${caseId}/bot-calls?wait=handover`);
    expect(calls.json().botCalls[0]).toMatchObject({ state: 'failed', error: 'http_status: status 401' });
    expect(bot.calls[0]!.headers.authorization).toBe(TOKEN);
    const seen = [calls.body, (await control(app, 'GET', `/conversations/${caseId}`)).body, (await control(app, 'GET', `/widgets/${widgetId}/bot`)).body, logs.join('')];
    for (const text of seen) expect(text).not.toContain(TOKEN);
  });

  it('refuses a URL that is not http(s), a token with a line break, a timeout out of bounds', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    for (const body of [{ url: 'ftp://example.com/bot' }, { url: 'http://127.0.0.1:9/bot', token: 'a\nb' }, { url: 'http://127.0.0.1:9/bot', timeoutMs: 120_001 }, { url: 'http://127.0.0.1:9/bot', extra: 1 }]) {
      const res = await control(app, 'PUT', `/widgets/${widgetId}/bot`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('refuses a URL holding a user name or password, naming the rule and where a secret goes instead', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const res = await control(app, 'PUT', `/widgets/${widgetId}/bot`, { url: 'http://bot:s3cret@127.0.0.1:9/bot' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([expect.objectContaining({ field: 'url', rule: 'credentials', message: expect.stringContaining('put a secret in token') })]);
    expect(res.body).not.toContain('s3cret');
  });

  it('refuses a URL that reaches the mock itself (400 self_delivery)', async () => {
    const live = await buildTestApp({ listen: true });
    const { widgetId } = await createWidget(live.app);
    const res = await live.request('PUT', withKey(`/_mock/widgets/${widgetId}/bot`, KEY), { body: { url: `${live.url}/bot` } });
    expect(res.status, res.text).toBe(400);
    expect(res.json().error.code).toBe('self_delivery');
  });

  it('makes the widget online with no agent, and its new chats the bot\'s (status bot, in no agent\'s queue)', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const availability = async () => (await app.inject({ method: 'GET', url: `/api/v1/chat/${widgetId}`, headers: { 'x-api-key': KEY } })).json().online;
    expect(await availability()).toBe('false');
    // A bot that never answers: the chat stays with it for the whole test.
    const bot = await startBot(() => undefined);
    onTestFinished(() => bot.close());
    expect((await control(app, 'PUT', `/widgets/${widgetId}/bot`, { url: bot.url })).statusCode).toBe(200);
    expect(await availability()).toBe('true');
    expect((await control(app, 'GET', `/widgets/${widgetId}/agents`)).json()).toMatchObject({ online: true, reason: null });

    const { caseId } = await startChat(app, { widgetId, visitorMessage: 'hi' });
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json()).toMatchObject({ type: 'chat', status: 'bot', botCalls: [expect.objectContaining({ turn: 1, state: 'pending' })] });
    expect((await control(app, 'GET', '/conversations?status=bot')).json().conversations.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
    expect((await control(app, 'GET', '/conversations?status=queued')).json().conversations).toEqual([]);
    await setAgentStatus(app, widgetId, 'online');
    const accept = await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT });
    expect([accept.statusCode, accept.json().error.code]).toEqual([409, 'conversation_not_queued']);
  });
});
