// evaluateAll sums the catalogue into a lexicographic score; explainBlocks says, in words, why one
// worker cannot take one place given the rest of the rota.

import { describe, expect, it } from 'vitest';
import { constraints, evaluateAll, explainBlocks } from '../../solver/constraints/index.ts';
import { at, HOUR, makeProblem, makeWorker, places } from './support.ts';

const problem = makeProblem({
  slots: [
    { id: 'd1', day: 1, from: 17.5, to: 24.5, typeId: 'drop-in', roles: [{ roleId: 'support', min: 1, preferred: 1, max: 1, skills: ['safeguarding'] }] },
    { id: 'e2', day: 2, from: 9, to: 17, typeId: 'early', roles: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }] },
  ],
  workers: [
    makeWorker({ id: 'sam', name: 'Sam', minRestMinutes: 11 * HOUR, skills: [{ skillId: 'safeguarding' }] }),
    makeWorker({
      id: 'alex',
      name: 'Alex',
      minRestMinutes: 11 * HOUR,
      unavailability: [{ startMin: at(2, 0), endMin: at(3, 0), reason: 'leave' }],
    }),
  ],
});

describe('evaluateAll', () => {
  it('reports every constraint, splitting totals into hard and soft', () => {
    const { score, analysis } = evaluateAll(problem, places(['d1', 'sam']));
    expect(analysis.map((a) => a.id)).toEqual(constraints.map((c) => c.id));
    const hard = analysis.filter((a) => a.level === 'hard').reduce((s, a) => s + a.total, 0);
    const soft = analysis.filter((a) => a.level === 'soft').reduce((s, a) => s + a.total, 0);
    expect(score).toEqual({ hard, soft });
    // e2 is empty: one worker missing (hard 60) and one short of preferred (soft 100).
    expect(score).toEqual({ hard: 60, soft: 100 });
  });
});

describe('explainBlocks', () => {
  it('lists, in words, the hard rules a worker would break by taking a place', () => {
    const rota = places(['d1', 'sam']);
    expect(explainBlocks(problem, rota, 1, 0, 0)).toEqual([
      'Sam: only 8 h 30 min rest after Tue 24 Nov drop-in 17:30-00:30 before Wed 25 Nov early 09:00-17:00; needs 11 h',
    ]);
    expect(explainBlocks(problem, rota, 1, 0, 1)).toEqual(['Alex: on leave for 8 h of Wed 25 Nov early 09:00-17:00']);
    // The drop-in crosses midnight into Alex's day of leave.
    expect(explainBlocks(problem, [], 0, 0, 1)).toEqual([
      'Alex: lacks safeguarding (not held) needed as support in Tue 24 Nov drop-in 17:30-00:30',
      'Alex: on leave for 30 min of Tue 24 Nov drop-in 17:30-00:30',
    ]);
  });
  it('is empty when nothing hard stands in the way', () => {
    expect(explainBlocks(problem, [], 1, 0, 0)).toEqual([]);
  });
});
