// Metamorphic properties: the verdict does not depend on the order of problem.slots or
// problem.workers, nor on an idle worker added to the problem; the scorer agrees on the reordered
// problem too.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { createScorer } from '../../solver/engine/incremental-scorer.ts';
import type { Problem } from '../../solver/model.ts';
import { randomAssignments, randomProblem } from '../support/random-problem.ts';

function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i % keys.length] ?? 0, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((e) => e.x);
}

describe('metamorphic', () => {
  it('scores the same rota the same after reordering slots and workers', () => {
    fc.assert(
      fc.property(
        randomProblem().chain((p) =>
          fc.tuple(fc.constant(p), randomAssignments(p, 25), fc.array(fc.nat(), { minLength: 1 }), fc.array(fc.nat(), { minLength: 1 })),
        ),
        ([problem, rota, slotKeys, workerKeys]) => {
          const reordered: Problem = {
            ...problem,
            slots: permute(problem.slots, slotKeys),
            workers: permute(problem.workers, workerKeys),
          };
          const expected = evaluateAll(problem, rota).score;
          expect(evaluateAll(reordered, rota).score).toEqual(expected);
          const scorer = createScorer(reordered, rota);
          expect(scorer.score()).toEqual(evaluateAll(reordered, scorer.assignments()).score);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('scores the same rota the same with an idle worker added', () => {
    fc.assert(
      fc.property(
        randomProblem().chain((p) => fc.tuple(fc.constant(p), randomAssignments(p, 25))),
        ([problem, rota]) => {
          const idle = {
            id: 'idle',
            name: 'Idle',
            kind: 'contracted' as const,
            roles: ['support'],
            skills: [],
            unavailability: [],
            minRestMinutes: 660,
            refusedSiteIds: [],
            costPencePerHour: 1500,
            preferences: [],
          };
          const bigger: Problem = { ...problem, workers: [...problem.workers, idle] };
          expect(evaluateAll(bigger, rota).score).toEqual(evaluateAll(problem, rota).score);
        },
      ),
      { numRuns: 100 },
    );
  });
});
