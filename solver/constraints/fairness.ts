// Fairness (soft): spread weekend, bank-holiday and late slots across workers, and use contracted
// staff before bank staff. Spread is the sum over workers of (their count)^2: moving one slot from a
// worker with a slots to one with b changes it by 2(b - a + 1), so evening out always pays.

import type { Problem, Slot, Violation } from '../model.ts';
import { breach, perWorker } from './evaluate.ts';
import { evaluatePlaces } from './place.ts';
import { pen, plural, type Constraint, type PlaceConstraint } from './types.ts';

export function isLateSlot(slot: Slot): boolean {
  return slot.tags.includes('late');
}

function spread(
  id: string,
  what: string,
  counts: (slot: Slot) => boolean,
  problem: Problem,
  assignments: Parameters<Constraint['evaluate']>[1],
  weight: number,
): Violation[] {
  return perWorker(problem, assignments, (worker, held, _ix, out) => {
    let count = 0;
    for (const s of held) if (counts(problem.slots[s])) count++;
    const penalty = pen(count * count, weight);
    if (penalty === 0) return;
    const message = `${worker.name}: ${plural(count, what)} (spread counts the square, ${count * count})`;
    out.push(breach(id, penalty, message, { workerId: worker.id }));
  });
}

export const fairnessWeekends: Constraint = {
  id: 'fairness.weekends',
  name: 'Weekend slots spread fairly',
  family: 'fairness',
  level: 'soft',
  defaultWeight: 10,
  unit: 'squared weekend slots per worker',
  evaluate(problem, assignments, weight) {
    return spread(this.id, 'weekend slot', (s) => s.isWeekend, problem, assignments, weight);
  },
};

export const fairnessBankHolidays: Constraint = {
  id: 'fairness.bankHolidays',
  name: 'Bank-holiday slots spread fairly',
  family: 'fairness',
  level: 'soft',
  defaultWeight: 10,
  unit: 'squared bank-holiday slots per worker',
  evaluate(problem, assignments, weight) {
    return spread(this.id, 'bank-holiday slot', (s) => s.isBankHoliday, problem, assignments, weight);
  },
};

export const fairnessLates: Constraint = {
  id: 'fairness.lates',
  name: 'Late slots spread fairly',
  family: 'fairness',
  level: 'soft',
  defaultWeight: 10,
  unit: 'squared late slots per worker',
  evaluate(problem, assignments, weight) {
    return spread(this.id, 'late slot', isLateSlot, problem, assignments, weight);
  },
};

export const fairnessBankUse: PlaceConstraint = {
  id: 'fairness.bankUse',
  name: 'Contracted staff are used before bank staff',
  family: 'fairness',
  level: 'soft',
  defaultWeight: 10,
  unit: 'hour of bank work (rounded per place)',
  placeUnits(problem, s, _r, w) {
    return problem.workers[w].kind === 'bank' ? problem.slots[s].workMinutes / 60 : 0;
  },
  evaluate(problem, assignments, weight) {
    return evaluatePlaces(this, problem, assignments, weight, (worker, slot) =>
      `${worker.name}: bank worker placed in ${slot.label}`,
    );
  },
};

export const fairnessConstraints = [fairnessWeekends, fairnessBankHolidays, fairnessLates, fairnessBankUse];
