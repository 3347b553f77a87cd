// Partial pricing at the column-generation root (solver/colgen/generate.ts): a round may stop pricing
// once a worker gave a column, yet the root's bound must be what full pricing proves (only a round
// that priced every worker may give a bound or end the root as converged), and it must stay below the
// true optimum (the compact MILP's, rescored by the catalogue).

import { beforeAll, describe, expect, it } from 'vitest';
import { runColumnGeneration } from '../../solver/colgen/master.ts';
import type { PartialPricing } from '../../solver/colgen/generate.ts';
import { PricingOrder } from '../../solver/colgen/pricing-order.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { compactOptimum } from './compact-optimum.ts';
import { randomDayProblem, type DayProblemOptions } from './day-problem.ts';

let highs: MilpBackend & LpSessionFactory;

beforeAll(async () => {
  highs = await createHighsBackend();
});

/** Enough workers that pricing all of them in a round adds far more than one worker's columns. */
const SHAPE: DayProblemOptions = { minDays: 7, maxDays: 9, minWorkers: 5, maxWorkers: 6, maxTypes: 2, coverWeights: true, pinned: false, minMaxWeekends: 1 };
const COLUMNS_PER_WORKER = 3;

interface Run {
  readonly converged: boolean;
  readonly lowerBound: number | undefined;
  /** Columns added by each round after the first. */
  readonly added: number[];
  /** The bound each round reported (NaN: none yet). */
  readonly bounds: number[];
}

function root(seed: number, partialPricing: PartialPricing | undefined): Run {
  const problem = randomDayProblem(seed, SHAPE);
  // A clock that only counts: partial pricing at ratio 0 stops after the first worker with a column,
  // whatever the time, so the runs are the same on any machine.
  let ticks = 0;
  const columns: number[] = [];
  const bounds: number[] = [];
  const outcome = runColumnGeneration(problem, highs, {
    clock: () => ticks++,
    timeLimitMs: 1e12,
    incumbents: [],
    columnsPerWorker: COLUMNS_PER_WORKER,
    partialPricing,
    onIteration: (e) => {
      columns.push(e.columns);
      bounds.push(e.lowerBound);
    },
  });
  if (!outcome.ok) throw new Error(outcome.reason);
  try {
    const added = columns.slice(1).map((c, i) => c - columns[i]);
    return { converged: outcome.state.converged, lowerBound: outcome.state.lowerBound, added, bounds };
  } finally {
    outcome.state.dispose();
  }
}

describe('partial pricing at the root', () => {
  it('prices only the chosen workers a round, yet converges to the bound full pricing proves, below the optimum', () => {
    let compared = 0;
    let fullRoundsAddedMore = 0;
    for (let seed = 1; seed <= 30 && compared < 6; seed++) {
      const optimum = compactOptimum(highs, randomDayProblem(7700 + seed, SHAPE));
      if (optimum === undefined) continue;
      const full = root(7700 + seed, undefined);
      const partial = root(7700 + seed, { lpRatio: 0, fewerRounds: Infinity });
      // With time for many full rounds at their pace, the rounds stay full: the same rounds as without.
      expect(root(7700 + seed, { lpRatio: 0, fewerRounds: 1 }).added).toEqual(full.added);
      expect(full.converged, `seed ${7700 + seed}`).toBe(true);
      expect(partial.converged, `seed ${7700 + seed}`).toBe(true);
      // A round that may stop early stops after the first worker that gave a column (at most that
      // worker's columns); once those rounds have priced as many workers as there are, one full round.
      const oneWorker = partial.added.filter((n) => n <= COLUMNS_PER_WORKER).length;
      expect(oneWorker, `seed ${7700 + seed}`).toBeGreaterThan(partial.added.length / 2);
      if (full.added.some((n) => n > COLUMNS_PER_WORKER)) fullRoundsAddedMore++;
      // More rounds, each cheaper: the same LP optimum in the end.
      expect(partial.added.length).toBeGreaterThan(full.added.length);
      expect(partial.lowerBound, `seed ${7700 + seed}`).toBeDefined();
      expect(partial.lowerBound!).toBeCloseTo(full.lowerBound!, 6);
      expect(partial.lowerBound!).toBeLessThanOrEqual(optimum + 1e-6);
      // Every bound reported along the way is a Lagrangian bound, so at most the LP optimum: a round
      // that stopped early has no term for the workers it did not price and must claim none.
      for (const b of partial.bounds) if (!Number.isNaN(b)) expect(b, `seed ${7700 + seed}`).toBeLessThanOrEqual(full.lowerBound! + 1e-6);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(4);
    // The cases are ones where full pricing adds several workers' columns in a round.
    expect(fullRoundsAddedMore).toBeGreaterThanOrEqual(compared / 2);
  });

  it('orders the workers: never priced first, then the most negative last column, then the longest unpriced', () => {
    const order = new PricingOrder(5);
    expect(order.order()).toEqual([0, 1, 2, 3, 4]);
    order.priced(0, -5);
    order.priced(1, 0);
    order.priced(2, -20);
    // 3 and 4 were never priced; 2 is furthest from the duals, then 0; 1 had nothing to add.
    expect(order.order()).toEqual([3, 4, 2, 0, 1]);
    order.priced(3, 0);
    order.priced(4, 0);
    order.priced(2, 0);
    // Nothing to add for 1, 3, 4 and 2 now: the one priced longest ago (1) before the others.
    expect(order.order()).toEqual([0, 1, 3, 4, 2]);
  });
});
