// The hybrid (allocation loop, whole-model MILP, large-neighbourhood search) on random problems:
// its score is the catalogue's, it never does worse than the allocation loop it starts from, it keeps
// pinned places, and a seed gives the same rota twice when no time limit is involved.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { solveHybrid } from '../../solver/hybrid/index.ts';
import { solve } from '../../solver/index.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import type { Problem, SolveOptions } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { randomProblem } from '../support/random-problem.ts';
import { randomDayProblem, SMALL_COVERED } from '../colgen/day-problem.ts';

let highs: MilpBackend & LpSessionFactory;
beforeAll(async () => {
  highs = await createHighsBackend();
});

const key = (a: { slotId: string; roleId: string; workerId: string }) => `${a.slotId}|${a.roleId}|${a.workerId}`;

describe('solveHybrid', () => {
  it('scores by the catalogue, never loses to the allocation loop, keeps pins, and repeats for a seed', () => {
    fc.assert(
      fc.property(randomProblem({ minDays: 4, maxDays: 8, maxWorkers: 4, maxSlotsPerDay: 2 }), fc.integer({ min: 1, max: 1000 }), (raw: Problem, seed) => {
        // Default (integer) weights, so per-breach rounding cannot push a penalty below the MILP's.
        const problem: Problem = { ...raw, weights: undefined };
        const allocate = (p: Problem, o: SolveOptions) => solve(p, { ...o, maxMoves: 3000 });
        const alone = evaluateAll(problem, allocate(problem, { seed }).assignments).score;
        // A move-counting clock: deterministic, so the run can be repeated exactly.
        const run = () => {
          let tick = 0;
          return solveHybrid(problem, { milp: highs, allocate, seed, maxNeighbourhoods: 6, clock: () => tick++ });
        };
        const a = run();
        expect(evaluateAll(problem, a.assignments).score).toEqual(a.score);
        expect(a.score.hard < alone.hard || (a.score.hard === alone.hard && a.score.soft <= alone.soft)).toBe(true);
        const held = new Set(a.assignments.map(key));
        for (const p of problem.pinned) expect(held.has(key(p))).toBe(true);
        if (a.stats.lowerBound !== undefined && a.score.hard === 0) {
          expect(Math.ceil(a.stats.lowerBound - 1e-6)).toBeLessThanOrEqual(a.score.soft + 1e-9);
        }
        const b = run();
        expect(b.assignments.map(key).sort()).toEqual(a.assignments.map(key).sort());
      }),
      { numRuns: 8, seed: 42 },
    );
  });

  it('runs column generation on per-day problems: legal rotas, a bound below the score, optimal on small ones', () => {
    let applied = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const problem = randomDayProblem(5100 + seed, SMALL_COVERED);
      let tick = 0;
      const r = solveHybrid(problem, { milp: highs, lpSessions: highs, seed, maxNeighbourhoods: 4, clock: () => tick++ });
      // A worker with no legal rota at all leaves nothing to generate: the hybrid says so and goes on.
      if (r.stats.columnGeneration?.applies === false) {
        expect(r.stats.columnGeneration.reason).toMatch(/has no rota that keeps their rules/);
        expect(r.score.hard).toBeGreaterThan(0);
        continue;
      }
      expect(r.stats.columnGeneration?.applies, `seed ${5100 + seed}`).toBe(true);
      expect(evaluateAll(problem, r.assignments).score).toEqual(r.score);
      if (r.score.hard > 0) continue;
      applied++;
      expect(r.stats.lowerBound).toBeDefined();
      expect(Math.ceil(r.stats.lowerBound! - 1e-6)).toBeLessThanOrEqual(r.score.soft);
      // Without a time limit branch and price closes its tree: the bound meets the score.
      expect(r.stats.provedOptimal, `seed ${5100 + seed}`).toBe(true);
    }
    expect(applied).toBeGreaterThanOrEqual(6);
  });

  it('spends no time diving or branching when column generation did not converge', () => {
    let checked = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const problem = randomDayProblem(5100 + seed, SMALL_COVERED);
      let tick = 0;
      // A clock that ticks once per reading, and a column-generation share of about one tick: the root
      // stops after its first LP, unconverged.
      const r = solveHybrid(problem, {
        milp: highs,
        lpSessions: highs,
        seed,
        clock: () => tick++,
        timeLimitMs: 3000,
        columnGenerationFraction: 0.0004,
        columnLnsFraction: 0,
      });
      const cg = r.stats.columnGeneration;
      if (!cg?.applies) continue;
      checked++;
      expect(cg.converged, `seed ${5100 + seed}`).toBe(false);
      expect(cg.diveNodes, `seed ${5100 + seed}`).toBe(0);
      expect(cg.dayDiveNodes, `seed ${5100 + seed}`).toBe(0);
      expect(cg.branchNodes, `seed ${5100 + seed}`).toBe(0);
      expect(evaluateAll(problem, r.assignments).score).toEqual(r.score);
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('says why column generation does not apply to a problem with weekly rules', () => {
    const base = randomDayProblem(5200, { minDays: 7, maxDays: 7, minWorkers: 2, maxWorkers: 2, maxTypes: 1, coverWeights: true, pinned: false });
    const problem: Problem = { ...base, workers: base.workers.map((w) => ({ ...w, minutesPerWeek: { softMax: 2400 } })) };
    let tick = 0;
    const r = solveHybrid(problem, { milp: highs, lpSessions: highs, seed: 1, maxNeighbourhoods: 2, clock: () => tick++ });
    expect(r.stats.columnGeneration?.applies).toBe(false);
    expect(r.stats.columnGeneration?.reason).toMatch(/weekly hours/);
    expect(evaluateAll(problem, r.assignments).score).toEqual(r.score);
  });
});
