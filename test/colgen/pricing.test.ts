// Pricing against brute force: on small random day-based problems every schedule of every worker is
// enumerated, judged by a rule check written here from the Problem itself (not from the walk model),
// and the cheapest legal one must cost what priceWorker finds. scheduleCost must agree with the same
// check, and pinned places must be in every schedule priceWorker returns. And on a year-long
// generated instance, where caps cannot all enter the state budget, pricing answers for a relaxation
// that still bounds.

import { describe, expect, it } from 'vitest';
import type { WorkerDayModel } from '../../solver/colgen/day-model.ts';
import { priceSchedules, priceWorker } from '../../solver/colgen/pricing.ts';
import { optionTables, scheduleCost } from '../../solver/colgen/schedule-rules.ts';
import { DayProgramme } from '../../solver/colgen/day-programme.ts';
import { layoutOf } from '../../solver/colgen/pricing-layout.ts';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { readRoster } from '../curtois/checker.ts';
import type { Problem, Slot } from '../../solver/model.ts';
import { modelsOf, randomDayProblem, rng } from './day-problem.ts';

const OPTIONS = { minDays: 5, maxDays: 8, minWorkers: 1, maxWorkers: 2, maxTypes: 3, coverWeights: false, pinned: true, minMaxWeekends: 0 };

/** Slots worker w may take on day d, by the Problem's own terms (role, leave, zero caps, pins). */
function expectedOptions(problem: Problem, w: number, d: number): string[] {
  const worker = problem.workers[w];
  return problem.slots
    .filter((s) => s.dayIndex === d)
    .filter((s) => {
      if (problem.pinned.some((p) => p.workerId === worker.id && p.slotId === s.id)) return true;
      if (worker.unavailability.some((u) => u.startMin < s.endMin && s.startMin < u.endMin)) return false;
      return worker.maxByType?.[s.typeId] !== 0;
    })
    .map((s) => s.id)
    .sort();
}

/** Cost of a worker's rota (one slot or null per day) without prices, or undefined when illegal. */
function referenceCost(problem: Problem, w: number, rota: readonly (Slot | null)[]): number | undefined {
  const worker = problem.workers[w];
  const H = problem.days.length;
  for (const p of problem.pinned) {
    if (p.workerId !== worker.id) continue;
    if (!rota.some((s) => s?.id === p.slotId)) return undefined;
  }
  for (let d = 1; d < H; d++) {
    const a = rota[d - 1];
    const b = rota[d];
    if (a && b && (problem.forbiddenSuccessions ?? []).some((f) => f.fromTypeId === a.typeId && f.toTypeId === b.typeId)) return undefined;
  }
  for (const [type, cap] of Object.entries(worker.maxByType ?? {})) {
    if (rota.filter((s) => s?.typeId === type).length > cap) return undefined;
  }
  // A weekend is a Saturday and the Sunday after it: named by its Saturday's day (-1 before day 0).
  const weekends = new Set<number>();
  rota.forEach((s, d) => {
    if (s && problem.days[d].weekday >= 5) weekends.add(problem.days[d].weekday === 6 ? d - 1 : d);
  });
  if (worker.maxWeekends !== undefined && weekends.size > worker.maxWeekends) return undefined;
  const minutes = rota.reduce((sum, s) => sum + (s?.workMinutes ?? 0), 0);
  const band = worker.minutesTotal ?? {};
  if (band.hardMin !== undefined && minutes < band.hardMin) return undefined;
  if (band.hardMax !== undefined && minutes > band.hardMax) return undefined;
  // Runs: [first, last, working].
  const runs: [number, number, boolean][] = [];
  for (let d = 0; d < H; d++) {
    const working = rota[d] !== null;
    const last = runs[runs.length - 1];
    if (last && last[2] === working) last[1] = d;
    else runs.push([d, d, working]);
  }
  for (const [first, last, working] of runs) {
    const length = last - first + 1;
    const edge = first === 0 || last === H - 1;
    if (working) {
      const before = first === 0 ? (worker.history?.consecutiveDaysWorked ?? 0) : 0;
      if (worker.maxConsecutiveDays !== undefined && length + before > worker.maxConsecutiveDays) return undefined;
      if (!edge && worker.minConsecutiveDays !== undefined && length < worker.minConsecutiveDays) return undefined;
    } else if (!edge && worker.minConsecutiveDaysOff !== undefined && length < worker.minConsecutiveDaysOff) {
      return undefined;
    }
  }
  let cost = 0;
  for (const p of worker.preferences) {
    const met = rota.some((s) => s !== null && s.dayIndex === p.dayIndex && (p.typeId === undefined || p.typeId === s.typeId));
    if (p.kind === 'desired' && !met) cost += p.weight;
    if (p.kind === 'undesired' && met) cost += p.weight;
  }
  if (band.softMin !== undefined && minutes < band.softMin) cost += band.softMin - minutes;
  if (band.softMax !== undefined && minutes > band.softMax) cost += minutes - band.softMax;
  return cost;
}

