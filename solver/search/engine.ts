// What the allocation loop needs from the constraint catalogue, injected so the loop can be driven
// by the real incremental scorer (solver/solve.ts) or by a small reference scorer in tests.

import type { Assignment, ConstraintSummary, Problem, Score } from '../model.ts';
import type { Scorer } from '../engine/scorer.ts';

export interface SearchEngine {
  createScorer(problem: Problem): Scorer;
  evaluateAll(problem: Problem, assignments: readonly Assignment[]): { score: Score; analysis: readonly ConstraintSummary[] };
  explainBlocks(problem: Problem, assignments: readonly Assignment[], slotIndex: number, roleIndex: number, workerIndex: number): string[];
}
