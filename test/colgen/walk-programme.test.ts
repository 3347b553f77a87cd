// The walk programme (solver/colgen/walk-programme.ts) against main's before its speed-up
// (walk-programme-reference.ts): the speed-up skips rows and states nothing reached and relaxes a
// run's end once, from the cheapest, so on any model, prices, extra costs and corridor it must return
// the same walk with the same value, ties included (phase 1's Lagrangian bound is read from that
// value). Small random problems (history runs, pins, forced days, successions) and generated
// instances of many types, with and without a corridor.

import { describe, expect, it } from 'vitest';
import { BENCHMARK_SHAPES, generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import type { WorkerDayModel } from '../../solver/colgen/day-model.ts';
import { walkUnderPrices, type Corridor, type Prices } from '../../solver/colgen/walk-programme.ts';
import { modelsOf, randomDayProblem, rng } from './day-problem.ts';
import { catalogueWeekends, oneWorkerFrom } from './weekend-days.ts';
import { referenceWalkUnderPrices } from './walk-programme-reference.ts';

const OPTIONS = { minDays: 5, maxDays: 12, minWorkers: 1, maxWorkers: 3, maxTypes: 4, coverWeights: false, pinned: true, minMaxWeekends: 0 };

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A corridor around a walk of random shape: random half-width and accepted ends. */
function randomCorridor(m: WorkerDayModel, r: () => number): Corridor {
  let unit = 0;
  for (const day of m.days) for (const o of day) unit = gcd(unit, o.minutes);
  unit = Math.max(1, unit);
  const refUnits = Int32Array.from(m.days, (day) => (day.length > 0 && r() < 0.6 ? Math.round(day[Math.floor(r() * day.length)].minutes / unit) : 0));
  const half = 1 + Math.floor(r() * 6);
  const endLo = -Math.floor(r() * (half + 1));
  return { unit, refUnits, half, endLo, endHi: endLo + Math.floor(r() * (half + 1)) };
}

function randomPrices(m: WorkerDayModel, r: () => number): Prices {
  const zero = r() < 0.3;
  return {
    perMinute: zero ? 0 : (r() - 0.5) / 20,
    perType: Float64Array.from({ length: m.typeCount }, () => (zero || r() < 0.5 ? 0 : Math.round(r() * 40) / 4)),
    perWeekend: zero ? 0 : Math.round(r() * 20) / 4,
  };
}

function expectSame(m: WorkerDayModel, extra: readonly Float64Array[], prices: Prices, corridor: Corridor | undefined, label: string): boolean {
  const fast = walkUnderPrices(m, extra, prices, corridor);
  const reference = referenceWalkUnderPrices(m, extra, prices, corridor);
  expect(fast === undefined, `${label}: one found a walk, the other none`).toBe(reference === undefined);
  if (!fast || !reference) return false;
  expect(fast.value, label).toBe(reference.value);
  expect(Array.from(fast.picks), label).toEqual(Array.from(reference.picks));
  return true;
}

describe('the walk programme', () => {
  it('returns the walk of the programme before its speed-up, on small random problems, with and without a corridor', () => {
    let compared = 0;
    let withCorridor = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const problem = randomDayProblem(seed, OPTIONS);
      const r = rng(seed * 7919);
      for (const m of modelsOf(problem)) {
        for (let k = 0; k < 4; k++) {
          // Integer extra costs make ties common: the same walk must win them.
          const extra = m.days.map((day) => Float64Array.from(day, () => Math.round(r() * 12 - 6)));
          const corridor = k % 2 === 1 ? randomCorridor(m, r) : undefined;
          if (expectSame(m, extra, randomPrices(m, r), corridor, `seed ${seed} worker ${m.worker} try ${k}`)) {
            compared++;
            if (corridor) withCorridor++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(withCorridor).toBeGreaterThan(100);
  });

  it('returns the walk of the programme before its speed-up on generated instances of many types', () => {
    let compared = 0;
    for (const [shape, style] of [
      [0, 'classic'],
      [1, 'real'],
      [3, 'classic'],
    ] as const) {
      const problem = curtoisToProblem(parseCurtois(generateInstance(BENCHMARK_SHAPES[shape], 2, style).text));
      const models = modelsOf(problem);
      const r = rng(31 + shape);
      for (const m of models.slice(0, 6)) {
        const extra = m.days.map((day) => Float64Array.from(day, () => Math.round(r() * 40 - 25)));
        for (const corridor of [undefined, randomCorridor(m, r)]) {
          if (expectSame(m, extra, randomPrices(m, r), corridor, `${BENCHMARK_SHAPES[shape].days} days ${style} worker ${m.worker}`)) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  // The programme charges a weekend's price once per run of days entering it, so each weekend's days
  // must follow one another: they do as the catalogue counts weekends (a Saturday and the Sunday after
  // it), whatever weekday the horizon starts on.
  it('charges a weekend as the catalogue counts it on a horizon starting on a Sunday: that Sunday and the next Saturday are two', () => {
    const problem = oneWorkerFrom(6, 7, 2);
    const [m] = modelsOf(problem);
    const extra = m.days.map((_, d) => Float64Array.of(d === 0 || d === 6 ? -10 : 10));
    const walk = walkUnderPrices(m, extra, { perMinute: 0, perType: new Float64Array(m.typeCount), perWeekend: 4 })!;
    expect(Array.from(walk.picks)).toEqual([0, -1, -1, -1, -1, -1, 0]);
    expect(catalogueWeekends(problem, m, walk.picks)).toBe(2);
    expect(walk.value).toBe(-20 + 4 * 2);
  });

  it('charges a weekend once on a horizon starting on a Saturday (days 0 and 1, days 7 and 8)', () => {
    const problem = oneWorkerFrom(5, 9, 2);
    const [m] = modelsOf(problem);
    const extra = m.days.map((_, d) => Float64Array.of([0, 1, 7, 8].includes(d) ? -10 : 10));
    const walk = walkUnderPrices(m, extra, { perMinute: 0, perType: new Float64Array(m.typeCount), perWeekend: 4 })!;
    expect(Array.from(walk.picks)).toEqual([0, 0, -1, -1, -1, -1, -1, 0, 0]);
    expect(catalogueWeekends(problem, m, walk.picks)).toBe(2);
    expect(walk.value).toBe(-40 + 4 * 2);
  });

  it("prices the walk it returns at its options' costs plus the prices on its minutes, capped types and the catalogue's weekends, from every start weekday", () => {
    let compared = 0;
    const starts = new Set<number>();
    for (let seed = 1; seed <= 160; seed++) {
      const problem = randomDayProblem(40_000 + seed, { ...OPTIONS, minDays: 6, maxDays: 16 });
      const r = rng(seed * 104_729);
      for (const m of modelsOf(problem)) {
        const extra = m.days.map((day) => Float64Array.from(day, () => Math.round(r() * 12 - 8)));
        const prices = { ...randomPrices(m, r), perWeekend: 1 + Math.round(r() * 20) / 4 };
        const walk = walkUnderPrices(m, extra, prices);
        if (!walk) continue;
        let priced = 0;
        walk.picks.forEach((i, d) => {
          if (i < 0) return;
          const o = m.days[d][i];
          priced += o.cost + extra[d][i] + prices.perMinute * o.minutes + prices.perType[o.type];
        });
        priced += prices.perWeekend * catalogueWeekends(problem, m, walk.picks);
        expect(walk.value, `seed ${seed} worker ${m.worker} (day 0 weekday ${problem.days[0].weekday})`).toBeCloseTo(priced, 9);
        compared++;
        starts.add(problem.days[0].weekday);
      }
    }
    expect(compared).toBeGreaterThan(150);
    expect(starts.size).toBe(7);
  });
});
