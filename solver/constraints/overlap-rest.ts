// Overlap and rest: one place at a time, the daily rest of the Working Time Regulations (and after
// the last shift before the horizon, and before the first shift fixed after it), and a cap on shifts
// per day.
// "Consecutive" means neighbours in the worker's slots ordered by (start, end, id); a pair that
// overlaps is judged by overlap.noOverlap only, so one clash is not punished twice.
//
// Daily rest (WTR reg. 10: 11 consecutive hours of rest in each 24-hour period). A worker's slots form
// working days: chains of slots where each gap to the next is shorter than minRest. A short gap is fine
// while the chain, from the start of its first slot to the end of the later slot, spans at most
// 1440 - minRest minutes: the day then still leaves minRest of rest in its 24 hours (two sessions in
// one day are legal). Past that span the pair is a breach by (minRest - gap) minutes.

import { overlapMinutes } from './context.ts';
import { breach, perWorker } from './evaluate.ts';
import { breachPen, formatMinutes, plural, PROTECTION_BASE, type Constraint } from './types.ts';

const MINUTES_PER_DAY = 1440;

/** Longest a working day (a chain of short gaps) may span and still leave minRest in its 24 hours. */
export function maxWorkingDaySpan(minRest: number): number {
  return MINUTES_PER_DAY - minRest;
}

/** Whether a gap keeps two slots in one working day (overlaps included: they are one day too). */
export function isShortGap(minRest: number, prevEnd: number, nextStart: number): boolean {
  return nextStart - prevEnd < minRest;
}

/**
 * Minutes of rest missing between a slot ending at prevEnd and the next starting at nextStart, when
 * the working day they belong to started at dayStart (start of its first slot). 0 when the gap is a
 * full rest, the pair overlaps, or the day still leaves minRest in its 24 hours.
 */
export function restShortMinutes(minRest: number, prevEnd: number, nextStart: number, nextEnd: number, dayStart: number): number {
  const gap = nextStart - prevEnd;
  if (gap < 0 || gap >= minRest) return 0;
  return nextEnd - dayStart > maxWorkingDaySpan(minRest) ? minRest - gap : 0;
}

// Across the horizon's edges one shift is known on each side: the last before it (history, its end
// only) and the first fixed after it (following). Each is judged against the nearest held slot alone:
// a gap shorter than the minimum rest is a breach, since a working day that straddles the edge cannot
// be seen whole (two short sessions either side of the edge count as a short rest). An overlap with
// either is an overlap (overlap.noOverlap), never a negative rest.

/**
 * Minutes of rest missing between the last shift before the horizon (ending lastEnd) and the first
 * held slot; 0 when the gap is a full rest or the two overlap (overlap.noOverlap judges that).
 */
export function historyRestShortMinutes(minRest: number, lastEnd: number | undefined, firstStart: number): number {
  if (lastEnd === undefined || minRest <= 0) return 0;
  const gap = firstStart - lastEnd;
  return gap >= 0 && gap < minRest ? minRest - gap : 0;
}

/** Minutes of rest missing between the last held slot (ending lastEnd) and the first shift after the horizon. */
export function followingRestShortMinutes(minRest: number, lastEnd: number, nextStart: number | undefined): number {
  if (nextStart === undefined || minRest <= 0) return 0;
  const gap = nextStart - lastEnd;
  return gap >= 0 && gap < minRest ? minRest - gap : 0;
}

/** Minutes a slot overlaps the last shift before the horizon, which began before it and ran until lastEnd. */
export function historyOverlapMinutes(lastEnd: number | undefined, start: number, end: number): number {
  if (lastEnd === undefined) return 0;
  return Math.max(0, Math.min(lastEnd, end) - start);
}

