// RRULE recurrence over local calendar dates. rrule works in "floating" UTC dates, so a local date
// YYYY-MM-DD is represented as that date's UTC midnight; time of day and zone are applied later by
// the caller with luxon. Keeping rrule away from wall-clock times avoids its DST pitfalls.
import rrulePkg from 'rrule';
import type { Options as RRuleOptions } from 'rrule';

const { RRule } = rrulePkg;

const ALLOWED_FREQS = new Set([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);
/** Recurrences count INTERVAL and COUNT from this date unless the caller gives an anchor. */
export const DEFAULT_ANCHOR_DATE = '2024-01-01';

export type ParsedRecurrence = Partial<RRuleOptions>;

/** Parses an RRULE (no DTSTART). Throws an Error with a readable message when it is not usable. */
export function parseRecurrence(rule: string): ParsedRecurrence {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|\n/i.test(text)) throw new Error('must be a single RRULE without DTSTART (use anchorDate)');
  let options: ParsedRecurrence;
  try {
    options = RRule.parseString(text);
  } catch (err) {
    throw new Error(`is not a valid RRULE: ${(err as Error).message}`);
  }
  if (options.freq === undefined) throw new Error('is not a valid RRULE: FREQ is missing');
  if (!ALLOWED_FREQS.has(options.freq)) throw new Error('must recur DAILY, WEEKLY, MONTHLY or YEARLY (times of day come from startTime)');
  if (options.byhour !== undefined || options.byminute !== undefined || options.bysecond !== undefined) {
    throw new Error('must not use BYHOUR, BYMINUTE or BYSECOND (times of day come from startTime)');
  }
  return options;
}

export function dateToUtcMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function utcMidnightToDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** Local dates in [fromDate, toDateExclusive) on which the rule occurs, counted from anchorDate. */
export function occurrenceDates(
  rule: string | ParsedRecurrence,
  fromDate: string,
  toDateExclusive: string,
  anchorDate: string = DEFAULT_ANCHOR_DATE,
): string[] {
  const options = typeof rule === 'string' ? parseRecurrence(rule) : rule;
  const rrule = new RRule({ ...options, dtstart: dateToUtcMidnight(anchorDate), tzid: null });
  const from = dateToUtcMidnight(fromDate);
  const to = dateToUtcMidnight(toDateExclusive);
  if (to <= from) return [];
  // between() is inclusive on both ends when asked; the end is exclusive by construction here.
  return rrule
    .between(from, new Date(to.getTime() - 1), true)
    .map(utcMidnightToDate);
}
