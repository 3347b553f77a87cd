// RRULE recurrence over local calendar dates, expanded with a bound on the work. A local date
// YYYY-MM-DD is a whole day number; time of day and zone are applied later by the caller with luxon.
//
// Expansion walks only the rule's periods (days, weeks, months or years, every INTERVAL-th one from
// the anchor) that meet the requested range, so the work follows the range, never the distance to
// the anchor or how rarely the rule matches (rrule's own iterator runs to the year 9999 when a rule
// never matches, and backwards for ever with INTERVAL=-1). Only COUNT needs the periods from the
// anchor on; those walks stop at a limit with a clear error. Days, weeks and months are expanded
// here (their BY parts are simple filters); a year's set (BYWEEKNO, BYYEARDAY, positions within the
// year) is asked of rrule one year at a time, which is bounded.
import { performance } from 'node:perf_hooks';
import rrulePkg from 'rrule';
import type { Weekday } from 'rrule';
import { parseRecurrence, RecurrenceError, type ByDay, type Recurrence } from './recurrence-rule.ts';

const { RRule } = rrulePkg;

/** Recurrences count INTERVAL and COUNT from this date unless the caller gives an anchor. */
export const DEFAULT_ANCHOR_DATE = '2024-01-01';

export interface ExpansionLimits {
  /** Dates one expansion may return. */
  readonly maxOccurrences: number;
  /** Periods (days, weeks, months, years) one expansion may visit. */
  readonly maxPeriods: number;
  /** Wall-clock milliseconds one expansion may take. */
  readonly maxMs: number;
}

// A plan spans at most 366 days, so a rule yields at most a few hundred dates for it; the period
// bound only matters for COUNT walked from a distant anchor.
export const EXPANSION_LIMITS: ExpansionLimits = { maxOccurrences: 5_000, maxPeriods: 100_000, maxMs: 5_000 };

/** An expansion stopped at a limit (see ExpansionLimits); the message says which and why. */
export class RecurrenceLimitError extends RecurrenceError {}

/** Stopped by wall-clock time: on a busy machine the same rules might finish another time. */
export class RecurrenceTimeLimitError extends RecurrenceLimitError {}

/** A bound shared by every expansion of one job (compiling a service's week expands many rules). */
export interface ExpansionBudget {
  readonly maxPeriods: number;
  readonly maxMs: number;
}

// Compiling a week of a large organisation visits a few thousand periods in all; the periods bound
// the work, the time is a backstop.
export const COMPILE_EXPANSION_BUDGET: ExpansionBudget = { maxPeriods: 500_000, maxMs: 10_000 };

let shared: { periodsLeft: number; deadline: number; budget: ExpansionBudget } | undefined;

/** Runs `run` (synchronous) with one budget that every expansion inside it draws on. */
export function withExpansionBudget<T>(budget: ExpansionBudget, run: () => T): T {
  const outer = shared;
  shared = { periodsLeft: budget.maxPeriods, deadline: performance.now() + budget.maxMs, budget };
  try {
    return run();
  } finally {
    shared = outer;
  }
}

const DAY_MS = 86_400_000;

function dayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0-99 as 1900-1999
  return Math.round(d.getTime() / DAY_MS);
}

function parseDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`"${date}" is not a date YYYY-MM-DD`);
  return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
}

