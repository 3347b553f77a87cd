// A solve whose time is up stops where it is: construction leaves the places it has not reached
// empty, and the explanation summarises the workers it has not explained without reading the clock
// for each of them (a CPU clock is a system call; on a year of 150 staff that was seconds).

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

  it('summarises the explanation with few readings of the clock', () => {
    // Six workers for the whole ward: most places stay short however far construction gets.
    const few = { ...problem, workers: problem.workers.slice(0, 6), pinned: [] };
    const up = upAfter(3);
    const r = solve(few, { seed: 1, timeLimitMs: 60_000, clock: up.clock });
    const short = r.unfilled.length;
    expect(short).toBeGreaterThan(100);
    // One reading per 64 questions at most, and none once late; without the latch it is one per worker per place.
    expect(up.count()).toBeLessThan(short * 2);
    expect(r.unfilled.every((u) => u.reasons.every((x) => x.workerId === ''))).toBe(true);
  });
});
