// Overlap and rest: one place at a time, enough rest between consecutive slots (and after the last
// shift before the horizon), and a cap on shifts per day.
// "Consecutive" means neighbours in the worker's slots ordered by (start, end, id); a pair that
// overlaps is judged by overlap.noOverlap only, so one clash is not punished twice.

import type { Violation } from '../model.ts';
import { overlapMinutes, viewRota } from './context.ts';
import { formatMinutes, pen, plural, type Constraint } from './types.ts';

/** Minutes of rest missing between a slot ending at prevEnd and the next starting at nextStart. */
export function restShortMinutes(minRest: number, prevEnd: number, nextStart: number): number {
  const gap = nextStart - prevEnd;
  return gap >= 0 && gap < minRest ? minRest - gap : 0;
}

/** Against the last shift before the horizon an overlap counts as negative rest. */
export function historyRestShortMinutes(minRest: number, lastEnd: number | undefined, firstStart: number): number {
  if (lastEnd === undefined || minRest <= 0) return 0;
  const gap = firstStart - lastEnd;
  return gap < minRest ? minRest - gap : 0;
}

export const overlapNoOverlap: Constraint = {
  id: 'overlap.noOverlap',
  name: 'A worker is never in two overlapping slots',
  family: 'overlap-rest',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute of overlap',
  evaluate(problem, assignments, weight) {
    const view = viewRota(problem, assignments);
    const { ix } = view;
    const out: Violation[] = [];
    view.held.forEach((held, w) => {
      for (let i = 0; i < held.length; i++) {
        for (let j = i + 1; j < held.length; j++) {
          const a = held[i];
          const b = held[j];
          const minutes = overlapMinutes(ix.slotStart[a], ix.slotEnd[a], ix.slotStart[b], ix.slotEnd[b]);
          if (minutes === 0) continue;
          const worker = problem.workers[w];
          out.push({
            constraintId: this.id,
            penalty: pen(minutes, weight),
            message: `${worker.name}: ${problem.slots[a].label} and ${problem.slots[b].label} overlap by ${formatMinutes(minutes)}`,
            workerId: worker.id,
            slotId: problem.slots[b].id,
          });
        }
      }
    });
    return out;
  },
};

export const restMinGap: Constraint = {
  id: 'rest.minGap',
  name: 'At least the worker\'s minimum rest (11 hours by default rules) between shifts',
  family: 'overlap-rest',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute of rest short',
  evaluate(problem, assignments, weight) {
    const view = viewRota(problem, assignments);
    const { ix } = view;
    const out: Violation[] = [];
    view.held.forEach((held, w) => {
      const worker = problem.workers[w];
      const minRest = worker.minRestMinutes;
      if (minRest <= 0 || held.length === 0) return;
      const first = held[0];
      const lastEnd = worker.history?.lastShiftEndMin;
      const histShort = historyRestShortMinutes(minRest, lastEnd, ix.slotStart[first]);
      if (histShort > 0) {
        out.push({
          constraintId: this.id,
          penalty: pen(histShort, weight),
          message: `${worker.name}: only ${formatMinutes(minRest - histShort)} rest between the last shift before the rota and ${problem.slots[first].label}; needs ${formatMinutes(minRest)}`,
          workerId: worker.id,
          slotId: problem.slots[first].id,
        });
      }
      for (let i = 1; i < held.length; i++) {
        const a = held[i - 1];
        const b = held[i];
        const short = restShortMinutes(minRest, ix.slotEnd[a], ix.slotStart[b]);
        if (short === 0) continue;
        out.push({
          constraintId: this.id,
          penalty: pen(short, weight),
          message: `${worker.name}: only ${formatMinutes(minRest - short)} rest after ${problem.slots[a].label} before ${problem.slots[b].label}; needs ${formatMinutes(minRest)}`,
          workerId: worker.id,
          slotId: problem.slots[b].id,
        });
      }
    });
    return out;
  },
};

export const restMaxShiftsPerDay: Constraint = {
  id: 'rest.maxShiftsPerDay',
  name: 'No more shifts in a day than the worker\'s daily maximum',
  family: 'overlap-rest',
  level: 'hard',
  defaultWeight: 60,
  unit: 'shift over the daily maximum',
  evaluate(problem, assignments, weight) {
    const view = viewRota(problem, assignments);
    const { ix } = view;
    const out: Violation[] = [];
    view.held.forEach((held, w) => {
      const worker = problem.workers[w];
      const max = worker.maxShiftsPerDay;
      if (max === undefined) return;
      const perDay = new Int32Array(ix.dayCount);
      for (const s of held) perDay[ix.slotDay[s]]++;
      perDay.forEach((count, d) => {
        if (count <= max) return;
        out.push({
          constraintId: this.id,
          penalty: pen(count - max, weight),
          message: `${worker.name}: ${plural(count, 'shift')} on ${problem.days[d].label}; at most ${max}`,
          workerId: worker.id,
        });
      });
    });
    return out;
  },
};

export const overlapRestConstraints = [overlapNoOverlap, restMinGap, restMaxShiftsPerDay];
