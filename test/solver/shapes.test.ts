// Never fails on valid input: every shape of the unseen Curtois & Qu instances (28 to 364 days, 32 to
// 150 staff, 4 to 32 shift types), generated, solved for a few seconds of this process's CPU time.
// No stage may fail (a stage past its state or memory budget narrows itself or steps aside, and says
// so), the solve returns a rota scored by the catalogue, and a lower bound no higher than its score:
// when nothing else bounds the problem in the time, the days on their own do.

import { beforeAll, describe, expect, it } from 'vitest';
import { BENCHMARK_SHAPES, generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { solve } from '../../solver/index.ts';
import type { ExactSolver } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';

let highs: ExactSolver;
beforeAll(async () => {
  highs = await createHighsBackend();
});

/** CPU time of this process: the budget stays the same on a busy machine. */
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

describe('every shape of the benchmark, generated', () => {
  for (const shape of BENCHMARK_SHAPES) {
    it(`${shape.days} days x ${shape.staff} staff x ${shape.shiftTypes} shift types: a rota, a bound no higher than its score, no stage failed`, () => {
      const instance = generateInstance(shape, 1);
      const problem = curtoisToProblem(parseCurtois(instance.text));
      const r = solve(problem, { exact: highs, seed: 1, timeLimitMs: 2000, clock: cpuMs });
      const stages = r.stats.stages ?? [];
      expect(stages.filter((s) => s.outcome.startsWith('failed')), JSON.stringify(stages)).toEqual([]);
      expect(stages[0].stage).toBe('allocation loop');
      expect(evaluateAll(problem, r.assignments).score).toEqual(r.score);
      expect(r.assignments.length).toBeGreaterThan(0);
      expect(['optimal', 'gap']).toContain(r.quality.status);
      const bound = r.quality.lowerBound!;
      expect(bound.hard < r.score.hard || (bound.hard === r.score.hard && bound.soft <= r.score.soft), `${JSON.stringify(bound)} above ${JSON.stringify(r.score)}`).toBe(true);
    }, 600_000);
  }
});
