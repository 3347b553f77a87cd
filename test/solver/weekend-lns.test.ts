// Windows of weekends far apart (solver/stages/weekend-lns.ts): which weekend days a small rota's
// penalties and slack choose, and a weekend place that only such a window can move.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem, slotIdOf, CURTOIS_ROLE } from '../../bench/curtois/to-problem.ts';
import { runColumnGeneration, type ColumnGenerationState } from '../../solver/colgen/master.ts';
import { dayWindowSize, inDayWindow, reoptimiseWindow, type DayWindow } from '../../solver/colgen/window.ts';
import type { NeighbourhoodOptions, NeighbourhoodResult } from '../../solver/colgen/neighbourhood.ts';
import { buildDayModels } from '../../solver/colgen/day-model.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { SolveContext } from '../../solver/stages/context.ts';
import { focusOf } from '../../solver/stages/neighbourhoods.ts';
import { limitedWeekends, weekendGroups, WeekendNeighbourhoods, weekendSlack, weekendWindow } from '../../solver/stages/weekend-lns.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';

let highs: MilpBackend & LpSessionFactory;

beforeAll(async () => {
  highs = await createHighsBackend();
});

/**
 * Eight weeks from a Monday, one 8-hour shift; every day wants nobody (1 a worker over) except the
 * weekends `wanted` lists (one worker each day, 100 a day short). Each worker works exactly two shifts
 * and at most one weekend, with runs of at most five days.
 */
function instance(staff: readonly string[], wanted: readonly number[]): Problem {
  const H = 56;
  const cover: string[] = [];
  for (let d = 0; d < H; d++) {
    const want = d % 7 >= 5 && wanted.includes(Math.floor(d / 7));
    cover.push(`${d},D,${want ? 1 : 0},100,1`);
  }
  const text = [
    'SECTION_HORIZON',
    `${H}`,
    'SECTION_SHIFTS',
    'D,480,',
    'SECTION_STAFF',
    ...staff.map((id) => `${id},D=${H},960,960,5,1,1,1`),
    'SECTION_COVER',
    ...cover,
  ].join('\n');
  return curtoisToProblem(parseCurtois(text));
}

function rotaOf(problem: Problem, days: Readonly<Record<string, readonly number[]>>): Assignment[] {
  return Object.entries(days).flatMap(([workerId, ds]) => ds.map((d) => ({ slotId: slotIdOf(d, 'D'), roleId: CURTOIS_ROLE, workerId })));
}

