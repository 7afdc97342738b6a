// The command starts from a V8 code cache (src/process/cli-launcher.ts): saved after a start that had none, used by the next
// one, replaced when V8 cannot use it, and never a reason for a start to fail.
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../helpers/spawned-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Starts the command until its banner, then stops it with SIGTERM and waits for the exit. */
async function startAndStop(env: Record<string, string>): Promise<void> {
  const server = await spawnServer({ DATABASE_PATH: ':memory:', FIXTURES: 'none', ...env });
  server.child.kill('SIGTERM');
  expect((await server.exited).code).toBe(0);
}

const caches = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.bin'));

describe('the code cache of the command', () => {
  it('is saved after the first start and used, not rewritten, by the next', async () => {
    const dir = tempDir();
    await startAndStop({ NODE_COMPILE_CACHE: dir });
    expect(caches(dir)).toHaveLength(1);
    const file = join(dir, caches(dir)[0]!);
    const saved = statSync(file).mtimeMs;
    await startAndStop({ NODE_COMPILE_CACHE: dir });
    expect(statSync(file).mtimeMs).toBe(saved);
  });

  it('that V8 cannot use (another build, a damaged file) is replaced, and the start goes on', async () => {
    const dir = tempDir();
    await startAndStop({ NODE_COMPILE_CACHE: dir });
    const file = join(dir, caches(dir)[0]!);
    writeFileSync(file, 'not a code cache');
    await startAndStop({ NODE_COMPILE_CACHE: dir });
    expect(readFileSync(file).toString()).not.toBe('not a code cache');
  });

  it("replaces an earlier build's cache instead of piling up beside it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cli-0123456789abcdef-v20.0.0-x64.bin'), 'an earlier build');
    await startAndStop({ NODE_COMPILE_CACHE: dir });
    expect(caches(dir)).toHaveLength(1);
    expect(caches(dir)[0]).not.toBe('cli-0123456789abcdef-v20.0.0-x64.bin');
  });

  it('is neither read nor written with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    const dir = tempDir();
    await startAndStop({ NODE_COMPILE_CACHE: dir, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(caches(dir)).toEqual([]);
  });

  it('is neither read nor written in a folder that others can write into (V8 would run a planted file)', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const planted = join(dir, 'cli-0123456789abcdef-v20.0.0-x64.bin');
    writeFileSync(planted, 'planted by someone else');
    await startAndStop({ NODE_COMPILE_CACHE: dir });
    expect(caches(dir)).toEqual(['cli-0123456789abcdef-v20.0.0-x64.bin']);
  });
});
