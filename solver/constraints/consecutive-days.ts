// Consecutive days: runs of working days and of days off, and the weekly unbroken rest (its three forms
// are described in weekly-rest.ts).
// A day is worked when the worker starts a slot on it. Minimum-run rules exempt runs touching the
// first or last day of the horizon (the Curtois & Qu rule: what lies beyond the edge is unknown);
// the maximum-run rule adds history.consecutiveDaysWorked to a run that starts on day 0 and
// following.consecutiveDaysWorked to a run that ends on the last day.

import { isFullWeek, runsOf, workedDays, type ProblemIndex } from './context.ts';
import { breach, perWorker } from './evaluate.ts';
import { breachPen, formatMinutes, pen, plural, PROTECTION_BASE, type Constraint } from './types.ts';
import { busyBefore, fortnightBounds, fortnightMessage, fortnightWords, isFortnightForm, longestTwoRests, weeklyRestShortMinutes } from './weekly-rest.ts';

/** Minutes of [weekStart, weekEnd) of the longest stretch free of the given slots (sorted by start). */
export function longestRestMinutes(ix: ProblemIndex, held: readonly number[], weekStart: number, weekEnd: number): number {
  let cursor = weekStart;
  let longest = 0;
  for (const s of held) {
    const start = ix.slotStart[s];
    const end = ix.slotEnd[s];
    if (end <= weekStart || start >= weekEnd) continue;
    const a = Math.max(start, weekStart);
    if (a - cursor > longest) longest = a - cursor;
    const b = Math.min(end, weekEnd);
    if (b > cursor) cursor = b;
  }
  return Math.max(longest, weekEnd - cursor);
}

/**
 * Runs of worked days (value 1) or days off (value 0) shorter than min, as [first day, length].
 * Runs touching the first or last day are exempt: what lies beyond the horizon is unknown.
 */
export function shortInnerRuns(ix: ProblemIndex, held: readonly number[], value: 0 | 1, min: number): [number, number][] {
  const lastDay = ix.dayCount - 1;
  const short: [number, number][] = [];
  for (const [first, last] of runsOf(workedDays(ix, held), value)) {
    const length = last - first + 1;
    if (first === 0 || last === lastDay || length >= min) continue;
    short.push([first, length]);
  }
  return short;
}

export const daysMaxConsecutive: Constraint = {
  id: 'days.maxConsecutive',
  name: 'No more consecutive working days than the worker\'s maximum',
  family: 'consecutive-days',
  level: 'hard',
  defaultWeight: 60,
  unit: 'day over the maximum run (plus the protection base per run)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const max = worker.maxConsecutiveDays;
      if (max === undefined) return;
      for (const [first, last] of runsOf(workedDays(ix, held), 1)) {
        const before = first === 0 ? (worker.history?.consecutiveDaysWorked ?? 0) : 0;
        const after = last === ix.dayCount - 1 ? (worker.following?.consecutiveDaysWorked ?? 0) : 0;
        const length = last - first + 1 + before + after;
        if (length <= max) continue;
        const outside = [before > 0 ? `${before} before the rota` : '', after > 0 ? `${after} after it` : ''].filter((t) => t !== '');
        const message = `${worker.name}: works ${plural(length, 'day')} in a row ${after > 0 ? 'through' : 'to'} ${problem.days[last].label}${outside.length > 0 ? ` (${outside.join(', ')})` : ''}; at most ${max}`;
        out.push(breach(this.id, breachPen(length - max, weight, PROTECTION_BASE), message, { workerId: worker.id }));
      }
    });
  },
};

export const daysMinConsecutive: Constraint = {
  id: 'days.minConsecutive',
  name: 'Runs of working days at least the worker\'s minimum',
  family: 'consecutive-days',
  level: 'hard',
  defaultWeight: 60,
  unit: 'day short of the minimum run',
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const min = worker.minConsecutiveDays;
      if (min === undefined) return;
      for (const [first, length] of shortInnerRuns(ix, held, 1, min)) {
        const message = `${worker.name}: works only ${plural(length, 'day')} in a row from ${problem.days[first].label}; at least ${min}`;
        out.push(breach(this.id, pen(min - length, weight), message, { workerId: worker.id }));
      }
    });
  },
};

export const daysMinConsecutiveOff: Constraint = {
  id: 'days.minConsecutiveOff',
  name: 'Runs of days off at least the worker\'s minimum',
  family: 'consecutive-days',
  level: 'hard',
  defaultWeight: 60,
  unit: 'day short of the minimum run off',
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const min = worker.minConsecutiveDaysOff;
      if (min === undefined) return;
      for (const [first, length] of shortInnerRuns(ix, held, 0, min)) {
        const message = `${worker.name}: only ${plural(length, 'day')} off in a row from ${problem.days[first].label}; at least ${min}`;
        out.push(breach(this.id, pen(min - length, weight), message, { workerId: worker.id }));
      }
    });
  },
};

export const daysWeeklyRest: Constraint = {
  id: 'days.weeklyRest',
  name: 'Weekly rest in the service\'s form: 24 hours in each 7 days (default), 48 in each 14, or two of 24 in each 14',
  family: 'consecutive-days',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute of weekly rest short (plus the protection base per week or fortnight)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const need = worker.weeklyRestMinutes;
      if (need === undefined || need <= 0) return;
      const form = worker.weeklyRestForm ?? '24h-in-7';
      if (isFortnightForm(form)) {
        // Busy intervals in order of start: the history before day 0 and the held slots.
        const before = busyBefore(worker, problem.days[0].startMin);
        const busy: [number, number][] = before.starts.map((start, i) => [start, before.ends[i]]);
        for (const s of held) busy.push([ix.slotStart[s], ix.slotEnd[s]]);
        busy.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const starts = busy.map((b) => b[0]);
        const ends = busy.map((b) => b[1]);
        for (let k = 0; k < ix.weekCount; k++) {
          if (!isFullWeek(ix, k)) continue;
          const [from, to] = fortnightBounds(ix, k);
          const [longest, second] = longestTwoRests(starts, ends, starts.length, from, to);
          const short = weeklyRestShortMinutes(form, need, longest, second);
          if (short === 0) continue;
          const message = `${worker.name}: ${fortnightWords(problem, k)}, ${fortnightMessage(form, need, longest, second)}`;
          out.push(breach(this.id, breachPen(short, weight, PROTECTION_BASE), message, { workerId: worker.id }));
        }
        return;
      }
      for (let k = 0; k < ix.weekCount; k++) {
        if (!isFullWeek(ix, k)) continue;
        const longest = longestRestMinutes(ix, held, problem.days[7 * k].startMin, problem.days[7 * k + 6].endMin);
        if (longest >= need) continue;
        const message = `${worker.name}: longest rest in the week of ${problem.days[7 * k].label} is ${formatMinutes(longest)}; needs ${formatMinutes(need)} unbroken`;
        out.push(breach(this.id, breachPen(need - longest, weight, PROTECTION_BASE), message, { workerId: worker.id }));
      }
    });
  },
};

export const consecutiveDaysConstraints = [daysMaxConsecutive, daysMinConsecutive, daysMinConsecutiveOff, daysWeeklyRest];