describe('weekend neighbourhoods', () => {
  it('choose the weekend days from the rota: the most penalised weekend first, with the weekends of most slack, and the days beside them', () => {
    // Weekends 1 and 7 are wanted; A works weekend 0 (wanted by nobody: two places over), B weekend 1,
    // C a Wednesday and only the Saturday of weekend 4 (one over), nobody weekend 7 (two places short).
    const problem = instance(['A', 'B', 'C'], [1, 7]);
    const rota = rotaOf(problem, { A: [5, 6], B: [12, 13], C: [30, 33] });
    const models = buildDayModels(problem);
    if (!models.ok) throw new Error(models.reason);
    const weekends = limitedWeekends(problem, models.models);
    expect(weekends).toEqual(Array.from({ length: 8 }, (_, k) => [7 * k + 5, 7 * k + 6]));
    const { analysis } = evaluateAll(problem, rota);
    const perDay = focusOf(problem, analysis).day;
    const slack = weekendSlack(problem, rota, weekends);
    // Weekend 0: two places over; weekend 4: one over, and C works one of its two days.
    expect(slack).toEqual([2, 0, 0, 0, 2, 0, 0, 0]);
    const groups = weekendGroups(weekends, perDay, slack, 1);
    // The penalised weekends, most first: 7 (200 short), 0 (2 over), 4 (1 over); the partners by
    // slack, then the less penalised: 4 before 0.
    expect([...new Set(groups.map((g) => g.worst))]).toEqual([7, 0, 4]);
    expect(groups.slice(0, 3)).toEqual([
      { worst: 7, partners: [4] },
      { worst: 7, partners: [0] },
      { worst: 0, partners: [4] },
    ]);
    // The first window: weekends 7 and 4 with a day either side (runs are limited), nothing else.
    const window = weekendWindow(weekends, groups[0], 1, problem.days.length);
    expect([...window.only!].sort((a, b) => a - b)).toEqual([32, 33, 34, 35, 53, 54, 55]);
    expect(dayWindowSize(window)).toBe(7);
    expect(inDayWindow(window, 20)).toBe(false);
    // Two partners at once: the worst with the next two by slack.
    expect(weekendGroups(weekends, perDay, slack, 2)[0]).toEqual({ worst: 7, partners: [4, 0] });
    // Every weekend at once is one window, whichever weekend is the worst.
    expect(weekendGroups(weekends, perDay, slack, 7)).toEqual([{ worst: 7, partners: [4, 0, 1, 2, 3, 5, 6] }]);
  });

  it('do nothing without a weekend limit, and take the weekends from the calendar, not the first day', () => {
    const problem = instance(['A'], [7]);
    const models = buildDayModels(problem);
    if (!models.ok) throw new Error(models.reason);
    const unlimited = models.models.map((m) => ({ ...m, maxWeekends: Infinity }));
    expect(limitedWeekends(problem, unlimited)).toEqual([]);
    // A horizon starting on a Wednesday: its first weekend is days 3 and 4.
    const shifted: Problem = { ...problem, days: problem.days.map((d, i) => ({ ...d, weekday: (i + 2) % 7 })) };
    const again = buildDayModels(shifted);
    if (!again.ok) throw new Error(again.reason);
    expect(limitedWeekends(shifted, again.models)[0]).toEqual([3, 4]);
  });

  describe('on a rota whose short weekend is far from the slack one', () => {
    let problem: Problem;
    let cg: ColumnGenerationState;
    let rota: Assignment[];

    beforeAll(() => {
      problem = instance(['A', 'B'], [3, 7]);
      // A works weekend 0 (nobody wanted: two over), B weekend 3 (wanted); weekend 7 is two short.
      rota = rotaOf(problem, { A: [5, 6], B: [26, 27] });
      const root = runColumnGeneration(problem, highs, { incumbents: [rota] });
      if (!root.ok) throw new Error(root.reason);
      cg = root.state;
    });

    afterAll(() => cg?.dispose());

    it('no window of consecutive days of main\'s lengths moves the weekend place', () => {
      const before = evaluateAll(problem, rota).score;
      expect(before.hard).toBe(0);
      const H = problem.days.length;
      for (const span of [7, 14]) {
        for (let first = 0; first + span <= H; first++) {
          const r = reoptimiseWindow(problem, cg.models, rota, { firstDay: first, lastDay: first + span - 1 }, highs, { timeLimitMs: 20_000 });
          expect(r.complete).toBe(true);
          expect(r.improved).toBeUndefined();
        }
      }
    });

    it('grow the partners after a sweep with nothing better, then the reach once every weekend is in; a cut halves them', () => {
      const now = { ms: 0 };
      const ctx = new SolveContext(problem, { exact: highs, clock: () => now.ms, timeLimitMs: 100_000, seed: 1 }, {});
      ctx.incumbent.consider(rota, 'given');
      const asked: { weekends: number; size: number }[] = [];
      // Nothing better anywhere; a tree closes when its window frees at most 30 days.
      const capped = (_p: Problem, _m: unknown, _r: readonly Assignment[], w: DayWindow, _f: LpSessionFactory, o: NeighbourhoodOptions): NeighbourhoodResult => {
        const days = [...w.only!];
        asked.push({ weekends: new Set(days.filter((d) => d % 7 >= 5).map((d) => Math.floor(d / 7))).size, size: dayWindowSize(w) });
        const closes = dayWindowSize(w) <= 30;
        now.ms += closes ? 10 : (o.timeLimitMs ?? 0);
        return { complete: closes };
      };
      const hoods = new WeekendNeighbourhoods({ ctx, cg, rotaDiveFound: false }, capped);
      expect(hoods.reach).toBe(1);
      // Only weekend 7 is penalised (weekend 0's two over are 2 points): its pairs, eight fruitless windows at most.
      for (let step = 0; step < 7; step++) hoods.step(now.ms + 1_000_000);
      expect(asked.slice(0, 7).every((a) => a.weekends === 2 && a.size <= 8)).toBe(true);
      for (let step = 0; step < 40 && hoods.applies(); step++) hoods.step(now.ms + 1_000_000);
      // 2, then 3 and 5 weekends a window (4 days each: 20 close), then all 8 (31 days: cut), then 4
      // (half the partners), growing again after a sweep with nothing; every cut one is all 8.
      const counts = asked.map((a) => a.weekends);
      expect(counts).toContain(3);
      expect(counts).toContain(5);
      const cut = asked.findIndex((a) => a.size > 30);
      expect(asked[cut].weekends).toBe(8);
      expect(asked[cut - 1].weekends).toBeLessThan(8);
      expect(asked.length).toBeGreaterThan(cut + 1);
      expect(asked[cut + 1].weekends).toBe(4);
      asked.forEach((a, i) => {
        if (a.size > 30) expect([a.weekends, asked[i + 1]?.weekends ?? 4]).toEqual([8, 4]);
      });
      expect(hoods.reach).toBe(1);
    });

    it('once every weekend is in one window, a day more either side while a day between two weekends stays fixed; then done on the rota', () => {
      const now = { ms: 0 };
      const ctx = new SolveContext(problem, { exact: highs, clock: () => now.ms, timeLimitMs: 100_000, seed: 1 }, {});
      ctx.incumbent.consider(rota, 'given');
      const sizes: number[] = [];
      const closes = (_p: Problem, _m: unknown, _r: readonly Assignment[], w: DayWindow): NeighbourhoodResult => {
        sizes.push(dayWindowSize(w));
        now.ms += 10;
        return { complete: true };
      };
      const hoods = new WeekendNeighbourhoods({ ctx, cg, rotaDiveFound: false }, closes);
      for (let step = 0; step < 100 && hoods.applies(); step++) hoods.step(now.ms + 1_000_000);
      expect(hoods.applies()).toBe(false);
      // Every weekend with a day either side (31 days), then two (46: Thursday to Tuesday, clipped at the end), never three
      // (every day of the week).
      expect(sizes.slice(-2)).toEqual([31, 46]);
      expect(hoods.reach).toBe(2);
    });

    it('moves the weekend place from the slack weekend to the short one', () => {
      const ctx = new SolveContext(problem, { exact: highs, clock: () => performance.now(), timeLimitMs: 60_000, seed: 1 }, {});
      ctx.incumbent.consider(rota, 'given');
      const before = ctx.incumbent.score;
      expect(before.hard).toBe(0);
      const hoods = new WeekendNeighbourhoods({ ctx, cg, rotaDiveFound: false });
      expect(hoods.applies()).toBe(true);
      expect(hoods.step(performance.now() + 20_000)).toBe(true);
      const a = ctx.incumbent.assignments.filter((x) => x.workerId === 'A').map((x) => problem.slots.find((s) => s.id === x.slotId)!.dayIndex);
      expect(a.sort((x, y) => x - y)).toEqual([54, 55]);
      // Two places no longer short (200), two no longer over (2).
      expect(before.soft - ctx.incumbent.score.soft).toBe(202);
      expect(evaluateAll(problem, ctx.incumbent.assignments).score.hard).toBe(0);
    });
  });
});
