// Preferences (soft): a desired slot or day not worked costs its weight; an undesired one worked
// costs its weight (once per preference, however many matching slots are held).

import type { Preference, Problem, Slot, Violation } from '../model.ts';
import { breach, perWorker } from './evaluate.ts';
import { pen, type Constraint } from './types.ts';

/** A preference matches a slot when every field it gives agrees (slotId, dayIndex, typeId). */
export function preferenceMatches(pref: Preference, slot: Slot): boolean {
  return (
    (pref.slotId === undefined || pref.slotId === slot.id) &&
    (pref.dayIndex === undefined || pref.dayIndex === slot.dayIndex) &&
    (pref.typeId === undefined || pref.typeId === slot.typeId)
  );
}

export function describePreference(pref: Preference, problem: Problem): string {
  if (pref.slotId !== undefined) return problem.slots.find((s) => s.id === pref.slotId)?.label ?? `slot ${pref.slotId}`;
  const day = pref.dayIndex !== undefined ? (problem.days[pref.dayIndex]?.label ?? `day ${pref.dayIndex}`) : 'any day';
  return pref.typeId !== undefined ? `${pref.typeId} on ${day}` : `work on ${day}`;
}

function evaluateKind(id: string, kind: Preference['kind'], ...[problem, assignments, weight]: Parameters<Constraint['evaluate']>): Violation[] {
  return perWorker(problem, assignments, (worker, held, _ix, out) => {
    for (const pref of worker.preferences) {
      if (pref.kind !== kind) continue;
      const met = held.some((s) => preferenceMatches(pref, problem.slots[s]));
      if (met !== (kind === 'undesired')) continue;
      const penalty = pen(pref.weight, weight);
      if (penalty === 0) continue;
      const message =
        kind === 'desired'
          ? `${worker.name}: asked for ${describePreference(pref, problem)}, not given`
          : `${worker.name}: asked not to have ${describePreference(pref, problem)}, but has it`;
      // slotId stays a key even when the preference names no slot, as it always has.
      out.push(breach(id, penalty, message, { workerId: worker.id, slotId: pref.slotId }));
    }
  });
}

export const preferencesDesired: Constraint = {
  id: 'preferences.desired',
  name: 'Requested slots and days are given',
  family: 'preferences',
  level: 'soft',
  defaultWeight: 1,
  unit: 'preference weight of an unmet request',
  evaluate(problem, assignments, weight) {
    return evaluateKind(this.id, 'desired', problem, assignments, weight);
  },
};

export const preferencesUndesired: Constraint = {
  id: 'preferences.undesired',
  name: 'Slots and days asked off are not given',
  family: 'preferences',
  level: 'soft',
  defaultWeight: 1,
  unit: 'preference weight of a request broken',
  evaluate(problem, assignments, weight) {
    return evaluateKind(this.id, 'undesired', problem, assignments, weight);
  },
};

export const preferencesConstraints = [preferencesDesired, preferencesUndesired];
