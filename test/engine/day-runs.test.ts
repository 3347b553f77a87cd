// Day runs are read from per-worker bit words of 32 days: runs that cross word edges (days 31/32,
// 63/64) and the horizon's edges must score exactly as the full evaluation does.

import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { createScorer } from '../../solver/engine/incremental-scorer.ts';
import { makeProblem, makeWorker } from '../constraints/support.ts';

const DAYS = 70;
const problem = makeProblem({
  days: DAYS,
  slots: Array.from({ length: DAYS }, (_, d) => ({ id: `s${d}`, day: d, from: 9, to: 17, typeId: 'day' })),
  workers: [
    makeWorker({
      id: 'ravi',
      name: 'Ravi',
      maxConsecutiveDays: 4,
      minConsecutiveDays: 3,
      minConsecutiveDaysOff: 2,
      history: { minutesByWeek: [], consecutiveDaysWorked: 2 },
    }),
  ],
});

describe('day runs across 32-day words (days.maxConsecutive, days.minConsecutive, days.minConsecutiveOff)', () => {
  it('scores every step of building and breaking runs over word edges like evaluateAll', () => {
    const scorer = createScorer(problem);
    const placeOfDay = (d: number) => {
      for (let p = 0; p < scorer.placeCount; p++) if (scorer.placeSlot(p) === d && scorer.workerOf(p) < 0) return p;
      for (let p = 0; p < scorer.placeCount; p++) if (scorer.placeSlot(p) === d) return p;
      throw new Error(`no place on day ${d}`);
    };
    const check = () => expect(scorer.score()).toEqual(evaluateAll(problem, scorer.assignments()).score);
    const order = [31, 33, 32, 30, 34, 29, 35, 28, 0, 1, 2, 63, 65, 64, 62, 66, 69, 67, 68, 36, 37, 38];
    for (const d of order) {
      const p = placeOfDay(d);
      scorer.deltaAssign(p, 0);
      const predicted = scorer.dHard;
      const before = scorer.score().hard;
      scorer.assign(p, 0);
      expect(scorer.score().hard - before).toBe(predicted);
      check();
    }
    // The long run 28..38 is 11 days against a maximum of 4.
    expect(evaluateAll(problem, scorer.assignments()).analysis.find((a) => a.id === 'days.maxConsecutive')!.total).toBeGreaterThan(0);
    for (const d of [32, 64, 0, 69, 31, 33, 28]) {
      const p = placeOfDay(d);
      scorer.assign(p, -1);
      check();
    }
  });
});
