// Shared evaluate for constraints judged on one place alone (see PlaceConstraint).

import type { Assignment, Problem, RoleDemand, Slot, Violation, Worker } from '../model.ts';
import { viewRota } from './context.ts';
import { breach } from './evaluate.ts';
import { breachPen, type PlaceConstraint } from './types.ts';

export type PlaceMessage = (worker: Worker, slot: Slot, role: RoleDemand, units: number) => string;

export function evaluatePlaces(
  c: PlaceConstraint,
  problem: Problem,
  assignments: readonly Assignment[],
  weight: number,
  message: PlaceMessage,
): Violation[] {
  const view = viewRota(problem, assignments);
  const out: Violation[] = [];
  for (const { slot: s, role: r, worker: w } of view.placed) {
    const units = c.placeUnits(problem, s, r, w);
    if (units === 0) continue;
    const penalty = breachPen(units, weight, c.breachBase ?? 0);
    if (penalty === 0) continue;
    const worker = problem.workers[w];
    const slot = problem.slots[s];
    out.push(breach(c.id, penalty, message(worker, slot, slot.roles[r], units), { workerId: worker.id, slotId: slot.id }));
  }
  return out;
}
