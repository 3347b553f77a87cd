// The corridor's swinging walks (solver/colgen/walk.ts) and their joins (walk-splice.ts).
// - A worker whose two capped types cost the same to within a price: the cap prices swing the walk
//   from all of one type to all of the other. The search ends when a walk comes back (fewer rounds
//   than the corridor's ten) and a join of the swing's walks is the legal walk no price gives.
// - The joins against brute force on random walks of small random workers: every join returned keeps
//   every cap and the hard minutes band, and they are the cheapest such joins of each pair.

import { describe, expect, it } from 'vitest';
import type { DayOption, WorkerDayModel } from '../../solver/colgen/day-model.ts';
import { scheduleCost } from '../../solver/colgen/schedule-rules.ts';
import { cheapestLegalWalk } from '../../solver/colgen/walk.ts';
import { capKeepingJoins } from '../../solver/colgen/walk-splice.ts';
import { modelsOf, randomDayProblem, rng } from './day-problem.ts';

/** H days, two shift types of 480 minutes each capped at `cap`, exactly `shifts` shifts over the horizon. */
function twoCappedTypes(H: number, cap: number, shifts: number): WorkerDayModel {
  const days: DayOption[][] = Array.from({ length: H }, (_, d) => [0, 1].map((type) => ({ slot: 2 * d + type, role: 0, slotRole: 2 * d + type, type, minutes: 480, cost: 0 })));
  return {
    worker: 0,
    days,
    forced: new Int32Array(H).fill(-1),
    constantCost: 0,
    typeCount: 2,
    forbiddenNext: new Uint8Array(4),
    typeCap: Int32Array.of(cap, cap),
    maxRun: 5,
    minRun: 1,
    minOff: 1,
    historyRun: 0,
    maxWeekends: H,
    weekendOfDay: new Int32Array(H).fill(-1),
    minutesHardMin: shifts * 480,
    minutesHardMax: shifts * 480,
    minutesSoftMin: 0,
    minutesSoftMax: Infinity,
    minutesSoftWeight: 0,
  };
}

describe('the corridor when the cap prices swing', () => {
  it('ends when a walk comes back, and joins the swing into a legal walk', () => {
    const m = twoCappedTypes(28, 10, 20);
    // Work pays (every shift under cover), type 0 a little more than type 1: the walk is all of one.
    const extra = m.days.map((day) => Float64Array.from(day, (o) => (o.type === 0 ? -10 : -9)));
    const search = cheapestLegalWalk(m, extra);
    expect(search.corridorRounds).toBeGreaterThan(0);
    expect(search.corridorRounds).toBeLessThan(10);
    const walk = search.best;
    expect(walk, 'no legal walk: the swing was not joined').toBeDefined();
    const own = scheduleCost(m, walk!.picks);
    expect(own).toBeDefined();
    const counts = [0, 0];
    walk!.picks.forEach((i, d) => i >= 0 && counts[m.days[d][i].type]++);
    expect(counts).toEqual([10, 10]);
    // 10 shifts of each type is the cheapest any legal walk can be.
    expect(walk!.cost).toBeCloseTo(-190, 9);
  });
});

describe('joins of two walks', () => {
  it('keep every cap and the hard band, and are the cheapest such joins of each ordered pair', () => {
    let joined = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const problem = randomDayProblem(seed, { minDays: 7, maxDays: 14, minWorkers: 1, maxWorkers: 2, maxTypes: 3, coverWeights: false, pinned: false });
      const r = rng(seed * 7919);
      for (const m of modelsOf(problem)) {
        const H = m.days.length;
        const extra = m.days.map((day) => Float64Array.from(day, () => Math.round(r() * 40 - 20)));
        const walks = Array.from({ length: 3 }, () => Int32Array.from(m.days, (day) => (day.length > 0 && r() < 0.7 ? Math.floor(r() * day.length) : -1)));
        const tally = (p: Int32Array) => {
          const counts = new Array(m.typeCount).fill(0);
          let minutes = 0;
          let cost = 0;
          p.forEach((i, d) => {
            if (i < 0) return;
            counts[m.days[d][i].type]++;
            minutes += m.days[d][i].minutes;
            cost += m.days[d][i].cost + extra[d][i];
          });
          const keeps = counts.every((c, t) => m.typeCap[t] < 0 || c <= m.typeCap[t]) && minutes >= m.minutesHardMin && minutes <= m.minutesHardMax;
          return { keeps, cost, capsKept: counts.every((c, t) => m.typeCap[t] < 0 || c <= m.typeCap[t]) };
        };
        const got = capKeepingJoins(m, extra, walks);
        for (const p of got) expect(tally(p).keeps).toBe(true);
        joined += got.length;
        // Brute force: per ordered pair with a cap broken, every join day's join; the cheapest kept ones' costs.
        const expected: number[] = [];
        for (let a = 0; a < walks.length; a++) {
          for (let b = 0; b < walks.length; b++) {
            if (a === b || (tally(walks[a]).capsKept && tally(walks[b]).capsKept)) continue;
            const costs: number[] = [];
            for (let d = 1; d < H; d++) {
              const p = Int32Array.from(walks[a].subarray(0, d)).slice();
              const q = new Int32Array(H);
              q.set(p, 0);
              q.set(walks[b].subarray(d), d);
              const t = tally(q);
              if (t.keeps) costs.push(t.cost);
            }
            expected.push(...costs.sort((x, y) => x - y).slice(0, 4));
          }
        }
        expect(got.map((p) => tally(p).cost).sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y));
      }
    }
    expect(joined).toBeGreaterThan(20);
  });
});
