import { describe, expect, test } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY, START_TIME } from '../helpers/build-test-app.js';
import { createSupportRequest } from '../helpers/integration-setup.js';
import { createCases, createOrg, logsUrl, type Org } from '../helpers/logs-setup.js';
import type { FastifyInstance } from 'fastify';

// 2026-01-05T09:00:00Z, where the test app's virtual clock starts.
const T0 = START_TIME / 1000;

interface Page {
  cases: Array<Record<string, unknown> & { id: string; created_at_date: number }>;
  linkToNextSetOfResults: string;
}

const getLogs = (app: FastifyInstance, org: Pick<Org, 'orgId' | 'apiToken'>, query: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: logsUrl(org.orgId, query), headers: { authorization: org.apiToken, ...headers } });

/** Follows the links as public clients do: the link as given, plus start/end re-sent on top. */
async function pageAll(app: FastifyInstance, org: Org, query: string): Promise<Page[]> {
  const pages: Page[] = [];
  let res = await getLogs(app, org, query);
  for (;;) {
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<Page>();
    pages.push(page);
    if (page.linkToNextSetOfResults === '') return pages;
    const link = new URL(page.linkToNextSetOfResults);
    res = await app.inject({ method: 'GET', url: `${link.pathname}${link.search}&${query}`, headers: { authorization: org.apiToken } });
  }
}

