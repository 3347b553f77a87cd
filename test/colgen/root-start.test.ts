// How the column-generation root starts (solver/colgen/master.ts, generate.ts): its first columns come
// from the incumbent where the incumbent keeps each worker's rules (no pricing for them), and with
// partial pricing even the first round may stop early when a full round's pace, judged from the
// workers priced so far, leaves too few full rounds in the time left. Neither may change what the
// root proves: it converges to the same bound, at most the true optimum.

import { beforeAll, describe, expect, it } from 'vitest';
import { runColumnGeneration, type ColumnGenerationOptions } from '../../solver/colgen/master.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { HARD_SLACK } from './compact-optimum.ts';
import { randomDayProblem, type DayProblemOptions } from './day-problem.ts';

let highs: MilpBackend & LpSessionFactory;

beforeAll(async () => {
  highs = await createHighsBackend();
});

const SHAPE: DayProblemOptions = { minDays: 7, maxDays: 9, minWorkers: 5, maxWorkers: 6, maxTypes: 2, coverWeights: true, pinned: false, minMaxWeekends: 1 };
const COLUMNS_PER_WORKER = 3;

/** The compact MILP's optimal rota and its soft score (undefined when every rota breaks a hard rule). */
function optimalRota(problem: Problem): { rota: Assignment[]; soft: number } | undefined {
  const encoded = encodeProblem(problem, { hardSlackWeight: HARD_SLACK });
  const result = highs.solve(encoded.lp, {});
  expect(result.status).toBe('optimal');
  const rota = encoded.decode(result.values);
  const score = evaluateAll(problem, rota).score;
  return score.hard > 0 ? undefined : { rota, soft: score.soft };
}

interface Run {
  readonly converged: boolean;
  readonly lowerBound: number | undefined;
  /** Columns in the master after each round (with no time for one: before the first). */
  readonly columns: number[];
}

function root(problem: Problem, options: ColumnGenerationOptions): Run {
  // A clock that only counts its readings: the same run on any machine.
  let ticks = 0;
  const columns: number[] = [];
  let first: number | undefined;
  const outcome = runColumnGeneration(problem, highs, {
    clock: () => ticks++,
    timeLimitMs: 1e12,
    columnsPerWorker: COLUMNS_PER_WORKER,
    ...options,
    onIteration: (e) => columns.push(e.columns),
  });
  if (!outcome.ok) throw new Error(outcome.reason);
  try {
    // The count before the first round: a run stopped before it (no time) gives the first columns.
    first = columns.length === 0 ? outcome.state.columnCount : undefined;
    return { converged: outcome.state.converged, lowerBound: outcome.state.lowerBound, columns: first === undefined ? columns : [first] };
  } finally {
    outcome.state.dispose();
  }
}

/** Small problems with a legal optimum, and that optimum. */
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
  it('takes a worker covered by the incumbent from it, prices only the others, and proves the same bound', () => {
    const found = cases(8100, 5);
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const { seed, problem, rota, soft } of found) {
      const W = problem.workers.length;
      // No time at all: the master holds its first columns only, one per worker, the incumbent's.
      const start = root(problem, { incumbents: [rota], timeLimitMs: 0 });
      expect(start.columns, `seed ${seed}`).toEqual([W]);
      // Without the incumbent for one worker, that worker's first column is priced.
      const mine = problem.workers[0].id;
      const others = rota.filter((a) => a.workerId !== mine);
      const partOf = root(problem, { incumbents: [others], timeLimitMs: 0 });
      expect(partOf.columns, `seed ${seed}`).toEqual([W]);
      // The root from the incumbent converges to the bound the root from priced columns proves.
      const fromRota = root(problem, { incumbents: [rota] });
      const fromPricing = root(problem, { incumbents: [] });
      expect(fromRota.converged && fromPricing.converged, `seed ${seed}`).toBe(true);
      expect(fromRota.lowerBound!).toBeCloseTo(fromPricing.lowerBound!, 6);
      expect(fromRota.lowerBound!).toBeLessThanOrEqual(soft + 1e-6);
    }
  });

  it('lets the first round stop early when a full round at its pace leaves too few in the time left', () => {
    let stoppedEarly = 0;
    for (const { seed, problem, soft } of cases(8200, 6)) {
      const W = problem.workers.length;
      // Every worker's pricing reads the clock, so a full round costs at least W ticks; with room for
      // fewer than that many full rounds (fewerRounds far past the time left), no round need be full.
      const hurried = root(problem, { incumbents: [], partialPricing: { lpRatio: 0, fewerRounds: 1e13 } });
      // With room for every full round, the first round prices everyone, as without partial pricing.
      const calm = root(problem, { incumbents: [], partialPricing: { lpRatio: 0, fewerRounds: 1 } });
      const full = root(problem, { incumbents: [] });
      // onIteration reports the columns after each round; before the first, the master holds one
      // priced column per worker.
      const before = root(problem, { incumbents: [], timeLimitMs: 0 }).columns[0];
      expect(before).toBe(W);
      const firstRound = (r: Run): number => r.columns[0] - before;
      expect(firstRound(calm), `seed ${seed}`).toBe(firstRound(full));
      // Stopped after the first worker that gave a column: at most that worker's columns.
      expect(firstRound(hurried), `seed ${seed}`).toBeLessThanOrEqual(COLUMNS_PER_WORKER);
      if (firstRound(full) > COLUMNS_PER_WORKER) stoppedEarly++;
      // The same bound in the end, at most the optimum.
      expect(hurried.converged, `seed ${seed}`).toBe(true);
      expect(hurried.lowerBound!).toBeCloseTo(full.lowerBound!, 6);
      expect(hurried.lowerBound!).toBeLessThanOrEqual(soft + 1e-6);
    }
    // The cases are ones where a full first round adds several workers' columns.
    expect(stoppedEarly).toBeGreaterThanOrEqual(3);
  });
});
