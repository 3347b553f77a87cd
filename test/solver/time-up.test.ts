// A solve whose time is up stops where it is: construction leaves the places it has not reached
// empty. The explanation is bounded by its size, not the clock, so a solve stopped early (the web
// app's Stop ends the budget at once) still says why each short place is short.

import { describe, expect, it } from 'vitest';
import { BENCHMARK_SHAPES, generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { solve } from '../../solver/index.ts';

const problem = curtoisToProblem(parseCurtois(generateInstance(BENCHMARK_SHAPES[2], 2).text));

/** A clock that reads 0 for its first `reads` readings and then an hour: the time is up at once. */
function upAfter(reads: number): { clock: () => number; count: () => number } {
  let n = 0;
  return { clock: () => (n++ < reads ? 0 : 3_600_000), count: () => n };
}

describe('a solve whose time is up', () => {
  it('stops construction: the places not reached stay empty', () => {
    const ample = solve(problem, { seed: 1, maxMoves: 0 }, { maxReasonsPerPlace: 0 });
    const up = upAfter(3);
    // No moves after construction in either, so the rotas are what construction made.
    const cut = solve(problem, { seed: 1, maxMoves: 0, timeLimitMs: 60_000, clock: up.clock }, { maxReasonsPerPlace: 0 });
    expect(ample.assignments.length).toBeGreaterThan(300);
    expect(cut.assignments.length).toBeLessThan(ample.assignments.length / 4);
  });

  it('explains a solve stopped early like a finished one, within the explanation\'s own size', () => {
    // Six workers for the whole ward: most places stay short however far construction gets.
    const few = { ...problem, workers: problem.workers.slice(0, 6), pinned: [] };
    const explained = (r: ReturnType<typeof solve>): number => r.unfilled.reduce((n, u) => n + u.reasons.filter((x) => x.workerId !== '').length, 0);
    const stopped = solve(few, { seed: 1, timeLimitMs: 60_000, clock: upAfter(3).clock });
    expect(stopped.unfilled.length).toBeGreaterThan(100);
    // The time is up from the start, yet every short place names its workers and why.
    expect(stopped.unfilled.every((u) => u.reasons.some((x) => x.workerId !== ''))).toBe(true);
    // The size bound: past it the workers are summarised.
    const capped = solve(few, { seed: 1, timeLimitMs: 60_000, clock: upAfter(3).clock }, { maxExplainQuestions: 40 });
    expect(explained(capped)).toBeLessThanOrEqual(40);
    expect(capped.unfilled.some((u) => u.reasons.some((x) => /not explained/.test(x.blocks.join(' '))))).toBe(true);
  });
});
