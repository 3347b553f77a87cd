// Window neighbourhoods (solver/colgen/window.ts): every worker's days in a window re-planned by
// branch and price, the rest of the rota fixed. The window's rules across its edges (runs, days off,
// successions, weekends, caps and the minutes band over the whole horizon) are judged with the fixed
// days counted: what it returns must keep every day outside the window, break no hard rule by the
// real scorer, and be as good as the compact MILP's best rota with the same days fixed (solved apart
// from the column model). On a long horizon where a rota's cover is poor in one place, a window
// there finds the better rota.

import { beforeAll, describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { buildDayModels, type WorkerDayModel } from '../../solver/colgen/day-model.ts';
import { generate } from '../../solver/colgen/generate.ts';
import { MasterLp } from '../../solver/colgen/master-lp.ts';
import { reoptimiseWindow, windowMaster, windowRestrictions, type DayWindow } from '../../solver/colgen/window.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { coverBlindRota } from './cover-blind.ts';
import { randomDayProblem } from './day-problem.ts';

let highs: MilpBackend & LpSessionFactory;

beforeAll(async () => {
  highs = await createHighsBackend();
});

const OPTIONS = { minDays: 12, maxDays: 16, minWorkers: 3, maxWorkers: 5, maxTypes: 2, coverWeights: true, pinned: false, minMaxWeekends: 0 };

function modelsOf(problem: Problem): readonly WorkerDayModel[] | undefined {
  const built = buildDayModels(problem);
  return built.ok ? built.models : undefined;
}

/** The best score reachable by changing only the window's days, by the compact MILP. */
function bestWithOutsideFixed(problem: Problem, rota: readonly Assignment[], w: DayWindow): number {
  const day = problem.slots.map((s) => s.dayIndex);
  const encoded = encodeProblem(problem, { fixed: { current: rota, isFree: (_w, s) => day[s] >= w.firstDay && day[s] <= w.lastDay }, hardSlackWeight: 1e6 });
  const r = highs.solve(encoded.lp, {});
  expect(r.status).toBe('optimal');
  const score = evaluateAll(problem, encoded.decode(r.values)).score;
  expect(score.hard).toBe(0);
  return score.soft;
}

const key = (x: Assignment): string => `${x.workerId}|${x.slotId}|${x.roleId}`;

/** Random small problems from seeds base+1.. base+40 that have day models and a cover-blind rota to start from. */
function* startedProblems(base: number): Generator<{ seed: number; problem: Problem; models: readonly WorkerDayModel[]; start: Assignment[] }> {
  for (let seed = 1; seed <= 40; seed++) {
    const problem = randomDayProblem(base + seed, OPTIONS);
    const models = modelsOf(problem);
    const start = models && coverBlindRota(problem, highs);
    if (models && start) yield { seed, problem, models, start };
  }
}

describe('window neighbourhoods', () => {
  it('keep every day outside the window and reach the best plan of the window, judged across its edges', () => {
    let checked = 0;
    let improvedSome = 0;
    for (const { seed, problem, models, start } of startedProblems(5200)) {
      if (checked >= 10) break;
      const H = problem.days.length;
      // A window inside the horizon, so both edges have fixed days beside them.
      const firstDay = 2 + (seed % 3);
      const window = { firstDay, lastDay: Math.min(H - 3, firstDay + 4 + (seed % 4)) };
      const before = evaluateAll(problem, start).score.soft;
      const r = reoptimiseWindow(problem, models, start, window, highs);
      expect(r.complete, `seed ${5200 + seed}`).toBe(true);
      const target = bestWithOutsideFixed(problem, start, window);
      const slotDay = new Map(problem.slots.map((s) => [s.id, s.dayIndex]));
      const outside = (x: Assignment): boolean => slotDay.get(x.slotId)! < window.firstDay || slotDay.get(x.slotId)! > window.lastDay;
      if (r.improved) {
        improvedSome++;
        const after = evaluateAll(problem, r.improved).score;
        expect(after.hard, `seed ${5200 + seed}`).toBe(0);
        expect(after.soft).toBeLessThan(before);
        expect(after.soft, `seed ${5200 + seed}`).toBe(target);
        expect(r.improved.filter(outside).map(key).sort()).toEqual(start.filter(outside).map(key).sort());
      } else {
        expect(before, `seed ${5200 + seed}`).toBe(target);
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    expect(improvedSome).toBeGreaterThan(0);
  });

  it("solve a master of the window's cover rows alone, and still reach the best plan of the window", () => {
    // Rows outside the window are filled alike by every column the window can hold: the master's LP
    // leaves them out and adds their cost, so its bounds still prune exactly.
    let checked = 0;
    for (const { seed, problem, models, start } of startedProblems(5300)) {
      if (checked >= 6) break;
      const H = problem.days.length;
      const window = { firstDay: 3, lastDay: Math.min(H - 3, 3 + 3 + (seed % 3)) };
      const rows: number[] = [];
      const recording: LpSessionFactory = {
        createLpSession: () => {
          const inner = highs.createLpSession();
          let count = 0;
          return {
            ...inner,
            addRows: (lower, upper) => {
              count += lower.length;
              rows.push(count);
              return inner.addRows(lower, upper);
            },
          };
        },
      };
      const r = reoptimiseWindow(problem, models, start, window, recording);
      expect(r.complete, `seed ${5300 + seed}`).toBe(true);
      const inWindow = problem.slots.filter((s) => s.dayIndex >= window.firstDay && s.dayIndex <= window.lastDay).reduce((n, s) => n + s.roles.length, 0);
      expect(rows.at(-1)).toBe(inWindow + problem.workers.length);
      const target = bestWithOutsideFixed(problem, start, window);
      expect(r.improved ? evaluateAll(problem, r.improved).score.soft : evaluateAll(problem, start).score.soft, `seed ${5300 + seed}`).toBe(target);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it("the window master's LP value is the whole master's under the same forced days", () => {
    // The rows left out cost what the rota's days outside the window make them cost: added back, the
    // window master's LP value and bounds are those of the master over every row, so its trees prune
    // as that one's would (an offset too small prunes less, one too large cuts off better plans).
    let checked = 0;
    let outsideCosts = 0;
    for (const { seed, problem, models, start } of startedProblems(5400)) {
      if (checked >= 8) break;
      const window = { firstDay: 2 + (seed % 4), lastDay: 7 + (seed % 4) };
      const built = windowMaster(problem, models, start, window, highs)!;
      const whole = new MasterLp(problem, models, highs.createLpSession(), undefined, 3, 0.5);
      try {
        whole.addRota(start);
        const forced = windowRestrictions(whole, start, window)!;
        const restrictions = whole.restrictionsOf([], forced);
        const a = generate(built.master, { restrictionOf: (w) => restrictions.get(w) });
        const b = generate(whole, { restrictionOf: (w) => restrictions.get(w) });
        expect(a.status).toBe('optimal');
        expect(b.status).toBe('optimal');
        expect(a.lpValue, `seed ${5400 + seed}`).toBeCloseTo(b.lpValue, 6);
        expect(a.bound!, `seed ${5400 + seed}`).toBeCloseTo(b.bound!, 6);
        if (built.master.fixedCost > 0) outsideCosts++;
      } finally {
        built.master.dispose();
        whole.dispose();
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(6);
    expect(outsideCosts).toBeGreaterThan(0);
  });

  it('improves a window in the middle of a long horizon', () => {
    // 84 days x 12 staff, a rota planned blind to cover: two weeks in the middle re-planned for cover.
    const problem = curtoisToProblem(parseCurtois(generateInstance({ days: 84, staff: 12, shiftTypes: 2 }, 5).text));
    const models = modelsOf(problem)!;
    const start = coverBlindRota(problem, highs);
    expect(start).toBeDefined();
    const before = evaluateAll(problem, start!).score;
    expect(before.hard).toBe(0);
    const window = { firstDay: 35, lastDay: 48 };
    const r = reoptimiseWindow(problem, models, start!, window, highs);
    expect(r.improved).toBeDefined();
    const after = evaluateAll(problem, r.improved!).score;
    expect(after.hard).toBe(0);
    expect(after.soft).toBeLessThan(before.soft);
  });
});
