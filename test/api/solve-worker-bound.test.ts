// The solve worker thread: it loads HiGHS and solves a small LP as soon as it starts (so a first
// solve does not pay for it), and with a time limit and ROTA_BOUND_ALONGSIDE=1 it works out the whole
// model's LP bound on a second thread while the allocation loop runs, which stops once its rota meets it.
// Through the product (POST /rotas), the variable unset, the pool turns that on when the machine has two
// cores free for the solve, and leaves it off when it has not (bound-alongside.ts): then the loop works
// the same LP out itself once it stalls (SolveContext.floor).
// The real worker module (through its TypeScript bootstrap), a real service's week.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDb } from '../../src/db/client.ts';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { compileProblem } from '../../src/service-file/compile.ts';
import type { MachineReading } from '../../src/services/bound-alongside.ts';
import { workerPoolRunner } from '../../src/services/solve-runner.ts';
import { createToken } from '../../src/services/tokens.ts';

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

/**
 * Generates weeks of a real service through the API (POST /rotas, then GET /rotas/:id once the solve is
 * done) on a machine as `machine` reads it, ROTA_BOUND_ALONGSIDE unset; returns each week's stage record.
 */
async function generateThroughApi(machine: () => MachineReading, weeks: string[]): Promise<{ stage: string; outcome: string }[][]> {
  const before = process.env.ROTA_BOUND_ALONGSIDE;
  delete process.env.ROTA_BOUND_ALONGSIDE;
  const file = JSON.parse(readFileSync(join(fileURLToPath(PROJECT_ROOT), 'fixtures', 'red-cross-7-day.json'), 'utf8'));
  const db = openDb(':memory:');
  upsertServiceFile(db, file, new Date().toISOString());
  const app = await buildApp({ db, runner: workerPoolRunner({ machine }), solve: { timeLimitMs: 120_000 } });
  const headers = { authorization: `Bearer ${createToken(db, { role: 'manager' }).token}` };
  try {
    const records: { stage: string; outcome: string }[][] = [];
    for (const [i, weekStart] of weeks.entries()) {
      const made = await app.inject({ method: 'POST', url: '/rotas', headers, payload: { serviceId: file.organisation.id, weekStart, seed: i + 1 } });
      expect(made.statusCode).toBe(202);
      const id = made.json().id;
      // The event stream ends with the solve (or at its own limit, when it is opened again).
      while (!/^event: done$/m.test((await app.inject({ method: 'GET', url: `/rotas/${id}/events`, headers })).body));
      const rota = (await app.inject({ method: 'GET', url: `/rotas/${id}`, headers })).json();
      expect(rota.status).toBe('done');
      expect(rota.quality.status).toBe('optimal');
      records.push(rota.solveRuns[0].stages);
    }
    return records;
  } finally {
    await app.close();
    if (before !== undefined) process.env.ROTA_BOUND_ALONGSIDE = before;
  }
}

describe('the bound alongside through the product, decided by the machine', () => {
  const WEEKS = ['2027-04-19', '2027-04-26'];

  it('with two cores free, a generated week ends with the loop having met the bound', async () => {
    const records = await generateThroughApi(() => ({ cores: 2, machineBusy: 0.1, ownBusy: 0 }), WEEKS);
    const loops = records.map((stages) => stages.find((s) => s.stage === 'allocation loop')?.outcome ?? '');
    // The first week may start its loop before the bound thread has loaded; the second finds it up.
    expect(loops.some((o) => /met the bound/.test(o)), loops.join(' | ')).toBe(true);
    // The bound came from the second thread: the loop never worked it out itself.
    for (const stages of records) expect(stages.map((s) => s.stage)).not.toContain('whole model LP (loop stalled)');
  }, 240_000);

  it('with no core free beside the loop, no second thread: the loop works the bound out itself once it stalls', async () => {
    const records = await generateThroughApi(() => ({ cores: 2, machineBusy: 2, ownBusy: 0.2 }), WEEKS);
    const said = records.map((stages) => stages.map((s) => `${s.stage}: ${s.outcome}`).join('; ')).join(' | ');
    // The LP comes from the loop's own thread, before the loop's record ends (SolveContext.floor).
    for (const stages of records) expect(stages.map((s) => s.stage).slice(0, 2), said).toEqual(['whole model LP (loop stalled)', 'allocation loop']);
  }, 240_000);
});
