import { describe, expect, test } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY } from '../helpers/build-test-app.js';
import { advance, configureIntegration, createSupportRequest } from '../helpers/integration-setup.js';
import { createOrg, logsUrl, type Org } from '../helpers/logs-setup.js';
import type { FastifyInstance } from 'fastify';
import { SURVEY_DELAY_MS } from '../../src/logs/logs-case.js';

const QUERY = 'start=2026-01-01&end=2026-01-31';

type Case = Record<string, unknown> & { id: string; transcripts: Array<Record<string, unknown>> };

const casesOf = async (app: FastifyInstance, org: Org): Promise<Case[]> => {
  const res = await app.inject({ method: 'GET', url: logsUrl(org.orgId, QUERY), headers: { authorization: org.apiToken } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ cases: Case[] }>().cases;
};

describe("a case in the Logs API's representation", () => {
  test('the webhook document with epoch-ms dates, the agent, destination and survey fields, cases as the first key', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    const { supportRequest: sent } = await createSupportRequest(app, org.widgetIds[0]!, {
      type: 'chat',
      created_at_seconds: 1767603600,
      created_at_milliseconds: 250,
      transcripts: [
        { id: '', date: 'x', date_seconds: 1767603601, date_milliseconds: 5, alias: 'visitor', message: 'Hola', translations: { en: 'Hello' }, sender: 'VISITOR' },
        { id: 'wc:jerome@example.com', date: 'x', date_seconds: 1767603602, date_milliseconds: 7, alias: 'Jerome', message: 'Hi', sender: 'AGENT' },
      ],
    });
    const res = await app.inject({ method: 'GET', url: logsUrl(org.orgId, QUERY), headers: { authorization: org.apiToken } });
    expect(Object.keys(res.json())).toEqual(['cases', 'linkToNextSetOfResults']);
    const [got] = res.json<{ cases: Case[] }>().cases;
    expect(got!.created_at_date).toBe(1767603600250);
    expect(got!.transcripts).toEqual([
      { id: '', date: 1767603601005, date_seconds: 1767603601, date_milliseconds: 5, alias: 'visitor', message: 'Hola', translations: 'Hello', sender: 'VISITOR' },
      { id: 'wc:jerome@example.com', date: 1767603602007, date_seconds: 1767603602, date_milliseconds: 7, alias: 'Jerome', message: 'Hi', translations: null, sender: 'AGENT' },
    ]);
    expect(got).toMatchObject({ chat_agent_id: 'wc:jerome@example.com', chat_agent_alias: 'Jerome', destination_url: `mailto:${org.email}` });
    // Every other field keeps the webhook's name, type and value, in the webhook's order.
    const { created_at_date: _a, transcripts: _b, chat_agent_id: _e, chat_agent_alias: _f, ...sameFields } = sent as unknown as Case;
    const { created_at_date: _c, transcripts: _d, chat_agent_id, chat_agent_alias, destination_url, survey_score, survey_comments, ...rest } = got!;
    expect(rest).toEqual(sameFields);
    const sentKeys = Object.keys(sent).filter((key) => !key.startsWith('chat_agent_'));
    expect(Object.keys(got!).slice(0, sentKeys.length)).toEqual(sentKeys);
    expect(Object.keys(got!).slice(-5)).toEqual(['chat_agent_id', 'chat_agent_alias', 'destination_url', 'survey_score', 'survey_comments']);
  });

  test('an offline request has no agent and no survey; the fields clients read blindly are always there', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    await createSupportRequest(app, org.widgetIds[0]!, { type: 'offline' });
    await advance(app, 24 * 3_600_000);
    const [got] = await casesOf(app, org);
    expect(got).toMatchObject({ type: 'offline', chat_agent_id: '', chat_agent_alias: '', survey_score: null, survey_comments: null, transcripts: [] });
    for (const field of ['chat_duration', 'language_code', 'javascript_variables', 'operator_variables', 'labels']) expect(got).toHaveProperty(field);
  });

  test('destination_url is the Integration URL the case was POSTed to, when the widget has one', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    await configureIntegration(app, org.widgetIds[0]!, { url: 'http://127.0.0.1:9/hook' });
    await createSupportRequest(app, org.widgetIds[0]!);
    expect((await casesOf(app, org))[0]!.destination_url).toBe('http://127.0.0.1:9/hook');
  });

  test('a chat survey shows only once SnapEngage would have stored it, 5 minutes after the chat, and stays the same', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    for (let i = 0; i < 20; i++) await createSupportRequest(app, org.widgetIds[0]!, { type: 'chat', chat_duration: 60 });
    expect((await casesOf(app, org)).every((c) => c.survey_score === null && c.survey_comments === null)).toBe(true);
    await advance(app, 60_000 + SURVEY_DELAY_MS);
    const surveyed = (await casesOf(app, org)).filter((c) => c.survey_score !== null);
    expect(surveyed.length).toBeGreaterThan(0);
    expect(surveyed.length).toBeLessThan(20);
    for (const c of surveyed) {
      expect(c.survey_score).toSatisfy((s: number) => Number.isInteger(s) && s >= 0 && s <= 100);
      expect(typeof c.survey_comments).toBe('string');
    }
    expect(await casesOf(app, org)).toEqual(await casesOf(app, org));
  });
});

describe('/api/v2 under the test-double controls', () => {
  test('a fault rule for /api/v2 (or the default path) answers the Logs API, scoped to the org owner\'s key', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    const other = await createOrg(app, { key: OTHER_KEY });
    await app.inject({ method: 'POST', url: '/_mock/faults', payload: { api_key: KEY, path: '/api/v2/*', status: 429, count: 1 } });
    const get = (o: Org) => app.inject({ method: 'GET', url: logsUrl(o.orgId, QUERY), headers: { authorization: o.apiToken } });
    expect((await get(other)).statusCode).toBe(200);
    const limited = await get(org);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect((await get(org)).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/_mock/faults', payload: { api_key: KEY, status: 503, count: 1 } });
    expect((await get(org)).statusCode).toBe(503);
    expect((await get(org)).statusCode).toBe(200);
    const viaHeader = await app.inject({ method: 'GET', url: logsUrl(org.orgId, QUERY), headers: { authorization: org.apiToken, 'x-mock-fault': '502' } });
    expect(viaHeader.statusCode).toBe(502);
  });

  test('a refused call is journaled under the key of the token\'s org; one without a valid token is not journaled', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    const other = await createOrg(app, { key: OTHER_KEY });
    await app.inject({ method: 'GET', url: logsUrl(other.orgId, QUERY), headers: { authorization: org.apiToken } });
    await app.inject({ method: 'GET', url: logsUrl(org.orgId, QUERY), headers: { authorization: 'wrong-token' } });
    const journal = async (key: string) =>
      (await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${key}&path=/api/v2/*` })).json<{ requests: Array<{ status: number }> }>().requests;
    expect((await journal(KEY)).map((e) => e.status)).toEqual([403]);
    expect(await journal(OTHER_KEY)).toEqual([]);
  });

  test("a reset of one key removes its orgs and their cases: their tokens stop working, other keys' orgs stay", async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    const other = await createOrg(app, { key: OTHER_KEY });
    await createSupportRequest(app, other.widgetIds[0]!, undefined, OTHER_KEY);
    await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` });
    const res = await app.inject({ method: 'GET', url: logsUrl(org.orgId, QUERY), headers: { authorization: org.apiToken } });
    expect(res.statusCode).toBe(401);
    expect(await casesOf(app, other)).toHaveLength(1);
  });
});
