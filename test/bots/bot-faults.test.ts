// Fault rules aimed at the mock's calls to bots (target "bot"): an answer in the bot's place, a delay that the key's
// clock times out, a reset; scoped to a widget and counted; and never firing on requests, nor request rules on bot calls.
import { describe, expect, it } from 'vitest';
import { Faults } from '../../src/control/faults.js';
import { faultRuleBody } from '../../src/control/schemas.js';
import { buildTestApp, KEY, OTHER_KEY } from '../helpers/build-test-app.js';
import { answer, botCalls, botWidget, say } from '../helpers/bot-setup.js';
import { startChat } from '../helpers/front-desk.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

async function addFault(app: App, rule: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/_mock/faults', payload: rule });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const friendly = (app: App) => botWidget(app, (req, res) => res.send(answer(req, say('hello'))));

describe('fault rules on bot calls', () => {
  it('answer in the bot\'s place with their status and body, without reaching it, for the next `count` calls', async () => {
    const { app } = await buildTestApp();
    const { widgetId, bot } = await friendly(app);
    const rule = await addFault(app, { api_key: KEY, target: 'bot', widgetId, status: 503, body: { down: true }, count: 1 });
    expect(rule).toMatchObject({ target: 'bot', widgetId, method: '*', path: '/api/*', remaining: 1 });
    const { caseId } = await startChat(app, { widgetId });
    const [call] = (await botCalls(app, caseId, 'handover')).botCalls;
    expect(call).toMatchObject({ state: 'failed', statusCode: 503, answer: '{"down":true}', error: 'http_status: status 503', faultId: rule.id });
    expect(bot.calls).toHaveLength(0);
    // Used up: the next chat's call reaches the bot.
    const next = await startChat(app, { widgetId });
    expect((await botCalls(app, next.caseId, 'answered')).botCalls[0]).toMatchObject({ state: 'answered', faultId: null });
  });

  it('delay a call, which the key\'s clock then times out', async () => {
    const { app } = await buildTestApp();
    const { widgetId, bot } = await botWidget(app, (req, res) => res.send(answer(req, say('hello'))), { timeoutMs: 5000 });
    const rule = await addFault(app, { api_key: KEY, target: 'bot', latencyMs: 60_000 });
    const { caseId } = await startChat(app, { widgetId });
    expect((await botCalls(app, caseId)).botCalls.map((c) => c.state)).toEqual(['pending']);
    await app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, payload: { ms: 5000 } });
    const after = await botCalls(app, caseId);
    expect(after.status).toBe('queued');
    expect(after.botCalls[0]).toMatchObject({ state: 'failed', error: "timeout: no answer within 5000 ms on the key's clock" });
    expect(bot.calls).toHaveLength(0);
    const [listed] = (await app.inject({ method: 'GET', url: `/_mock/faults?api_key=${KEY}` })).json().faults;
    expect(listed).toMatchObject({ id: rule.id, fired: 1 });
  });

  it('fail a call as a reset connection; another widget\'s bot and another key\'s are untouched', async () => {
    const { app } = await buildTestApp();
    const target = await friendly(app);
    const other = await friendly(app);
    const theirs = await botWidget(app, (req, res) => res.send(answer(req, say('hello'))), {}, OTHER_KEY);
    await addFault(app, { api_key: KEY, target: 'bot', widgetId: target.widgetId, action: 'reset' });
    const hit = await startChat(app, { widgetId: target.widgetId });
    expect((await botCalls(app, hit.caseId, 'handover')).botCalls[0]!.error).toMatch(/^connection_reset: fault rule flt_\S+ reset the connection before an answer$/);
    const spared = await startChat(app, { widgetId: other.widgetId });
    expect((await botCalls(app, spared.caseId, 'answered')).botCalls[0]!.state).toBe('answered');
    const elsewhere = await startChat(app, { widgetId: theirs.widgetId }, OTHER_KEY);
    expect((await botCalls(app, elsewhere.caseId, 'answered', OTHER_KEY)).botCalls[0]!.state).toBe('answered');
  });

  it('a bot rule never fires on a request, nor a request rule on a bot call; a bot rule matches by widgetId only', async () => {
    const faults = new Faults({ maxRules: 10, maxBodyBytes: 1024 });
    const parse = (rule: Record<string, unknown>) => faultRuleBody.parse(rule);
    faults.add(parse({ status: 502 }), undefined);
    expect(faults.matchBot('any-widget', 'any-partner')).toBeUndefined();
    faults.clear();
    faults.add(parse({ target: 'bot', status: 500 }), undefined);
    expect(faults.match('POST', '/api/v1/chat', 'any-partner')).toBeUndefined();
    expect(faults.matchBot('any-widget', 'any-partner')).toMatchObject({ kind: 'respond', status: 500 });

    const { app } = await buildTestApp();
    const refused = await app.inject({ method: 'POST', url: '/_mock/faults', payload: { api_key: KEY, target: 'bot', path: '/api/v1/chat', status: 500 } });
    expect([refused.statusCode, refused.json().error.details[0].field]).toEqual([400, 'path']);
    const misplaced = await app.inject({ method: 'POST', url: '/_mock/faults', payload: { api_key: KEY, widgetId: 'w', status: 500 } });
    expect([misplaced.statusCode, misplaced.json().error.details[0].field]).toEqual([400, 'widgetId']);
  });
});
