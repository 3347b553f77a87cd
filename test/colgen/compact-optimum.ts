// The true optimum of a small problem, by the compact MILP (solver/milp) solved with HiGHS and rescored
// by the catalogue: the yardstick the column-generation tests measure bounds and searches against.

import { expect } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { MilpBackend } from '../../solver/milp/backend.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import type { Problem } from '../../solver/model.ts';

/** Price of a broken hard row: a rota paying it has no legal alternative. */
export const HARD_SLACK = 1_000_000;

/** The true optimum's soft score, or undefined when every rota breaks a hard rule. */
export function compactOptimum(highs: MilpBackend, problem: Problem): number | undefined {
  const encoded = encodeProblem(problem, { hardSlackWeight: HARD_SLACK });
  const result = highs.solve(encoded.lp, {});
  expect(result.status).toBe('optimal');
  const score = evaluateAll(problem, encoded.decode(result.values)).score;
  if (score.hard > 0) return undefined;
  expect(score.soft).toBe(Math.round(result.objective + encoded.offset));
  return score.soft;
}
