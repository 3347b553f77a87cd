// How the column-generation root starts (solver/colgen/master.ts, generate.ts). Its first columns
// (every worker priced with no prices: a full round's work) have a share of the root's time; past it,
// a worker the incumbent covers takes the incumbent's column alone, and the pace of that pricing
// stands for a full round's, so with partial pricing even the first round may stop early. Where the
// share is never reached the root is what it was; either way the root proves the same bound, at most
// the true optimum (the compact MILP's, rescored by the catalogue). One covered worker's pricing alone
// stops at the share too (a year-long worker whose pricing reads the clock many times), and that
// marks the first pricing as cut.

import { beforeAll, describe, expect, it } from 'vitest';
import { runColumnGeneration, type ColumnGenerationOptions } from '../../solver/colgen/master.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import { HARD_SLACK } from './compact-optimum.ts';
import { randomDayProblem, type DayProblemOptions } from './day-problem.ts';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { buildDayModels } from '../../solver/colgen/day-model.ts';
import { scheduleCost } from '../../solver/colgen/schedule-rules.ts';
import { rotasOf, walkDescent } from '../../solver/colgen/walk-descent.ts';
import { Prng } from '../../solver/search/prng.ts';

let highs: MilpBackend & LpSessionFactory;

beforeAll(async () => {
  highs = await createHighsBackend();
});

const SHAPE: DayProblemOptions = { minDays: 7, maxDays: 9, minWorkers: 5, maxWorkers: 6, maxTypes: 2, coverWeights: true, pinned: false, minMaxWeekends: 1 };
const COLUMNS_PER_WORKER = 3;
const LIMIT_TICKS = 1e12;
/** A budget of 1.5 ticks: the first reading (1) lets one worker be priced, the next (2 or more) not. */
const ONE_WORKER = 1.5 / LIMIT_TICKS;

interface Run {
  readonly converged: boolean;
  readonly lowerBound: number | undefined;
  readonly firstPriced: number | undefined;
  /** Columns in the master after each round. */
  readonly columns: number[];
}

function root(problem: Problem, options: ColumnGenerationOptions): Run {
  // A clock that only counts its readings: the same run on any machine.
  let ticks = 0;
  const columns: number[] = [];
  const outcome = runColumnGeneration(problem, highs, {
    clock: () => ticks++,
    timeLimitMs: LIMIT_TICKS,
    columnsPerWorker: COLUMNS_PER_WORKER,
    ...options,
    onIteration: (e) => {
      columns.push(e.columns);
    },
  });
  if (!outcome.ok) throw new Error(outcome.reason);
  try {
    return { converged: outcome.state.converged, lowerBound: outcome.state.lowerBound, firstPriced: outcome.state.firstPriced, columns };
  } finally {
    outcome.state.dispose();
  }
}

/** The compact MILP's optimal rota and its soft score (undefined when every rota breaks a hard rule). */
function optimalRota(problem: Problem): { rota: Assignment[]; soft: number } | undefined {
  const encoded = encodeProblem(problem, { hardSlackWeight: HARD_SLACK });
  const result = highs.solve(encoded.lp, {});
  expect(result.status).toBe('optimal');
  const rota = encoded.decode(result.values);
  const score = evaluateAll(problem, rota).score;
  return score.hard > 0 ? undefined : { rota, soft: score.soft };
}

/** Small problems with a legal optimum, that optimum's rota (the incumbent) and soft score. */
function cases(from: number, count: number): { seed: number; problem: Problem; rota: Assignment[]; soft: number }[] {
  const out: { seed: number; problem: Problem; rota: Assignment[]; soft: number }[] = [];
  for (let seed = from; seed < from + 40 && out.length < count; seed++) {
    const problem = randomDayProblem(seed, SHAPE);
    const best = optimalRota(problem);
    if (best) out.push({ seed, problem, ...best });
  }
  return out;
}

