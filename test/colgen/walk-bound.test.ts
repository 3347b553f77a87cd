// The walk Lagrangian (solver/colgen/walk-bound.ts) against brute force. A worker's walk term, at any
// extras and any multipliers, never passes the cost of the worker's cheapest legal rota (every schedule
// enumerated and judged by scheduleCost) nor exact pricing's least cost; and the ascent's bound never
// passes the true optimum of small random Curtois-style problems (the compact MILP solved by HiGHS,
// rescored by the catalogue), while it is above 0 on many of them, early in the ascent as well as late,
// under the stage's rule (the volume algorithm) and the rules it replaced. On generated Curtois-style
// instances the nineteenth session's rule (adaptive level, deflected direction) ends higher than the
// fixed level in the same rounds, and the volume algorithm far higher than that rule.

import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerDayModel } from '../../solver/colgen/day-model.ts';
import { coverSlacks } from '../../solver/colgen/master-cover.ts';
import { priceSchedules } from '../../solver/colgen/pricing.ts';
import { scheduleCost } from '../../solver/colgen/schedule-rules.ts';
import { ASCENT_RULE, DEFLECTED_RULE, extrasAt, FIXED_LEVEL_RULE, walkDualAscent, walkTermAt } from '../../solver/colgen/walk-bound.ts';
import { noPrices, walkUnderPrices } from '../../solver/colgen/walk-programme.ts';
import { lagrangianBound } from '../../solver/colgen/walk.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { BENCHMARK_SHAPES, generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { compactOptimum } from './compact-optimum.ts';
import { modelsOf, randomDayProblem, rng, SMALL_COVERED } from './day-problem.ts';
import { oneWorkerFrom } from './weekend-days.ts';

let highs: MilpBackend & LpSessionFactory;
beforeAll(async () => {
  highs = await createHighsBackend();
});

/** Every schedule of the worker (each day off or one option), its least cost at the extras among the legal ones. */
function bruteLeast(m: WorkerDayModel, extra: readonly Float64Array[]): number | undefined {
  const H = m.days.length;
  const picks = new Int32Array(H).fill(-1);
  let least: number | undefined;
  const visit = (d: number, extraSoFar: number): void => {
    if (d === H) {
      const own = scheduleCost(m, picks);
      if (own !== undefined && (least === undefined || own + extraSoFar < least)) least = own + extraSoFar;
      return;
    }
    picks[d] = -1;
    visit(d + 1, extraSoFar);
    for (let i = 0; i < m.days[d].length; i++) {
      picks[d] = i;
      visit(d + 1, extraSoFar + extra[d][i]);
    }
    picks[d] = -1;
  };
  visit(0, 0);
  return least;
}

const SMALL = { minDays: 5, maxDays: 8, minWorkers: 1, maxWorkers: 3, maxTypes: 3, coverWeights: true, pinned: true, minMaxWeekends: 0 };

