// The inspector's "Copy as curl" is shell-safe: the command, run by bash, sends the journaled request again (secrets from
// environment variables, the API token where the route needs it) and nothing else runs, whatever the path holds.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/control/schemas.js';
import { curlOf } from '../../ui/src/curl.js';
import { buildTestApp, KEY, type LiveTestApp } from '../helpers/build-test-app.js';
import { rawExchange } from '../helpers/raw-http.js';
import { createOrg } from '../helpers/logs-setup.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);

/** Runs `script` in bash in an empty folder with only `env` (and PATH); resolves with stdout and what the folder holds after. */
async function bash(script: string, env: Record<string, string>): Promise<{ stdout: string; files: string[] }> {
  const cwd = tempDir();
  const { stdout } = await run('bash', ['-c', script], { cwd, env: { PATH: process.env.PATH ?? '', ...env } }).catch((err: { stdout?: string }) => ({
    stdout: err.stdout ?? '',
  }));
  return { stdout, files: readdirSync(cwd) };
}

/** The words bash makes of `command` when `curl` is a function that prints its arguments. */
async function argvOf(command: string, env: Record<string, string> = {}): Promise<{ argv: string[]; files: string[] }> {
  const { stdout, files } = await bash(`curl() { printf '%s\\0' "$@"; }\n${command}`, env);
  return { argv: stdout.split('\0').slice(0, -1), files };
}

const entry = (over: Partial<JournalEntry>): JournalEntry => ({
  id: 1,
  requestId: 'req_1',
  at: '2026-01-05T09:00:00.000Z',
  method: 'GET',
  path: '/api/v1/user.json',
  query: {},
  headers: {},
  body: null,
  status: 200,
  durationMs: 1,
  fault: null,
  response: null,
  ...over,
});

const HOSTILE = `/api/v1/user.json/$(id>pwned)\`id>pwned2\`"'x'\\;id>pwned3|tee pwned4&[1-3]{a,b}\n$(touch pwned5)`;
/**
 * What an HTTP request line can carry (no space, no newline): the first runs `id` under the old double-quoted command,
 * the second breaks its quoting.
 */
const ON_THE_WIRE = [
  '/api/v1/user.json/$(id>pwned)`id>pwned2`;id>pwned3|tee${IFS}pwned4&[1-3]{a,b}<pwned5',
  `/api/v1/user.json/"'x'\\$(id>pwned)'"\`id>pwned2\``,
];

async function journal(live: LiveTestApp): Promise<JournalEntry[]> {
  return (await live.request('GET', `/_mock/requests?api_key=${KEY}`)).json().requests;
}

