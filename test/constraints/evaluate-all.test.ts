// evaluateAll sums the catalogue into a lexicographic score; explainBlocks says, in words, why one
// worker cannot take one place given the rest of the rota.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constraints, evaluateAll, explainBlocks, resolveWeight } from '../../solver/constraints/index.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { edgeProblem } from '../support/edge-problem.ts';
import { randomAssignments, randomProblem } from '../support/random-problem.ts';
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
      'Alex: does not hold safeguarding (needed as support in Tue 24 Nov drop-in 17:30-00:30)',
      'Alex: on leave for 30 min of Tue 24 Nov drop-in 17:30-00:30',
    ]);
  });
  it('counts the workers already in the place (cover.max) and only what adding them worsens', () => {
    const full = makeProblem({
      slots: [{ id: 'd1', day: 1, from: 17.5, to: 24.5, typeId: 'drop-in', roles: [{ roleId: 'support', min: 2, preferred: 2, max: 1 }] }],
      workers: [makeWorker({ id: 'sam', name: 'Sam' }), makeWorker({ id: 'alex', name: 'Alex', minutesTotal: { hardMin: 20 * HOUR } })],
    });
    // Alex is below the hard minimum of hours either way; taking the place eases it, so it is no block.
    expect(explainBlocks(full, places(['d1', 'sam']), 0, 0, 1)).toEqual(['Tue 24 Nov drop-in 17:30-00:30: support has 2, more than the maximum 1']);
  });
  it('is empty when nothing hard stands in the way', () => {
    expect(explainBlocks(problem, [], 1, 0, 0)).toEqual([]);
  });
});

/** The plain definition: hard constraints over the whole problem and rota, before and after. */
function explainOnWholeProblem(problem: Problem, rota: readonly Assignment[], s: number, r: number, w: number): string[] {
  const added = { slotId: problem.slots[s].id, roleId: problem.slots[s].roles[r].roleId, workerId: problem.workers[w].id };
  const blocks: string[] = [];
  for (const c of constraints) {
    if (c.level !== 'hard') continue;
    const weight = resolveWeight(problem, c);
    const was = c.evaluate(problem, rota, weight);
    const now = c.evaluate(problem, [...rota, added], weight);
    if (now.reduce((t, v) => t + v.penalty, 0) <= was.reduce((t, v) => t + v.penalty, 0)) continue;
    const old = was.map((v) => v.message);
    for (const v of now) {
      const i = old.indexOf(v.message);
      if (i >= 0) old.splice(i, 1);
      else blocks.push(v.message);
    }
  }
  return blocks;
}

describe('explainBlocks on random rotas', () => {
  it('gives the same reasons as judging the whole problem', () => {
    fc.assert(
      fc.property(
        randomProblem().chain((p) => fc.tuple(fc.constant(p), randomAssignments(p, 25), fc.nat(), fc.nat(), fc.nat())),
        ([problem, rota, s, r, w]) => {
          if (problem.slots.length === 0) return;
          const slot = s % problem.slots.length;
          const role = r % problem.slots[slot].roles.length;
          const worker = w % problem.workers.length;
          expect(explainBlocks(problem, rota, slot, role, worker)).toEqual(explainOnWholeProblem(problem, rota, slot, role, worker));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('durations in words', () => {
  it.each([
    ['varied problems', randomProblem()],
    ['problems crowded against the horizon edges', edgeProblem],
  ])('are never negative, in any breach of any rota (%s)', (_name, problems) => {
    let edgeMessages = 0;
    fc.assert(
      fc.property(
        problems.chain((p) => fc.tuple(fc.constant(p), randomAssignments(p, 20))),
        ([p, assignments]) => {
          for (const c of evaluateAll(p, assignments).analysis) {
            for (const v of c.matches) {
              expect(v.message).not.toMatch(/(^|[^\w-])-\d+ ?(h|min)\b/);
              if (/(before|after) the rota/.test(v.message)) edgeMessages++;
            }
          }
        },
      ),
      { numRuns: 300, seed: 20261205 },
    );
    // The rules across the horizon's edges do speak in these cases.
    expect(edgeMessages).toBeGreaterThan(20);
  });
});
