// The browser suite (npm run test:browser): real Chromium against a real mock, receiver and SMTP server. Kept out of
// `npm test` (vitest.config.ts there includes test/ only): it needs the chromium package and takes about a minute.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test-browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A page's round trips (a held poll woken, a re-registration) on a busy two-core machine can pass expect.poll's
    // default second: waits get ten, so a slow machine is slower, never red. What is waited for is unchanged.
    expect: { poll: { timeout: 10_000 } },
    // One browser, one mock, a flow whose steps build on each other: the files run one after the other.
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
