#!/usr/bin/env node
// dist/cli.js, the `snapengage-mock` command: runs the CLI bundle (dist/cli-bundle.cjs) from a V8 code cache.
//
// Compiling the 1.2 MB bundle, and then each function a start calls, is the largest single cost of a start. The bundle
// is CommonJS, compiled here by vm.Script with the cache a previous start saved (code-cache.ts checks it first; V8 then
// checks that it fits its version and flags), and the cache is saved once the server listens after a start that had
// none, so it holds every function the start compiled. One way on Node 20, 22 and 24: Node 20 has no cache for modules,
// and Node 22's module.enableCompileCache() serializes a module's cache right after compiling it, before it runs, so
// it would leave out the functions a start compiles lazily. NODE_DISABLE_COMPILE_CACHE=1 turns it off. Any failure to
// read or write the cache only costs the time.
// First: the heap flags, before anything is compiled (a cache made under other flags is rejected).
import './young-generation.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { openCodeCache } from './code-cache.js';
import { onStarted } from './startup-signal.js';

const bundle = fileURLToPath(new URL('./cli-bundle.cjs', import.meta.url));
const source = readFileSync(bundle, 'utf8').replace(/^#!.*/, '');

const cache = openCodeCache(bundle, source);
// As Node wraps a CommonJS module, so the bundle sees the same five names.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData: cache?.data });
if (cache !== undefined && (cache.data === undefined || script.cachedDataRejected)) {
  // After the listen, in a turn of its own: the cache then covers the whole start, and the banner is already out.
  onStarted(() => setImmediate(() => cache.save(script.createCachedData())));
}
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
