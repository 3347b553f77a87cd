// The solve worker thread: it loads HiGHS and solves a small LP as soon as it starts (so a first
// solve does not pay for it), and with a time limit and ROTA_BOUND_ALONGSIDE=1 it works out the whole
// model's LP bound on a second thread while the allocation loop runs, which stops once its rota meets it.
// The real worker module (through its TypeScript bootstrap), a real service's week.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { compileProblem } from '../../src/service-file/compile.ts';
import { workerPoolRunner } from '../../src/services/solve-runner.ts';

const BOOTSTRAP = new URL('../../src/services/solve-worker-bootstrap.mjs', import.meta.url);

describe('the solve worker thread', () => {
  it('warms HiGHS when it starts, before it is given any job', async () => {
    const w = new Worker(BOOTSTRAP);
    try {
      const first = await new Promise<unknown>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      });
      expect(first).toEqual({ type: 'warmed' });
    } finally {
      await w.terminate();
    }
  }, 60_000);

  it('proves a week by the bound worked out on its second thread: the loop stops when it meets it', async () => {
    const file = JSON.parse(readFileSync(join(fileURLToPath(PROJECT_ROOT), 'fixtures', 'red-cross-7-day.json'), 'utf8'));
    const problem = compileProblem(file, { weekStart: '2027-04-19' }).problem;
    // A thread takes a copy of the environment when it starts (at the first run).
    const before = process.env.ROTA_BOUND_ALONGSIDE;
    process.env.ROTA_BOUND_ALONGSIDE = '1';
    const runner = workerPoolRunner({ size: 1 });
    try {
      const outcomes: string[] = [];
      for (const seed of [1, 2]) {
        const r = await runner.run(problem, { seed, timeLimitMs: 120_000 });
        expect(r.quality.status).toBe('optimal');
        outcomes.push(r.stats.stages?.[0]?.outcome ?? '');
      }
      // The first solve may start its loop before the bound thread has loaded; the second finds it up.
      expect(outcomes.some((o) => /met the bound/.test(o)), outcomes.join(' | ')).toBe(true);
    } finally {
      await runner.close();
      if (before === undefined) delete process.env.ROTA_BOUND_ALONGSIDE;
      else process.env.ROTA_BOUND_ALONGSIDE = before;
    }
  }, 240_000);
});
