import { defineConfig } from 'vitest/config';

// Test files that judge a stage's pace, or what the process spends, on this process's CPU clock
// (process.cpuUsage): that clock counts every thread of the process, V8's garbage-collector and
// compiler threads included, and what they spend grows with the heap earlier files leave in a shared
// process (bench/results/ci.md, twentieth session). Each runs in its own process, as on a user's machine.
const OWN_PROCESS = [
  'test/api/bound-thread.test.ts',
  'test/solver/marked-root-bound.test.ts',
  'test/solver/root-rounding.test.ts',
  'test/solver/shapes.test.ts',
  'test/solver/walk-bound-stage.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: OWN_PROCESS,
          // Test files share their worker's process and module cache instead of loading the solver,
          // the server and their packages again for each of the ~190 files (a third of the suite's CPU
          // went to those imports). The tests keep no state between files: each opens its own
          // database and app, closes them, and puts back any environment variable it sets.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'own process', include: OWN_PROCESS } },
    ],
  },
});