function rotaOf(problem: Problem, m: WorkerDayModel, picks: Int32Array): (Slot | null)[] {
  return Array.from(picks, (i, d) => (i < 0 ? null : problem.slots[m.days[d][i].slot]));
}

/** Every picks vector: each day off (-1) or one of its options. */
function* allPicks(m: WorkerDayModel): Generator<Int32Array> {
  const H = m.days.length;
  const picks = new Int32Array(H).fill(-1);
  function* rec(d: number): Generator<Int32Array> {
    if (d === H) {
      yield picks;
      return;
    }
    for (let i = -1; i < m.days[d].length; i++) {
      picks[d] = i;
      yield* rec(d + 1);
    }
    picks[d] = -1;
  }
  yield* rec(0);
}

/**
 * For seeds first+1..first+count: every worker is priced below ceilings taken from their own legal
 * schedules (the cheapest, so nothing is below, and a random one), and must find exactly what brute
 * force finds. Counts the ceilings with something below and with nothing below.
 */
function checkBelowCeiling(
  first: number,
  count: number,
  options: typeof OPTIONS,
  adjust: (problem: Problem) => Problem = (p) => p,
): { below: number; none: number } {
  let below = 0;
  let none = 0;
  for (let seed = 1; seed <= count; seed++) {
    const problem = adjust(randomDayProblem(first + seed, options));
    const r = rng(seed * 104729);
    const slotRoles = problem.slots.reduce((n, s) => n + s.roles.length, 0);
    for (const m of modelsOf(problem)) {
      // Prices that pull work in hard, so caps and the minutes band bind.
      const price = Float64Array.from({ length: slotRoles }, () => Math.round(r() * 60 - 10) / 4);
      const priced: number[] = [];
      for (const picks of allPicks(m)) {
        const base = referenceCost(problem, m.worker, rotaOf(problem, m, picks));
        if (base === undefined) continue;
        let cost = base;
        picks.forEach((i, d) => (cost -= i < 0 ? 0 : price[m.days[d][i].slotRole]));
        priced.push(cost);
      }
      if (priced.length === 0) continue;
      priced.sort((a, b) => a - b);
      // The ceiling is a legal schedule's own cost: the cheapest (nothing is below it) or another. The
      // cheapest twice: the bound that keeps caps is tried on a worker's second call (pricing.ts).
      for (const ceiling of [priced[0], priced[0], priced[Math.floor(r() * priced.length)]]) {
        const found = priceWorker(m, price, 3, undefined, ceiling);
        const expected = priceWorker(m, price, 3).filter((s) => s.cost < ceiling - 1e-9);
        if (priced[0] < ceiling - 1e-9) {
          below++;
          expect(found.length, `seed ${first + seed} worker ${m.worker}`).toBeGreaterThan(0);
          expect(found[0].cost).toBeCloseTo(priced[0], 6);
        } else {
          none++;
          expect(found, `seed ${first + seed} worker ${m.worker}`).toEqual([]);
        }
        for (const s of found) expect(s.cost).toBeLessThan(ceiling);
        expect(found.map((s) => s.cost)).toEqual(expected.map((s) => s.cost));
      }
    }
  }
  return { below, none };
}

