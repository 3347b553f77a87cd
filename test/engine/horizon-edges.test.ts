// Work on both sides of the horizon: the last shift before it (history, which may run on into day 0)
// and the first shift fixed after it (following, with days worked in a row after the last day). Rest,
// overlap and runs of days are judged across both edges; these rotas crowd slots against the edges so
// a slot often becomes or stops being the first or last held, and the incremental scorer must match
// evaluateAll after every move with every delta exact.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { createScorer } from '../../solver/engine/incremental-scorer.ts';
import { edgeProblem } from '../support/edge-problem.ts';

type Move = { kind: 'assign' | 'swap'; a: number; b: number };
const moveArb: fc.Arbitrary<Move> = fc.record({ kind: fc.constantFrom<'assign' | 'swap'>('assign', 'assign', 'swap'), a: fc.nat(), b: fc.nat() });

describe('incremental scoring across the horizon edges', () => {
  it('keeps score() equal to evaluateAll and every delta exact with work fixed either side of the horizon', () => {
    let edgeBreaches = 0;
    fc.assert(
      fc.property(edgeProblem, fc.array(moveArb, { minLength: 1, maxLength: 40 }), (problem, moves) => {
        const scorer = createScorer(problem);
        const W = problem.workers.length;
        for (const move of moves) {
          const before = scorer.score();
          if (move.kind === 'assign') {
            const place = move.a % scorer.placeCount;
            const worker = (move.b % (W + 1)) - 1;
            scorer.deltaAssign(place, worker);
            const predicted = { hard: scorer.dHard, soft: scorer.dSoft };
            scorer.assign(place, worker);
            const after = scorer.score();
            expect({ hard: after.hard - before.hard, soft: after.soft - before.soft }).toEqual(predicted);
          } else {
            const pa = move.a % scorer.placeCount;
            const pb = move.b % scorer.placeCount;
            scorer.deltaSwap(pa, pb);
            const predicted = { hard: scorer.dHard, soft: scorer.dSoft };
            const wa = scorer.workerOf(pa);
            const wb = scorer.workerOf(pb);
            scorer.assign(pa, wb);
            scorer.assign(pb, wa);
            const after = scorer.score();
            expect({ hard: after.hard - before.hard, soft: after.soft - before.soft }).toEqual(predicted);
          }
          const truth = evaluateAll(problem, scorer.assignments());
          expect(scorer.score()).toEqual(truth.score);
          for (const c of truth.analysis) {
            edgeBreaches += c.matches.filter((m) => /(before|after) the rota/.test(m.message)).length;
          }
        }
      }),
      { numRuns: 300, seed: 20261205 },
    );
    // The cases do reach the edges: breaches across them are common, not a corner never visited.
    expect(edgeBreaches).toBeGreaterThan(500);
  });
});
