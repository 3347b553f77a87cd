// Column neighbourhoods (solver/stages/column-lns.ts): which sets of workers they search and what a
// closed tree proves. The branch and price of a neighbourhood is replaced here by a model of it whose
// tree closes when its time covers a cost that grows with the number of workers freed, so the policy is
// seen over many steps in milliseconds: what is under test is which sets the policy asks for and what
// it concludes from the answers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnGenerationState } from '../../solver/colgen/master.ts';
import type { NeighbourhoodOptions, NeighbourhoodResult } from '../../solver/colgen/neighbourhood.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { ColumnNeighbourhoods } from '../../solver/stages/column-lns.ts';
import { SolveContext } from '../../solver/stages/context.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { generatedRoot } from './support/generated-root.ts';

let highs: MilpBackend & LpSessionFactory;
let problem: Problem;
let cg: ColumnGenerationState;

beforeAll(async () => {
  highs = await createHighsBackend();
  ({ problem, cg } = generatedRoot(highs, { days: 14, staff: 12, shiftTypes: 2 }, 3));
});

afterAll(() => cg?.dispose());

/** A solve context on a clock the model of branch and price moves, holding a legal rota. */
function contextAt(clock: { now: number }, seed: number): SolveContext {
  const ctx = new SolveContext(problem, { exact: highs, clock: () => clock.now, timeLimitMs: 600_000, seed }, {});
  ctx.incumbent.consider(cg.roundLp(), 'LP rounding');
  expect(ctx.incumbent.score.hard).toBe(0);
  return ctx;
}

/** A tree over k workers closes after costMs(k); cut at its time limit before that. Never finds a better plan. */
function modelledTrees(clock: { now: number }, costMs: (k: number) => number, calls: { free: Set<number>; rota: readonly Assignment[]; timeMs: number }[]) {
  return (_p: Problem, rota: readonly Assignment[], free: ReadonlySet<number>, _f: LpSessionFactory, o: NeighbourhoodOptions): NeighbourhoodResult => {
    const need = costMs(free.size);
    const limit = o.timeLimitMs ?? Infinity;
    calls.push({ free: new Set(free), rota, timeMs: limit });
    clock.now += Math.min(need, limit);
    return { complete: need <= limit };
  };
}

describe('column neighbourhoods', () => {
  it('grow while their trees close, and a closed tree over every worker proves the rota optimal', () => {
    const W = problem.workers.length;
    for (const seed of [1, 2, 3]) {
      const clock = { now: 0 };
      const ctx = contextAt(clock, seed);
      const calls: { free: Set<number>; rota: readonly Assignment[]; timeMs: number }[] = [];
      // Every tree closes within the neighbourhood's time (11.4 s here) and finds nothing better.
      const hoods = new ColumnNeighbourhoods({ ctx, cg, rotaDiveFound: false }, modelledTrees(clock, (k) => 50 * k * k, calls));
      expect(ctx.proven()).toBe(false);
      for (let step = 0; step < 300 && !ctx.proven(); step++) hoods.step(clock.now + 1_000_000);
      expect(Math.max(...calls.map((c) => c.free.size)), `seed ${seed}: ${hoods.summary()}`).toBe(W);
      expect(ctx.proven(), `seed ${seed}: ${hoods.summary()}`).toBe(true);
      expect(ctx.bound.soft).toBe(ctx.incumbent.score.soft);
      // It stops at the first closed tree over every worker.
      expect(calls.at(-1)!.free.size).toBe(W);
      expect(calls.filter((c) => c.free.size === W)).toHaveLength(1);
    }
  });

  it('prove nothing from a tree over every worker that was cut by its time', () => {
    const clock = { now: 0 };
    const ctx = contextAt(clock, 1);
    const calls: { free: Set<number>; rota: readonly Assignment[]; timeMs: number }[] = [];
    const W = problem.workers.length;
    // Trees over every worker never close in time; every smaller one does at once.
    const hoods = new ColumnNeighbourhoods({ ctx, cg, rotaDiveFound: false }, modelledTrees(clock, (k) => (k === W ? Infinity : 1), calls));
    for (let step = 0; step < 200; step++) hoods.step(clock.now + 1_000_000);
    expect(calls.some((c) => c.free.size === W)).toBe(true);
    expect(ctx.proven()).toBe(false);
    expect(ctx.bound.soft).toBeUndefined();
  });
});
