// After a root that cannot converge (its first pricing cut by its share, or its rounds too slow for
// the rounds converging takes). Its roundings (solver/stages/root-rounding.ts): only such a root is
// rounded, its roundings are spaced by what they cost, each is offered as the best rota, and the root
// ends once they have gone the stall without a better one (a clock the test moves by hand; the rotas
// are a real root's rounding and a copy of it, as good, so not better). And the improvers
// (improvers.ts): no column neighbourhood runs after such a root, windows or not (3 s of this
// process's CPU, as the benchmarks budget, so a loaded machine does not starve an improver of its turn).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runColumnGeneration, type ColumnGenerationState, type RootRound } from '../../solver/colgen/master.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import type { ColumnSearch } from '../../solver/stages/columns.ts';
import { SolveContext } from '../../solver/stages/context.ts';
import { improversStage } from '../../solver/stages/improvers.ts';
import { RootRoundings } from '../../solver/stages/root-rounding.ts';
import { cpuMs, limitsOnCpu } from '../../bench/cpu-clock.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { generatedRoot } from './support/generated-root.ts';

let highs: MilpBackend & LpSessionFactory;
let problem: Problem;
let cg: ColumnGenerationState;

beforeAll(async () => {
  highs = await createHighsBackend();
  ({ problem, cg } = generatedRoot(highs, { days: 28, staff: 6, shiftTypes: 2 }, 3, { timeLimitMs: 20_000, clock: () => performance.now() }));
});

afterAll(() => cg?.dispose());

