// buildTestApp(): the app on an in-memory store and a virtual clock, with its logs captured for assertions.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { buildApp } from '../../src/app.js';
import { VirtualClock } from '../../src/clock.js';
import { loadConfig, type ConfigInput } from '../../src/config.js';

export const KEY = 'test-key-a';
export const OTHER_KEY = 'test-key-b';

export interface TestApp {
  app: FastifyInstance;
  clock: VirtualClock;
  /** Every log line the app wrote, raw. */
  logs: string[];
}

const open: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

export async function buildTestApp(overrides: Partial<Record<keyof ConfigInput, string>> = {}): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_PATH: ':memory:',
    CLOCK: 'virtual',
    SNAPENGAGE_API_KEYS: `${KEY},${OTHER_KEY}`,
    LOG_LEVEL: 'info',
    ...overrides,
  });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const app = await buildApp(config, { clock, logStream });
  open.push(app);
  return { app, clock, logs };
}
