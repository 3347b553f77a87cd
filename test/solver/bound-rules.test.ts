// The rules real services use are in the engine's lower bound: pay, the Working Time average, the
// weekly rest (each form) and the spreads of weekend, bank-holiday, late, night and Christmas shifts
// with each worker's prior from the ledger. On tiny one-week problems brute-forced rota by rota (every
// rota scored by evaluateAll):
// - the bound is never above the optimum, the optimum never above the returned score, and a rota
//   called optimal scores the optimum;
// - where the rule binds (the optimum with it is worse than without it), the bound reaches the optimum:
//   a bound that left the rule out would stop at the optimum without it. Tiny models are solved
//   outright, so every encoding that is exact must show here, and with all rules together the bound
//   reaches the optimum unless a worker has the one relaxed form (two rests of 24 h in 14 days).
// Each case is checked as it comes and the first failure ends the run (no shrinking): a bound that
// misses the optimum leaves the solve unproven, running to its time limit, for every case after.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { solve } from '../../solver/index.ts';
import type { ExactSolver, Problem, Score, WeeklyRestForm } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { bruteForce } from '../support/brute-force.ts';
import { weekProblem, withoutRule, type WeekRule } from '../support/week-problem.ts';

let highs: ExactSolver;
beforeAll(async () => {
  highs = await createHighsBackend();
  // HiGHS compiles on its first solve; a warm-up keeps that out of the first case's time limit.
  highs.solve('Minimize\n obj: x\nSubject To\n c: x >= 1\nBinary\n x\nEnd\n', {});
});

const atMost = (a: Score, b: Score): boolean => a.hard < b.hard || (a.hard === b.hard && a.soft <= b.soft);
const MAX_PLACES = 8;

/** Solves the problem and checks bound <= optimum <= score; answers whether the bound met the optimum. */
function checkBound(problem: Problem, seed: number, optimum: Score): boolean {
  // A proven solve ends at once; the allocation loop gets a small share, since tiny models are solved
  // outright by the whole model (the time limit is a ceiling for a busy machine, not a target).
  const r = solve(problem, { exact: highs, seed, timeLimitMs: 2000, clock: () => performance.now() }, { stages: { allocateShare: 0.02 } });
  expect(evaluateAll(problem, r.assignments).score).toEqual(r.score);
  expect(atMost(optimum, r.score), `optimum ${JSON.stringify(optimum)} score ${JSON.stringify(r.score)}`).toBe(true);
  if (r.quality.status === 'optimal') expect(r.score).toEqual(optimum);
  const bound = r.quality.lowerBound;
  if (!bound) return false;
  expect(atMost(bound, optimum), `bound ${JSON.stringify(bound)} optimum ${JSON.stringify(optimum)}`).toBe(true);
  return bound.hard === optimum.hard && bound.soft === optimum.soft;
}

function ruleInTheBound(rule: WeekRule, forms: readonly WeeklyRestForm[] | undefined, seed: number): void {
  let binding = 0;
  fc.assert(
    fc.property(weekProblem({ rules: [rule], ...(forms ? { forms } : {}) }), fc.integer({ min: 1, max: 1000 }), (problem, solveSeed) => {
      const all = bruteForce(problem, MAX_PLACES);
      if (!all) return;
      const met = checkBound(problem, solveSeed, all.best);
      const without = bruteForce(withoutRule(problem, rule), MAX_PLACES)!;
      if (!atMost(all.best, without.best)) {
        binding++;
        expect(met, `the rule binds (optimum ${JSON.stringify(all.best)}, without it ${JSON.stringify(without.best)}) but the bound stops short`).toBe(true);
      }
    }),
    { numRuns: 25, seed, endOnFailure: true },
  );
  // The generator makes the rule bind often (and wherever it did, the bound held it).
  expect(binding).toBeGreaterThan(5);
}

describe('the rules services use are in the bound', () => {
  it('pay at each worker\'s rate', () => ruleInTheBound('pay', undefined, 2201));
  it('the Working Time average over its reference weeks, history included', () => ruleInTheBound('average', undefined, 2202));
  it('the weekly rest, 24 h in 7 days and 48 h in 14 (the week before from history)', () => ruleInTheBound('weeklyRest', ['24h-in-7', '48h-in-14'], 2203));
  it('the spreads of weekend, bank-holiday, late, night and Christmas shifts, each worker\'s prior included', () => ruleInTheBound('fairness', undefined, 2204));

  it('all of them together, every weekly rest form: bound <= optimum <= score, the bound at the optimum unless a rest is relaxed', () => {
    let checked = 0;
    let exact = 0;
    fc.assert(
      fc.property(weekProblem(), fc.integer({ min: 1, max: 1000 }), (problem, solveSeed) => {
        const all = bruteForce(problem, MAX_PLACES);
        if (!all) return;
        checked++;
        const met = checkBound(problem, solveSeed, all.best);
        if (problem.workers.every((w) => w.weeklyRestForm !== '2x24h-in-14')) {
          exact++;
          expect(met, `bound short of the optimum ${JSON.stringify(all.best)} with every rule encoded exactly`).toBe(true);
        }
      }),
      { numRuns: 30, seed: 2205, endOnFailure: true },
    );
    expect(checked).toBeGreaterThan(15);
    expect(exact).toBeGreaterThan(5);
  });
});
