import { defineConfig } from 'vitest/config';

// One run for the whole repository: unit, API, messaging and browser tests.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'e2e/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A folder of the run's own, where test files agree to build the web app and the server once.
    globalSetup: ['packages/testing/src/test-run.ts'],
  },
});