describe('copy as curl', () => {
  it('is one argument per part whatever the path, query and body hold; secrets come from the environment, expanded once', async () => {
    const key = `k $(touch pwned6) \`touch pwned7\` '"`;
    const command = curlOf(
      entry({ method: 'PUT', path: HOSTILE, query: { api_key: '[redacted]', email: `a'$(id>pwned)@x.com`, password: '[redacted]' }, body: { name: `'$(id>pwned)\`id\`"\n` } }),
      'http://127.0.0.1:8080',
    );
    const { argv, files } = await argvOf(command, { SNAPENGAGE_API_KEY: key, SNAPENGAGE_PASSWORD: 'p w' });
    expect(files).toEqual([]);
    const query = `?api_key=${key}&email=${encodeURIComponent(`a'$(id>pwned)@x.com`)}&password=p w`;
    expect(argv).toEqual([
      '--globoff',
      '-X',
      'PUT',
      '-H',
      'content-type: application/json',
      '--data-raw',
      JSON.stringify({ name: `'$(id>pwned)\`id\`"\n` }),
      `http://127.0.0.1:8080${HOSTILE}${query}`,
    ]);
  });

  it("puts each redacted field of the body back from its variable, inside the JSON string, whatever the body holds", async () => {
    const body = { email: `a'$(id>pwned)@x.com`, password: '[redacted]', nested: { apiToken: '[redacted]', note: 'SNAPENGAGE_SECRET_0' }, list: ['[redacted]'] };
    const command = curlOf(entry({ method: 'PUT', query: { api_key: '[redacted]' }, body }), 'http://127.0.0.1:8080');
    expect(command).toContain(`"password":"'"$SNAPENGAGE_PASSWORD"'"`);
    const { argv, files } = await argvOf(command, { SNAPENGAGE_API_KEY: 'k', SNAPENGAGE_PASSWORD: "pa ss'$(id>pwned)", SNAPENGAGE_API_TOKEN: 'tok' });
    expect(files).toEqual([]);
    expect(JSON.parse(argv[argv.indexOf('--data-raw') + 1]!)).toEqual({
      ...body,
      password: "pa ss'$(id>pwned)",
      nested: { apiToken: 'tok', note: 'SNAPENGAGE_SECRET_0' },
    });
  });

  it('sends the Logs API and file requests their Authorization from $SNAPENGAGE_API_TOKEN; over https, the CA of $SNAPENGAGE_MOCK_CA if set', async () => {
    const logs = curlOf(entry({ path: '/api/v2/123/logs', query: { start: '2026-01-05', end: '2026-01-05' }, headers: { authorization: '[redacted]' } }), 'https://127.0.0.1:8443');
    expect((await argvOf(logs, { SNAPENGAGE_API_TOKEN: 'tok en' })).argv).toEqual([
      '--globoff',
      '-X',
      'GET',
      '-H',
      'Authorization: tok en',
      'https://127.0.0.1:8443/api/v2/123/logs?start=2026-01-05&end=2026-01-05',
    ]);
    const file = curlOf(entry({ path: '/api/v2/files/fil_1/a.txt', query: { orgId: '123' } }), 'https://127.0.0.1:8443');
    expect((await argvOf(file, { SNAPENGAGE_API_TOKEN: 't', SNAPENGAGE_MOCK_CA: 'data/my tls/ca.pem' })).argv).toEqual([
      '--globoff',
      '-X',
      'GET',
      '--cacert',
      'data/my tls/ca.pem',
      '-H',
      'Authorization: t',
      'https://127.0.0.1:8443/api/v2/files/fil_1/a.txt?orgId=123',
    ]);
    // The Visitor Chat API takes its key in x-api-key.
    const chat = curlOf(entry({ method: 'POST', path: '/api/v1/chat/case_1/close', headers: { 'x-api-key': '[redacted]' } }), 'http://127.0.0.1:8080');
    expect((await argvOf(chat, { SNAPENGAGE_API_KEY: 'k e' })).argv).toEqual(['--globoff', '-X', 'POST', '-H', 'x-api-key: k e', 'http://127.0.0.1:8080/api/v1/chat/case_1/close']);
    // The Provisioning API takes its key in the query only.
    expect(curlOf(entry({ query: { api_key: '[redacted]' } }), 'http://127.0.0.1:8080')).not.toContain('Authorization');
  });

  it('run in a real shell, sends the hostile request again, exactly, and runs nothing else', async () => {
    const live = await buildTestApp({ listen: true });
    // Bytes no client library would send: the path as a hostile page or script could make a client send it.
    for (const [i, path] of ON_THE_WIRE.entries()) {
      const status = await rawExchange(live.url, `GET ${path}?api_key=${KEY}&email=$(id>pwned) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(status).toBe(404);
      const sent = (await journal(live))[2 * i];
      expect(sent).toMatchObject({ path, query: { api_key: '[redacted]', email: '$(id>pwned)' } });

      const { files } = await bash(curlOf(sent!, live.url), { SNAPENGAGE_API_KEY: KEY });
      expect(files).toEqual([]);
      expect((await journal(live))[2 * i + 1]).toMatchObject({ method: 'GET', path, query: sent!.query, status: 404 });
    }
  });

  it('run in a real shell with the variables set, replays a create: the password comes from $SNAPENGAGE_PASSWORD', async () => {
    const live = await buildTestApp({ listen: true });
    const user = { email: 'replay@example.com', name: 'Re Play', password: 'first-password', accountType: 'biz' };
    const created = await live.request('PUT', `/api/v1/user.json?api_key=${KEY}`, { body: user });
    expect(created.status).toBe(201);
    const sent = (await journal(live)).find((e) => e.method === 'PUT')!;
    expect(sent.body).toMatchObject({ password: '[redacted]' });
    expect((await live.request('DELETE', `/api/v1/user.json?api_key=${KEY}&email=replay@example.com`)).status).toBe(200);

    const command = curlOf(sent, live.url);
    expect(command).not.toContain('first-password');
    // Without the variable the password is empty, and the mock says so.
    await bash(command, { SNAPENGAGE_API_KEY: KEY });
    expect((await journal(live)).at(-1)).toMatchObject({ method: 'PUT', status: 400 });
    await bash(command, { SNAPENGAGE_API_KEY: KEY, SNAPENGAGE_PASSWORD: 'a new password' });
    const replayed = (await journal(live)).at(-1)!;
    expect(replayed).toMatchObject({ method: 'PUT', status: 201, body: sent.body });
    expect(replayed.response?.body).toEqual({ email: 'replay@example.com', name: 'Re Play', phone: null, accountType: 'biz' });
  });

  it('run in a real shell, calls the Logs API with the token and gets its 200, not a 401', async () => {
    const live = await buildTestApp({ listen: true });
    const org = await createOrg(live.app);
    const logsPath = `/api/v2/${org.orgId}/logs?start=2026-01-05&end=2026-01-05`;
    expect((await live.request('GET', logsPath, { headers: { authorization: org.apiToken } })).status).toBe(200);
    const sent = (await journal(live)).find((e) => e.path.endsWith('/logs'))!;

    await bash(curlOf(sent, live.url), { SNAPENGAGE_API_TOKEN: org.apiToken });
    const replayed = (await journal(live)).filter((e) => e.path.endsWith('/logs'));
    expect(replayed.map((e) => e.status)).toEqual([200, 200]);
  });
});