describe('the column-generation root start', () => {
  it('stops pricing first columns at its share of the root, takes the incumbent for the rest, and proves the same bound', () => {
    const found = cases(8100, 5);
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const { seed, problem, rota, soft } of found) {
      const W = problem.workers.length;
      const cut = root(problem, { incumbents: [rota], firstPricingShare: ONE_WORKER });
      const full = root(problem, { incumbents: [rota] });
      expect(cut.firstPriced, `seed ${seed}`).toBe(1);
      expect(full.firstPriced, `seed ${seed}`).toBe(W);
      expect(cut.converged && full.converged, `seed ${seed}`).toBe(true);
      expect(cut.lowerBound!).toBeCloseTo(full.lowerBound!, 6);
      expect(cut.lowerBound!).toBeLessThanOrEqual(soft + 1e-6);
      // A share the pricing never reaches leaves the root as it was, round by round.
      const roomy = root(problem, { incumbents: [rota], firstPricingShare: 1 });
      expect(roomy.firstPriced, `seed ${seed}`).toBe(W);
      expect(roomy.columns, `seed ${seed}`).toEqual(full.columns);
      expect(roomy.lowerBound).toBe(full.lowerBound);
    }
  });

  it('ends the root after the round its caller says, unconverged, and says whether its first pricing was cut', () => {
    let checked = 0;
    for (const { seed, problem, rota } of cases(8300, 4)) {
      // Only where the root left to itself takes more than one round.
      if (root(problem, { incumbents: [rota] }).columns.length < 2) continue;
      checked++;
      for (const share of [ONE_WORKER, undefined]) {
        let ticks = 0;
        const rounds: { firstCut: boolean; legal: boolean }[] = [];
        const outcome = runColumnGeneration(problem, highs, {
          clock: () => ticks++,
          timeLimitMs: LIMIT_TICKS,
          incumbents: [rota],
          firstPricingShare: share,
          onIteration: (e) => {
            // Each round's rounding keeps every worker's rules (hard breaches only from cover).
            const rounded = evaluateAll(problem, e.roundLp());
            rounds.push({ firstCut: e.firstCut, legal: rounded.analysis.every((c) => c.id.startsWith('cover') || c.level !== 'hard' || c.matches.length === 0) });
            return true;
          },
        });
        if (!outcome.ok) throw new Error(outcome.reason);
        try {
          expect(outcome.state.converged, `seed ${seed}`).toBe(false);
          expect(outcome.state.iterations, `seed ${seed}`).toBe(1);
          expect(rounds, `seed ${seed}`).toEqual([{ firstCut: share !== undefined, legal: true }]);
        } finally {
          outcome.state.dispose();
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('lets the first round stop early once a cut first pricing says a full round leaves too few in the time left', () => {
    let stoppedEarly = 0;
    for (const { seed, problem, rota, soft } of cases(8200, 6)) {
      // With room for fewer full rounds than fewerRounds at any pace, every round may stop early once
      // the pace of a full round is known.
      const hurried = { lpRatio: 0, fewerRounds: 1e13 };
      const cutPartial = root(problem, { incumbents: [rota], firstPricingShare: ONE_WORKER, partialPricing: hurried });
      const cutFull = root(problem, { incumbents: [rota], firstPricingShare: ONE_WORKER });
      // Without the cut the pace is unknown before the first round, which then prices everyone.
      const partial = root(problem, { incumbents: [rota], partialPricing: hurried });
      const full = root(problem, { incumbents: [rota] });
      expect(partial.columns[0], `seed ${seed}`).toBe(full.columns[0]);
      // The same first columns, and the first round of the cut root stops after the first worker
      // that gave a column: at most that worker's columns more than before it.
      expect(cutPartial.columns[0], `seed ${seed}`).toBeLessThanOrEqual(cutFull.columns[0]);
      if (cutPartial.columns[0] < cutFull.columns[0]) stoppedEarly++;
      expect(cutPartial.converged, `seed ${seed}`).toBe(true);
      expect(cutPartial.lowerBound!).toBeCloseTo(full.lowerBound!, 6);
      expect(cutPartial.lowerBound!).toBeLessThanOrEqual(soft + 1e-6);
    }
    expect(stoppedEarly).toBeGreaterThanOrEqual(3);
  });

  it('stops one covered worker\'s first pricing at the share when it alone passes it, and says the first pricing was cut', () => {
    // A year, eight types: the first worker's pricing reads the clock many times (every
    // LATE_CHECK_LABELS labels), far past a budget of three readings.
    const problem = curtoisToProblem(parseCurtois(generateInstance({ days: 364, staff: 4, shiftTypes: 8 }, 3).text));
    const built = buildDayModels(problem);
    if (!built.ok) throw new Error(built.reason);
    const rota = walkDescent(problem, built.models, [], { late: () => false, rng: new Prng(3) }).assignments;
    const picks = rotasOf(problem, built.models, rota);
    // The walks' rota keeps worker 0's rules: the incumbent covers them.
    expect(scheduleCost(built.models[0], picks[0].picks)).toBeDefined();
    const budgetTicks = 3;
    const run = (share: number | undefined) => {
      let ticks = 0;
      let atFirst: { cut: boolean } | undefined;
      const outcome = runColumnGeneration(problem, highs, {
        clock: () => ticks++,
        timeLimitMs: LIMIT_TICKS,
        incumbents: [rota],
        firstPricingShare: share,
        onFirstColumns: (cut) => (atFirst = { cut }),
        // The root itself is not what is judged: it ends at its first look.
        stop: () => true,
      });
      if (!outcome.ok) throw new Error(outcome.reason);
      const firstPriced = outcome.state.firstPriced;
      outcome.state.dispose();
      return { firstPriced, atFirst: atFirst! };
    };
    const cut = run(budgetTicks / LIMIT_TICKS);
    expect(cut.atFirst.cut).toBe(true);
    // Worker 0 stopped at the budget, the others cut before their pricing: none priced to the end.
    expect(cut.firstPriced).toBe(0);
    // Without a share every worker is priced to the end.
    const whole = run(undefined);
    expect(whole.atFirst.cut).toBe(false);
    expect(whole.firstPriced).toBe(problem.workers.length);
  });

  it('ends a root at its first columns when their pace says one full round takes its whole time: no round, no LP, no bound', () => {
    let checked = 0;
    for (const { seed, problem, rota } of cases(8100, 4)) {
      const W = problem.workers.length;
      // A budget of 1.5 readings prices one worker; the clock then reads about once a worker more, so
      // the pace of a full round comes to some W readings a worker: past a root of 20, far inside one
      // of LIMIT_TICKS.
      const short = root(problem, { incumbents: [rota], timeLimitMs: 20, firstPricingShare: 1.5 / 20 });
      const long = root(problem, { incumbents: [rota], firstPricingShare: ONE_WORKER });
      expect(short.firstPriced, `seed ${seed}`).toBe(1);
      expect(long.firstPriced, `seed ${seed}`).toBe(1);
      expect(short.columns, `seed ${seed}`).toEqual([]);
      expect(short.converged, `seed ${seed}`).toBe(false);
      expect(short.lowerBound, `seed ${seed}`).toBeUndefined();
      // With time for its rounds the same cut root runs them (and converges on these small problems).
      expect(long.columns.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(long.converged, `seed ${seed}`).toBe(true);
      expect(W).toBeGreaterThan(1);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
