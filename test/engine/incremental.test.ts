// The incremental scorer against the catalogue's full evaluation: after every applied move the
// running score equals evaluateAll, and every predicted delta equals the change that happens.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { createScorer } from '../../solver/engine/incremental-scorer.ts';
import type { Scorer } from '../../solver/engine/scorer.ts';
import type { Problem } from '../../solver/model.ts';
import { randomAssignments, randomProblem } from '../support/random-problem.ts';
import { makeProblem, makeWorker } from '../constraints/support.ts';

type Move = { kind: 'assign' | 'swap'; a: number; b: number };

const moveArb: fc.Arbitrary<Move> = fc.record({
  kind: fc.constantFrom<'assign' | 'swap'>('assign', 'assign', 'swap'),
  a: fc.nat(),
  b: fc.nat(),
});

function truth(problem: Problem, scorer: Scorer) {
  return evaluateAll(problem, scorer.assignments()).score;
}

function freePlaces(scorer: Scorer): number[] {
  const out: number[] = [];
  for (let p = 0; p < scorer.placeCount; p++) if (!scorer.isPinned(p)) out.push(p);
  return out;
}

describe('incremental scorer', () => {
  it('starts equal to evaluateAll, with pinned places filled and fixed', () => {
    fc.assert(
      fc.property(
        randomProblem().chain((p) => fc.tuple(fc.constant(p), randomAssignments(p))),
        ([problem, initial]) => {
          const scorer = createScorer(problem, initial);
          expect(scorer.score()).toEqual(truth(problem, scorer));
          const pinnedPlaces = Array.from({ length: scorer.placeCount }, (_, p) => p).filter((p) => scorer.isPinned(p));
          expect(pinnedPlaces.length).toBe(problem.pinned.length);
          const got = pinnedPlaces.map((p) => {
            const slot = problem.slots[scorer.placeSlot(p)];
            return `${slot.id}/${slot.roles[scorer.placeRole(p)].roleId}/${problem.workers[scorer.workerOf(p)].id}`;
          });
          expect(got.sort()).toEqual(problem.pinned.map((a) => `${a.slotId}/${a.roleId}/${a.workerId}`).sort());
          for (const p of pinnedPlaces) expect(() => scorer.assign(p, -1)).toThrow(/pinned/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('restarts from its own assignments (pinned ones included) to the same rota and score', () => {
    fc.assert(
      fc.property(
        randomProblem().chain((p) => fc.tuple(fc.constant(p), randomAssignments(p))),
        ([problem, initial]) => {
          const first = createScorer(problem, initial);
          const again = createScorer(problem, first.assignments());
          const key = (a: { slotId: string; roleId: string; workerId: string }) => `${a.slotId}/${a.roleId}/${a.workerId}`;
          expect(again.assignments().map(key).sort()).toEqual(first.assignments().map(key).sort());
          expect(again.score()).toEqual(first.score());
        },
      ),
      { numRuns: 100 },
    );
  });

  it.each([
    ['varied problems', {}],
    ['dense problems: few workers, many slots a day', { maxWorkers: 3, maxSlotsPerDay: 6, maxDays: 10 }],
    ['long horizons: day runs across 32-day words', { minDays: 30, maxDays: 70, maxWorkers: 3, maxSlotsPerDay: 2 }],
  ] as const)('keeps score() equal to evaluateAll after every move, and deltas equal the actual change (%s)', (_name, options) => {
    fc.assert(
      fc.property(
        randomProblem(options).chain((p) => fc.tuple(fc.constant(p), randomAssignments(p, 15), fc.array(moveArb, { minLength: 1, maxLength: 40 }))),
        ([problem, initial, moves]) => {
          const scorer = createScorer(problem, initial);
          const free = freePlaces(scorer);
          if (free.length === 0) return;
          const W = problem.workers.length;
          for (const move of moves) {
            const before = scorer.score();
            if (move.kind === 'assign') {
              const place = free[move.a % free.length];
              const worker = (move.b % (W + 1)) - 1;
              scorer.deltaAssign(place, worker);
              const predicted = { hard: scorer.dHard, soft: scorer.dSoft };
              expect(scorer.score()).toEqual(before); // a delta leaves the state untouched
              scorer.assign(place, worker);
              const after = scorer.score();
              expect({ hard: after.hard - before.hard, soft: after.soft - before.soft }).toEqual(predicted);
            } else {
              const pa = free[move.a % free.length];
              const pb = free[move.b % free.length];
              scorer.deltaSwap(pa, pb);
              const predicted = { hard: scorer.dHard, soft: scorer.dSoft };
              expect(scorer.score()).toEqual(before);
              const wa = scorer.workerOf(pa);
              const wb = scorer.workerOf(pb);
              scorer.assign(pa, wb);
              scorer.assign(pb, wa);
              const after = scorer.score();
              expect({ hard: after.hard - before.hard, soft: after.soft - before.soft }).toEqual(predicted);
            }
            expect(scorer.score()).toEqual(truth(problem, scorer));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  // The ledger: each worker's count before the rota (fairnessPrior) starts the running counts, so
  // every predicted delta of a fairness category must equal what a full evaluation says.
  it('with fairness priors (nights, Christmas, weekends), each delta equals the full evaluation\'s change', () => {
    const problem = makeProblem({
      days: 14,
      slots: [
        { id: 'n1', day: 8, from: 21, to: 31.5, typeId: 'night', tags: ['night'] },
        { id: 'n2', day: 10, from: 21, to: 31.5, typeId: 'night', tags: ['night', 'christmas'] },
        { id: 'sat', day: 12, from: 9, to: 17 },
        { id: 'late', day: 9, from: 14, to: 22, typeId: 'late', tags: ['late'] },
      ],
      workers: [
        makeWorker({ id: 'sam', name: 'Sam', fairnessPrior: { nights: 7, christmas: 2, weekends: 5 } }),
        makeWorker({ id: 'jo', name: 'Jo', fairnessPrior: { nights: 1, lates: 9 } }),
        makeWorker({ id: 'ade', name: 'Ade' }),
      ],
    });
    const scorer = createScorer(problem, []);
    expect(scorer.score()).toEqual(truth(problem, scorer));
    for (let round = 0; round < 3; round++) {
      for (let place = 0; place < scorer.placeCount; place++) {
        for (let worker = -1; worker < problem.workers.length; worker++) {
          const before = truth(problem, scorer);
          scorer.deltaAssign(place, worker);
          const predicted = { hard: scorer.dHard, soft: scorer.dSoft };
          const keep = scorer.workerOf(place);
          scorer.assign(place, worker);
          const after = truth(problem, scorer);
          expect(predicted).toEqual({ hard: after.hard - before.hard, soft: after.soft - before.soft });
          expect(scorer.score()).toEqual(after);
          if (worker !== (place + round) % problem.workers.length) scorer.assign(place, keep);
        }
      }
    }
  });
});
