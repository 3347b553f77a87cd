// Fairness (soft): spread weekend, bank-holiday, late, night and Christmas slots across workers, and
// use contracted staff before bank staff. Spread is the sum over workers of (their count)^2: moving
// one slot from a worker with a slots to one with b changes it by 2(b - a + 1), so evening out always
// pays. A worker's count includes what they worked before the rota (worker.fairnessPrior, a rolling
// ledger): the penalty is (prior + c)^2 - prior^2, so a rota with nothing of the category costs 0
// whatever the prior, and each slot costs a worker with a long record more than one with none.

import type { FairnessCategory, Problem, Slot, Violation, Worker } from '../model.ts';
import { breach, perWorker } from './evaluate.ts';
import { evaluatePlaces } from './place.ts';
import { pen, plural, type Constraint, type PlaceConstraint } from './types.ts';

export function isLateSlot(slot: Slot): boolean {
  return slot.tags.includes('late');
}

export function isNightSlot(slot: Slot): boolean {
  return slot.tags.includes('night');
}

export function isChristmasSlot(slot: Slot): boolean {
  return slot.tags.includes('christmas');
}

/** The worker's count of a category before the rota (0 when none is known). */
export function priorOf(worker: Worker, category: FairnessCategory): number {
  return worker.fairnessPrior?.[category] ?? 0;
}

/** The spread penalty of a worker with `prior` slots before the rota and `count` in it. */
export function spreadPenalty(prior: number, count: number, weight: number): number {
  return pen((prior + count) * (prior + count), weight) - pen(prior * prior, weight);
}

function spread(
  id: string,
  category: FairnessCategory,
  what: string,
  counts: (slot: Slot) => boolean,
  problem: Problem,
  assignments: Parameters<Constraint['evaluate']>[1],
  weight: number,
): Violation[] {
  return perWorker(problem, assignments, (worker, held, _ix, out) => {
    let count = 0;
    for (const s of held) if (counts(problem.slots[s])) count++;
    const prior = priorOf(worker, category);
    const penalty = count === 0 ? 0 : spreadPenalty(prior, count, weight);
    if (penalty === 0) return;
    const total = prior + count;
    const message =
      prior === 0
        ? `${worker.name}: ${plural(count, what)} (spread counts the square, ${count * count})`
        : `${worker.name}: ${plural(count, what)}, ${prior} before this rota (spread counts the square of ${total} less ${prior}'s, ${total * total - prior * prior})`;
    out.push(breach(id, penalty, message, { workerId: worker.id }));
  });
}

export const fairnessWeekends: Constraint = {
  id: 'fairness.weekends',
  name: 'Weekend slots spread fairly',
  family: 'fairness',
  level: 'soft',
  defaultWeight: 10,
  unit: 'squared weekend slots per worker (with those before the rota)',
  evaluate(problem, assignments, weight) {
    return spread(this.id, 'weekends', 'weekend slot', (s) => s.isWeekend, problem, assignments, weight);
  },
};

export const fairnessBankHolidays: Constraint = {
  id: 'fairness.bankHolidays',
  name: 'Bank-holiday slots spread fairly',
  family: 'fairness',
  level: 'soft',
  defaultWeight: 10,
  unit: 'squared bank-holiday slots per worker (with those before the rota)',
  evaluate(problem, assignments, weight) {
    return spread(this.id, 'bankHolidays', 'bank-holiday slot', (s) => s.isBankHoliday, problem, assignments, weight);
  },
};

export const fairnessLates: Constraint = {
  id: 'fairness.lates',
  name: 'Late slots spread fairly',
  family: 'fairness',
  level: 'soft',
  defaultWeight: 10,
  unit: 'squared late slots per worker (with those before the rota)',
  evaluate(problem, assignments, weight) {
    return spread(this.id, 'lates', 'late slot', isLateSlot, problem, assignments, weight);
  },
};

export const fairnessNights: Constraint = {
  id: 'fairness.nights',
  name: 'Night slots spread fairly',
  family: 'fairness',
  level: 'soft',
  defaultWeight: 10,
  unit: 'squared night slots per worker (with those before the rota)',
  evaluate(problem, assignments, weight) {
    return spread(this.id, 'nights', 'night slot', isNightSlot, problem, assignments, weight);
  },
};

export const fairnessChristmas: Constraint = {
  id: 'fairness.christmas',
  name: 'Christmas and New Year slots spread fairly',
  family: 'fairness',
  level: 'soft',
  defaultWeight: 10,
  unit: 'squared Christmas/New Year slots per worker (with those before the rota)',
  evaluate(problem, assignments, weight) {
    return spread(this.id, 'christmas', 'Christmas/New Year slot', isChristmasSlot, problem, assignments, weight);
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

/** The spread rules and what each counts, in one order (the incremental scorer's bit per category). */
export const FAIRNESS_CATEGORIES: readonly FairnessCategory[] = ['weekends', 'bankHolidays', 'lates', 'nights', 'christmas'];
export const FAIRNESS_RULES: readonly string[] = [fairnessWeekends.id, fairnessBankHolidays.id, fairnessLates.id, fairnessNights.id, fairnessChristmas.id];
const COUNTS: readonly ((slot: Slot) => boolean)[] = [(s) => s.isWeekend, (s) => s.isBankHoliday, isLateSlot, isNightSlot, isChristmasSlot];

/** Bit k set when the slot counts for FAIRNESS_CATEGORIES[k]. */
export function slotFairnessMask(slot: Slot): number {
  let mask = 0;
  COUNTS.forEach((counts, k) => {
    if (counts(slot)) mask |= 1 << k;
  });
  return mask;
}

export const fairnessConstraints = [fairnessWeekends, fairnessBankHolidays, fairnessLates, fairnessNights, fairnessChristmas, fairnessBankUse];
