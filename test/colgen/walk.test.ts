// A worker's walk over the horizon (solver/colgen/walk.ts) against exact pricing, and worker walks
// (walk-descent.ts) against the catalogue on generated instances that have a legal roster.
// - Every walk returned keeps the worker's rules (scheduleCost, a plain scan), is never cheaper than
//   the exact cheapest legal schedule (pricing), and is that schedule whenever the walk rules alone
//   give a legal one (no price had to move).
// - Worker walks from an empty rota, on generated instances of several shapes and seeds (each
//   generated with a legal roster), including a year-long one: legal on the short ones, far fewer hard
//   breaches on the others; a second descent from their rota never makes it worse.

import { describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import type { WorkerDayModel } from '../../solver/colgen/day-model.ts';
import { priceWorker } from '../../solver/colgen/pricing.ts';
import { minutesPenalty, scheduleCost } from '../../solver/colgen/schedule-rules.ts';
import { walkDescent } from '../../solver/colgen/walk-descent.ts';
import { walkUnderPrices } from '../../solver/colgen/walk-programme.ts';
import { cheapestLegalWalk } from '../../solver/colgen/walk.ts';
import { breachesOf, repairWalk, weekCuts } from '../../solver/colgen/walk-repair.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { Prng } from '../../solver/search/prng.ts';
import { modelsOf, randomDayProblem, rng } from './day-problem.ts';
import { oneWorkerFrom } from './weekend-days.ts';

const OPTIONS = { minDays: 5, maxDays: 9, minWorkers: 1, maxWorkers: 2, maxTypes: 3, coverWeights: false, pinned: true, minMaxWeekends: 0 };

function minutesOf(m: WorkerDayModel, picks: Int32Array): number {
  let minutes = 0;
  picks.forEach((i, d) => (minutes += i < 0 ? 0 : m.days[d][i].minutes));
  return minutes;
}

describe('a worker walk', () => {
  it('is legal, never below the exact cheapest legal schedule, and equal to it when the walk rules alone give a legal one with no soft minutes charge', () => {
    let exactCases = 0;
    let found = 0;
    let existing = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const problem = randomDayProblem(seed, OPTIONS);
      const r = rng(seed * 6151);
      const slotRoles = problem.slots.reduce((n, s) => n + s.roles.length, 0);
      for (const m of modelsOf(problem)) {
        // Prices that pull work in, so caps, weekends and the minutes band bind.
        const price = Float64Array.from({ length: slotRoles }, () => Math.round(r() * 60 - 10) / 4);
        const extra = m.days.map((day) => Float64Array.from(day, (o) => -price[o.slotRole]));
        const exact = priceWorker(m, price, 1)[0];
        const walk = cheapestLegalWalk(m, extra).best;
        if (exact) existing++;
        if (!walk) continue;
        found++;
        expect(exact, `seed ${seed} worker ${m.worker}: a legal walk where pricing finds none`).toBeDefined();
        const own = scheduleCost(m, walk.picks);
        expect(own, `seed ${seed} worker ${m.worker}: the walk breaks a rule`).toBeDefined();
        let priced = own!;
        walk.picks.forEach((i, d) => (priced += i < 0 ? 0 : extra[d][i]));
        expect(walk.cost).toBeCloseTo(priced, 6);
        expect(walk.cost).toBeGreaterThanOrEqual(exact.cost - 1e-6);
        const plain = walkUnderPrices(m, extra, { perMinute: 0, perType: new Float64Array(m.typeCount), perWeekend: 0 });
        if (plain && scheduleCost(m, plain.picks) !== undefined && minutesPenalty(m, minutesOf(m, plain.picks)) === 0) {
          exactCases++;
          expect(walk.cost, `seed ${seed} worker ${m.worker}`).toBeCloseTo(exact.cost, 6);
        }
      }
    }
    // Both kinds of case occur, and the prices find a legal walk for nearly every worker who has one.
    expect(exactCases).toBeGreaterThan(50);
    expect(found).toBeGreaterThan(exactCases + 20);
    expect(found / existing).toBeGreaterThan(0.9);
  });

  it('prunes with the ceiling: below the cheapest legal schedule\'s own cost it finds nothing', () => {
    let pruned = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const problem = randomDayProblem(seed, OPTIONS);
      const r = rng(seed * 31);
      const slotRoles = problem.slots.reduce((n, s) => n + s.roles.length, 0);
      for (const m of modelsOf(problem)) {
        const price = Float64Array.from({ length: slotRoles }, () => Math.round(r() * 60 - 10) / 4);
        const extra = m.days.map((day) => Float64Array.from(day, (o) => -price[o.slotRole]));
        const exact = priceWorker(m, price, 1)[0];
        if (!exact) continue;
        expect(cheapestLegalWalk(m, extra, exact.cost).best, `seed ${seed} worker ${m.worker}`).toBeUndefined();
        pruned++;
      }
    }
    expect(pruned).toBeGreaterThan(30);
  });
});

