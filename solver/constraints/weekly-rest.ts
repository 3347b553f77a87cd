// The three forms of weekly rest (Working Time Regulations 1998, reg. 11; the employer chooses one):
//   '24h-in-7'     an unbroken rest of `need` (24 h) in each 7 days;
//   '48h-in-14'    an unbroken rest of 2 x need (48 h) in each 14 days;
//   '2x24h-in-14'  two separate unbroken rests of `need` each in each 14 days (one rest of 2 x need
//                  holds both).
// The 7-day form is judged on each full week of the horizon (as it always was). A 14-day form is
// judged on each full horizon week together with the week before it: the week before the horizon is
// the 7 x 24 h before day 0, seen through the worker's history (recentShifts and lastShiftEndMin; time
// with no known shift there counts as rest). Judging every week with the one before it is stricter than
// fixed fortnights (any two weeks in a row must hold the rest), so a rota passes whichever fortnights
// the employer counts.

import type { Problem, WeeklyRestForm, Worker } from '../model.ts';
import type { ProblemIndex } from './context.ts';
import { formatMinutes } from './types.ts';

/** The week before the horizon, as the history measures it: 7 x 24 h. */
export const WEEK_BEFORE_MINUTES = 7 * 1440;

export function isFortnightForm(form: WeeklyRestForm | undefined): form is '48h-in-14' | '2x24h-in-14' {
  return form === '48h-in-14' || form === '2x24h-in-14';
}

/** [start, end) of the fortnight judged at horizon week k: week k and the week before it. */
export function fortnightBounds(ix: ProblemIndex, k: number): [number, number] {
  const days = ix.problem.days;
  const start = k === 0 ? days[0].startMin - WEEK_BEFORE_MINUTES : days[7 * (k - 1)].startMin;
  return [start, days[7 * k + 6].endMin];
}

/**
 * What the history says the worker was doing before day 0 (which starts at horizonStartMin), as busy
 * intervals sorted by start: each recent shift, and the last shift's end: a zero-length interval (we
 * know they were at work then, whatever came before), or from day 0 to it when it runs into the horizon.
 */
export function busyBefore(worker: Worker, horizonStartMin: number): { starts: number[]; ends: number[] } {
  const list: [number, number][] = (worker.history?.recentShifts ?? []).map((w) => [w.startMin, w.endMin]);
  const last = worker.history?.lastShiftEndMin;
  if (last !== undefined) list.push([Math.min(last, horizonStartMin), last]);
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { starts: list.map((x) => x[0]), ends: list.map((x) => x[1]) };
}

/**
 * The longest and second-longest rests in [from, to) around busy intervals given in order of start
 * (clipped to the window). Rests are the gaps between the union of the intervals.
 */
export function longestTwoRests(starts: ArrayLike<number>, ends: ArrayLike<number>, count: number, from: number, to: number): [number, number] {
  let cursor = from;
  let first = 0;
  let second = 0;
  const take = (gap: number) => {
    if (gap > first) {
      second = first;
      first = gap;
    } else if (gap > second) second = gap;
  };
  for (let i = 0; i < count; i++) {
    const start = starts[i];
    const end = ends[i];
    if (end < from || start >= to) continue;
    const a = start > from ? start : from;
    if (a > cursor) take(a - cursor);
    const b = end < to ? end : to;
    if (b > cursor) cursor = b;
  }
  if (to > cursor) take(to - cursor);
  return [first, second];
}

/** Minutes of weekly rest missing in one period given its two longest rests (0 when the form is met). */
export function weeklyRestShortMinutes(form: WeeklyRestForm, need: number, longest: number, second: number): number {
  switch (form) {
    case '24h-in-7':
      return Math.max(0, need - longest);
    case '48h-in-14':
      return Math.max(0, 2 * need - longest);
    case '2x24h-in-14':
      // Either stretch the longest rest to hold both periods, or make the two longest a period each.
      return Math.max(0, Math.min(2 * need - longest, Math.max(0, need - longest) + Math.max(0, need - second)));
  }
}

/** "in the week before the rota and the week of Mon 23 Nov", "in the weeks of Mon 23 Nov and Mon 30 Nov". */
export function fortnightWords(problem: Problem, k: number): string {
  const days = problem.days;
  return k === 0 ? `in the week before the rota and the week of ${days[0].label}` : `in the weeks of ${days[7 * (k - 1)].label} and ${days[7 * k].label}`;
}

/** What the worker had and what the form asks for, in words. */
export function fortnightMessage(form: '48h-in-14' | '2x24h-in-14', need: number, longest: number, second: number): string {
  if (form === '48h-in-14') return `longest rest is ${formatMinutes(longest)}; needs ${formatMinutes(2 * need)} unbroken in each 14 days`;
  const had = second > 0 ? `longest rests are ${formatMinutes(longest)} and ${formatMinutes(second)}` : `only rest is ${formatMinutes(longest)}`;
  return `${had}; needs two rests of ${formatMinutes(need)} (or one of ${formatMinutes(2 * need)}) in each 14 days`;
}
