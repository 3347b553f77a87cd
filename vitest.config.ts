import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files share their worker's module cache instead of loading the solver, the server and
    // their packages again for each of the 180 files: a third of the suite's CPU went to those
    // imports (bench/results/ci.md, nineteenth session). The tests keep no state between files:
    // each opens its own database and app, and puts back any environment variable it sets.
    isolate: false,
  },
});