describe('a worker walk below a ceiling, from warm prices on the weekends', () => {
  // The search stops once the programme's Lagrangian value reaches the ceiling; that value counts a
  // weekend's price once per weekend entered, so it bounds every legal walk only when the weekends'
  // days follow one another (the catalogue's weekends, whatever day 0 is).
  it('keeps the cheapest legal walk on a horizon starting on a Sunday, where that Sunday and the next Saturday are two weekends', () => {
    // Sunday to Saturday, at most one weekend: working day 0 (Sunday) gains 10, day 6 (Saturday) 6,
    // any other day costs 10. The cheapest legal walk works day 0 alone (-10).
    const problem = oneWorkerFrom(6, 7, 1);
    const [m] = modelsOf(problem);
    const price = Float64Array.from(problem.slots, (_, s) => (s === 0 ? 10 : s === 6 ? 6 : -10));
    const extra = m.days.map((day) => Float64Array.from(day, (o) => -price[o.slotRole]));
    const exact = priceWorker(m, price, 1)[0];
    expect(exact.cost).toBe(-10);
    // At 8 a weekend the programme works day 0 alone: its Lagrangian value (-2, less 8 for the weekend
    // allowed) stays below a ceiling above -10 only if the weekends it counts are the catalogue's.
    const warm = { perMinute: 0, perType: new Float64Array(m.typeCount), perWeekend: 8 };
    const found = cheapestLegalWalk(m, extra, exact.cost + 5, warm).best;
    expect(found && Array.from(found.picks)).toEqual([0, -1, -1, -1, -1, -1, -1]);
    expect(found!.cost).toBe(-10);
  });

  it('finds below a ceiling just above it the walk it finds with no ceiling, from any warm prices and start weekday', () => {
    let compared = 0;
    const starts = new Set<number>();
    for (let seed = 1; seed <= 150; seed++) {
      const problem = randomDayProblem(50_000 + seed, { ...OPTIONS, minDays: 6, maxDays: 15 });
      const r = rng(seed * 3_571);
      for (const m of modelsOf(problem)) {
        if (!Number.isFinite(m.maxWeekends)) continue;
        const extra = m.days.map((day) => Float64Array.from(day, () => Math.round(r() * 16 - 11)));
        const warm = { perMinute: 0, perType: Float64Array.from({ length: m.typeCount }, (_, t) => (m.typeCap[t] >= 0 ? r() * 4 : 0)), perWeekend: 1 + r() * 10 };
        const free = cheapestLegalWalk(m, extra, Infinity, warm).best;
        if (!free) continue;
        const below = cheapestLegalWalk(m, extra, free.cost + 0.5, warm).best;
        expect(below?.cost, `seed ${50_000 + seed} worker ${m.worker} (day 0 weekday ${problem.days[0].weekday})`).toBe(free.cost);
        compared++;
        starts.add(problem.days[0].weekday);
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(starts.size).toBe(7);
  });
});

describe('a walk repair', () => {
  it('cuts its windows a week apart where no weekend straddles a cut, from every start weekday; at the multiples of seven from a Monday', () => {
    for (let first = 0; first < 7; first++) {
      for (const days of [1, 6, 7, 8, 13, 14, 15, 29]) {
        const [m] = modelsOf(oneWorkerFrom(first, days, 1));
        const cuts = weekCuts(m);
        const label = `start ${first}, ${days} days: ${cuts.join(' ')}`;
        expect(cuts[0], label).toBe(0);
        expect(cuts.at(-1), label).toBe(days);
        for (let k = 1; k < cuts.length; k++) {
          expect(cuts[k] - cuts[k - 1], label).toBeGreaterThan(0);
          expect(cuts[k] - cuts[k - 1], label).toBeLessThanOrEqual(7);
          if (k > 1 && k < cuts.length - 1) expect(cuts[k] - cuts[k - 1], label).toBe(7);
          const c = cuts[k];
          if (c < days) expect(m.weekendOfDay[c] >= 0 && m.weekendOfDay[c] === m.weekendOfDay[c - 1], label).toBe(false);
        }
        if (first === 0) expect(cuts, label).toEqual([...Array.from({ length: Math.ceil(days / 7) }, (_, k) => 7 * k), days]);
      }
    }
  });

  it('counts a rule broken exactly when the plain scan finds the walk illegal, and costs a legal walk as the scan does', () => {
    let broken = 0;
    let legal = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const problem = randomDayProblem(seed, OPTIONS);
      const r = rng(seed * 977);
      for (const m of modelsOf(problem)) {
        for (let k = 0; k < 8; k++) {
          const picks = Int32Array.from(m.days, (day) => (day.length === 0 || r() < 0.4 ? -1 : Math.floor(r() * day.length)));
          const extra = m.days.map((day) => Float64Array.from(day, () => Math.round(r() * 40 - 20)));
          const own = scheduleCost(m, picks);
          const judged = breachesOf(m, extra, picks);
          if (own === undefined) {
            broken++;
            expect(judged.count, `seed ${seed} worker ${m.worker} ${picks.join(',')}`).toBeGreaterThan(0);
            continue;
          }
          legal++;
          expect(judged.count).toBe(0);
          expect(judged.miss).toBe(0);
          let priced = own;
          picks.forEach((i, d) => (priced += i < 0 ? 0 : extra[d][i]));
          expect(judged.cost).toBeCloseTo(priced, 6);
        }
      }
    }
    expect(broken).toBeGreaterThan(100);
    expect(legal).toBeGreaterThan(100);
  });

  it('from a walk that breaks rules, finds the cheapest legal schedule when one window (a week) holds the whole horizon', () => {
    let repaired = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const problem = randomDayProblem(seed, { ...OPTIONS, maxDays: 7 });
      const r = rng(seed * 7717);
      const slotRoles = problem.slots.reduce((n, s) => n + s.roles.length, 0);
      for (const m of modelsOf(problem)) {
        const price = Float64Array.from({ length: slotRoles }, () => Math.round(r() * 60 - 10) / 4);
        const extra = m.days.map((day) => Float64Array.from(day, (o) => -price[o.slotRole]));
        const exact = priceWorker(m, price, 1)[0];
        // Every day worked where the worker can: breaks a run, a cap or the band more often than not.
        const start = Int32Array.from(m.days, (day) => (day.length > 0 ? 0 : -1));
        if (!exact || breachesOf(m, extra, start).count === 0) continue;
        const walk = repairWalk(m, extra, start, { late: () => false, pick: () => 0 });
        expect(walk, `seed ${seed} worker ${m.worker}: no repair`).toBeDefined();
        const own = scheduleCost(m, walk!);
        expect(own, `seed ${seed} worker ${m.worker}: the repair breaks a rule`).toBeDefined();
        expect(breachesOf(m, extra, walk!).cost, `seed ${seed} worker ${m.worker}`).toBeCloseTo(exact.cost, 6);
        repaired++;
      }
    }
    expect(repaired).toBeGreaterThan(40);
  });

  it('finds a legal walk for every worker whose walk prices find none (from the walk that missed least), on generated instances with a legal roster', () => {
    let missed = 0;
    for (const c of [
      { days: 84, staff: 8, shiftTypes: 5, seed: 4 },
      { days: 84, staff: 12, shiftTypes: 5, seed: 1 },
      { days: 84, staff: 12, shiftTypes: 5, seed: 2 },
    ]) {
      const problem = curtoisToProblem(parseCurtois(generateInstance({ days: c.days, staff: c.staff, shiftTypes: c.shiftTypes }, c.seed).text));
      for (const m of modelsOf(problem)) {
        const extra = m.days.map((day) => new Float64Array(day.length));
        // The walk that missed least, whether or not a join of the corridor's walks was legal
        // (walk-splice.ts finds a legal walk for 7 of the 9 workers here whose prices find none).
        const search = cheapestLegalWalk(m, extra);
        if (!search.leastBroken || scheduleCost(m, search.leastBroken) !== undefined) continue;
        missed++;
        const walk = repairWalk(m, extra, search.leastBroken!, { late: () => false, pick: (n) => n - 1 });
        expect(walk && scheduleCost(m, walk), `${JSON.stringify(c)} worker ${m.worker}`).toBeDefined();
      }
    }
    expect(missed).toBeGreaterThan(5);
  });
});

