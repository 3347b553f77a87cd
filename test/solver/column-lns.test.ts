// Column neighbourhoods (solver/stages/column-lns.ts): how big each neighbourhood is and how long it may
// take. The branch and price of a neighbourhood is replaced here by a model of it whose tree closes
// when its time covers a cost that grows with the number of workers freed, so the policy is seen over
// hundreds of steps in milliseconds: what is under test is which sets and times the policy asks for.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { runColumnGeneration, type ColumnGenerationState } from '../../solver/colgen/master.ts';
import type { NeighbourhoodOptions, NeighbourhoodResult } from '../../solver/colgen/neighbourhood.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { ColumnNeighbourhoods, NeighbourhoodEffort } from '../../solver/stages/column-lns.ts';
import { SolveContext } from '../../solver/stages/context.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';

let highs: MilpBackend & LpSessionFactory;
let problem: Problem;
let cg: ColumnGenerationState;

beforeAll(async () => {
  highs = await createHighsBackend();
  problem = curtoisToProblem(parseCurtois(generateInstance({ days: 14, staff: 12, shiftTypes: 2 }, 3).text));
  const root = runColumnGeneration(problem, highs, { incumbents: [] });
  if (!root.ok) throw new Error(root.reason);
  cg = root.state;
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
  it('move past the size whose trees close in the base time once everything smaller closed without a better rota, up to every worker, whose closed tree proves the rota', () => {
    const W = problem.workers.length;
    for (const seed of [1, 2, 3]) {
      const clock = { now: 0 };
      const ctx = contextAt(clock, seed);
      const calls: { free: Set<number>; rota: readonly Assignment[]; timeMs: number }[] = [];
      // The base time (a fiftieth of the solve's budget, 11.4 s here) closes trees of up to 4 workers;
      // all 12 need 72 s, within a quarter of the budget (142.5 s).
      const hoods = new ColumnNeighbourhoods({ ctx, cg, rotaDiveFound: false }, modelledTrees(clock, (k) => 500 * k * k, calls));
      for (let step = 0; step < 300 && !ctx.proven(); step++) hoods.step(clock.now + 1_000_000);
      const largest = Math.max(...calls.map((c) => c.free.size));
      expect(largest, `seed ${seed}: ${hoods.summary()}`).toBe(W);
      expect(ctx.proven(), `seed ${seed}: ${hoods.summary()}`).toBe(true);
      expect(ctx.bound.soft).toBe(ctx.incumbent.score.soft);
      // Every neighbourhood's time stays within a quarter of the budget.
      expect(Math.max(...calls.map((c) => c.timeMs))).toBeLessThanOrEqual(ctx.budget.limitMs! / 4);
    }
  });

  it('never searches again a set of workers, or any part of it, whose tree closed around the same rota', () => {
    for (const seed of [1, 2, 3, 4]) {
      const clock = { now: 0 };
      const ctx = contextAt(clock, seed);
      const calls: { free: Set<number>; rota: readonly Assignment[]; timeMs: number }[] = [];
      // Everything closes at once: the sizes grow and the draws of the three ways of choosing overlap.
      const hoods = new ColumnNeighbourhoods({ ctx, cg, rotaDiveFound: false }, modelledTrees(clock, () => 1, calls));
      for (let step = 0; step < 40 && !ctx.proven(); step++) hoods.step(clock.now + 1_000_000);
      expect(calls.length).toBeGreaterThan(3);
      for (let i = 0; i < calls.length; i++) {
        for (let j = 0; j < i; j++) {
          const inside = calls[j].rota === calls[i].rota && [...calls[i].free].every((w) => calls[j].free.has(w));
          expect(inside, `seed ${seed}: call ${i} (${[...calls[i].free]}) inside closed call ${j} (${[...calls[j].free]})`).toBe(false);
        }
      }
    }
  });

  it('shrink where trees are cut and nothing smaller has closed yet, and come back to the base time after a gain', () => {
    const e = new NeighbourhoodEffort(6, 20, 1000, 8000);
    e.report('cut', false);
    expect([e.workers, e.timeMs]).toEqual([5, 1000]);
    e.report('closed', true);
    expect([e.workers, e.timeMs]).toEqual([6, 1000]);
    e.report('cut', false);
    expect([e.workers, e.timeMs]).toEqual([6, 2000]);
    e.report('cut', false);
    e.report('cut', false);
    expect([e.workers, e.timeMs]).toEqual([6, 8000]);
    // At its longest a cut tree shrinks the next one again.
    e.report('cut', false);
    expect([e.workers, e.timeMs]).toEqual([5, 8000]);
    e.report('improved', true);
    expect([e.workers, e.timeMs]).toEqual([6, 1000]);
  });
});
