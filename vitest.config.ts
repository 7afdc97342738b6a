import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Timeouts catch hangs; they are not assertions. A busy two-core machine runs a test several times slower, so they
    // are generous; a test that bounds a duration says so itself, with a margin far from both the goal and the failure.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Several suites spawn real server processes; two cores do not profit from more workers.
    maxWorkers: 2,
  },
});
