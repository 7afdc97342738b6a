// Child processes for the benchmarks: the mock (dist/cli.js, exactly what users run), the bare node:http ceiling,
// and the webhook receiver; each on its own port so the bench process only ever acts as the client.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { nowMs } from './stats.js';

/** The repository root, from bench/.build/bench/lib/ (compiled) or bench/lib/ (source). */
export const ROOT = fileURLToPath(new URL(import.meta.url.includes('/.build/') ? '../../../../' : '../../', import.meta.url));
/** The compiled bench folder (bench/.build/bench/), where the helper scripts are. */
export const BUILT_BENCH = fileURLToPath(new URL('../', import.meta.url));

/**
 * Servers run pinned to one core and the bench (the load generator) to the other, so a server never competes with
 * its own load for a CPU: the same method for the mock, the ceilings and the peers. Without taskset (or with one
 * core) nothing is pinned and the ratios are noisier.
 */
const SERVER_CPU = '0';
const CLIENT_CPU = '1';
export const pinned = ((): boolean => {
  try {
    return availableParallelism() >= 2 && execFileSync('taskset', ['-c', SERVER_CPU, 'true']).length === 0;
  } catch {
    return false;
  }
})();

/** Pins the bench process (every thread) to the client core; children are pinned by `serverCommand`. */
export function pinBench(): void {
  if (pinned) execFileSync('taskset', ['-a', '-cp', CLIENT_CPU, String(process.pid)], { stdio: 'ignore' });
}

/** `command args` as spawn() arguments that run it on the server core. */
export function serverCommand(command: string, args: string[]): [string, string[]] {
  return pinned ? ['taskset', ['-c', SERVER_CPU, command, ...args]] : [command, args];
}

/** `command args` free to run on every core (a child would otherwise inherit the bench's own core). */
function floatingCommand(command: string, args: string[]): [string, string[]] {
  return pinned ? ['taskset', ['-c', `${SERVER_CPU},${CLIENT_CPU}`, command, ...args]] : [command, args];
}

export interface Child {
  url: string;
  pid: number;
  process: ChildProcess;
  /** Resident set size now, and its peak, in MB (Linux /proc). */
  rssMb(): { now: number; peak: number };
  /** CPU time (user + system) the process has used, in ms (Linux /proc, clock-tick resolution). */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function readRss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const TICKS_PER_SECOND = 100;

function readCpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Polls `url` until it answers `status` (any answer when status is undefined); resolves with the ms since `since`. */
export async function waitFor(url: string, since: number, status?: number, timeoutMs = 20_000): Promise<number> {
  for (;;) {
    try {
      const res = await request(url, { headersTimeout: 5_000, bodyTimeout: 5_000, reset: true });
      await res.body.dump();
      if (status === undefined || res.statusCode === status) return nowMs() - since;
    } catch {
      // not listening yet
    }
    if (nowMs() - since > timeoutMs) throw new Error(`${url} did not answer ${status ?? ''} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function track(child: ChildProcess, url: string, label: string): Child {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (code && code !== 0) process.stderr.write(`${label} exited with ${code ?? signal}: ${stderr}\n`);
  });
  return {
    url,
    pid: child.pid!,
    process: child,
    rssMb: () => readRss(child.pid!),
    cpuMs: () => readCpuMs(child.pid!),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface SpawnOptions {
  env: Record<string, string>;
  port?: number;
  /** Don't wait for the port to answer (the cold-start scenario times that itself). */
  noWait?: boolean;
  /**
   * Pinned to the server core, as the throughput, cold-start and peers scenarios measure every server; otherwise it
   * floats on both cores as users run it (the reset, delivery, ladder and memory targets were set that way).
   */
  pin?: boolean;
}

/** `node dist/cli.js` with the given environment; stdout (the logs) goes to /dev/null so the client never reads it. */
export async function spawnMock({ env, port, noWait, pin = false }: SpawnOptions): Promise<Child & { spawnedAt: number }> {
  const chosen = port ?? (await freePort());
  const spawnedAt = nowMs();
  const child = spawn(...(pin ? serverCommand : floatingCommand)(process.execPath, [`${ROOT}dist/cli.js`]), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(chosen), HTTPS_PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const mock = { ...track(child, `http://127.0.0.1:${chosen}`, 'snapengage-mock'), spawnedAt };
  if (!noWait) await waitFor(`${mock.url}/`, spawnedAt);
  return mock;
}

/**
 * A compiled helper script of bench/ (bare-server.js, receiver.js) as a child process, pinned to the server core
 * unless `pin` is false: a webhook receiver must not share the mock's core, so it floats on both.
 */
export async function spawnHelper(
  script: string,
  env: Record<string, string>,
  { noWait = false, pin = true } = {},
): Promise<Child & { spawnedAt: number }> {
  const port = await freePort();
  const spawnedAt = nowMs();
  const args = [`${BUILT_BENCH}${script}`];
  const child = spawn(...(pin ? serverCommand : floatingCommand)(process.execPath, args), {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const helper = { ...track(child, `http://127.0.0.1:${port}`, script), spawnedAt };
  if (!noWait) await waitFor(`${helper.url}/`, spawnedAt);
  return helper;
}

/** Any server command (a peer: java -jar …, a node CLI) on the server core, answering on `port`; not waited for. */
export function spawnServer(label: string, command: string, args: string[], port: number, options: { env?: Record<string, string>; cwd?: string } = {}) {
  const spawnedAt = nowMs();
  const child = spawn(...serverCommand(command, args), {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { ...track(child, `http://127.0.0.1:${port}`, label), spawnedAt };
}
