// The built CLI (dist/cli.js) run to its end, for boot failures: its exit code and what it printed.
import { spawn, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { configSchema } from '../../src/core/config.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js` with only `settings` of the mock's configuration (PORT 0 on 127.0.0.1, HTTPS off, unless given) until it exits. */
export function runCliToExit(settings: Record<string, string>, options: Pick<SpawnOptions, 'uid' | 'gid'> = {}): Promise<CliResult> {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
  const env = { ...process.env };
  for (const key of Object.keys(configSchema.shape)) delete env[key];
  const child = spawn(process.execPath, [CLI], {
    env: { ...env, PORT: '0', HTTPS_PORT: 'off', HOST: '127.0.0.1', FIXTURES: 'none', LOG_LEVEL: 'warn', ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
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
