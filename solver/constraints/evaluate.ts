// The skeleton most evaluates share: walk the rota worker by worker, and report each breach as a
// Violation. The rule itself (what breaks, by how much, in which words) stays in its constraint.

import type { Assignment, Problem, Violation, Worker } from '../model.ts';
import { viewRota, type ProblemIndex } from './context.ts';

/** Whom and where a breach concerns; the keys given are the keys the Violation carries. */
export type BreachAt = Pick<Violation, 'workerId' | 'slotId'>;

/** One explained breach of constraint `constraintId`. */
export function breach(constraintId: string, penalty: number, message: string, at: BreachAt): Violation {
  return { constraintId, penalty, message, ...at };
}

/**
 * Judge each worker on the distinct slots they hold (in slot order); `judge` pushes its breaches to
 * `out`. Workers are visited in problem order, so violations come out in a stable order.
 */
export function perWorker(
  problem: Problem,
  assignments: readonly Assignment[],
  judge: (worker: Worker, held: readonly number[], ix: ProblemIndex, out: Violation[]) => void,
): Violation[] {
  const view = viewRota(problem, assignments);
  const out: Violation[] = [];
  view.held.forEach((held, w) => judge(problem.workers[w], held, view.ix, out));
  return out;
}