/** A round whose rounding gives `rota` and takes `costMs` on the hand-moved clock. */
function roundOf(now: { ms: number }, firstCut: boolean, rota: readonly Assignment[], costMs: number, asked: { n: number }, iteration = 0): RootRound {
  return {
    iteration,
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
    expect(roundings.summary()).toMatch(/1 better \(\d+ at 25\.0 s\), ended at 26\.\d s once they stalled/);
    // Marked by its cut first pricing, not by a pace it never measured.
    expect(roundings.summary()).toMatch(/^; cannot converge \(its first pricing cut\): /);
  });

  it('rounds a root whose first pricing was not cut once its rounds come too slowly to converge, and ends it the same way', () => {
    const now = { ms: 0 };
    const ctx = new SolveContext(problem, { exact: highs, clock: () => now.ms, timeLimitMs: 100_000, seed: 1 }, {});
    const rota = cg.roundLp();
    const asked = { n: 0 };
    // A root of 10 s that converging would need 50 rounds of: a round may take 200 ms at most.
    const fast = new RootRoundings(ctx, 1000, { rootMs: 10_000, rounds: 50 });
    // Its first round took 5 s (the first columns), the others 190 ms: it may converge.
    now.ms += 5000;
    for (let i = 1; i <= 40; i++) {
      if (i > 1) now.ms += 190;
      expect(fast.afterRound(roundOf(now, false, rota, 10, asked, i))).toBe(false);
    }
    expect(asked.n).toBe(0);
    expect(fast.tooSlow).toBe(false);
    expect(fast.summary()).toBe('; 0.19 s a round');

    // First rounds dear, then cheap (400 ms, then 100 ms): judged only once a quarter of its time has
    // gone since its first round, by then at 148 ms a round: it may converge.
    const settling = new RootRoundings(ctx, 1000, { rootMs: 10_000, rounds: 50 });
    now.ms += 5000;
    for (let i = 1; i <= 40; i++) {
      if (i > 1) now.ms += i <= 4 ? 400 : 100;
      expect(settling.afterRound(roundOf(now, false, rota, 10, asked, i))).toBe(false);
    }
    expect(asked.n).toBe(0);
    expect(settling.tooSlow).toBe(false);

    // A first round of 5 s (the first columns' pricing), then rounds of 250 ms: judged on those once
    // they have taken a quarter of the root's time (2.5 s: the eleventh round), then rounded and ended
    // once the roundings stall.
    const slow = new RootRoundings(ctx, 1000, { rootMs: 10_000, rounds: 50 });
    now.ms += 5000;
    const firstMs = now.ms;
    let ended = slow.afterRound(roundOf(now, false, rota, 10, asked, 1));
    let i = 1;
    while (!ended && i < 100) {
      now.ms += 250;
      ended = slow.afterRound(roundOf(now, false, rota, 10, asked, ++i));
      if (i < 11) expect(asked.n).toBe(0);
    }
    expect(slow.tooSlow).toBe(true);
    expect(asked.n).toBeGreaterThan(0);
    expect(ended).toBe(true);
    expect(ctx.incumbent.phase).toBe('LP rounding');
    // The first rounding (the eleventh round) is the better rota; 1,000 ms later without another, the root ends.
    expect(now.ms - firstMs).toBeGreaterThanOrEqual(2500 + 1000);
    expect(now.ms - firstMs).toBeLessThan(2500 + 1000 + 300);
    expect(slow.summary()).toMatch(/^; cannot converge \(0\.25 s a round\): \d+ roundings, 1 better/);
  });

  it('ends a root whose first pricing was cut once its stall passes from its start without a better rota, inside a round', () => {
    // The roundings alone, on a hand-moved clock (the solve started at 5 s): the stall counts from the
    // root's start, before any round.
    const now = { ms: 5000 };
    const ctx = new SolveContext(problem, { exact: highs, clock: () => now.ms, timeLimitMs: 100_000, seed: 1 }, {});
    const marked = new RootRoundings(ctx, 1000);
    marked.firstColumns(true);
    expect(marked.tooSlow).toBe(true);
    now.ms += 999;
    expect(marked.stalled()).toBe(false);
    now.ms += 1;
    expect(marked.stalled()).toBe(true);
    expect(marked.summary()).toBe('; cannot converge (its first pricing cut): no rounding, ended at 1.0 s');
    // A first pricing not cut marks nothing: such a root is never stopped by a stall it has not got.
    const free = new RootRoundings(ctx, 1000);
    free.firstColumns(false);
    now.ms += 60_000;
    expect(free.tooSlow).toBe(false);
    expect(free.stalled()).toBe(false);

    // And a real root whose first pricing is cut after one worker, on a clock that counts its readings
    // (the same run on any machine): its first round reads the clock more often than a stall of 5
    // readings, so the root ends inside that round, unconverged, with no round completed; the same
    // root with no stall converges over several rounds.
    let ticks = 0;
    const tickCtx = new SolveContext(problem, { exact: highs, clock: () => ticks++, timeLimitMs: 1e12, seed: 1 }, {});
    const incumbent = cg.roundLp();
    const rootOf = (stallTicks: number | undefined) => {
      const roundings = new RootRoundings(tickCtx, stallTicks ?? Infinity);
      let rounds = 0;
      const out = runColumnGeneration(problem, highs, {
        clock: () => ticks++,
        timeLimitMs: 1e12,
        incumbents: [incumbent],
        firstPricingShare: 1.5 / 1e12,
        onIteration: () => {
          rounds++;
        },
        onFirstColumns: (cut) => roundings.firstColumns(cut),
        stop: stallTicks === undefined ? undefined : () => roundings.stalled(),
      });
      if (!out.ok) throw new Error(out.reason);
      const r = { converged: out.state.converged, firstPriced: out.state.firstPriced, rounds, roundings };
      out.state.dispose();
      return r;
    };
    const stalled = rootOf(5);
    expect(stalled.firstPriced).toBe(1);
    expect(stalled.roundings.tooSlow).toBe(true);
    expect(stalled.roundings.endedMs).toBeDefined();
    expect(stalled.rounds).toBe(0);
    expect(stalled.converged).toBe(false);
    const whole = rootOf(undefined);
    expect(whole.firstPriced).toBe(1);
    expect(whole.rounds).toBeGreaterThan(1);
    expect(whole.converged).toBe(true);
  });

  it('leave the column neighbourhoods out after it where windows apply', () => {
    const { problem: long, cg: rootState } = generatedRoot(highs, { days: 56, staff: 6, shiftTypes: 2 }, 4, { timeLimitMs: 20_000, clock: () => performance.now() });
    try {
      const W = long.workers.length;
      const summaryAfter = (firstPriced: number): string => {
        const ctx = new SolveContext(long, { exact: limitsOnCpu(highs), clock: cpuMs, timeLimitMs: 3000, seed: 1 }, {});
        ctx.incumbent.consider(rootState.roundLp(), 'LP rounding');
        expect(ctx.incumbent.score.hard).toBe(0);
        const search: ColumnSearch = { ctx, cg: { ...rootState, firstPriced }, rotaDiveFound: false };
        return improversStage(search);
      };
      // The column neighbourhoods are the first improver: after a root that priced everyone they run.
      expect(summaryAfter(W)).not.toMatch(/^column: 0 neighbourhoods/);
      const cut = summaryAfter(1);
      expect(cut).toMatch(/^column: 0 neighbourhoods/);
      expect(cut).not.toMatch(/window: 0 windows/);
    } finally {
      rootState.dispose();
    }
  });

  it('leave the column neighbourhoods out after a root too slow to converge where windows do not apply', () => {
    const summaryAfter = (rootTooSlow: boolean): string => {
      const ctx = new SolveContext(problem, { exact: limitsOnCpu(highs), clock: cpuMs, timeLimitMs: 3000, seed: 1 }, {});
      ctx.incumbent.consider(cg.roundLp(), 'LP rounding');
      expect(ctx.incumbent.score.hard).toBe(0);
      const search: ColumnSearch = { ctx, cg, rotaDiveFound: false, rootTooSlow };
      return improversStage(search);
    };
    // 28 days: no windows. After a root that priced everyone in time the column neighbourhoods run.
    expect(summaryAfter(false)).not.toMatch(/^column: 0 neighbourhoods/);
    const slow = summaryAfter(true);
    expect(slow).toMatch(/^column: 0 neighbourhoods/);
    expect(slow).toMatch(/window: 0 windows/);
    expect(slow).not.toMatch(/MILP: 0 neighbourhoods/);
  });
});
