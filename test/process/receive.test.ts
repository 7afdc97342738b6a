// `snapengage-mock receive`: the webhook receiver the README's walkthrough uses.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { startMock } from '../../src/index.js';
import { parseReceiveArgs, startReceiver, type ReceiveOptions } from '../../src/process/receive.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(options: Partial<ReceiveOptions>) {
  const printed: string[] = [];
  const { server, url } = await startReceiver({ port: 0, status: 200, failFirst: 0, ...options }, (t) => printed.push(t));
  closers.push(() => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }));
  return { url, printed };
}

/** A POST written byte by byte (header values past ASCII, which fetch refuses to send); resolves once answered. */
function rawPost(url: string, headers: string, body: string): Promise<void> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.on('error', reject);
    socket.on('data', () => socket.destroy());
    socket.on('close', () => resolve());
    const bytes = Buffer.from(body, 'latin1');
    socket.write(Buffer.from(`POST /raw HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Content-Length: ${bytes.length}\r\n\r\n`, 'latin1'));
    socket.write(bytes);
  });
}

describe('receive options', () => {
  it('defaults to port 9000, answering 200', () => {
    expect(parseReceiveArgs([])).toEqual({ port: 9000, status: 200, failFirst: 0, json: false });
    expect(parseReceiveArgs(['--port', '0', '--status', '500', '--fail-first', '2'])).toEqual({ port: 0, status: 500, failFirst: 2, json: false });
  });

  it('names the flag as typed when a value is wrong or empty', () => {
    expect(() => parseReceiveArgs(['--status', '99'])).toThrow('--status "99": must be a whole number from 200 to 599');
    expect(() => parseReceiveArgs(['--port', ''])).toThrow('--port "": must be a whole number');
    expect(() => parseReceiveArgs(['--fail-first', 'x'])).toThrow('--fail-first "x"');
    expect(() => parseReceiveArgs(['--prot', '1'])).toThrow(/--prot/);
  });
});

