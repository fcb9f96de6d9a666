import { defineConfig } from 'vitest/config';

// One run for the whole repository: unit, API, messaging and browser tests.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'e2e/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a browser or a broker shows when it is ready: a second (the default) is
    // short on 2 busy cores, and a poll that succeeds returns as soon as it does.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // Two files at a time, whatever the cores: most of a test's time is spent waiting on a database, a
    // broker or a browser, and every file has its own databases, vhosts, queues and topics. (On 2 cores
    // the default is one: 1,300 s for the suite, against 820 s with two.)
    maxWorkers: 2,
    // A folder of the run's own, where test files agree to build the web app and the server once.
    globalSetup: ['packages/testing/src/test-run.ts'],
  },
});