describe('worker walks', () => {
  // Every generated instance has a legal roster, and in the Curtois format every hard rule is a rule
  // of one worker's walk, so a legal rota exists. On the last two the walk's prices find no legal walk
  // for some worker (minutes band and caps all tight): the window repair must find it.
  const cases = [
    { days: 28, staff: 12, shiftTypes: 3, seed: 1, legal: true },
    { days: 28, staff: 12, shiftTypes: 3, seed: 2, legal: true },
    { days: 56, staff: 10, shiftTypes: 4, seed: 3, legal: true },
    { days: 84, staff: 8, shiftTypes: 5, seed: 4, legal: true },
    { days: 364, staff: 6, shiftTypes: 4, seed: 5, legal: true },
  ];
  for (const c of cases) {
    it(`from an empty rota on a generated ${c.days} x ${c.staff} x ${c.shiftTypes} instance (seed ${c.seed}): ${c.legal ? 'a legal rota' : 'far fewer hard breaches'}, and a second descent never worsens it`, () => {
      const instance = generateInstance({ days: c.days, staff: c.staff, shiftTypes: c.shiftTypes }, c.seed);
      const problem = curtoisToProblem(parseCurtois(instance.text));
      const models = modelsOf(problem);
      const empty = evaluateAll(problem, []).score;
      const first = walkDescent(problem, models, [], { late: () => false, rng: new Prng(c.seed) });
      expect(first.converged).toBe(true);
      const score = evaluateAll(problem, first.assignments).score;
      if (c.legal) expect(score.hard).toBe(0);
      else expect(score.hard).toBeLessThan(empty.hard / 5);
      const again = walkDescent(problem, models, first.assignments, { late: () => false, rng: new Prng(c.seed + 1) });
      const next = evaluateAll(problem, again.assignments).score;
      expect(next.hard < score.hard || (next.hard === score.hard && next.soft <= score.soft), `${JSON.stringify(next)} after ${JSON.stringify(score)}`).toBe(true);
    });
  }

  it('stops when told it is late, with the rota it was given', () => {
    const instance = generateInstance({ days: 28, staff: 12, shiftTypes: 3 }, 1);
    const problem = curtoisToProblem(parseCurtois(instance.text));
    const r = walkDescent(problem, modelsOf(problem), [], { late: () => true, rng: new Prng(1) });
    expect(r.passes).toBe(0);
    expect(r.assignments).toEqual([]);
  });
});
