// The walk Lagrangian as a stage (solver/stages/walk-bound.ts): a root that ends without a bound of its
// own (marked too slow, as in marked-root-bound.test.ts, on the real-style 56 x 32 x 4 instance) is
// followed by the days' bound and then by the walk bound, which raises the rota's bound past the
// days' and never past its score; a root that converges is not.

import { beforeAll, describe, expect, it } from 'vitest';
import { cpuMs } from '../../bench/cpu-clock.ts';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { solve } from '../../solver/index.ts';
import type { ExactSolver } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { ClimbWatch, dayDualsWanted } from '../../solver/stages/walk-bound.ts';

let highs: ExactSolver;
beforeAll(async () => {
  highs = await createHighsBackend();
});

function solveWith(shape: { days: number; staff: number; shiftTypes: number }, seconds: number, stagesAsked: Record<string, number>) {
  const problem = curtoisToProblem(parseCurtois(generateInstance(shape, 1, 'real').text));
  const r = solve(problem, { exact: highs, seed: 1, timeLimitMs: seconds * 1000, clock: cpuMs }, { stages: stagesAsked });
  const stages = (r.stats.stages ?? []).map((s) => `${s.stage}: ${s.outcome}`);
  return { r, stages };
}

describe('the walk bound stage', () => {
  it('follows a root that gave no bound, after the days on their own, and raises the bound past theirs', () => {
    const { r, stages } = solveWith({ days: 56, staff: 32, shiftTypes: 4 }, 12, { rootPartialRounds: 500, walkBoundShare: 0.2 });
    const days = stages.findIndex((s) => s.startsWith('day-by-day bound'));
    const walk = stages.findIndex((s) => s.startsWith('walk bound'));
    expect(days, stages.join('\n')).toBeGreaterThan(0);
    expect(walk, stages.join('\n')).toBeGreaterThan(days);
    const daysBound = Number(/bound (\d+)$/.exec(stages[days])![1]);
    expect(stages[walk], stages.join('\n')).toMatch(/\d+ rounds, bound \d+ \(raised\)/);
    const bound = r.quality.lowerBound!;
    expect(bound.hard).toBe(0);
    expect(bound.soft).toBeGreaterThan(daysBound);
    expect(bound.soft).toBeLessThanOrEqual(r.score.soft);
  }, 120_000);

  it("stopped by its pace, bounds by one more round at the days' own duals, never past the score", () => {
    // A pace no share can meet (as on the long shapes, where a round prices a year of days).
    const { r, stages } = solveWith({ days: 56, staff: 32, shiftTypes: 4 }, 12, { rootPartialRounds: 500, walkBoundShare: 0.2, walkBoundMinRounds: 1e9 });
    const walk = stages.find((s) => s.startsWith('walk bound'));
    expect(walk, stages.join('\n')).toMatch(/stopped after 6 rounds .*, bound \d+, at the days' duals \d+$/);
    const bound = r.quality.lowerBound!;
    expect(bound.hard).toBe(0);
    expect(bound.soft).toBeGreaterThanOrEqual(Number(/at the days' duals (\d+)$/.exec(walk!)![1]) - 1);
    expect(bound.soft).toBeLessThanOrEqual(r.score.soft);
  }, 120_000);

  it('does not run after a root that converged', () => {
    const { stages } = solveWith({ days: 14, staff: 10, shiftTypes: 2 }, 10, {});
    expect(stages.find((s) => s.startsWith('column generation (root)')), stages.join('\n')).toMatch(/, converged/);
    expect(stages.some((s) => s.startsWith('walk bound')), stages.join('\n')).toBe(false);
  }, 120_000);
});

describe("the walk bound stage's round at the days' duals", () => {
  it('runs when the pace rule stopped the ascent or the ascent did not pass the bound in hand, and only then', () => {
    expect(dayDualsWanted(true, true)).toBe(true);
    expect(dayDualsWanted(true, false)).toBe(true);
    expect(dayDualsWanted(false, false)).toBe(true);
    // An ascent that had its rounds and passed the bound in hand (instance 20): nothing more.
    expect(dayDualsWanted(false, true)).toBe(false);
  });
});

describe('the walk bound stage past its share', () => {
  it('takes more time only while its best bound climbed by 5% of itself over the last 50 rounds', () => {
    const watch = new ClimbWatch();
    // Fewer rounds than the window: not judged climbing.
    for (let r = 1; r <= 50; r++) watch.note(10 * r);
    expect(watch.climbing()).toBe(false);
    // Climbing steadily (500 to 1,000 over the window): climbing.
    for (let r = 51; r <= 100; r++) watch.note(10 * r);
    expect(watch.climbing()).toBe(true);
    // Flat for a window: no longer.
    for (let r = 101; r <= 160; r++) watch.note(1000 + (r - 100) * 0.5);
    expect(watch.climbing()).toBe(false);
    // A bound still below 0 never extends the stage (its share is the days' bound's to beat).
    const low = new ClimbWatch();
    for (let r = 1; r <= 60; r++) low.note(-1000 + r);
    expect(low.climbing()).toBe(false);
  });
});
