// Each day on its own is a relaxation (solver/milp/day-split.ts): against brute force on tiny random
// problems of several days (every rule family, histories, requests, weights that are not whole), the
// days' optima add up to at most the least soft score of a rota with no hard breach, and a day with
// no legal rota of its own means the whole problem has none.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MilpBackend } from '../../solver/milp/backend.ts';
import { daySubProblem } from '../../solver/milp/day-split.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import type { Problem } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { bruteForce } from '../support/brute-force.ts';
import { randomProblem } from '../support/random-problem.ts';
import { sessionProblem } from '../support/session-problem.ts';
import { weekProblem } from '../support/week-problem.ts';

let highs: MilpBackend;
beforeAll(async () => {
  highs = await createHighsBackend();
});

describe('a day on its own', () => {
  it('bounds the soft score of every rota with no hard breach, summed over the days', () => {
    let compared = 0;
    let infeasible = 0;
    fc.assert(
      fc.property(fc.oneof(randomProblem({ minDays: 2, maxDays: 3, maxWorkers: 2, maxSlotsPerDay: 2 }), sessionProblem(), weekProblem()), (problem: Problem) => {
        const all = bruteForce(problem, 10);
        if (!all) return;
        let sum = 0;
        let legal = true;
        for (let d = 0; d < problem.days.length; d++) {
          const enc = encodeProblem(daySubProblem(problem, d));
          const r = highs.solve(enc.lp, {});
          if (r.status === 'infeasible') legal = false;
          else sum += r.objective + enc.offset;
        }
        const best = all.softAtHard(0);
        if (!legal) {
          infeasible++;
          expect(best, 'a day with no legal rota, yet the whole problem has one').toBeUndefined();
          return;
        }
        if (best === undefined) return;
        compared++;
        expect(sum).toBeLessThanOrEqual(best + 1e-6);
      }),
      { numRuns: 120, seed: 2231, endOnFailure: true },
    );
    expect(compared).toBeGreaterThan(35);
    expect(infeasible).toBeGreaterThan(0);
  });
});
