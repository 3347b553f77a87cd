// The whole model's LP relaxation often bounds a service's week at the loop's own score (cover and pay
// dominate, and both are linear): then the rota is proven optimal by the LP and branch and bound,
// which would only solve the same LP again to say so, does not run. Where the LP stops short of the
// rota's score, branch and bound still runs and proves it. Real services' weeks other than the
// benchmark's, solved through `solve` with a HiGHS backend that records what it was asked.

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { legalSoftBound, solve } from '../../solver/index.ts';
import type { MilpSolveOptions } from '../../solver/milp/backend.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import { LpModel } from '../../solver/milp/lp-writer.ts';
import type { ExactSolver, Problem } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { countingExact, fixtureWeek } from './support/counting-exact.ts';

let highs: ExactSolver;
beforeAll(async () => {
  highs = await createHighsBackend();
});

/** Solves with a backend that counts the LP relaxations and the integer solves it was given. */
function solveCounting(problem: Problem, settings: Parameters<typeof solve>[2] = {}): { result: ReturnType<typeof solve>; lps: number; mips: number } {
  const c = countingExact(highs);
  const result = solve(problem, { exact: c.exact, seed: 2, timeLimitMs: 60_000, clock: () => performance.now() }, settings);
  return { result, lps: c.lps(), mips: c.mips() };
}

describe('the whole model proven by its LP relaxation', () => {
  it('a week whose LP bound meets the loop\'s rota is proven optimal without branch and bound', () => {
    const { result, lps, mips } = solveCounting(fixtureWeek('red-cross-7-day', '2027-02-08'));
    expect(result.quality.status).toBe('optimal');
    expect(result.quality.lowerBound).toEqual(result.score);
    expect(lps).toBe(1);
    expect(mips).toBe(0);
    // The LP now comes before the loop, which stops once its rota meets it (test/solver/bound-feed.test.ts).
    expect(result.stats.stages?.map((s) => s.outcome).join(' | ')).toMatch(/met the bound|proven by the LP relaxation/);
  });

  it('a week whose LP bound falls short still goes to branch and bound, which proves it', () => {
    // Its LP bound is 933 against an optimum of 972. The week is small enough to go straight to branch
    // and bound, so the LP-first path is taken here by a lower limit for that.
    const { result, lps, mips } = solveCounting(fixtureWeek('greenwich-rehab', '2027-02-08'), { stages: { exactBinaryLimit: 100, allocateStallPerPlace: 200 } });
    expect(lps).toBe(1);
    expect(mips).toBeGreaterThan(0);
    expect(result.quality.status).toBe('optimal');
  });
});

describe('the whole model\'s LP relaxation, solved without presolve', () => {
  /** A backend that records the options of every solve it is asked for. */
  const recording = (): { exact: ExactSolver; asked: MilpSolveOptions[] } => {
    const asked: MilpSolveOptions[] = [];
    return { asked, exact: { ...highs, name: highs.name, solve: (lp, o) => (asked.push(o), highs.solve(lp, o)) } };
  };

  it('the bound worked out before or alongside the loop is the LP\'s optimum with presolve on, found without it', () => {
    const week = fixtureWeek('red-cross-7-day', '2027-03-15');
    const r = recording();
    const b = legalSoftBound(week, r.exact, 60);
    expect(r.asked).toHaveLength(1);
    expect(r.asked[0]).toMatchObject({ relaxation: true, presolve: false });
    const enc = encodeProblem(week, { hard: { kind: 'rows' } });
    const presolved = highs.solve(enc.relaxedLp(), { relaxation: true });
    expect(presolved.status).toBe('optimal');
    expect(b.soft).toBeCloseTo(presolved.bound! + enc.offset, 6);
  });

  it('the whole model stage solves its LP without presolve too (not the interior point LP of the largest models)', () => {
    const r = recording();
    const result = solve(fixtureWeek('red-cross-7-day', '2027-02-08'), { exact: r.exact, seed: 2, timeLimitMs: 60_000, clock: () => performance.now() });
    expect(result.quality.status).toBe('optimal');
    const lps = r.asked.filter((o) => o.relaxation);
    expect(lps).toHaveLength(1);
    expect(lps[0]).toMatchObject({ presolve: false });
    expect(lps[0]!.interiorPoint).toBeUndefined();
  });
});

describe('the bound writes only the text it solves', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the LP bound writes the relaxed model alone, never the MILP text it does not solve', () => {
    const written = vi.spyOn(LpModel.prototype, 'toLpText');
    const b = legalSoftBound(fixtureWeek('tameside-cmht', '2027-01-18'), highs, 60);
    expect(b.soft).toBeDefined();
    expect(written.mock.calls.map((c) => c[0] === true)).toEqual([true]);
  });

  it('the MILP text is still there when asked for, the same text each time, integrality included', () => {
    const enc = encodeProblem(fixtureWeek('tameside-cmht', '2027-01-18'), { hard: { kind: 'rows' } });
    expect(enc.lp).toMatch(/\nBinary\n/);
    expect(enc.relaxedLp()).not.toMatch(/\nBinary\n/);
    expect(enc.lp).toBe(enc.lp);
  });
});