describe('GET /api/v2/{orgId}/logs', () => {
  test('250 cases over 3 widgets come in pages of 100, oldest first, each exactly once, to an empty last link', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app, { widgets: 3 });
    const ids = await createCases(app, org, 250, T0);
    const pages = await pageAll(app, org, 'start=2026-01-05&end=2026-01-05');
    expect(pages.map((p) => p.cases.length)).toEqual([100, 100, 50]);
    const seen = pages.flatMap((p) => p.cases);
    expect(seen.map((c) => c.id)).toEqual(ids);
    expect(new Set(seen.map((c) => c.widget_id))).toEqual(new Set(org.widgetIds));
    const times = seen.map((c) => c.created_at_date);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(pages[0]!.linkToNextSetOfResults).toMatch(/^http:\/\/localhost(:80)?\/api\/v2\/\d+\/logs\?start=2026-01-05&end=2026-01-05&next=/);
  });

  test('a page boundary stays put while cases are added: nothing seen twice, nothing present from the start skipped', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app, { widgets: 2 });
    const before = await createCases(app, org, 150, T0);
    const first = (await getLogs(app, org, 'start=2026-01-05&end=2026-01-06')).json<Page>();
    // Cases land before the cursor (an old date), between, at the very instant of the page's last case, and after.
    const lastOfPage = first.cases.at(-1)!.created_at_date / 1000;
    const added = [];
    for (const seconds of [T0 - 1, lastOfPage, T0 + 120 * 60 + 1, T0 + 1000 * 60]) {
      added.push((await createSupportRequest(app, org.widgetIds[0]!, { created_at_seconds: seconds, created_at_milliseconds: 0 })).supportRequest.id);
    }
    const link = new URL(first.linkToNextSetOfResults);
    const rest = (await app.inject({ method: 'GET', url: `${link.pathname}${link.search}`, headers: { authorization: org.apiToken } })).json<Page>();
    const seen = [...first.cases, ...rest.cases].map((c) => c.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.includes(id))).toEqual(before);
    // The ones after the cursor (same instant, later seq; later instants) are picked up; the one before it is not.
    expect(rest.cases.map((c) => c.id)).toEqual(expect.arrayContaining([added[1], added[2], added[3]]));
    expect(seen).not.toContain(added[0]);
  });

  test('start/end select by the case creation instant; a date end covers its day, in the given time zone', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    const at = (iso: string) => createSupportRequest(app, org.widgetIds[0]!, { created_at_seconds: Date.parse(iso) / 1000, created_at_milliseconds: 0 });
    const late = (await at('2026-01-06T03:00:00Z')).supportRequest.id; // Jan 5, 22:00 in New York
    const early = (await at('2026-01-05T00:00:00Z')).supportRequest.id; // Jan 4, 19:00 in New York
    const ids = async (query: string) => (await getLogs(app, org, query)).json<Page>().cases.map((c) => c.id);
    expect(await ids('start=2026-01-05&end=2026-01-05')).toEqual([early]);
    expect(await ids('start=2026-01-05&end=2026-01-05&timezone=America/New_York')).toEqual([late]);
    expect(await ids('start=2026-01-04&end=2026-01-06')).toEqual([early, late]);
    expect(await ids('start=2026-01-05T00:00:00Z&end=2026-01-06T03:00:00Z')).toEqual([early, late]);
    expect(await ids('start=2026-01-05T00:00:00.001Z&end=2026-01-06T02:59:59.999Z')).toEqual([]);
    expect(await ids('start=2026-01-05T22:00:00&end=2026-01-05T22:00:00&timezone=America/New_York')).toEqual([late]);
    expect(await ids('start=2026-01-05&end=2099-12-31')).toEqual([early, late]);
  });

  test('widgetId narrows to one widget or a comma-separated list; a widget of another org is a 404', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app, { widgets: 3 });
    await createCases(app, org, 9, T0);
    const other = await createOrg(app);
    const widgetsOf = async (query: string) => new Set((await getLogs(app, org, query)).json<Page>().cases.map((c) => c.widget_id));
    const [w1, w2, w3] = org.widgetIds;
    expect(await widgetsOf(`start=2026-01-05&end=2026-01-05&widgetId=${w2}`)).toEqual(new Set([w2]));
    expect(await widgetsOf(`start=2026-01-05&end=2026-01-05&widgetId=${w1},${w3}`)).toEqual(new Set([w1, w3]));
    const foreign = await getLogs(app, org, `start=2026-01-05&end=2026-01-05&widgetId=${w1},${other.widgetIds[0]}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toMatchObject({ code: 'widget_not_found' });
  });

  test('a repeated query key keeps its first value, and the journal shows what was sent', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    await createCases(app, org, 2, T0);
    const res = await getLogs(app, org, 'start=2026-01-05&end=2026-01-05&start=2020-01-01&end=2020-01-01');
    expect(res.json<Page>().cases).toHaveLength(2);
    const journal = (await app.inject({ method: 'GET', url: `/_mock/requests?api_key=${KEY}&path=/api/v2/*` })).json();
    expect(journal.requests).toHaveLength(1);
    expect(journal.requests[0]).toMatchObject({
      method: 'GET',
      path: `/api/v2/${org.orgId}/logs`,
      query: { start: ['2026-01-05', '2020-01-01'], end: ['2026-01-05', '2020-01-01'] },
      headers: { authorization: '[redacted]' },
      status: 200,
    });
    expect(JSON.stringify(journal)).not.toContain(org.apiToken);
  });

  test('the next link is absolute on the scheme and host the client used, X-Forwarded-Proto/-Host included', async () => {
    const { app } = await buildTestApp({ config: { ALLOWED_HOSTS: 'mock.test' } });
    const org = await createOrg(app);
    await createCases(app, org, 101, T0);
    const link = async (headers: Record<string, string>) =>
      (await getLogs(app, org, 'start=2026-01-05&end=2026-01-06&widgetId=' + org.widgetIds[0] + '&timezone=Etc/UTC', headers)).json<Page>().linkToNextSetOfResults;
    expect(await link({ host: 'mock.test:8080' })).toMatch(new RegExp(`^http://mock\\.test:8080/api/v2/${org.orgId}/logs\\?start=2026-01-05&end=2026-01-06&timezone=Etc%2FUTC&widgetId=${org.widgetIds[0]}&next=[\\w-]+$`));
    expect(await link({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'logs.example.com' })).toMatch(/^https:\/\/logs\.example\.com\/api\/v2\//);
    // A forwarded value that is no scheme or host is ignored rather than written into the link.
    expect(await link({ host: 'mock.test', 'x-forwarded-proto': 'gopher', 'x-forwarded-host': 'evil.com/"x' })).toMatch(/^http:\/\/mock\.test\/api\/v2\//);
  });

  test('no cases: an empty list and an empty link', async () => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    const res = await getLogs(app, org, 'start=2026-01-05&end=2026-01-05');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"cases":[],"linkToNextSetOfResults":""}');
  });

  test.each([
    ['end=2026-01-05', 'start', 'required'],
    ['start=2026-01-05', 'end', 'required'],
    ['start=yesterday&end=2026-01-05', 'start', 'format'],
    ['start=2026-02-30&end=2026-03-01', 'start', 'format'],
    ['start=2026-01-05&end=2026-01-05T25:00:00Z', 'end', 'format'],
    ['start=2026-01-06&end=2026-01-05', 'end', 'after_start'],
    ['start=2026-01-05&end=2026-01-05&timezone=Mars/Olympus', 'timezone', 'time_zone'],
    ['start=2026-01-05&end=2026-01-05&next=bm9wZQ', 'next', 'cursor'],
    ['start=2026-01-05&end=2026-01-05&widgetId=,', 'widgetId', 'format'],
    ['start=2026-01-05&end=2026-01-05&limit=5', 'limit', 'unknown_field'],
  ])('%s is a 400 naming %s', async (query, field, rule) => {
    const { app } = await buildTestApp();
    const org = await createOrg(app);
    const res = await getLogs(app, org, query);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([expect.objectContaining({ field, rule })]);
  });
});

describe('who may read which logs', () => {
  test('the cross-org matrix: own token 200, another org\'s 403, unknown orgId 404, no or wrong token 401', async () => {
    const { app } = await buildTestApp();
    const a = await createOrg(app);
    const b = await createOrg(app);
    const c = await createOrg(app, { key: OTHER_KEY });
    const query = 'start=2026-01-05&end=2026-01-05';
    const status = async (orgId: string, authorization?: string) =>
      (await app.inject({ method: 'GET', url: logsUrl(orgId, query), headers: authorization === undefined ? {} : { authorization } })).statusCode;
    for (const org of [a, b, c]) {
      for (const token of [a, b, c]) expect(await status(org.orgId, token.apiToken)).toBe(org === token ? 200 : 403);
      expect(await status(org.orgId)).toBe(401);
      expect(await status(org.orgId, '0'.repeat(32))).toBe(401);
      expect(await status(org.orgId, `Bearer ${org.apiToken}`)).toBe(401);
    }
    expect(await status('1234567890123456', a.apiToken)).toBe(404);
    expect(await status('not-digits', a.apiToken)).toBe(404);
    // Without a valid token, nothing is revealed about which orgIds exist.
    expect(await status('1234567890123456')).toBe(401);
  });

  test('each refusal is one JSON envelope with a code that says why', async () => {
    const { app } = await buildTestApp();
    const a = await createOrg(app);
    const b = await createOrg(app);
    const err = async (orgId: string, authorization?: string) =>
      (await app.inject({ method: 'GET', url: logsUrl(orgId, 'start=2026-01-05&end=2026-01-05'), headers: authorization ? { authorization } : {} })).json().error;
    expect(await err(a.orgId)).toMatchObject({ status: 401, code: 'missing_api_token' });
    expect(await err(a.orgId, 'nope')).toMatchObject({ status: 401, code: 'invalid_api_token' });
    expect((await err(a.orgId, `Bearer ${a.apiToken}`)).message).toMatch(/only the raw token/);
    expect(await err(a.orgId, b.apiToken)).toMatchObject({ status: 403, code: 'other_org' });
    expect(await err('999', a.apiToken)).toMatchObject({ status: 404, code: 'org_not_found' });
  });

  test('auth comes before the query: a bad query with no token is a 401', async () => {
    const { app } = await buildTestApp();
    const a = await createOrg(app);
    const res = await app.inject({ method: 'GET', url: logsUrl(a.orgId, 'start=nonsense') });
    expect(res.statusCode).toBe(401);
  });
});
