// The built mock (dist/cli.js, what users run) as a child process, for tests that kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { expect, onTestFinished } from 'vitest';
import { configSchema } from '../../src/core/config.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote to stderr so far. */
  stderr(): string;
}

/**
 * Starts `node dist/cli.js` (or `cli`, a copy of it) with only `settings` of the mock's own configuration; resolves once the banner names its URL.
 * The https listener is off unless `settings` turns it on (HTTPS_PORT), so parallel tests never meet on port 8443.
 */
export async function spawnServer(settings: Record<string, string>, cli = CLI): Promise<SpawnedServer> {
  // `npm test` builds dist/ first (pretest); running vitest alone needs `npm run build`.
  expect(existsSync(cli), `${cli} is missing: run npm run build`).toBe(true);
  const env = { ...process.env };
  for (const key of Object.keys(configSchema.shape)) delete env[key];
  const child = spawn(process.execPath, [cli], { env: { ...env, PORT: '0', HTTPS_PORT: 'off', HOST: '127.0.0.1', ...settings }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  const server: SpawnedServer = { child, url: '', exited, stderr: () => stderr };
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  server.url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
  // Logs after the banner are not needed; keep the pipe drained so the child never blocks on it.
  child.stdout!.resume();
  return server;
}

/** JSON calls to a running mock with `key`, failing loudly on any status of 300 or more; its connections close after the test. */
export function apiCaller(key: string) {
  // Short keep-alive: a killed server's sockets must not linger in the pool for the restarted one.
  const dispatcher = new Agent({ keepAliveTimeout: 100 });
  onTestFinished(() => dispatcher.close());
  return async (base: string, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<Record<string, any>> => {
    const res = await request(`${base}${path}${path.includes('?') ? '&' : '?'}api_key=${key}`, {
      method,
      dispatcher,
      ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
    return JSON.parse(text) as Record<string, any>;
  };
}
