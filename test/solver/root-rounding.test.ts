// The roundings of a root that cannot converge (solver/stages/root-rounding.ts): only such a root is
// rounded, its roundings are spaced by what they cost, each is offered as the best rota, and the root
// ends once they have gone the stall without a better one. A clock the test moves by hand; the rotas
// are a real root's rounding and a copy of it (as good, so not better).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { runColumnGeneration, type ColumnGenerationState, type RootRound } from '../../solver/colgen/master.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { SolveContext } from '../../solver/stages/context.ts';
import { RootRoundings } from '../../solver/stages/root-rounding.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';

let highs: MilpBackend & LpSessionFactory;
let problem: Problem;
let cg: ColumnGenerationState;

beforeAll(async () => {
  highs = await createHighsBackend();
  problem = curtoisToProblem(parseCurtois(generateInstance({ days: 28, staff: 6, shiftTypes: 2 }, 3).text));
  const root = runColumnGeneration(problem, highs, { incumbents: [], timeLimitMs: 20_000, clock: () => performance.now() });
  if (!root.ok) throw new Error(root.reason);
  cg = root.state;
});

afterAll(() => cg?.dispose());

/** A round whose rounding gives `rota` and takes `costMs` on the hand-moved clock. */
function roundOf(now: { ms: number }, firstCut: boolean, rota: readonly Assignment[], costMs: number, asked: { n: number }): RootRound {
  return {
    iteration: 0,
    lpValue: 0,
    lowerBound: Number.NaN,
    columns: 0,
    firstCut,
    roundLp: () => {
      asked.n++;
      now.ms += costMs;
      return rota.map((a) => ({ ...a }));
    },
  };
}

describe('roundings of a root that cannot converge', () => {
  it('rounds only such a root, spaced by their cost, and ends it once they go the stall without a better rota', () => {
    const now = { ms: 0 };
    const ctx = new SolveContext(problem, { exact: highs, clock: () => now.ms, timeLimitMs: 100_000, seed: 1 }, {});
    const rota = cg.roundLp();
    const roundings = new RootRoundings(ctx, 1000);
    const asked = { n: 0 };

    // A root that may converge is left alone, whatever its rounds.
    for (let i = 0; i < 5; i++) {
      now.ms += 5000;
      expect(roundings.afterRound(roundOf(now, false, rota, 10, asked))).toBe(false);
    }
    expect(asked.n).toBe(0);
    expect(ctx.incumbent.score.hard).toBe(Infinity);

    // The first round of one that cannot: rounded, and the best rota now.
    expect(roundings.afterRound(roundOf(now, true, rota, 10, asked))).toBe(false);
    expect(asked.n).toBe(1);
    expect(ctx.incumbent.phase).toBe('LP rounding');
    const best = ctx.incumbent.score;
    expect(best.hard).toBe(0);

    // A rounding costing 10 ms is due 90 ms after the last one (a tenth of the root's time).
    now.ms += 50;
    expect(roundings.afterRound(roundOf(now, true, rota, 10, asked))).toBe(false);
    expect(asked.n).toBe(1);
    now.ms += 40;
    expect(roundings.afterRound(roundOf(now, true, rota, 10, asked))).toBe(false);
    expect(asked.n).toBe(2);

    // As good is not better: once 1,000 ms have gone since the better rota, the root ends.
    let ended = false;
    let rounds = 0;
    while (!ended && rounds < 100) {
      now.ms += 100;
      ended = roundings.afterRound(roundOf(now, true, rota, 10, asked));
      rounds++;
    }
    expect(ended).toBe(true);
    expect(now.ms - 25_000 - 10).toBeGreaterThanOrEqual(1000);
    expect(now.ms - 25_000 - 10).toBeLessThan(1200);
    expect(ctx.incumbent.score).toEqual(best);
    expect(roundings.summary()).toContain('1 better, ended once they stalled');
  });
});
