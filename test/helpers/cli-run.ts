// The built CLI (dist/cli.js) run to its end, for boot failures: its exit code and what it printed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished } from 'vitest';
import { configSchema } from '../../src/core/config.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Root writes through any file mode. Without the capabilities that let it (dropped by util-linux's setpriv, for good:
 * from the bounding and inheritable sets), file modes hold for root as they do for any user. It stays root, the owner
 * of the checkout, so it still reads a checkout nobody else can (a clone under /root, or in a 0700 `mktemp -d`).
 */
const WITHOUT_ROOT_OVERRIDES = ['--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search', '--'];

export interface CliRunOptions {
  /** File modes hold even when the suite runs as root (a read-only file, a folder this user cannot write). */
  honourFileModes?: boolean;
}

/** Runs `node dist/cli.js` with only `settings` of the mock's configuration (PORT 0 on 127.0.0.1, HTTPS off, unless given) until it exits. */
export function runCliToExit(settings: Record<string, string>, options: CliRunOptions = {}): Promise<CliResult> {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
  const env = { ...process.env };
  for (const key of Object.keys(configSchema.shape)) delete env[key];
  const asRoot = options.honourFileModes === true && process.getuid?.() === 0;
  const [command, args] = asRoot ? ['setpriv', [...WITHOUT_ROOT_OVERRIDES, process.execPath, CLI]] : [process.execPath, [CLI]];
  const child = spawn(command, args, {
    env: { ...env, PORT: '0', HTTPS_PORT: 'off', HOST: '127.0.0.1', FIXTURES: 'none', LOG_LEVEL: 'warn', ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // One that hangs (the bug some tests guard against) is not left running after its test times out.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A boot failure as users must see it: exit 2 and one line on stderr naming the setting, no stack trace. */
export function expectBootFailure(result: CliResult, setting: string): string {
  expect(result.code, `stderr: ${result.stderr}\nstdout: ${result.stdout}`).toBe(2);
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^snapengage-mock: ${setting}=`));
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}
