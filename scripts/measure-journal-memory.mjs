// Measures the journal's worst case: one api_key sending near-1 MiB bodies chunked (no Content-Length), so the
// 64 KiB-per-body cap is not told the size up front, then many keys doing the same. Prints the server's RSS.
// Usage: npm run build && node scripts/measure-journal-memory.mjs [requests=1200] [keys=1] [bodyKiB=1023]
// (bodyKiB=60 keeps every body, so the JOURNAL_MAX_BYTES budget, not the body cap, is what holds.)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const REQUESTS = Number(process.argv[2] ?? 1200);
const KEYS = Number(process.argv[3] ?? 1);
const CONCURRENCY = 4;
// Just under the 1 MiB body limit, so every request is read whole and journaled.
const PAD = 'a'.repeat(Number(process.argv[4] ?? 1023) * 1024);

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const hwmMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const child = spawn(process.execPath, [CLI], {
  env: { PATH: process.env.PATH, ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('JOURNAL_'))), PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: ':memory:', SNAPENGAGE_API_KEYS: '*', FIXTURES: 'none', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(out);
    if (match) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
});
child.stdout.resume();

const dispatcher = new Agent({ connections: CONCURRENCY });
const before = rssMb(child.pid);
let next = 0;
const statuses = new Map();
async function worker() {
  while (next < REQUESTS) {
    const i = next++;
    // An async iterable body has no known length: undici sends it chunked.
    async function* body() {
      yield `{"email":"nobody-${i}@example.com","pad":"`;
      for (let at = 0; at < PAD.length; at += 64 * 1024) yield PAD.slice(at, at + 64 * 1024);
      yield '"}';
    }
    const res = await request(`${url}/api/v1/user.json?api_key=key-${i % KEYS}`, {
      method: 'PUT',
      dispatcher,
      headers: { 'content-type': 'application/json' },
      body: body(),
    });
    await res.body.dump();
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const journal = await request(`${url}/_mock/requests?api_key=key-${(REQUESTS - 1) % KEYS}`, { dispatcher });
const entries = JSON.parse(await journal.body.text()).requests;
const after = rssMb(child.pid);
const peak = hwmMb(child.pid);
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
await dispatcher.close();
console.log(
  JSON.stringify({ requests: REQUESTS, keys: KEYS, statuses: Object.fromEntries(statuses), lastKeyEntries: entries.length, lastKeyBodiesKept: entries.filter((e) => typeof e.body === 'object').length, rssBeforeMb: Math.round(before), rssAfterMb: Math.round(after), peakRssMb: Math.round(peak) }),
);
