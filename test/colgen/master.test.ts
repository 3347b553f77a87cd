// Column generation against the compact MILP: on small random day-based problems with cover, the
// optimum from encodeProblem solved by HiGHS (rescored with evaluateAll) bounds the column bound from
// above and the integer master's rota from below; the integer master's rota breaks no hard rule; and on
// a hand-made case the column bound is at least the compact LP relaxation's.

import { beforeAll, describe, expect, it } from 'vitest';
import { buildDayModels } from '../../solver/colgen/day-model.ts';
import { runColumnGeneration } from '../../solver/colgen/master.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import type { Day, Problem, Slot, Worker } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { NO_FAIRNESS, randomDayProblem, ROLE, SMALL_COVERED } from './day-problem.ts';
import { compactOptimum } from './compact-optimum.ts';

let highs: MilpBackend & LpSessionFactory;

beforeAll(async () => {
  highs = await createHighsBackend();
});

describe('column generation', () => {
  it('works on the day models it is given, not ones built again, to the same root', () => {
    const problem = randomDayProblem(9001, SMALL_COVERED);
    const built = buildDayModels(problem);
    if (!built.ok) throw new Error(built.reason);
    const given = runColumnGeneration(problem, highs, { clock: () => performance.now(), timeLimitMs: 60_000, dayModels: built });
    const own = runColumnGeneration(problem, highs, { clock: () => performance.now(), timeLimitMs: 60_000 });
    if (!given.ok || !own.ok) throw new Error('column generation refused a day problem');
    try {
      expect(given.state.models).toBe(built.models);
      expect(own.state.models).not.toBe(built.models);
      expect(given.state.converged && own.state.converged).toBe(true);
      expect(given.state.lowerBound).toBeCloseTo(own.state.lowerBound!, 6);
    } finally {
      given.state.dispose();
      own.state.dispose();
    }
  });

  it('bounds the compact optimum from below and its integer master from above', () => {
    let compared = 0;
    let strictGapClosed = 0;
    for (let seed = 1; seed <= 40 && compared < 12; seed++) {
      const problem = randomDayProblem(9000 + seed, SMALL_COVERED);
      const built = buildDayModels(problem);
      if (!built.ok) throw new Error(built.reason);
      const optimum = compactOptimum(highs, problem);
      if (optimum === undefined) continue;
      const outcome = runColumnGeneration(problem, highs, { clock: () => performance.now(), timeLimitMs: 60_000 });
      expect(outcome.ok, `seed ${9000 + seed}`).toBe(true);
      if (!outcome.ok) continue;
      const state = outcome.state;
      try {
        expect(state.converged, `seed ${9000 + seed}`).toBe(true);
        expect(state.lowerBound).toBeDefined();
        expect(state.lowerBound!, `seed ${9000 + seed}`).toBeLessThanOrEqual(optimum + 1e-6);
        const integer = state.solveInteger(30);
        expect(integer, `seed ${9000 + seed}`).toBeDefined();
        const score = evaluateAll(problem, integer!.assignments).score;
        expect(score.hard, `seed ${9000 + seed}`).toBe(0);
        expect(score.soft, `seed ${9000 + seed}`).toBeGreaterThanOrEqual(optimum);
        if (score.soft === optimum) strictGapClosed++;
      } finally {
        state.dispose();
      }
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(8);
    // Price and branch is a heuristic, but on cases this small it mostly finds the optimum.
    expect(strictGapClosed).toBeGreaterThan(compared / 2);
  });

  it('gives a bound at least the compact LP relaxation on a case where minimum runs make the LP weak', () => {
    // One worker, minimum run 3 (inner runs), one 8 h shift a day. Day 3 wants one worker (10 per
    // worker short); every other day wants none (6 per worker over). Working day 3 needs a run of at
    // least 3 days, inner (days 2-4: 12) or reaching an edge (days 0-3 or 3-6: 18), so the optimum is to
    // leave day 3 short: 10. Each worker's column is a whole legal rota, so the column bound is 10.
    const H = 7;
    const days: Day[] = Array.from({ length: H }, (_, d) => ({ startMin: d * 1440, endMin: (d + 1) * 1440, weekday: d, isBankHoliday: false, label: `day ${d}` }));
    const slots: Slot[] = days.map((_, d) => ({
      id: `d${d}`,
      startMin: d * 1440,
      endMin: d * 1440 + 480,
      dayIndex: d,
      isWeekend: d >= 5,
      isBankHoliday: false,
      siteId: null,
      typeId: 'day',
      tags: [],
      priority: 1,
      workMinutes: 480,
      roles: [{ roleId: ROLE, min: 0, preferred: d === 3 ? 1 : 0, max: 1, skills: [], underWeight: 10, overWeight: 6 }],
      label: `day ${d}`,
    }));
    const worker: Worker = {
      id: 'w0', name: 'W0', kind: 'contracted', roles: [ROLE], skills: [], unavailability: [], minRestMinutes: 0,
      minConsecutiveDays: 3, maxShiftsPerDay: 1, refusedSiteIds: [], costPencePerHour: 0, preferences: [],
    };
    const problem: Problem = { days, sites: [], slots, workers: [worker], pinned: [], weights: NO_FAIRNESS };
    expect(compactOptimum(highs, problem)).toBe(10);
    const encoded = encodeProblem(problem, {});
    const relaxed = highs.solve(encoded.relaxedLp(), { relaxation: true });
    expect(relaxed.status).toBe('optimal');
    const lpBound = relaxed.objective + encoded.offset;
    const outcome = runColumnGeneration(problem, highs, { clock: () => performance.now(), timeLimitMs: 60_000 });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    try {
      expect(outcome.state.converged).toBe(true);
      expect(outcome.state.lowerBound).toBeCloseTo(10, 6);
      expect(outcome.state.lowerBound!).toBeGreaterThanOrEqual(lpBound - 1e-6);
    } finally {
      outcome.state.dispose();
    }
  });

  it('runs with no time limit', () => {
    const problem = randomDayProblem(9001, { minDays: 7, maxDays: 7, minWorkers: 3, maxWorkers: 3, maxTypes: 2, coverWeights: true, pinned: false, minMaxWeekends: 1 });
    const outcome = runColumnGeneration(problem, highs, {});
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.state.converged).toBe(true);
      outcome.state.dispose();
    }
  });
});
