// Nothing lost: the built server is SIGKILLed while deliveries hang in flight, restarted on the same database, and every
// support request still ends delivered or emailed (at-least-once: duplicates carry the same support-request id).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.js';
import { startReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const KEY = 'crash-test-key';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The environment without any of the mock's own settings the developer may have exported, plus ours. */
function serverEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(configSchema.shape)) delete env[key];
  return { ...env, ...settings };
}

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, [CLI], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
  return { child, url, exited };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

describe('a server killed with deliveries in flight', () => {
  it('retries them after a restart on the same database: every support request ends delivered or emailed', async () => {
    // `npm test` builds dist/ first (pretest); running vitest alone needs `npm run build`.
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'snapengage-mock-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const receiver: WebhookReceiver = await startReceiver({ hang: true });
    cleanups.push(() => receiver.close());
    const agent = new Agent({ keepAliveTimeout: 100 });
    cleanups.push(() => agent.close());

    const env = serverEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, 'mock.db'),
      CLOCK: 'real',
      SNAPENGAGE_API_KEYS: KEY,
      LOG_LEVEL: 'silent',
      RETRY_SCHEDULE: '50ms,50ms',
      WEBHOOK_TIMEOUT_MS: '5000',
    });

    const call = async (base: string, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => {
      const res = await request(`${base}${path}${path.includes('?') ? '&' : '?'}api_key=${KEY}`, {
        method,
        dispatcher: agent,
        ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
      return JSON.parse(text) as Record<string, any>;
    };

    const first = await startServer(env);
    await call(first.url, 'PUT', '/api/v1/user.json', { email: 'owner@example.com', name: 'Owner', password: '12345', accountType: 'enterprise' });
    const widget = async () =>
      (await call(first.url, 'PUT', '/api/v1/widget.json', { email: 'owner@example.com', agents: [{ agentId: 'agent@example.com', agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }] })).uuid as string;
    const hangingWidget = await widget();
    const deadWidget = await widget();
    await call(first.url, 'PUT', `/_mock/widgets/${hangingWidget}/integration`, { url: receiver.url, authToken: 'tok' });
    await call(first.url, 'PUT', `/_mock/widgets/${deadWidget}/integration`, { url: await closedPortUrl() });

    const created: Array<{ deliveryId: string; id: string; expect: string }> = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(first.url, 'POST', `/_mock/widgets/${hangingWidget}/support-requests`);
      created.push({ deliveryId: res.deliveryId, id: res.supportRequest.id, expect: 'delivered' });
    }
    const res = await call(first.url, 'POST', `/_mock/widgets/${deadWidget}/support-requests`);
    created.push({ deliveryId: res.deliveryId, id: res.supportRequest.id, expect: 'emailed' });

    // All five are now in flight against a receiver that never answers.
    await receiver.received(5);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();

    receiver.fallback = { status: 200, body: 'ok' };
    const second = await startServer(env);
    for (const c of created) {
      const delivery = await call(second.url, 'GET', `/_mock/deliveries/${c.deliveryId}?wait=settled&timeout_ms=10000`);
      expect(delivery.status, c.deliveryId).toBe(c.expect);
      expect(delivery.supportRequestId).toBe(c.id);
    }

    const idsSeen = receiver.requests.map((r) => (JSON.parse(r.body) as { id: string }).id);
    for (const c of created.filter((x) => x.expect === 'delivered')) {
      // Once before the kill (never answered), at least once after: the duplicate carries the same id.
      expect(idsSeen.filter((id) => id === c.id).length, c.id).toBeGreaterThanOrEqual(2);
    }
    expect(receiver.requests.every((r) => r.headers.authentication === 'tok')).toBe(true);
    const emails = await call(second.url, 'GET', '/_mock/emails');
    expect(emails.emails.map((e: { supportRequestId: string }) => e.supportRequestId)).toEqual([created[5]!.id]);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
