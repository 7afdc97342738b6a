// Real clients of the Logs API against a real listener: Python's requests, as the public client uses it, and curl.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMock, type MockHarness } from '../../src/harness/harness.js';
import { createCases, createOrg, type Org } from '../helpers/logs-setup.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./clients/logs_client.py', import.meta.url));
const KEY = 'public-clients-key';
const T0 = Date.UTC(2026, 0, 5, 9) / 1000;

let mock: MockHarness;
let org: Org;
let other: Org;
let ids: string[];

beforeAll(async () => {
  mock = await startMock({ apiKey: KEY, startTime: Date.UTC(2026, 0, 6) });
  org = await createOrg(mock.app, { key: KEY, widgets: 3 });
  other = await createOrg(mock.app, { key: KEY });
  ids = await createCases(mock.app, org, 250, T0, KEY);
  await createCases(mock.app, other, 3, T0, KEY);
}, 120_000);
afterAll(() => mock.close());
// Each test runs python3 or curl several times: at load 20 on two cores one of them took over 30 s. Timeouts catch hangs.

/** Over https when `tls` names the CA file to trust. */
const python = async (orgId: string, token: string, tls?: { base: string; caFile: string }) => {
  const args = [SCRIPT, tls?.base ?? mock.url, orgId, token, '2026-01-05', '2026-01-05', ...(tls ? [tls.caFile] : [])];
  const { stdout } = await run('python3', args).catch((err: { stdout: string }) => ({ stdout: err.stdout }));
  return JSON.parse(stdout) as {
    pages: number;
    cases: Array<{ id: string; widget_id: string; seconds: number }>;
    links: string[];
    status?: number;
    body?: { error: { code: string } };
  };
};

/** As the public R client does: curl the link, with the first call's start/end appended to it. */
async function curlAll(orgId: string, token: string, tls?: { base: string; caFile: string }): Promise<{ pages: number; ids: string[]; links: string[] }> {
  const extra = '&start=2026-01-05&end=2026-01-05';
  let url = `${tls?.base ?? mock.url}/api/v2/${orgId}/logs?start=2026-01-05&end=2026-01-05`;
  const seen: string[] = [];
  const links: string[] = [];
  let pages = 0;
  for (;;) {
    const { stdout } = await run('curl', ['-sS', '--fail-with-body', '--noproxy', '*', ...(tls ? ['--cacert', tls.caFile] : []), '-H', `Authorization: ${token}`, url]);
    const page = JSON.parse(stdout) as { cases: Array<{ id: string }>; linkToNextSetOfResults: string };
    pages++;
    seen.push(...page.cases.map((c) => c.id));
    links.push(page.linkToNextSetOfResults);
    if (page.linkToNextSetOfResults === '') return { pages, ids: seen, links };
    url = page.linkToNextSetOfResults + extra;
  }
}

describe('the Logs API with the clients people use', () => {
  test('the harness hands out the org\'s credentials', async () => {
    expect(await mock.apiCredentials(org.email)).toEqual({ orgId: org.orgId, apiToken: org.apiToken });
  });

  test('Python requests pages through 250 cases over 3 widgets, each exactly once, oldest first', async () => {
    const got = await python(org.orgId, org.apiToken);
    expect(got.pages).toBe(3);
    expect(got.cases.map((c) => c.id)).toEqual(ids);
    expect(new Set(got.cases.map((c) => c.widget_id)).size).toBe(3);
    expect(got.cases[0]!.seconds).toBe(T0);
    // It re-sent start and end on top of every next link; the link's own values won.
    const sent = await mock.requests({ path: `/api/v2/${org.orgId}/logs` });
    expect(sent.slice(-2).map((e) => e.query.start)).toEqual([['2026-01-05', '2026-01-05'], ['2026-01-05', '2026-01-05']]);
  }, 120_000);

  test('curl does the same, appending start/end to the link as given', async () => {
    const got = await curlAll(org.orgId, org.apiToken);
    expect(got.pages).toBe(3);
    expect(got.ids).toEqual(ids);
  }, 120_000);

  test('another org\'s token is refused (403), an unknown orgId is 404, a rotated token 401', async () => {
    expect(await python(org.orgId, other.apiToken)).toMatchObject({ status: 403, body: { error: { code: 'other_org' } } });
    expect(await python('1000000000000001', org.apiToken)).toMatchObject({ status: 404, body: { error: { code: 'org_not_found' } } });
    const rotated = await mock.rotateApiToken(other.email);
    expect(await python(other.orgId, other.apiToken)).toMatchObject({ status: 401, body: { error: { code: 'invalid_api_token' } } });
    expect((await python(other.orgId, rotated.apiToken)).cases).toHaveLength(3);
  }, 120_000);

  test('over https, trusting the CA the mock serves: Python requests and curl --cacert page through the same cases on https links', async () => {
    const caFile = join(tempDir(), 'ca.pem');
    writeFileSync(caFile, await (await fetch(`${mock.url}/_mock/tls/ca.pem`)).text());
    const tls = { base: mock.httpsUrl!, caFile };
    const nextLinks = [expect.stringMatching(new RegExp(`^${mock.httpsUrl}/api/v2/${org.orgId}/logs\\?`)), expect.stringMatching(/^https:/), ''];
    const viaPython = await python(org.orgId, org.apiToken, tls);
    expect(viaPython.cases.map((c) => c.id)).toEqual(ids);
    expect(viaPython.links).toEqual(nextLinks);
    const viaCurl = await curlAll(org.orgId, org.apiToken, tls);
    expect(viaCurl.ids).toEqual(ids);
    expect(viaCurl.links).toEqual(nextLinks);
  }, 120_000);
});
