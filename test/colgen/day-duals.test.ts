// The days' own cover duals (solver/colgen/day-duals.ts) as a point for the walk Lagrangian. The walk
// bound at them, and the ascent started from them, never pass the true optimum of small random
// Curtois-style problems (the compact MILP solved by HiGHS); the days-on-their-own Lagrangian they
// maximise row by row never falls below its value at pi = 0 and never passes the optimum either; and on
// long generated shapes, where the stage's pace rule stops the ascent after its first rounds, one round
// at these duals ends above those rounds from pi = 0.

import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerDayModel } from '../../solver/colgen/day-model.ts';
import { dayDuals } from '../../solver/colgen/day-duals.ts';
import { coverLagrangian, coverSlacks, type CoverRows } from '../../solver/colgen/master-cover.ts';
import { ASCENT_RULE, DEFLECTED_RULE, walkDualAscent } from '../../solver/colgen/walk-bound.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { BENCHMARK_SHAPES, generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { compactOptimum } from './compact-optimum.ts';
import { modelsOf, randomDayProblem, SMALL_COVERED } from './day-problem.ts';

let highs: MilpBackend & LpSessionFactory;
beforeAll(async () => {
  highs = await createHighsBackend();
});

/** The days-on-their-own Lagrangian at pi: the cover terms plus each worker's cheapest choice day by day. */
function daysLagrangian(models: readonly WorkerDayModel[], rows: CoverRows, pi: Float64Array): number {
  let value = coverLagrangian(rows, pi, undefined, rows.slackUpper);
  for (const m of models) {
    value += m.constantCost;
    m.days.forEach((day, d) => {
      if (m.forced[d] >= 0) value += day[m.forced[d]].cost - pi[day[m.forced[d]].slotRole];
      else value += Math.min(0, ...day.map((o) => o.cost - pi[o.slotRole]));
    });
  }
  return value;
}

describe("the days' own cover duals", () => {
  it('give walk bounds, from one round and from the ascent started there, never above the true optimum of small random problems', () => {
    let compared = 0;
    let raised = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const problem = randomDayProblem(32_000 + seed, SMALL_COVERED);
      const models = modelsOf(problem);
      const optimum = compactOptimum(highs, problem);
      if (optimum === undefined) continue;
      const rows = coverSlacks(problem);
      const pi = dayDuals(models, rows);
      const atZero = daysLagrangian(models, rows, new Float64Array(pi.length));
      const atDuals = daysLagrangian(models, rows, pi);
      // Each row's dual is set where the function, the others held, is highest: never lower than at 0.
      expect(atDuals, `seed ${32_000 + seed}`).toBeGreaterThanOrEqual(atZero - 1e-6);
      expect(atDuals, `seed ${32_000 + seed}`).toBeLessThanOrEqual(optimum + 1e-6);
      if (atDuals > atZero + 1e-6) raised++;
      for (const [rule, maxRounds] of [[ASCENT_RULE, 1], [ASCENT_RULE, 300], [DEFLECTED_RULE, 300]] as const) {
        const bound = walkDualAscent(models, rows, { start: pi, late: () => false, maxRounds, rule }).bound;
        expect(bound, `seed ${32_000 + seed}`).toBeDefined();
        expect(bound!, `seed ${32_000 + seed} rounds ${maxRounds}`).toBeLessThanOrEqual(optimum + 1e-6);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
    expect(raised).toBeGreaterThan(compared / 3);
  });

  it('put one round of the walk bound above the first six rounds from pi = 0, on generated 182-day and 364-day shapes', () => {
    // The real-style 182 x 100 x 8 at gen-seed 1 (GR182) and the classic 364 x 50 x 10 at gen-seed 1:
    // a round prices every worker over the whole horizon, and the stage's pace rule stops the ascent
    // after its first round and five more; from pi = 0 they sit at its kink.
    for (const [shape, style] of [[4, 'real'], [5, 'classic']] as const) {
      const problem = curtoisToProblem(parseCurtois(generateInstance(BENCHMARK_SHAPES[shape], 1, style).text));
      const models = modelsOf(problem);
      const rows = coverSlacks(problem);
      const fromZero = walkDualAscent(models, rows, { late: () => false, maxRounds: 6 }).bound!;
      const atDuals = walkDualAscent(models, rows, { start: dayDuals(models, rows), late: () => false, maxRounds: 1 }).bound!;
      expect(atDuals, `shape ${shape + 1} ${style}`).toBeGreaterThan(fromZero * 1.02);
    }
  }, 120_000);
});