describe('the receiver', () => {
  it('fails the first N requests, then answers --status', async () => {
    const { url } = await receiver({ failFirst: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('prints each support request the mock delivers: type, id, requester, description, transcript; never the token', async () => {
    const { url, printed } = await receiver({ failFirst: 1 });
    await using mock = await startMock({ fixtures: fileURLToPath(new URL('../../fixtures/demo.json', import.meta.url)) });
    const widgetId = '0d3a5e2c-5b7f-4c1e-9a2d-6f8b1c4e7a90'; // the demo widget
    const put = await fetch(`${mock.url}/_mock/widgets/${widgetId}/integration?api_key=${mock.apiKey}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${url}/hook`, authToken: 'tok-very-secret', format: 'json' }),
    });
    expect(put.status).toBe(200);
    const created = await fetch(`${mock.url}/_mock/widgets/${widgetId}/support-requests?api_key=${mock.apiKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'chat', description: 'Printer on fire', requester_details: { name: 'Vera Visitor', emails: ['vera@example.com'] } }),
    });
    const { supportRequest } = (await created.json()) as { supportRequest: { id: string } };
    await mock.advanceClock(0);
    await mock.advanceClock(30_000);

    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/#1 POST \/hook {2}delivery dlv_\S+ attempt 1 {2}-> 500/);
    expect(printed[1]).toMatch(/#2 POST \/hook {2}delivery dlv_\S+ attempt 2 {2}-> 200/);
    expect(printed[1]).toContain(`chat ${supportRequest.id} from Vera Visitor <vera@example.com>, widget ${widgetId}`);
    expect(printed[1]).toContain('description: Printer on fire');
    expect(printed[1]).toMatch(/transcript: \d+ messages?\n {4}\d\d:\d\d:\d\d \S.*: /);
    expect(printed[1]).toContain('auth header: authentication (value not shown)');
    expect(printed.join('')).not.toContain('tok-very-secret');
  });

  it('survives any JSON value, any shape of document and any date, as the command users run', async () => {
    // The built command, so a crash is a dead process rather than an error the test runner swallows.
    const child = spawn(process.execPath, [CLI, 'receive', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    onTestFinished(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const banner = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (banner) resolve(banner[1]!);
      });
      child.once('exit', (code) => reject(new Error(`receive exited ${code} before listening: ${stdout}`)));
    });
    const bodies = [
      'null', 'true', '0', '"text"', '[]', '[null]', '{}',
      '{"transcripts":[null]}', '{"transcripts":[1,"x",[],{}]}', '{"transcripts":{"0":{}}}',
      '{"requester_details":null}', '{"requester_details":[]}', '{"requester_details":{"emails":[null,{},7,"a@example.com"]}}',
      '{"transcripts":[{"date_seconds":1e20}]}', '{"transcripts":[{"date_seconds":-1e20}]}', '{"transcripts":[{"date_seconds":"soon"}]}',
      '{"type":{},"id":[],"description":null,"widget_id":1}',
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      '{"truncated":',
    ];
    for (const body of bodies) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body.slice(0, 60)).toBe(200);
      await res.arrayBuffer();
    }
    expect(child.exitCode).toBeNull();
    expect(stdout).toContain(`#${bodies.length} POST /`);
  });

  it('prints what it got with control characters escaped: no title, no clearing, no clipboard, no cursor moves', async () => {
    const { url, printed } = await receiver({});
    const hostile = {
      title: '\u001b]0;pwned\u0007',
      clear: '\u001b[2J\u001b[H',
      clipboard: '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007',
      csi8bit: '\u009b31m',
      bidi: 'gnp.\u202eexe',
    };
    const res = await fetch(`${url}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: hostile.title,
        id: hostile.clear,
        requester_details: { name: hostile.clipboard, emails: [hostile.csi8bit] },
        description: `line one\nline two ${hostile.bidi}`,
        transcripts: [{ alias: hostile.clear, message: hostile.clipboard, date_seconds: 0 }],
      }),
    });
    expect(res.status).toBe(200);
    // A header may carry bytes past ASCII, which Node reads as Latin-1: 0x9b is the 8-bit CSI.
    await rawPost(url, 'X-SnapEngage-Mock-Delivery: dlv_\x9b2J\r\nContent-Type: text/plain\r\n', 'raw \x1b]0;t\x07 text\r\nsecond');
    const out = printed.join('');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain('\\x1b]0;pwned\\x07');
    expect(out).toContain('\\x1b]52;c;');
    expect(out).toContain('\\x9b31m');
    expect(out).toContain('description: line one\\nline two gnp.\\u{202e}exe');
    expect(out).toContain('delivery dlv_\\x9b2J');
    expect(out).toContain('raw \\x1b]0;t\\x07 text\\r');
  });

  it('a body at its bound is read and answered; what it prints stays a few lines', async () => {
    const { url, printed } = await receiver({});
    // Just under the 16 MiB it reads, with the transcript.
    const big = 'x'.repeat(16 * 1024 * 1024 - 200 * 1024);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'chat', description: big, transcripts: Array.from({ length: 5_000 }, () => ({ message: 'hi' })) }),
    });
    expect(res.status).toBe(200);
    expect(printed).toHaveLength(1);
    expect(printed[0]!.length).toBeLessThan(10_000);
    expect(printed[0]).toMatch(/description: x+… \(\d+ more characters\)/);
    expect(printed[0]).toContain('… 4950 more messages');
    // Past the bound it is drained, not kept, and still answered.
    const over = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'y'.repeat(17 * 1024 * 1024) });
    expect(over.status).toBe(200);
    expect(printed[1]).toContain(`  ${17 * 1024 * 1024} bytes: more than the 16777216 this receiver reads; not shown`);
  });

  it('refuses what a web page sends (Origin, Sec-Fetch-Site): 403, nothing of the body printed', async () => {
    const { url, printed } = await receiver({});
    const page = { method: 'POST', body: '{"transcripts":[null]}' };
    const fromPage = await fetch(url, { ...page, headers: { 'content-type': 'text/plain', origin: 'https://evil.example' } });
    expect(fromPage.status).toBe(403);
    const rebound = await fetch(url, { ...page, headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' } });
    expect(rebound.status).toBe(403);
    expect(printed.join('')).not.toContain('transcripts');
    // The mock (and curl) send neither header.
    expect((await fetch(url, { ...page, headers: { 'content-type': 'application/json' } })).status).toBe(200);
  });

  it('--json prints each request whole as one JSON line on stdout (headers, auth [redacted], the document); the rest on stderr', async () => {
    const child = spawn(process.execPath, [CLI, 'receive', '--port', '0', '--json', '--fail-first', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    onTestFinished(async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    });
    let stdout = '';
    let stderr = '';
    const lines: unknown[] = [];
    const lineArrived: Array<() => void> = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const complete = stdout.split('\n').slice(0, -1);
      while (lines.length < complete.length) lines.push(JSON.parse(complete[lines.length]!));
      lineArrived.splice(0).forEach((wake) => wake());
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const banner = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (banner) resolve(banner[1]!);
      });
      child.once('exit', (code) => reject(new Error(`receive exited ${code} before listening: ${stderr}`)));
    });
    const linesAtLeast = async (n: number) => {
      while (lines.length < n) await new Promise<void>((wake) => lineArrived.push(wake));
    };

    await using mock = await startMock({ fixtures: fileURLToPath(new URL('../../fixtures/demo.json', import.meta.url)) });
    const widgetId = '0d3a5e2c-5b7f-4c1e-9a2d-6f8b1c4e7a90';
    await fetch(`${mock.url}/_mock/widgets/${widgetId}/integration?api_key=${mock.apiKey}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${url}/hook`, authToken: 'tok-very-secret', authHeader: 'Authorization', format: 'json' }),
    });
    const { supportRequest } = await mock.createSupportRequest(widgetId, { type: 'offline', description: 'Printer on fire' });
    await mock.advanceClock(0);
    await mock.advanceClock(30_000);
    await linesAtLeast(2);

    expect(stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(lines[0]).toMatchObject({ received: 1, method: 'POST', url: '/hook', status: 500 });
    expect(lines[1]).toMatchObject({
      received: 2,
      status: 200,
      headers: { authorization: '[redacted]', 'content-type': 'application/json; charset=utf-8', 'x-snapengage-mock-attempt': '2' },
      body: supportRequest,
    });
    expect((lines[1] as { at: string }).at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(stdout).not.toContain('tok-very-secret');
    expect(stderr).not.toContain('tok-very-secret');
  });

  it('--json escapes what a terminal would act on, and the line still parses back to what was sent', async () => {
    const { url, printed } = await receiver({ json: true });
    const sent = { type: '\u001b]0;pwned\u0007', id: '\u009b31m', description: 'gnp.\u202eexe\u2028', n: [1, null] };
    await fetch(`${url}/hook`, { method: 'POST', headers: { 'content-type': 'application/json', authentication: 's3cret' }, body: JSON.stringify(sent) });
    await fetch(`${url}/text`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not json \u001b[2J' });
    expect(printed).toHaveLength(2);
    expect(printed.join('')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2028]/);
    const [json, text] = printed.map((line) => JSON.parse(line) as { body: unknown; headers: Record<string, string>; bytes: number });
    expect(json!.body).toEqual(sent);
    expect(json!.headers.authentication).toBe('[redacted]');
    expect(text!.body).toBe('not json \u001b[2J');
    expect(text!.bytes).toBe(13);
  });

  it('runs from the CLI and says which port is taken', async () => {
    const { url } = await receiver({});
    const port = new URL(url).port;
    const child = spawn(process.execPath, [CLI, 'receive', '--port', port], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(`snapengage-mock: port ${port} is in use: stop what holds it, or pick another with --port`);
  });
});