export const overlapNoOverlap: Constraint = {
  id: 'overlap.noOverlap',
  name: 'A worker is never in two overlapping slots',
  family: 'overlap-rest',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute of overlap (plus the protection base per pair)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      for (let i = 0; i < held.length; i++) {
        for (let j = i + 1; j < held.length; j++) {
          const a = held[i];
          const b = held[j];
          const minutes = overlapMinutes(ix.slotStart[a], ix.slotEnd[a], ix.slotStart[b], ix.slotEnd[b]);
          if (minutes === 0) continue;
          const message = `${worker.name}: ${problem.slots[a].label} and ${problem.slots[b].label} overlap by ${formatMinutes(minutes)}`;
          out.push(breach(this.id, breachPen(minutes, weight, PROTECTION_BASE), message, { workerId: worker.id, slotId: problem.slots[b].id }));
        }
      }
      // The shifts either side of the horizon.
      const lastEnd = worker.history?.lastShiftEndMin;
      const next = worker.following;
      for (const s of held) {
        const before = historyOverlapMinutes(lastEnd, ix.slotStart[s], ix.slotEnd[s]);
        if (before > 0) {
          const message = `${worker.name}: ${problem.slots[s].label} overlaps the last shift before the rota by ${formatMinutes(before)}`;
          out.push(breach(this.id, breachPen(before, weight, PROTECTION_BASE), message, { workerId: worker.id, slotId: problem.slots[s].id }));
        }
        const after = next ? overlapMinutes(ix.slotStart[s], ix.slotEnd[s], next.nextShiftStartMin, next.nextShiftEndMin) : 0;
        if (after > 0) {
          const message = `${worker.name}: ${problem.slots[s].label} overlaps the next shift after the rota by ${formatMinutes(after)}`;
          out.push(breach(this.id, breachPen(after, weight, PROTECTION_BASE), message, { workerId: worker.id, slotId: problem.slots[s].id }));
        }
      }
    });
  },
};

export const restMinGap: Constraint = {
  id: 'rest.minGap',
  name: 'At least the worker\'s minimum rest (11 hours by default rules) in every 24 hours',
  family: 'overlap-rest',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute of rest short (plus the protection base per pair)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const minRest = worker.minRestMinutes;
      if (minRest <= 0 || held.length === 0) return;
      const first = held[0];
      const lastEnd = worker.history?.lastShiftEndMin;
      const histShort = historyRestShortMinutes(minRest, lastEnd, ix.slotStart[first]);
      if (histShort > 0) {
        const message = `${worker.name}: only ${formatMinutes(minRest - histShort)} rest between the last shift before the rota and ${problem.slots[first].label}; needs ${formatMinutes(minRest)}`;
        out.push(breach(this.id, breachPen(histShort, weight, PROTECTION_BASE), message, { workerId: worker.id, slotId: problem.slots[first].id }));
      }
      // The working day of each slot starts with the first slot of its chain of short gaps.
      let dayFirst = first;
      for (let i = 1; i < held.length; i++) {
        const a = held[i - 1];
        const b = held[i];
        if (!isShortGap(minRest, ix.slotEnd[a], ix.slotStart[b])) {
          dayFirst = b;
          continue;
        }
        const short = restShortMinutes(minRest, ix.slotEnd[a], ix.slotStart[b], ix.slotEnd[b], ix.slotStart[dayFirst]);
        if (short === 0) continue;
        const span = ix.slotEnd[b] - ix.slotStart[dayFirst];
        const day =
          dayFirst === a
            ? ''
            : ` (a working day from the start of ${problem.slots[dayFirst].label} spanning ${formatMinutes(span)}, more than ${formatMinutes(maxWorkingDaySpan(minRest))})`;
        const message = `${worker.name}: only ${formatMinutes(minRest - short)} rest after ${problem.slots[a].label} before ${problem.slots[b].label}; needs ${formatMinutes(minRest)}${day}`;
        out.push(breach(this.id, breachPen(short, weight, PROTECTION_BASE), message, { workerId: worker.id, slotId: problem.slots[b].id }));
      }
      const last = held[held.length - 1];
      const nextShort = followingRestShortMinutes(minRest, ix.slotEnd[last], worker.following?.nextShiftStartMin);
      if (nextShort > 0) {
        const message = `${worker.name}: only ${formatMinutes(minRest - nextShort)} rest after ${problem.slots[last].label} before the next shift after the rota; needs ${formatMinutes(minRest)}`;
        out.push(breach(this.id, breachPen(nextShort, weight, PROTECTION_BASE), message, { workerId: worker.id, slotId: problem.slots[last].id }));
      }
    });
  },
};

export const restMaxShiftsPerDay: Constraint = {
  id: 'rest.maxShiftsPerDay',
  name: 'No more shifts in a day than the worker\'s daily maximum',
  family: 'overlap-rest',
  level: 'hard',
  defaultWeight: 60,
  unit: 'shift over the daily maximum (plus the protection base per day)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const max = worker.maxShiftsPerDay;
      if (max === undefined) return;
      const perDay = new Int32Array(ix.dayCount);
      for (const s of held) perDay[ix.slotDay[s]]++;
      perDay.forEach((count, d) => {
        if (count <= max) return;
        const message = `${worker.name}: ${plural(count, 'shift')} on ${problem.days[d].label}; at most ${max}`;
        out.push(breach(this.id, breachPen(count - max, weight, PROTECTION_BASE), message, { workerId: worker.id }));
      });
    });
  },
};

export const overlapRestConstraints = [overlapNoOverlap, restMinGap, restMaxShiftsPerDay];