describe('pricing', () => {
  it('finds the cheapest legal schedule under random prices (brute force over every schedule)', () => {
    let cases = 0;
    let withSchedule = 0;
    let withoutSchedule = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const problem = randomDayProblem(seed, OPTIONS);
      const models = modelsOf(problem);
      const r = rng(seed * 7919);
      const slotRoles = problem.slots.reduce((n, s) => n + s.roles.length, 0);
      for (const m of models) {
        for (let d = 0; d < problem.days.length; d++) {
          expect(m.days[d].map((o) => problem.slots[o.slot].id).sort(), `seed ${seed} day ${d}`).toEqual(expectedOptions(problem, m.worker, d));
        }
        for (let round = 0; round < 2; round++) {
          // Round 0 without prices; round 1 with random duals, some large enough to pull work in.
          const price = round === 0 ? undefined : Float64Array.from({ length: slotRoles }, () => Math.round(r() * 40 - 10) / 4);
          let best = Infinity;
          for (const picks of allPicks(m)) {
            const base = referenceCost(problem, m.worker, rotaOf(problem, m, picks));
            if (base === undefined) continue;
            let priced = base;
            if (price) picks.forEach((i, d) => (priced -= i < 0 ? 0 : price[m.days[d][i].slotRole]));
            best = Math.min(best, priced);
          }
          const found = priceWorker(m, price, 1);
          cases++;
          if (best === Infinity) {
            withoutSchedule++;
            expect(found, `seed ${seed} worker ${m.worker}`).toEqual([]);
          } else {
            withSchedule++;
            expect(found.length, `seed ${seed} worker ${m.worker}`).toBe(1);
            expect(found[0].cost, `seed ${seed} worker ${m.worker} round ${round}`).toBeCloseTo(best, 6);
            // The schedule returned is legal and costs what it says.
            const own = referenceCost(problem, m.worker, rotaOf(problem, m, found[0].picks));
            expect(own).toBeDefined();
            let priced = own!;
            if (price) found[0].picks.forEach((i, d) => (priced -= i < 0 ? 0 : price[m.days[d][i].slotRole]));
            expect(found[0].cost).toBeCloseTo(priced, 6);
          }
        }
      }
    }
    // Both kinds of case occur, most with a schedule.
    expect(withSchedule).toBeGreaterThan(cases / 2);
    expect(withoutSchedule).toBeGreaterThan(0);
  });

  // Regression: a cap of 0 weekends once looked like no cap at all (one weekend-count state).
  it('honours maxWeekends 0', () => {
    const problem = randomDayProblem(1, { ...OPTIONS, minMaxWeekends: 0 });
    expect(problem.workers[0].maxWeekends).toBe(0);
    for (const m of modelsOf(problem)) {
      for (const schedule of priceWorker(m, undefined, 3)) expect(scheduleCost(m, schedule.picks)).toBeDefined();
    }
  });

  // Regression: with no option on any day the minutes unit is 0, and the band was once skipped, so an
  // all-off schedule came back without the soft minimum's cost or despite the hard minimum.
  it('charges the minutes band to a worker with no options', () => {
    const base = randomDayProblem(36, OPTIONS);
    const problem = { ...base, workers: base.workers.map((w) => ({ ...w, maxByType: { t0: 0 }, minutesTotal: { hardMin: 240, softMin: 480 } })) };
    for (const m of modelsOf(problem)) {
      expect(m.days.every((day) => day.length === 0)).toBe(true);
      expect(priceWorker(m, undefined, 1)).toEqual([]);
    }
    const soft = { ...base, workers: base.workers.map((w) => ({ ...w, maxByType: { t0: 0 }, minutesTotal: { softMin: 480 } })) };
    for (const m of modelsOf(soft)) {
      const [best] = priceWorker(m, undefined, 1);
      expect(best.cost).toBe(scheduleCost(m, best.picks));
    }
  });

  it('below a ceiling finds exactly the schedules cheaper than it, and nothing when none is', () => {
    const { below, none } = checkBelowCeiling(3000, 120, OPTIONS);
    expect(below).toBeGreaterThan(50);
    expect(none).toBeGreaterThan(50);
  });

  it('below a ceiling stays exact over two weekends or more, where fewer weekends worked dominate', () => {
    // One shift type over 14-15 days: every schedule can still be enumerated, and at most one of the
    // two or three weekends puts weekend counts in the state, where dominance drops states.
    const oneWeekend = (p: Problem): Problem => ({ ...p, workers: p.workers.map((w) => ({ ...w, maxWeekends: 1 })) });
    const { below, none } = checkBelowCeiling(5000, 60, { ...OPTIONS, minDays: 14, maxDays: 15, maxWorkers: 1, maxTypes: 1 }, oneWeekend);
    expect(below).toBeGreaterThan(20);
    expect(none).toBeGreaterThan(20);
  });

  it('below a ceiling with every day but a short span forced, keeps fewer labels and finds exactly the schedules cheaper than it', () => {
    // A window neighbourhood's pricing: the completion bound is skipped there, and the least the later
    // days can add (their forced options' costs) prunes what cannot finish under the ceiling.
    let cases = 0;
    let fewer = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const problem = randomDayProblem(7000 + seed, { ...OPTIONS, minDays: 14, maxDays: 15 });
      const r = rng(seed * 15485863);
      const slotRoles = problem.slots.reduce((n, sl) => n + sl.roles.length, 0);
      for (const m of modelsOf(problem)) {
        const price = Float64Array.from({ length: slotRoles }, () => Math.round(r() * 60 - 10) / 4);
        const [some] = priceWorker(m, price, 1);
        if (!some) continue;
        const H = m.days.length;
        const first = Math.floor(r() * (H - 2));
        const forced = Int32Array.from(some.picks, (o, d) => (d >= first && d < first + 2 ? -1 : o < 0 ? -2 : o));
        const restriction = { forced, banned: Array.from({ length: H }, () => []) };
        const all = priceWorker(m, price, 3, restriction);
        expect(all.length).toBeGreaterThan(0);
        const ceiling = all[0].cost + (r() < 0.5 ? 0 : 1);
        const found = priceWorker(m, price, 3, restriction, ceiling);
        expect(found.map((sch) => sch.cost), `seed ${7000 + seed} worker ${m.worker}`).toEqual(all.filter((sch) => sch.cost < ceiling - 1e-9).map((sch) => sch.cost));
        const days = optionTables(m, layoutOf(m).unit, price, restriction)!;
        const labels = (c: number | undefined): number => {
          const dp = new DayProgramme(m, days, c);
          for (let d = 0; d < H && dp.step(d) > 0; d++);
          return dp.labels;
        };
        cases++;
        const kept = labels(ceiling);
        expect(kept).toBeLessThanOrEqual(labels(undefined));
        if (kept < labels(undefined)) fewer++;
      }
    }
    expect(cases).toBeGreaterThan(40);
    expect(fewer).toBeGreaterThan(cases / 4);
  });

  it('scheduleCost agrees with the reference check on random schedules', () => {
    let legal = 0;
    let illegal = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const problem = randomDayProblem(1000 + seed, OPTIONS);
      const r = rng(seed);
      for (const m of modelsOf(problem)) {
        for (let k = 0; k < 40; k++) {
          const picks = Int32Array.from(m.days, (day) => (r() < 0.4 ? -1 : Math.floor(r() * (day.length + 1)) - 1));
          const expected = referenceCost(problem, m.worker, rotaOf(problem, m, picks));
          expect(scheduleCost(m, picks), `seed ${1000 + seed} worker ${m.worker} picks ${[...picks]}`).toBe(expected);
          if (expected === undefined) illegal++;
          else legal++;
        }
      }
    }
    expect(legal).toBeGreaterThan(200);
    expect(illegal).toBeGreaterThan(200);
  });

  it('keeps pinned places in every schedule it returns', () => {
    let checked = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const problem = randomDayProblem(5000 + seed, { ...OPTIONS, pinned: true });
      if (problem.pinned.length === 0) continue;
      const r = rng(seed);
      const slotRoles = problem.slots.length;
      // Prices that push hard against the pinned place.
      const price = Float64Array.from({ length: slotRoles }, () => -20 * r());
      for (const m of modelsOf(problem)) {
        const worker = problem.workers[m.worker];
        for (const schedule of priceWorker(m, price, 5)) {
          checked++;
          const held = new Set(rotaOf(problem, m, schedule.picks).map((s) => s?.id));
          for (const p of problem.pinned) if (p.workerId === worker.id) expect(held.has(p.slotId), `seed ${5000 + seed}`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('pricing within its state budget', () => {
  // A year of shifts of several lengths: minutes counted in fine units, so weekends and type caps
  // cannot all enter the state. Before the budget this threw "states for worker ... is too many".
  it('answers for a relaxation when caps pass the budget: a least cost no higher than a known legal rota', () => {
    const instance = generateInstance({ days: 364, staff: 50, shiftTypes: 10 }, 1);
    const parsed = parseCurtois(instance.text);
    const problem = curtoisToProblem(parsed);
    const models = modelsOf(problem);
    // The generator's own roster is legal: each worker's walk is a schedule of their model.
    const walks = readRoster(instance.referenceRoster);
    let relaxed = 0;
    for (const m of models.slice(0, 4)) {
      const answer = priceSchedules(m, {});
      // Without a deadline a call never stops: past its label budget it answers for the day-by-day relaxation.
      expect(answer.stopped).toBe(false);
      const id = problem.workers[m.worker].id;
      const picks = new Int32Array(m.days.length).fill(-1);
      for (const row of walks.filter((x) => x.staff === id)) picks[row.day] = m.days[row.day].findIndex((o) => problem.slots[o.slot].typeId === row.shift);
      const walkCost = scheduleCost(m, picks);
      expect(walkCost, `worker ${id}: the generator's walk is legal`).toBeDefined();
      if (answer.exact) {
        expect(answer.schedules[0].cost).toBe(answer.least);
        expect(answer.least!).toBeLessThanOrEqual(walkCost!);
        continue;
      }
      relaxed++;
      // A relaxation bounds: never above a legal rota's cost; whatever it returns as columns is legal.
      expect(answer.least!).toBeLessThanOrEqual(walkCost!);
      for (const s of answer.schedules) expect(scheduleCost(m, s.picks)).toBeDefined();
    }
    expect(relaxed).toBeGreaterThan(0);
  }, 300_000);
});
