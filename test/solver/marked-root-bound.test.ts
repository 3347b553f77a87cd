// A root ended unconverged because its rounds came too slowly (root-rounding.ts) leaves a Lagrangian
// that is often below 0. On a shape under the pipeline's "big" line the days' bound has not run
// before the root, so the days on their own must give the bound after it: a marked root never leaves
// the rota bounded only by 0. The mark is forced by asking for more rounds than any root can make in
// its time (rootPartialRounds), on a real-style 56 x 32 x 4 instance (7,168 places: not "big").
// Windows apply on that horizon, so the walk kicks, which a root that did not converge would
// otherwise get, are left to them. A root that is not marked but runs out of its share unconverged
// leaves the same kind of Lagrangian, and is followed by the days in the same way.

import { beforeAll, describe, expect, it } from 'vitest';
import { cpuMs } from '../../bench/cpu-clock.ts';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { solve } from '../../solver/index.ts';
import type { ExactSolver } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';

let highs: ExactSolver;
beforeAll(async () => {
  highs = await createHighsBackend();
});

/** The real-style 56 x 32 x 4 instance solved for 12 s with the given stage settings: its stage lines, the root's index, and the result. */
function solveWith(stagesAsked: Record<string, number>) {
  const problem = curtoisToProblem(parseCurtois(generateInstance({ days: 56, staff: 32, shiftTypes: 4 }, 1, 'real').text));
  const r = solve(problem, { exact: highs, seed: 1, timeLimitMs: 12_000, clock: cpuMs }, { stages: stagesAsked });
  const stages = (r.stats.stages ?? []).map((s) => `${s.stage}: ${s.outcome}`);
  return { r, stages, root: stages.findIndex((s) => s.startsWith('column generation (root)')) };
}

/** The days on their own ran after the root and gave the rota a bound above 0, no higher than its score. */
function expectDaysBoundAfterRoot({ r, stages, root }: ReturnType<typeof solveWith>) {
  const days = stages.findIndex((s) => s.startsWith('day-by-day bound'));
  expect(days, stages.join('\n')).toBeGreaterThan(root);
  // How many days its share reaches depends on the machine's pace (a fresh clone under load reached
  // 51 of 56): any day solved gives a bound above 0, which is what the rota needs.
  expect(stages[days]).toMatch(/: [1-9]\d* of 56 days, bound [1-9]/);
  const bound = r.quality.lowerBound!;
  expect(bound.hard).toBe(0);
  expect(bound.soft).toBeGreaterThan(0);
  expect(bound.soft).toBeLessThanOrEqual(r.score.soft);
}

describe('a root ended unconverged', () => {
  it('on a shape whose days bound did not run first, is followed by the days on their own, so the bound is above 0, and leaves the short places to the windows, not to walk kicks', () => {
    const run = solveWith({ rootPartialRounds: 500 });
    expect(run.stages[run.root], run.stages.join('\n')).toMatch(/not converged.*cannot converge/);
    expectDaysBoundAfterRoot(run);
    // Windows apply on this horizon, and they re-plan every worker over their days exactly: no walk kicks.
    expect(run.stages.find((s) => s.startsWith('neighbourhoods and dives')), run.stages.join('\n')).toMatch(/window: [1-9]\d* windows.*walk kicks: 0 steps/);
  }, 120_000);

  it('a root not marked but out of its share before converging, with a Lagrangian at or below 0, is followed by the days on their own too', () => {
    // Never marked: one round's pace always fits (rootPartialRounds 1) and the first pricing is never cut.
    const run = solveWith({ columnGenerationShare: 0.3, rootPartialRounds: 1, rootFirstPricingShare: 1 });
    expect(run.stages[run.root], run.stages.join('\n')).toMatch(/not converged, bound (-\d+|0|none);/);
    expect(run.stages[run.root]).not.toMatch(/cannot converge/);
    expectDaysBoundAfterRoot(run);
  }, 120_000);
});