function dateOfDay(n: number): string {
  const d = new Date(n * DAY_MS);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** 0 = Monday ... 6 = Sunday (1970-01-01, day 0, was a Thursday). */
function weekdayOfDay(n: number): number {
  return (((n + 3) % 7) + 7) % 7;
}

function daysInMonth(year: number, month: number): number {
  return dayOf(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - dayOf(year, month, 1);
}

export function dateToUtcMidnight(date: string): Date {
  return new Date(parseDay(date) * DAY_MS);
}

export function utcMidnightToDate(value: Date): string {
  return dateOfDay(Math.floor(value.getTime() / DAY_MS));
}

/** One visited period: the days [setStart, end) form its set (BYSETPOS picks from it). */
interface Period {
  readonly index: number;
  readonly setStart: number;
  readonly end: number;
}

/** Where the visited periods of a rule anchored on day `anchor` lie. */
interface PeriodWalk {
  /** The first visited period that ends after `day`. */
  from(day: number): Period;
  next(p: Period): Period;
}

function periodWalk(r: Recurrence, anchor: number): PeriodWalk {
  const n = r.interval;
  const a = new Date(anchor * DAY_MS);
  switch (r.freq) {
    case 'DAILY': {
      const at = (k: number): Period => ({ index: k, setStart: anchor + k * n, end: anchor + k * n + 1 });
      return { from: (day) => at(Math.max(0, Math.ceil((day - anchor) / n))), next: (p) => at(p.index + 1) };
    }
    case 'WEEKLY': {
      // The first period runs from the anchor to the next week start (as in RFC 5545 implementations).
      const week0 = anchor - ((weekdayOfDay(anchor) - r.wkst + 7) % 7);
      const at = (k: number): Period => ({ index: k, setStart: k === 0 ? anchor : week0 + 7 * n * k, end: week0 + 7 * n * k + 7 });
      return { from: (day) => at(Math.max(0, Math.floor((day - week0 - 7) / (7 * n)) + 1)), next: (p) => at(p.index + 1) };
    }
    case 'MONTHLY': {
      const month0 = a.getUTCFullYear() * 12 + a.getUTCMonth();
      const at = (k: number): Period => {
        const m = month0 + n * k;
        const year = Math.floor(m / 12);
        return { index: k, setStart: dayOf(year, (m % 12) + 1, 1), end: dayOf(year, (m % 12) + 1, 1) + daysInMonth(year, (m % 12) + 1) };
      };
      return {
        from: (day) => {
          const d = new Date(day * DAY_MS);
          return at(Math.max(0, Math.ceil((d.getUTCFullYear() * 12 + d.getUTCMonth() - month0) / n)));
        },
        next: (p) => at(p.index + 1),
      };
    }
    case 'YEARLY': {
      const year0 = a.getUTCFullYear();
      const at = (k: number): Period => ({ index: k, setStart: dayOf(year0 + n * k, 1, 1), end: dayOf(year0 + n * k + 1, 1, 1) });
      return {
        from: (day) => at(Math.max(0, Math.ceil((new Date(day * DAY_MS).getUTCFullYear() - year0) / n))),
        next: (p) => at(p.index + 1),
      };
    }
  }
}

/** Days of a DAILY, WEEKLY or MONTHLY period that pass the rule's BY parts, in order. */
function filteredDays(r: Recurrence, anchor: number, p: Period): number[] {
  let byDay = r.byDay;
  let byMonthDay = r.byMonthDay;
  // RFC 5545 defaults: the anchor's weekday (WEEKLY) or day of the month (MONTHLY).
  if (r.freq === 'WEEKLY' && !byDay) byDay = [{ weekday: weekdayOfDay(anchor), n: 0 }];
  if (r.freq === 'MONTHLY' && !byDay && !byMonthDay) byMonthDay = [new Date(anchor * DAY_MS).getUTCDate()];
  const out: number[] = [];
  const start = new Date(p.setStart * DAY_MS);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let dom = start.getUTCDate();
  let dim = daysInMonth(year, month);
  let wd = weekdayOfDay(p.setStart);
  for (let day = p.setStart; day < p.end; day++) {
    if (keepsDay(r.byMonth, byMonthDay, byDay, month, dom, dim, wd)) out.push(day);
    wd = wd === 6 ? 0 : wd + 1;
    if (++dom > dim) {
      dom = 1;
      if (++month > 12) {
        month = 1;
        year++;
      }
      dim = daysInMonth(year, month);
    }
  }
  return out;
}

function keepsDay(
  byMonth: readonly number[] | undefined,
  byMonthDay: readonly number[] | undefined,
  byDay: readonly ByDay[] | undefined,
  month: number,
  dom: number,
  dim: number,
  wd: number,
): boolean {
  if (byMonth && !byMonth.includes(month)) return false;
  if (byMonthDay && !byMonthDay.includes(dom) && !byMonthDay.includes(dom - dim - 1)) return false;
  if (!byDay) return true;
  for (const b of byDay) {
    if (b.weekday !== wd) continue;
    // A position counts within the month (only MONTHLY reaches here with positions).
    if (b.n === 0 || (b.n > 0 ? Math.floor((dom - 1) / 7) + 1 === b.n : -(Math.floor((dim - dom) / 7) + 1) === b.n)) return true;
  }
  return false;
}

const RRULE_WEEKDAYS: readonly Weekday[] = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];

/** A year's set from rrule: one period only (the next would lie past rrule's last year), so it is bounded. */
function yearDays(r: Recurrence, anchor: number, p: Period): number[] {
  const a = new Date(anchor * DAY_MS);
  const hasDayPart = Boolean(r.byWeekNo || r.byYearDay || r.byMonthDay || r.byDay);
  const rule = new RRule({
    freq: RRule.YEARLY,
    interval: 10_000,
    dtstart: new Date(p.setStart * DAY_MS),
    tzid: null,
    wkst: r.wkst,
    // RFC 5545 default: the anchor's month and day.
    ...(r.byMonth ? { bymonth: [...r.byMonth] } : hasDayPart ? {} : { bymonth: [a.getUTCMonth() + 1] }),
    ...(r.byMonthDay ? { bymonthday: [...r.byMonthDay] } : hasDayPart ? {} : { bymonthday: [a.getUTCDate()] }),
    ...(r.byYearDay ? { byyearday: [...r.byYearDay] } : {}),
    ...(r.byWeekNo ? { byweekno: [...r.byWeekNo] } : {}),
    ...(r.byDay ? { byweekday: r.byDay.map((b) => (b.n === 0 ? RRULE_WEEKDAYS[b.weekday] : RRULE_WEEKDAYS[b.weekday].nth(b.n))) } : {}),
  });
  return rule.all().map((d) => Math.round(d.getTime() / DAY_MS));
}

/** BYSETPOS: the n-th (or n-th from last) days of a period's sorted set. */
function pickPositions(days: number[], positions: readonly number[]): number[] {
  const picked = new Set<number>();
  for (const pos of positions) {
    const day = days[pos > 0 ? pos - 1 : days.length + pos];
    if (day !== undefined) picked.add(day);
  }
  return [...picked].sort((x, y) => x - y);
}

const UNIT: Record<Recurrence['freq'], string> = { DAILY: 'days', WEEKLY: 'weeks', MONTHLY: 'months', YEARLY: 'years' };

/**
 * Local dates in [fromDate, toDateExclusive) on which the rule occurs, counted from anchorDate.
 * Throws a RecurrenceError for an unusable rule and a RecurrenceLimitError past a limit.
 */
export function occurrenceDates(
  rule: string | Recurrence,
  fromDate: string,
  toDateExclusive: string,
  anchorDate: string = DEFAULT_ANCHOR_DATE,
  limits: ExpansionLimits = EXPANSION_LIMITS,
): string[] {
  const r = typeof rule === 'string' ? parseRecurrence(rule) : rule;
  const anchor = parseDay(anchorDate);
  const from = parseDay(fromDate);
  let last = parseDay(toDateExclusive) - 1;
  if (r.until !== undefined) last = Math.min(last, parseDay(r.until));
  const first = Math.max(from, anchor);
  if (last < first) return [];
  const walk = periodWalk(r, anchor);
  const t0 = performance.now();
  if (shared && t0 > shared.deadline) throw new RecurrenceTimeLimitError(`expanding the recurrences took more than ${shared.budget.maxMs} ms in all`);
  const out: string[] = [];
  let counted = 0;
  let visited = 0;
  // COUNT numbers occurrences from the anchor on, so only then are the periods before the range walked.
  for (let p = walk.from(r.count !== undefined ? anchor : first); p.setStart <= last; p = walk.next(p)) {
    if (++visited > limits.maxPeriods) {
      throw new RecurrenceLimitError(
        `COUNT is counted from the anchor date ${anchorDate}; reaching ${fromDate} takes more than ${limits.maxPeriods} ${UNIT[r.freq]}: give a later anchor date`,
      );
    }
    if (shared && --shared.periodsLeft < 0) {
      throw new RecurrenceLimitError(`the recurrences visit more than ${shared.budget.maxPeriods} days, weeks, months or years in all`);
    }
    if ((visited & 255) === 0) {
      const now = performance.now();
      if (now - t0 > limits.maxMs) throw new RecurrenceTimeLimitError(`expanding the rule took more than ${limits.maxMs} ms`);
      if (shared && now > shared.deadline) throw new RecurrenceTimeLimitError(`expanding the recurrences took more than ${shared.budget.maxMs} ms in all`);
    }
    let days = r.freq === 'YEARLY' ? yearDays(r, anchor, p) : filteredDays(r, anchor, p);
    if (r.bySetPos) days = pickPositions(days, r.bySetPos);
    for (const day of days) {
      if (day < anchor) continue;
      if (day > last) return out;
      counted++;
      if (day >= from) {
        if (out.length >= limits.maxOccurrences) {
          throw new RecurrenceLimitError(`the rule occurs more than ${limits.maxOccurrences} times between ${fromDate} and ${toDateExclusive}`);
        }
        out.push(dateOfDay(day));
      }
      if (r.count !== undefined && counted >= r.count) return out;
    }
  }
  return out;
}
