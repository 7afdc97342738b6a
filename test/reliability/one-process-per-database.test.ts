// One process per database (issue 9, item 3): a second mock on the same DATABASE_PATH is refused at boot, naming the
// holder; a holder killed with SIGKILL never blocks the next start; two first starts at once never crash.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { buildApp } from '../../src/app.js';
import { BootError } from '../../src/core/boot-error.js';
import { openDatabase } from '../../src/db/open.js';
import { expectBootFailure, runCliToExit } from '../helpers/cli-run.js';
import { spawnServer } from '../helpers/spawned-server.js';
import { tempDir } from '../helpers/temp-dir.js';

// Each test starts two or three real processes: on a busy two-core machine that can take longer than the default bound.
describe('a second process on the same DATABASE_PATH', { timeout: 60_000 }, () => {
  it('exits 2 with one line naming the path and the holder (pid, host); a SIGKILLed holder blocks nothing', async () => {
    const path = join(tempDir(), 'mock.db');
    const first = await spawnServer({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });

    const line = expectBootFailure(await runCliToExit({ DATABASE_PATH: path }), 'DATABASE_PATH');
    expect(line).toContain(`${path} is in use by another snapengage-mock (pid ${first.child.pid} on host ${hostname()}`);
    // The first one is untouched and still serving.
    expect((await fetch(`${first.url}/_mock/health`)).status).toBe(200);

    first.child.kill('SIGKILL');
    await first.exited;
    const next = await spawnServer({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
    expect((await fetch(`${next.url}/_mock/health`)).status).toBe(200);
  });

  it('two first starts at once on a fresh path: one serves, the other is refused; neither crashes in the migrations', async () => {
    const path = join(tempDir(), 'fresh.db');
    const [a, b] = await Promise.allSettled([
      spawnServer({ DATABASE_PATH: path, LOG_LEVEL: 'silent' }),
      spawnServer({ DATABASE_PATH: path, LOG_LEVEL: 'silent' }),
    ]);
    const started = [a, b].filter((r) => r.status === 'fulfilled');
    const refused = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String(refused[0]!.reason)).toMatch(/server exited \(2\) before listening: snapengage-mock: DATABASE_PATH=.* is in use by another snapengage-mock/);
  });

  it('in one process too: a second app on an open store is refused; closing the first frees it', async () => {
    const path = join(tempDir(), 'mock.db');
    const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
    const first = await buildApp(config);
    await expect(buildApp(config)).rejects.toThrow(BootError);
    await expect(buildApp(config)).rejects.toThrow(`pid ${process.pid}`);
    await first.close();
    const again = openDatabase(path);
    again.close();
  });

  it('a :memory: store is never locked', async () => {
    const a = openDatabase(':memory:');
    const b = openDatabase(':memory:');
    expect(a.pragma('user_version', { simple: true })).toBe(b.pragma('user_version', { simple: true }));
    a.close();
    b.close();
  });
});
