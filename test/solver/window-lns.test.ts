// Window neighbourhoods as an improver (solver/stages/window-lns.ts): which windows they ask for and
// what they conclude from the answers. The first test replaces the window's branch and price by a
// model whose tree closes when its time covers a cost that grows with the window's length, so the
// policy is seen over many steps in milliseconds; the last runs the real one inside the stage.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import type { ColumnGenerationState } from '../../solver/colgen/master.ts';
import type { NeighbourhoodOptions, NeighbourhoodResult } from '../../solver/colgen/neighbourhood.ts';
import type { DayWindow } from '../../solver/colgen/window.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { SolveContext } from '../../solver/stages/context.ts';
import { focusOf } from '../../solver/stages/neighbourhoods.ts';
import { passLengthens, tiling, WindowNeighbourhoods } from '../../solver/stages/window-lns.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { generatedRoot } from './support/generated-root.ts';

let highs: MilpBackend & LpSessionFactory;
let problem: Problem;
let cg: ColumnGenerationState;

beforeAll(async () => {
  highs = await createHighsBackend();
  ({ problem, cg } = generatedRoot(highs, { days: 56, staff: 8, shiftTypes: 2 }, 4, { timeLimitMs: 20_000, clock: () => performance.now() }));
});

afterAll(() => cg?.dispose());

function contextAt(clock: () => number, seed: number, timeLimitMs = 600_000): SolveContext {
  const ctx = new SolveContext(problem, { exact: highs, clock, timeLimitMs, seed }, {});
  ctx.incumbent.consider(cg.roundLp(), 'LP rounding');
  expect(ctx.incumbent.score.hard).toBe(0);
  return ctx;
}

function sorted(windows: readonly DayWindow[]): DayWindow[] {
  return [...windows].sort((a, b) => a.firstDay - b.firstDay);
}

describe('window neighbourhoods', () => {
  it('sweep the horizon in passes, worst first, a week longer once most trees of a pass closed with nothing better, shorter when cut', () => {
    const H = problem.days.length;
    const now = { ms: 0 };
    const ctx = contextAt(() => now.ms, 1, 100_000);
    const windows: DayWindow[] = [];
    // A window of n days closes after 100 n ms; its time is 4 s, so up to 40 days close.
    const modelled = (_p: Problem, _m: unknown, _r: readonly Assignment[], w: DayWindow, _f: LpSessionFactory, o: NeighbourhoodOptions): NeighbourhoodResult => {
      windows.push(w);
      const need = 100 * (w.lastDay - w.firstDay + 1);
      now.ms += Math.min(need, o.timeLimitMs ?? Infinity);
      return { complete: need <= (o.timeLimitMs ?? Infinity) };
    };
    const hoods = new WindowNeighbourhoods({ ctx, cg, rotaDiveFound: false }, modelled);
    expect(hoods.applies()).toBe(true);
    // The first pass: every week of the horizon once, the most penalised first.
    const perDay = focusOf(problem, ctx.incumbent.analysis).day;
    const penalty = (w: DayWindow): number => perDay.slice(w.firstDay, w.lastDay + 1).reduce((a, b) => a + b, 0);
    const first = tiling(H, 7, false);
    expect(hoods.lengthened).toBe(false);
    for (let step = 0; step < first.length; step++) hoods.step(now.ms + 1_000_000);
    // Nothing better on the first pass: the length is exhausted (the weekend windows wait for this).
    expect(hoods.lengthened).toBe(true);
    expect(sorted(windows)).toEqual(first);
    expect(penalty(windows[0])).toBe(Math.max(...first.map(penalty)));
    // Nothing better anywhere: the next pass is a week longer and starts half a window on.
    const second = tiling(H, 14, true);
    expect(second[0]).toEqual({ firstDay: 0, lastDay: 6 });
    for (let step = 0; step < second.length; step++) hoods.step(now.ms + 1_000_000);
    expect(sorted(windows.slice(first.length))).toEqual(second);
    for (let step = 0; step < 40; step++) hoods.step(now.ms + 1_000_000);
    const lengths = windows.map((w) => w.lastDay - w.firstDay + 1);
    // Windows grow past the 40 days whose trees close; after a cut one the next is at least a week shorter.
    expect(Math.max(...lengths)).toBeGreaterThan(40);
    lengths.forEach((n, i) => {
      if (n > 40 && i + 1 < lengths.length) expect(lengths[i + 1]).toBeLessThanOrEqual(n - 7);
    });
    for (const w of windows) expect(w.firstDay >= 0 && w.lastDay < H && w.firstDay <= w.lastDay).toBe(true);
    expect(ctx.proven()).toBe(false);

    // Trees that always close reach the whole horizon; closed there with nothing better, the rota is optimal.
    const ctx2 = contextAt(() => now.ms, 2);
    const always = (_p: Problem, _m: unknown, _r: readonly Assignment[], w: DayWindow): NeighbourhoodResult => {
      windows.push(w);
      return { complete: true };
    };
    const hoods2 = new WindowNeighbourhoods({ ctx: ctx2, cg, rotaDiveFound: false }, always);
    for (let step = 0; step < 40 && !ctx2.proven(); step++) hoods2.step(now.ms + 1_000_000);
    expect(ctx2.proven()).toBe(true);
    expect(windows.at(-1)).toEqual({ firstDay: 0, lastDay: H - 1 });
    expect(ctx2.bound.soft).toBe(ctx2.incumbent.score.soft);
  });

  it('lengthen once a pass gained on few windows, or gained less than half what the pass before it did', () => {
    // Nothing better on most windows: exhausted.
    expect(passLengthens(10, 4, 100, undefined)).toBe(true);
    // Better on most, the first pass at this length: stay.
    expect(passLengthens(10, 8, 100, undefined)).toBe(false);
    // Better on most, but the returns fall off: a pass that gained 750 after one that gained 16,800.
    expect(passLengthens(26, 24, 750, 16_800)).toBe(true);
    // Better on most and still gaining as before: stay.
    expect(passLengthens(26, 24, 9_000, 16_800)).toBe(false);
  });

  it('steps aside on short horizons', () => {
    const short = curtoisToProblem(parseCurtois(generateInstance({ days: 28, staff: 8, shiftTypes: 2 }, 4).text));
    const ctx = new SolveContext(short, { exact: highs, clock: () => 0, timeLimitMs: 1000, seed: 1 }, {});
    const hoods = new WindowNeighbourhoods({ ctx, cg, rotaDiveFound: false });
    expect(hoods.applies()).toBe(false);
  });

  it('improves the rota with real windows, each kept by the scorer', () => {
    const ctx = contextAt(() => performance.now(), 3, 120_000);
    const before = ctx.incumbent.score.soft;
    const hoods = new WindowNeighbourhoods({ ctx, cg, rotaDiveFound: false });
    for (let step = 0; step < 6; step++) hoods.step(performance.now() + 20_000);
    expect(hoods.better, hoods.summary()).toBeGreaterThan(0);
    const after = evaluateAll(problem, ctx.incumbent.assignments).score;
    expect(after.hard).toBe(0);
    expect(after.soft).toBeLessThan(before);
    expect(after.soft).toBe(ctx.incumbent.score.soft);
  });
});