describe('walk Lagrangian', () => {
  it("never passes a worker's cheapest legal rota nor exact pricing's least cost, at any extras and multipliers", () => {
    let compared = 0;
    let multiplied = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const problem = randomDayProblem(31_000 + seed, SMALL);
      const models = modelsOf(problem);
      const r = rng(seed);
      const pi = Float64Array.from({ length: problem.slots.length }, () => Math.round((r() - 0.3) * 20));
      for (const m of models) {
        const extra = extrasAt(m, pi);
        const least = bruteLeast(m, extra);
        const exact = priceSchedules(m, { price: pi });
        expect(exact.exact).toBe(true);
        expect(exact.least).toBe(least === undefined ? undefined : exact.least);
        // Random multipliers on the rules the worker has (the minutes of either sign, caps that can bind,
        // a weekend limit): any of them gives a valid term.
        for (let trial = 0; trial < 4; trial++) {
          const prices = noPrices(m);
          if (trial > 0) {
            prices.perMinute = (r() - 0.5) * 0.05;
            prices.perType.forEach((_, t) => (prices.perType[t] = m.typeCap[t] >= 0 ? r() * 6 : 0));
            prices.perWeekend = Number.isFinite(m.maxWeekends) ? r() * 6 : 0;
            multiplied++;
          }
          const term = walkTermAt(m, extra, prices);
          if (least === undefined) continue;
          expect(term, `seed ${31_000 + seed} worker ${m.worker}`).toBeDefined();
          expect(term!, `seed ${31_000 + seed} worker ${m.worker}`).toBeLessThanOrEqual(least + 1e-9);
          expect(term!).toBeLessThanOrEqual(exact.least! + 1e-9);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(multiplied).toBeGreaterThan(300);
  });

  it('bounds the true optimum of small random problems from below, and is above 0 on many', () => {
    let compared = 0;
    let positive = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const problem = randomDayProblem(32_000 + seed, SMALL_COVERED);
      const models = modelsOf(problem);
      const optimum = compactOptimum(highs, problem);
      if (optimum === undefined) continue;
      // Every round's value bounds, so the best after a few rounds must too, under either rule.
      let last: number | undefined;
      // The volume algorithm steps from the best point, along an average of old rounds' slopes: its
      // values too are the function's at duals in their box and multipliers in their domain.
      const rules = [[FIXED_LEVEL_RULE, 300], [DEFLECTED_RULE, 300], [ASCENT_RULE, 7], [{ ...ASCENT_RULE, volume: 1 }, 300], [ASCENT_RULE, 300]] as const;
      for (const [rule, maxRounds] of rules) {
        last = walkDualAscent(models, coverSlacks(problem), { late: () => false, maxRounds, rule }).bound;
        expect(last, `seed ${32_000 + seed}`).toBeDefined();
        expect(last!, `seed ${32_000 + seed} rounds ${maxRounds}`).toBeLessThanOrEqual(optimum + 1e-6);
      }
      compared++;
      if (last! > 0) positive++;
    }
    expect(compared).toBeGreaterThan(20);
    expect(positive).toBeGreaterThan(compared / 3);
  });

  // The early stop of cheapestLegalWalk (walk.ts) reads the same Lagrangian value below a ceiling, so
  // it too must never pass the cheapest legal rota, from any prices and on any start weekday.
  it("the programme's Lagrangian value never passes the cheapest legal rota, at any prices, on horizons starting on every weekday", () => {
    let compared = 0;
    let weekendPriced = 0;
    const starts = new Set<number>();
    for (let seed = 1; seed <= 200; seed++) {
      const problem = randomDayProblem(33_000 + seed, SMALL);
      const r = rng(seed * 7_243);
      for (const m of modelsOf(problem)) {
        const extra = m.days.map((day) => Float64Array.from(day, () => Math.round(r() * 16 - 10)));
        const least = bruteLeast(m, extra);
        if (least === undefined) continue;
        for (let trial = 0; trial < 3; trial++) {
          const prices = noPrices(m);
          prices.perMinute = trial === 0 ? 0 : (r() - 0.5) * 0.05;
          prices.perType.forEach((_, t) => (prices.perType[t] = m.typeCap[t] >= 0 && trial > 0 ? r() * 6 : 0));
          prices.perWeekend = Number.isFinite(m.maxWeekends) ? 0.5 + r() * 12 : 0;
          if (prices.perWeekend > 0) weekendPriced++;
          const walk = walkUnderPrices(m, extra, prices);
          expect(walk, `seed ${33_000 + seed} worker ${m.worker}`).toBeDefined();
          expect(lagrangianBound(m, walk!.value, prices), `seed ${33_000 + seed} worker ${m.worker} (day 0 weekday ${problem.days[0].weekday})`).toBeLessThanOrEqual(least + 1e-9);
          compared++;
          starts.add(problem.days[0].weekday);
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(weekendPriced).toBeGreaterThan(150);
    expect(starts.size).toBe(7);
  });

  it('prices weekends on a horizon starting on a Sunday: its term there reaches the cheapest legal rota', () => {
    // Sunday to Saturday, at most one weekend: day 0 (Sunday) and day 6 (Saturday) are two, so the
    // cheapest legal rota works one of them (-10). Unpriced, the programme works both (-20); at 10 a
    // weekend it works one, or none, and its term is -10.
    const [m] = modelsOf(oneWorkerFrom(6, 7, 1));
    const extra = m.days.map((_, d) => Float64Array.of(d === 0 || d === 6 ? -10 : 10));
    expect(bruteLeast(m, extra)).toBe(-10);
    expect(walkTermAt(m, extra, noPrices(m))).toBe(-20);
    expect(walkTermAt(m, extra, { ...noPrices(m), perWeekend: 10 })).toBe(-10);
  });

  it("the deflected rule climbs higher in the same rounds than the fixed level it replaced, on a generated 84 x 40 x 5", () => {
    // The real-style 84 x 40 x 5 (GR84), whose root never converges: the walk bound is its only bound
    // past the days'. Both rules from the same start, the same rounds; the days' bound as the bound in hand.
    const problem = curtoisToProblem(parseCurtois(generateInstance(BENCHMARK_SHAPES[3], 1, 'real').text));
    const models = modelsOf(problem);
    const rows = coverSlacks(problem);
    const run = (rule: typeof ASCENT_RULE) => walkDualAscent(models, rows, { late: () => false, maxRounds: 200, lower: 142, rule }).bound!;
    const fixed = run(FIXED_LEVEL_RULE);
    const deflected = run(DEFLECTED_RULE);
    expect(deflected).toBeGreaterThan(fixed * 1.1);
    // Each half of the rule pays: the deflection alone, and the adaptive level on top of it.
    expect(run({ ...FIXED_LEVEL_RULE, deflection: DEFLECTED_RULE.deflection })).toBeGreaterThan(fixed * 1.1);
    expect(deflected).toBeGreaterThan(run({ ...DEFLECTED_RULE, adaptive: false }) * 1.05);
    // The stage's rule is no lower here (GR84 is where the two are closest: 281 against 273 at 300 rounds).
    expect(run(ASCENT_RULE)).toBeGreaterThanOrEqual(deflected);
  }, 60_000);

  it('the volume algorithm climbs far past the deflected rule in the same rounds, on a generated 56 x 32 x 4', () => {
    // The real-style 56 x 32 x 4 (GR56): as on instance 20, a step along one round's slope sends the
    // walks from one gap to the next and the deflected rule stalls (about 400 after 300 rounds); steps
    // from the best point along the average of the rounds' walks climb past 3,000 in the same rounds.
    const problem = curtoisToProblem(parseCurtois(generateInstance(BENCHMARK_SHAPES[2], 1, 'real').text));
    const models = modelsOf(problem);
    const rows = coverSlacks(problem);
    const run = (rule: typeof ASCENT_RULE) => walkDualAscent(models, rows, { late: () => false, maxRounds: 300, rule }).bound!;
    const deflected = run(DEFLECTED_RULE);
    const stage = run(ASCENT_RULE);
    expect(stage).toBeGreaterThan(deflected * 3);
    // A long average is what pays: the same steps from the best point with the newest round's share
    // allowed up to all of it (the average then forgets within a few rounds) do not.
    expect(stage).toBeGreaterThan(run({ ...ASCENT_RULE, volume: 1 }) * 3);
  }, 60_000);

  it('leaves a first point no volume step beats by deflected steps from each trial point, on a generated 182 x 100 x 8', () => {
    // The real-style 182 x 100 x 8 at gen-seed 2 (GR182): at pi = 0 most workers' cheapest walks tie
    // with days off, and every step from there along the walks' average is worse; the volume
    // algorithm alone never leaves it (its bound stays the first round's, 1,266).
    const problem = curtoisToProblem(parseCurtois(generateInstance(BENCHMARK_SHAPES[4], 2, 'real').text));
    const models = modelsOf(problem);
    const rows = coverSlacks(problem);
    let first = -Infinity;
    const run = (rule: typeof ASCENT_RULE) =>
      walkDualAscent(models, rows, { late: () => false, maxRounds: 150, rule, onRound: (r, v) => void (r === 1 && (first = v)) }).bound!;
    const stuck = run({ ...ASCENT_RULE, stuckRounds: undefined });
    const stage = run(ASCENT_RULE);
    expect(stuck).toBeLessThanOrEqual(first + 1e-6);
    expect(stage).toBeGreaterThan(first * 1.1);
  }, 120_000);
});
