// The command starts from a V8 code cache (src/process/cli-launcher.ts, src/process/code-cache.ts): saved after a start
// that had none, used by the next one, replaced when it is damaged or V8 cannot use it, and never a reason for a start
// to fail.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../helpers/spawned-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starts the command (`cli`, default the build's dist/cli.js) until its banner, then stops it with SIGTERM; its stderr. */
async function startAndStop(env: Record<string, string>, cli?: string): Promise<string> {
  const server = await spawnServer({ DATABASE_PATH: ':memory:', FIXTURES: 'none', ...env }, cli);
  server.child.kill('SIGTERM');
  expect((await server.exited).code).toBe(0);
  return server.stderr();
}

const caches = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.bin'));

/** The one cache file in `dir`, after a first start wrote it. */
async function savedCache(dir: string): Promise<string> {
  await startAndStop({ NODE_COMPILE_CACHE: dir });
  expect(caches(dir)).toHaveLength(1);
  return join(dir, caches(dir)[0]!);
}

/** Damages `file` as a disk or a crash might, then checks that a start still works and writes a sound cache again. */
async function startsDespite(dir: string, file: string, damage: (bytes: Buffer) => void): Promise<void> {
  const bytes = readFileSync(file);
  damage(bytes);
  writeFileSync(file, bytes);
  await startAndStop({ NODE_COMPILE_CACHE: dir });
  expect(readFileSync(file).equals(bytes), 'the damaged cache was replaced').toBe(false);
  // What replaced it is sound: the next start uses it as it is.
  const rewritten = statSync(file).mtimeMs;
  await startAndStop({ NODE_COMPILE_CACHE: dir });
  expect(statSync(file).mtimeMs).toBe(rewritten);
}

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

  it('with 64 bytes changed in its middle is discarded and written again, and the start goes on', async () => {
    const dir = tempDir();
    const file = await savedCache(dir);
    await startsDespite(dir, file, (bytes) => {
      const middle = bytes.length >> 1;
      for (let i = middle; i < middle + 64; i++) bytes[i]! ^= 0x5a;
    });
  });

  it('with its tail zeroed (a power loss mid-write) is discarded and written again, and the start goes on', async () => {
    const dir = tempDir();
    const file = await savedCache(dir);
    await startsDespite(dir, file, (bytes) => bytes.fill(0, bytes.length - 64 * 1024));
  });

  it("replaces an earlier build's cache instead of piling up beside it, and removes what a killed save staged", async () => {
    const dir = tempDir();
    const file = await savedCache(dir);
    const [, pathId] = /^cli-([0-9a-f]{16})-/.exec(caches(dir)[0]!)!;
    const earlier = `cli-${pathId}-0123456789abcdef-${process.version}-${process.arch}.bin`;
    const unchecked = `cli-0123456789abcdef-${process.version}-${process.arch}.bin`;
    const staged = `${caches(dir)[0]!}.4242.0badf00d.tmp`;
    for (const name of [earlier, unchecked, staged]) writeFileSync(join(dir, name), 'left behind');
    writeFileSync(file, 'not a code cache');
    await startAndStop({ NODE_COMPILE_CACHE: dir });
    // Only the command's own files: from Node 22 on, Node keeps its module compile cache in NODE_COMPILE_CACHE too.
    expect(readdirSync(dir).filter((name) => name.startsWith('cli-'))).toEqual([caches(dir)[0]]);
  });

  it('is kept per copy of the build: a second copy runs with its own file names, not those of the first', async () => {
    const dir = tempDir();
    // A copy of the built command, as a second checkout or install of the same version would hold it.
    const copy = tempDir();
    mkdirSync(join(copy, 'dist'));
    for (const name of ['cli.js', 'cli-bundle.cjs']) copyFileSync(join(ROOT, 'dist', name), join(copy, 'dist', name));
    copyFileSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    // The stack of the start signal, which the bundle emits: it names the file V8 believes it is running.
    const probe = join(tempDir(), 'probe.cjs');
    writeFileSync(probe, "process.once('snapengage-mock:started', () => process.stderr.write(new Error('probe').stack + '\\n'));");
    const stackOf = async (cli: string) => (await startAndStop({ NODE_COMPILE_CACHE: dir, NODE_OPTIONS: `--require ${probe}` }, cli)).match(/\(([^()]*cli-bundle\.cjs):/)?.[1];

    await startAndStop({ NODE_COMPILE_CACHE: dir });
    expect(await stackOf(join(ROOT, 'dist', 'cli.js'))).toBe(join(ROOT, 'dist', 'cli-bundle.cjs'));
    expect(await stackOf(join(copy, 'dist', 'cli.js'))).toBe(join(copy, 'dist', 'cli-bundle.cjs'));
    // Each copy keeps its own cache; neither removes the other's.
    expect(caches(dir)).toHaveLength(2);
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
