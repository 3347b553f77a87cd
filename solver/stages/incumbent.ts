// The best rota so far. Every candidate, whatever stage it comes from, is rescored by the constraint
// catalogue (evaluateAll) before it is kept, and must hold every pinned place.

import { evaluateAll } from '../constraints/index.ts';
import { assignmentKey } from '../engine/pinned.ts';
import type { Assignment, ConstraintSummary, Problem, Score } from '../model.ts';
import type { Budget } from './budget.ts';

export function better(a: Score, b: Score): boolean {
  return a.hard < b.hard || (a.hard === b.hard && a.soft < b.soft);
}

export class Incumbent {
  assignments: Assignment[] = [];
  score: Score = { hard: Infinity, soft: Infinity };
  analysis: readonly ConstraintSummary[] = [];
  /** Elapsed time at the last improvement, and the stage that made it. */
  elapsedToBestMs = 0;
  phase = 'none';
  private readonly pinned: readonly string[];

  constructor(
    private readonly problem: Problem,
    private readonly budget: Budget,
    private readonly onImprove?: (incumbent: Incumbent) => void,
  ) {
    this.pinned = problem.pinned.map(assignmentKey);
  }

  /**
   * Keeps the candidate when it scores better, or as well (moving sideways lets a search leave a
   * plateau). Returns whether it was strictly better.
   */
  consider(candidate: readonly Assignment[], phase: string): boolean {
    const held = new Set(candidate.map(assignmentKey));
    for (const p of this.pinned) if (!held.has(p)) return false;
    const plain = candidate.map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId }));
    const { score, analysis } = evaluateAll(this.problem, plain);
    const improved = better(score, this.score);
    if (improved || (score.hard === this.score.hard && score.soft === this.score.soft)) {
      this.assignments = plain;
      this.score = score;
      this.analysis = analysis;
    }
    if (improved) {
      this.elapsedToBestMs = this.budget.elapsedMs();
      this.phase = phase;
      this.onImprove?.(this);
    }
    return improved;
  }

  /** The soft score when the rota breaks no hard rule (what the exact stages compare against). */
  get legalSoft(): number | undefined {
    return this.score.hard === 0 ? this.score.soft : undefined;
  }
}
