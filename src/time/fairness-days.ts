// Which fairness categories a session falls in, from its instants and the service's zone. The one
// definition both the week compiler (tags the solver's slots) and the fairness ledger (counts
// published places) use, so the solver balances exactly what the ledger counts.
//   weekend    starts on a local Saturday or Sunday
//   bank hol.  starts on a bank holiday (England and Wales by default)
//   late       the session's template is tagged "late"
//   night      at least 3 hours of it lie between 23:00 and 06:00 local (the Working Time
//              Regulations' night time, reg. 2: a night worker works 3 hours of it)
//   christmas  starts on a local date from 24 December to 1 January
import { addDays, localToUtcMin, utcMinToLocal, weekdayOf } from './local-time.ts';

export const NIGHT_START = '23:00';
export const NIGHT_END = '06:00';
export const NIGHT_MIN_MINUTES = 180;

/** Minutes of [startMin, endMin) between 23:00 and 06:00 local, clock changes included. */
export function nightMinutes(startMin: number, endMin: number, zone: string): number {
  const first = utcMinToLocal(startMin, zone).date;
  const last = utcMinToLocal(endMin, zone).date;
  let total = 0;
  // The window of the night before the first day can reach into it (00:00-06:00).
  for (let date = addDays(first, -1); date <= last; date = addDays(date, 1)) {
    const from = localToUtcMin(date, NIGHT_START, zone);
    const to = localToUtcMin(addDays(date, 1), NIGHT_END, zone);
    total += Math.max(0, Math.min(endMin, to) - Math.max(startMin, from));
  }
  return total;
}

export function isNightSession(startMin: number, endMin: number, zone: string): boolean {
  return nightMinutes(startMin, endMin, zone) >= NIGHT_MIN_MINUTES;
}

/** 24 December to 1 January, by local date (YYYY-MM-DD). */
export function isChristmasDate(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-24' || md === '01-01';
}

export function isWeekendDate(date: string): boolean {
  return weekdayOf(date) >= 5;
}

/** The tags the compiler adds to a session for fairness ("night", "christmas"), besides its template's. */
export function fairnessTags(startMin: number, endMin: number, zone: string): string[] {
  const tags: string[] = [];
  if (isNightSession(startMin, endMin, zone)) tags.push('night');
  if (isChristmasDate(utcMinToLocal(startMin, zone).date)) tags.push('christmas');
  return tags;
}
