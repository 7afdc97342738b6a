// Benchmark: POST /_mock/reset with 10,000 users (and 1,000 widgets) stored, global and per api_key. `npm run bench:reset`.
// Target (issue 4): under 10 ms, so a suite can reset before every test. Results are written to bench/reset-results.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../dist/app.js';
import { loadConfig } from '../dist/config.js';
import { partnerOf } from '../dist/partners.js';

const USERS = 10_000;
const KEYS = Array.from({ length: 10 }, (_, i) => `bench-key-${i}`);
const ROUNDS = 30;

function seed(app) {
  const { repos, db } = app.ctx;
  db.transaction(() => {
    for (let i = 0; i < USERS; i++) {
      const partner = partnerOf(KEYS[i % KEYS.length]);
      const user = repos.users.insert({
        partner, email: `user${i}@example.com`, name: `User ${i}`, phone: null, accountType: 'biz',
        passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', createdAt: 0, updatedAt: 0,
      });
      if (i % 10 === 0) {
        repos.widgets.insert({
          id: `w-${i}`, partner, ownerId: user.id, name: null, destinationEmail: null,
          agents: [{ agentId: `user${i}@example.com`, agentAlias: 'A', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
          enableProactiveChat: false, enableConversations: true, conversationSchedule: null, createdAt: 0, updatedAt: 0,
        });
      }
    }
  })();
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
};
const fmt = ({ median, p95, max }) => `${median.toFixed(2)} ms median, ${p95.toFixed(2)} ms p95, ${max.toFixed(2)} ms max`;

async function measure(label, url) {
  const dir = mkdtempSync(join(tmpdir(), 'snapengage-bench-'));
  const app = await buildApp(
    loadConfig({ DATABASE_PATH: join(dir, 'bench.db'), LOG_LEVEL: 'silent', CLOCK: 'virtual', SNAPENGAGE_API_KEYS: KEYS.join(',') }),
  );
  await app.ready();
  const total = [];
  const store = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      seed(app);
      const started = performance.now();
      const res = await app.inject({ method: 'POST', url });
      total.push(performance.now() - started);
      if (res.statusCode !== 200) throw new Error(`reset answered ${res.statusCode}: ${res.body}`);
      store.push(res.json().tookMs);
      if (url === '/_mock/reset') continue;
      // Per-key rounds leave the other keys' rows: wipe them so the next round seeds the same 10,000.
      await app.inject({ method: 'POST', url: '/_mock/reset' });
    }
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return `| ${label} | ${fmt(stats(total))} | ${fmt(stats(store))} |`;
}

const rows = [
  await measure(`global reset, ${USERS} users + ${USERS / 10} widgets`, '/_mock/reset'),
  await measure(`per-key reset (1 of ${KEYS.length} keys: ${USERS / KEYS.length} users)`, `/_mock/reset?api_key=${KEYS[0]}`),
];
const report = [
  '# POST /_mock/reset benchmark',
  '',
  `Node ${process.version}, ${process.platform}/${process.arch}, load average ${loadavg()[0].toFixed(1)} at the end; SQLite file in WAL mode; ${ROUNDS} rounds each, the store re-seeded before every round.`,
  '"request" is `app.inject` of the whole call (routing, validation, serialisation); "store" is the `tookMs` the route reports (the DELETEs, journal and faults).',
  '',
  '| case | request | store |',
  '|---|---|---|',
  ...rows,
  '',
].join('\n');
writeFileSync(new URL('./reset-results.md', import.meta.url), report);
console.log(report);
