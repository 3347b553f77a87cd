// Availability: work only inside the worker's availability windows, never during leave or sickness.

import type { TimeWindow } from '../model.ts';
import { overlapMinutes } from './context.ts';
import { evaluatePlaces } from './place.ts';
import { formatMinutes, PROTECTION_BASE, type PlaceConstraint } from './types.ts';

/** Minutes of [start, end) not covered by the union of the windows. */
export function minutesOutside(startMin: number, endMin: number, windows: readonly TimeWindow[]): number {
  const parts = windows
    .map((w) => [Math.max(startMin, w.startMin), Math.min(endMin, w.endMin)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let reach = startMin;
  for (const [a, b] of parts) {
    if (b <= reach) continue;
    covered += b - Math.max(a, reach);
    reach = b;
  }
  return endMin - startMin - covered;
}

export const availabilityWindow: PlaceConstraint = {
  id: 'availability.window',
  name: 'Slots lie inside the worker\'s availability',
  family: 'availability',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute outside availability (plus the protection base per place)',
  breachBase: PROTECTION_BASE,
  placeUnits(problem, s, _r, w) {
    const worker = problem.workers[w];
    if (!worker.availability) return 0;
    const slot = problem.slots[s];
    return minutesOutside(slot.startMin, slot.endMin, worker.availability);
  },
  evaluate(problem, assignments, weight) {
    return evaluatePlaces(this, problem, assignments, weight, (worker, slot, _role, units) =>
      `${worker.name}: not available for ${formatMinutes(units)} of ${slot.label}`,
    );
  },
};

export const availabilityUnavailable: PlaceConstraint = {
  id: 'availability.unavailable',
  name: 'No work during leave, sickness or other absence',
  family: 'availability',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute of overlap with an absence (plus the protection base per place)',
  breachBase: PROTECTION_BASE,
  placeUnits(problem, s, _r, w) {
    const slot = problem.slots[s];
    let minutes = 0;
    for (const u of problem.workers[w].unavailability) {
      minutes += overlapMinutes(slot.startMin, slot.endMin, u.startMin, u.endMin);
    }
    return minutes;
  },
  evaluate(problem, assignments, weight) {
    return evaluatePlaces(this, problem, assignments, weight, (worker, slot, _role, units) => {
      const hits = worker.unavailability.filter((u) => overlapMinutes(slot.startMin, slot.endMin, u.startMin, u.endMin) > 0);
      const reasons = [...new Set(hits.filter((u) => u.note === undefined).map((u) => u.reason))];
      const notes = [...new Set(hits.flatMap((u) => (u.note === undefined ? [] : [u.note])))];
      const what = [...(reasons.length > 0 ? [`on ${reasons.join('/')}`] : []), ...notes].join('; ');
      return `${worker.name}: ${what} for ${formatMinutes(units)} of ${slot.label}`;
    });
  },
};

export const availabilityConstraints = [availabilityWindow, availabilityUnavailable];
