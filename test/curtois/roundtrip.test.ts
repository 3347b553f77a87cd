// Adapter + engine + independent checker on a tiny instance whose optimum is known by hand.
//
// 7 days, one shift D (480 min), staff A and B each working 4 to 5 shifts (1920..2400 min), runs of
// 2..5 days, at least 2 days off in a row, at most 1 weekend. Cover asks 1 a day (under 100, over 1).
// Lower bound: 2 x 4 = 8 shifts at least over 7 days of demand 1, so at least 1 over-cover: >= 1.
// A on days 0-3 and B on days 3-6 meets every hard rule, A's request for day 0 and B's request to be
// off on day 0, with exactly 1 over-cover: the optimum is 1.

import { beforeAll, describe, expect, it } from 'vitest';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem, rosterCsv } from '../../bench/curtois/to-problem.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { ExactSolver } from '../../solver/model.ts';
import { solve } from '../../solver/index.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { checkRoster, readInstance, readRoster } from './checker.ts';

const TINY = `SECTION_HORIZON
7

SECTION_SHIFTS
D,480,

SECTION_STAFF
A,D=7,2400,1920,5,2,2,1
B,D=7,2400,1920,5,2,2,1

SECTION_DAYS_OFF
A,6

SECTION_SHIFT_ON_REQUESTS
A,0,D,2

SECTION_SHIFT_OFF_REQUESTS
B,0,D,2

SECTION_COVER
0,D,1,100,1
1,D,1,100,1
2,D,1,100,1
3,D,1,100,1
4,D,1,100,1
5,D,1,100,1
6,D,1,100,1
`;

let highs: ExactSolver;
beforeAll(async () => {
  highs = await createHighsBackend();
});

describe('Curtois round trip', () => {
  const problem = curtoisToProblem(parseCurtois(TINY));

  it('reaches the hand-known optimum through the engine, proves it, and the checker agrees', () => {
    const result = solve(problem, { exact: highs, seed: 3, timeLimitMs: 20_000, clock: () => performance.now() });
    const csv = rosterCsv(problem, result.assignments);
    const check = checkRoster(readInstance(TINY), readRoster(csv));
    expect(check.violations).toEqual([]);
    expect(check.objective).toBe(1);
    expect(result.score).toEqual({ hard: 0, soft: 1 });
    expect(result.quality).toMatchObject({ status: 'optimal', lowerBound: { hard: 0, soft: 1 }, gapPercent: 0 });
  });

  it('scores the allocation loop alone the same as the checker (the adapter keeps the benchmark rules)', () => {
    for (const seed of [1, 2, 3]) {
      const result = solve(problem, { seed, maxMoves: 5_000 });
      const csv = rosterCsv(problem, result.assignments);
      const check = checkRoster(readInstance(TINY), readRoster(csv));
      const score = evaluateAll(problem, result.assignments).score;
      expect(score.hard === 0).toBe(check.violations.length === 0);
      if (score.hard === 0) expect(score.soft).toBe(check.objective);
    }
  });

  it('writes the roster CSV in the benchmark format', () => {
    const csv = rosterCsv(problem, [
      { slotId: 'd3-D', roleId: 'staff', workerId: 'B' },
      { slotId: 'd0-D', roleId: 'staff', workerId: 'A' },
    ]);
    expect(csv).toBe('employee,day,shift\nA,0,D\nB,3,D\n');
  });
});
