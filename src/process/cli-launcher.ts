#!/usr/bin/env node
// dist/cli.js, the `snapengage-mock` command: runs the CLI bundle (dist/cli-bundle.cjs) from a V8 code cache.
//
// Compiling the 1.2 MB bundle, and then each function a start calls, is the largest single cost of a start. Node 22.1+
// has module.enableCompileCache(), Node 20 has no cache for modules at all; vm.Script's cachedData works on every
// version, so one way for all: the bundle is CommonJS, compiled here with the cache a previous start saved (V8 checks
// that it fits its version and flags and ignores it otherwise), and the cache is saved once the server listens after a
// start that had none. It is kept in NODE_COMPILE_CACHE (Node's own setting) or a folder of this user's in the system's
// temporary folder (only ever one that nobody else can write into), named by
// a hash of the bundle (saving one removes those of other builds); NODE_DISABLE_COMPILE_CACHE=1 turns it off. Any
// failure to read or write it only costs the time.
// First: the heap flags, before anything is compiled (a cache made under other flags is rejected).
import './young-generation.js';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { onStarted } from './startup-signal.js';

const bundle = fileURLToPath(new URL('./cli-bundle.cjs', import.meta.url));
const source = readFileSync(bundle, 'utf8').replace(/^#!.*/, '');

function cacheFile(): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const uid = process.getuid?.();
  const dir = process.env.NODE_COMPILE_CACHE || join(tmpdir(), `snapengage-mock-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  if (!privateFolder(dir, uid)) return undefined;
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  return join(dir, `cli-${hash}-${process.version}-${process.arch}.bin`);
}

/**
 * V8 runs whatever a code cache holds, so the cache is only read from (and written to) a folder that nobody else can
 * write into: this user's, not writable by its group or others. Under the shared temporary folder another user could
 * otherwise plant a file there first. Where there are no uids (Windows) the temporary folder is the user's own.
 */
function privateFolder(dir: string, uid: number | undefined): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const folder = statSync(dir);
    return folder.isDirectory() && (uid === undefined || (folder.uid === uid && (folder.mode & 0o022) === 0));
  } catch {
    return false;
  }
}

function read(file: string | undefined): Buffer | undefined {
  try {
    return file === undefined ? undefined : readFileSync(file);
  } catch {
    return undefined;
  }
}

function save(file: string, data: Buffer): void {
  try {
    const staged = `${file}.${process.pid}.tmp`;
    writeFileSync(staged, data);
    renameSync(staged, file);
    // The caches of earlier builds are of no use any more: each rebuild would otherwise leave 1.2 MB behind.
    for (const name of readdirSync(dirname(file))) {
      if (/^cli-[0-9a-f]{16}-.*\.bin$/.test(name) && name !== basename(file)) rmSync(join(dirname(file), name), { force: true });
    }
  } catch {
    // A read-only or full folder: the next start compiles again.
  }
}

const file = cacheFile();
const cachedData = read(file);
// As Node wraps a CommonJS module, so the bundle sees the same five names.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
if (file !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
  // After the listen, in a turn of its own: the cache then covers the whole start, and the banner is already out.
  onStarted(() => setImmediate(() => save(file, script.createCachedData())));
}
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
