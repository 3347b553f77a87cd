// What the allocation loop needs from the constraint catalogue, injected so the loop can be driven
// by the real incremental scorer (solver/solve.ts) or by a small reference scorer in tests.

import type { Assignment, ConstraintSummary, Problem, Score, SoftRuleCost, Violation } from '../model.ts';
import type { Scorer } from '../engine/scorer.ts';

type PlaceQuestion<T> = (problem: Problem, assignments: readonly Assignment[], slotIndex: number, roleIndex: number, workerIndex: number) => T;

export interface SearchEngine {
  createScorer(problem: Problem): Scorer;
  evaluateAll(problem: Problem, assignments: readonly Assignment[]): { score: Score; analysis: readonly ConstraintSummary[] };
  /** The new hard breaches if the worker took the place, in words. */
  explainBlocks: PlaceQuestion<string[]>;
  /** The same with each breach's constraint id (optional: without it blockers are matched by words). */
  explainBlockers?: PlaceQuestion<Violation[]>;
  /** Each soft rule's change if the worker took the place (optional: without it only the total is known). */
  softCosts?: PlaceQuestion<SoftRuleCost[]>;
}
