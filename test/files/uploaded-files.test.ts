// Uploaded files end to end over the real https listener: attached at creation, linked from the transcript (and the
// Logs API's copy of it), downloaded byte for byte by Node, curl and Python requests; refused over http, without
// orgId, with a wrong or another org's token; gone after a per-key reset.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMock, type MockHarness } from '../../src/harness/harness.js';
import { createOrg, type Org } from '../helpers/logs-setup.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const PYTHON_CLIENT = fileURLToPath(new URL('./clients/download_file.py', import.meta.url));
const KEY = 'files-key';
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let mock: MockHarness;
let agent: Agent;
let caDir: string;
let caFile: string;
let org: Org;
let other: Org;
const pinned = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256));

interface Transcript {
  sender: string;
  alias: string;
  message: string;
}
interface Created {
  supportRequest: { id: string; description: string; transcripts: Transcript[] };
}

/** Over the http listener, so the links name the Host the client used (127.0.0.1). */
async function createWithFiles(o: Org, body: object): Promise<{ status: number; json: any }> {
  const res = await request(`${mock.url}/_mock/widgets/${o.widgetIds[0]}/support-requests?api_key=${KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

async function download(link: string, query: string, token?: string) {
  const res = await request(`${link}${query}`, { dispatcher: agent, headers: token === undefined ? {} : { authorization: token } });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
}

let created: Created;
let links: string[];

beforeAll(async () => {
  mock = await startMock({ apiKey: KEY, startTime: Date.UTC(2026, 0, 6) });
  agent = new Agent({ connect: { ca: mock.ca } });
  caDir = mkdtempSync(join(tmpdir(), 'snapengage-mock-files-'));
  caFile = join(caDir, 'ca.pem');
  writeFileSync(caFile, mock.ca!);
  org = await createOrg(mock.app, { key: KEY });
  other = await createOrg(mock.app, { key: KEY });
  const res = await createWithFiles(org, {
    type: 'chat',
    files: [
      { name: 'notes/../screen shot?.bin', contentType: 'application/octet-stream', contentBase64: pinned.toString('base64') },
      { generate: 'png' },
      { generate: 'pdf', name: 'invoice.pdf' },
    ],
  });
  expect(res.status).toBe(201);
  created = res.json;
  links = created.supportRequest.transcripts.slice(-3).map((t) => t.message);
}, 30_000);
afterAll(async () => {
  await agent?.close();
  await mock?.close();
  rmSync(caDir, { recursive: true, force: true });
});

describe('uploaded files', () => {
  test('each file is a VISITOR transcript line holding its https link, name sanitized', () => {
    const uploads = created.supportRequest.transcripts.slice(-3);
    expect(uploads.map((t) => [t.sender, t.alias])).toEqual(Array(3).fill(['VISITOR', 'visitor']));
    const origin = mock.httpsUrl!;
    expect(links[0]).toMatch(new RegExp(`^${origin}/api/v2/files/fil_[0-9a-f]{32}/screen%20shot_\\.bin$`));
    expect(links[1]).toMatch(new RegExp(`^${origin}/api/v2/files/fil_[0-9a-f]{32}/image\\.png$`));
    expect(links[2]).toMatch(new RegExp(`^${origin}/api/v2/files/fil_[0-9a-f]{32}/invoice\\.pdf$`));
  });

  test('Node over https, trusting the CA, gets the stored bytes, content type and name', async () => {
    const got = await download(links[0]!, `?orgId=${org.orgId}`, org.apiToken);
    expect(got.status).toBe(200);
    expect(sha256(got.body)).toBe(sha256(pinned));
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="screen shot_.bin"; filename*=UTF-8''screen%20shot_.bin`);
    // A browser opening the link neither guesses another type nor runs what the file holds with the mock's origin.
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toMatch(/^sandbox(;|$)/);
    const png = await download(links[1]!, `?orgId=${org.orgId}`, org.apiToken);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const pdf = await download(links[2]!, `?orgId=${org.orgId}`, org.apiToken);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.toString('latin1')).toMatch(/^%PDF-1\.4\n[\s\S]*%%EOF\n$/);
    // Journaled under the key that owns the organization, the token redacted.
    const journaled = await mock.requests({ path: new URL(links[0]!).pathname });
    expect(journaled.at(-1)).toMatchObject({ status: 200, query: { orgId: org.orgId } });
    expect(JSON.stringify(journaled)).not.toContain(org.apiToken);
  });

  test('curl --cacert downloads the same bytes', async () => {
    const out = join(tempDir(), 'got.bin');
    await run('curl', ['-sS', '--fail-with-body', '--noproxy', '*', '--cacert', caFile, '-H', `Authorization: ${org.apiToken}`, '-o', out, `${links[0]}?orgId=${org.orgId}`]);
    expect(sha256(readFileSync(out))).toBe(sha256(pinned));
  });

  test('Python requests downloads the same bytes; its refusals are the JSON envelope', async () => {
    const python = async (link: string, orgId: string, token: string) => JSON.parse((await run('python3', [PYTHON_CLIENT, link, orgId, token, caFile])).stdout);
    expect(await python(links[0]!, org.orgId, org.apiToken)).toMatchObject({ status: 200, sha256: sha256(pinned), contentType: 'application/octet-stream' });
    expect(await python(links[0]!, org.orgId, other.apiToken)).toMatchObject({ status: 403, body: { error: { code: 'other_org' } } });
  }, 30_000);

  test('the Logs API case carries the same links', async () => {
    const res = await request(`${mock.httpsUrl}/api/v2/${org.orgId}/logs?start=2026-01-01&end=2026-12-31`, { dispatcher: agent, headers: { authorization: org.apiToken } });
    const page = (await res.body.json()) as { cases: Array<{ id: string; transcripts: Transcript[] }> };
    const logged = page.cases.find((c) => c.id === created.supportRequest.id)!;
    expect(logged.transcripts.slice(-3).map((t) => t.message)).toEqual(links);
  });

  test('plain http is refused with 403 https_required, before any credential is looked at', async () => {
    const overHttp = links[0]!.replace(mock.httpsUrl!, mock.url);
    const res = await request(`${overHttp}?orgId=${org.orgId}`, { headers: { authorization: org.apiToken } });
    expect(res.statusCode).toBe(403);
    const body = (await res.body.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('https_required');
    expect(body.error.message).toMatch(/https is required/);
  });

  test('missing orgId, missing or wrong token, another org: refused as the Logs API refuses', async () => {
    const link = links[0]!;
    const code = async (query: string, token?: string) => {
      const got = await download(link, query, token);
      return [got.status, JSON.parse(got.body.toString()).error.code];
    };
    expect(await code('', org.apiToken)).toEqual([403, 'missing_org_id']);
    expect(await code(`?orgId=${org.orgId}`)).toEqual([401, 'missing_api_token']);
    expect(await code(`?orgId=${org.orgId}`, 'not-a-token')).toEqual([401, 'invalid_api_token']);
    expect(await code(`?orgId=${org.orgId}`, other.apiToken)).toEqual([403, 'other_org']);
    expect(await code('?orgId=1000000000000001', org.apiToken)).toEqual([404, 'org_not_found']);
    // Another organization's own, valid credentials do not open this org's file.
    expect(await code(`?orgId=${other.orgId}`, other.apiToken)).toEqual([404, 'file_not_found']);
    // The name is part of the link.
    const renamed = await download(link.replace(/[^/]+$/, 'other.bin'), `?orgId=${org.orgId}`, org.apiToken);
    expect(renamed.status).toBe(404);
  });

  test('an offline message carries each link as a line of its description', async () => {
    // Through the harness's typed helper, which takes `files` too.
    const { supportRequest } = await mock.createSupportRequest(org.widgetIds[0]!, { type: 'offline', description: 'See attached.', files: [{ generate: 'pdf' }] });
    expect(supportRequest.transcripts).toEqual([]);
    expect(supportRequest.description).toMatch(new RegExp(`^See attached\\.\\nUploaded file: ${mock.httpsUrl}/api/v2/files/fil_[0-9a-f]{32}/document\\.pdf$`));
  });
});
