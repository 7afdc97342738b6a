// Logs for people and for machines: on a terminal one short line per request (time, level, method, redacted path,
// status, duration, the error code of a 4xx/5xx); piped, JSON lines only on stdout, the banner among them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { configSchema } from '../../src/core/config.js';
import { resolveLogFormat } from '../../src/process/log-format.js';
import { spawnServer } from '../helpers/spawned-server.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const KEY = 'dev-api-key';

async function firstLogLines(settings: Record<string, string>): Promise<string[]> {
  const server = await spawnServer({ DATABASE_PATH: ':memory:', FIXTURES: 'none', ...settings });
  const res = await fetch(`${server.url}/_mock/health`);
  expect(res.status).toBe(200);
  const lines: string[] = [];
  server.child.stdout!.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
  server.child.kill('SIGTERM');
  await server.exited;
  return lines;
}

/** A 200, a 401 (a key the mock does not accept), a 404 and an injected 503, as a client would make them. */
async function someRequests(url: string): Promise<void> {
  const calls: Array<[string, Record<string, string>?]> = [
    [`/api/v1/user.json?api_key=${KEY}&email=ada@example.com`],
    ['/api/v1/user.json?api_key=not-a-key-s3cret&email=ada@example.com'],
    [`/api/v1/user.json?api_key=${KEY}&email=nobody@example.com`],
    [`/api/v1/user.json?api_key=${KEY}&email=ada@example.com`, { 'x-mock-fault': '503' }],
  ];
  for (const [path, headers] of calls) await (await fetch(`${url}${path}`, { headers })).arrayBuffer();
}

/** The built command with a clean environment of the mock's settings (stdout piped unless the caller wraps it). */
function cleanEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(configSchema.shape)) delete env[key];
  return { ...env, HOST: '127.0.0.1', ...settings };
}

describe('LOG_FORMAT', () => {
  it('defaults to pretty on a terminal and JSON otherwise; a setting wins', () => {
    expect(resolveLogFormat(undefined, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('pretty: one line per event with a local time and a level, no JSON', async () => {
    const lines = await firstLogLines({ LOG_FORMAT: 'pretty' });
    const stopping = lines.find((l) => l.includes('shutting down'));
    expect(stopping).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: shutting down: finishing in-flight requests/);
    expect(lines.some((l) => l.startsWith('{'))).toBe(false);
  });
});

describe('piped (stdout not a terminal)', () => {
  it('stdout is JSON lines only, the banner one of them; a 4xx is a warning and a 5xx an error, each with its code', async () => {
    // As `npm start | head` runs it: the demo data, the https listener and its CA hint.
    const child = spawn(process.execPath, [CLI], { env: cleanEnv({ PORT: '0', HTTPS_PORT: '0', DATABASE_PATH: ':memory:' }), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    onTestFinished(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then((code) => reject(new Error(`exited ${code}: ${stdout}`)));
    });
    await someRequests(url);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const lines = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);
    const banner = lines.find((l) => l.url === url)!;
    expect(banner).toMatchObject({ level: 30, msg: `snapengage-mock ${banner.version} listening on ${url} (docs: ${url}/documentation)` });
    expect(banner.https).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(banner.tls).toContain('/_mock/tls/ca.pem');
    const requests = lines.filter((l) => l.msg === 'request completed' && l.req.url.startsWith('/api/v1/'));
    expect(requests.map((l) => [l.level, l.res])).toEqual([
      [30, { statusCode: 200 }],
      [40, { statusCode: 401, code: 'invalid_api_key' }],
      [40, { statusCode: 404, code: 'user_not_found' }],
      [50, { statusCode: 503, code: 'service_unavailable' }],
    ]);
    for (const l of requests) {
      expect(l.req.url).toMatch(/^\/api\/v1\/user\.json\?api_key=\[redacted\]&email=/);
      expect(Math.round(l.responseTime * 100) / 100).toBe(l.responseTime);
    }
    expect(stdout).not.toContain('not-a-key-s3cret');
  });

  it("`npm start | …` is JSON lines too: npm's own lines around the script go to stderr (.npmrc json=true)", async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    // In a process group of its own: npm, its shell and the server are stopped together.
    const child = spawn('npm', ['start', '--', '--port', '0', '--https-port', 'off', '--db', ':memory:'], {
      cwd: root,
      env: cleanEnv({}),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    onTestFinished(async () => {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      await exited;
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`npm start ended before listening: ${stderr}`)));
    });
    await (await fetch(`${url}/_mock/health`)).arrayBuffer();
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(stderr).toContain('> snapengage-mock@');
  });

  it('the banner is written at any LOG_LEVEL (scripts wait for it), and nothing else at silent', async () => {
    // firstLogLines starts once the banner names the URL, and collects what follows it.
    expect(await firstLogLines({ LOG_LEVEL: 'silent' })).toEqual([]);
  });
});

describe('on a terminal', () => {
  it('one short line per request: time, level, method, redacted path, status, ms with one decimal, the code of a 4xx/5xx', async () => {
    // util-linux's script gives the command a pseudo-terminal, as a person's shell does; its output comes back here.
    const command = `exec '${process.execPath}' '${CLI}' --port 0 --https-port off --db :memory:`;
    const child = spawn('script', ['-qfc', command, '/dev/null'], { env: cleanEnv({ TERM: 'xterm' }), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    onTestFinished(async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    });
    let out = '';
    const waiters: Array<() => void> = [];
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      waiters.splice(0).forEach((wake) => wake());
    });
    // Colours off, carriage returns off: what a person reads.
    const text = () => out.replace(/\x1b\[[0-9;]*m/g, '').replaceAll('\r', '');
    const until = async (pattern: RegExp): Promise<RegExpExecArray> => {
      for (;;) {
        const match = pattern.exec(text());
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`exited: ${text()}`);
        await new Promise<void>((wake) => waiters.push(wake));
      }
    };
    const url = (await until(/listening on (http:\/\/\S+)/))[1]!;
    // The banner is text here; its lines may arrive in a later chunk than the listening line on a busy machine.
    await until(/ {2}docs: {5}/);
    await someRequests(url);
    await until(/ 503 \d+\.\d ms service_unavailable\n/);

    const lines = text().split('\n').filter((l) => l.includes(' /api/v1/'));
    const time = String.raw`^\[\d\d:\d\d:\d\d\.\d{3}\]`;
    const path = String.raw`GET /api/v1/user\.json\?api_key=\[redacted\]&email=`;
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`${time} INFO: ${path}ada@example\\.com 200 \\d+\\.\\d ms$`));
    expect(lines[1]).toMatch(new RegExp(`${time} WARN: ${path}ada@example\\.com 401 \\d+\\.\\d ms invalid_api_key$`));
    expect(lines[2]).toMatch(new RegExp(`${time} WARN: ${path}nobody@example\\.com 404 \\d+\\.\\d ms user_not_found$`));
    expect(lines[3]).toMatch(new RegExp(`${time} ERROR: ${path}ada@example\\.com 503 \\d+\\.\\d ms service_unavailable$`));
    for (const line of lines) expect(line.length).toBeLessThan(120);
    expect(out).not.toContain('not-a-key-s3cret');
    // Other lines keep their fields.
    expect(text()).toMatch(/INFO: integration dispatcher ready \{"seed":\d+/);
  });
});
