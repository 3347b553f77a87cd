// Reads an RRULE (RFC 5545 section 3.3.10) completely: every part is known, given once and has a
// value in range, and parts that RFC 5545 forbids together are refused. rrule's own parser accepts
// INTERVAL=-1, BYMONTH=13 or BYDAY=XX and then loops for ever or throws deep inside a solve, so
// nothing here relies on it. Recurrences are over local dates: times of day come from the template
// or window, so BYHOUR, BYMINUTE and BYSECOND (and finer frequencies) are refused.

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** A BYDAY entry: weekday 0 = Monday ... 6 = Sunday; n = 0 for every such weekday, else its position. */
export interface ByDay {
  readonly weekday: number;
  readonly n: number;
}

export interface Recurrence {
  readonly freq: Frequency;
  readonly interval: number;
  readonly count?: number;
  /** Last local date an occurrence may fall on (inclusive), YYYY-MM-DD. */
  readonly until?: string;
  readonly byMonth?: readonly number[];
  readonly byMonthDay?: readonly number[];
  readonly byYearDay?: readonly number[];
  readonly byWeekNo?: readonly number[];
  readonly byDay?: readonly ByDay[];
  readonly bySetPos?: readonly number[];
  /** Week start, 0 = Monday (the default) ... 6 = Sunday. */
  readonly wkst: number;
}

export const RRULE_LIMITS = {
  /** Characters in one rule (the longest sensible rule lists every BYYEARDAY is far shorter). */
  maxLength: 500,
  maxInterval: 1000,
  maxCount: 10_000,
} as const;

/** An RRULE that cannot be used; the message names the part, e.g. `INTERVAL must be ...`. */
export class RecurrenceError extends Error {}

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const FREQUENCIES: readonly Frequency[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const PARTS = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYMONTH', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYDAY', 'BYSETPOS', 'WKST'] as const;
type Part = (typeof PARTS)[number];
const TIME_PARTS = new Set(['BYHOUR', 'BYMINUTE', 'BYSECOND']);
const SUB_DAILY = new Set(['HOURLY', 'MINUTELY', 'SECONDLY']);

function fail(message: string): never {
  throw new RecurrenceError(message);
}

function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

function wholeNumber(part: Part, text: string, lo: number, hi: number): number {
  if (!/^\+?\d{1,6}$/.test(text) || Number(text) < lo || Number(text) > hi) {
    fail(`${part} must be a whole number from ${lo} to ${hi} (got ${shown(text)})`);
  }
  return Number(text);
}

/** A comma list of whole numbers in [-max, -1] or [1, max] (or [1, max] when negatives are not allowed). */
function numberList(part: Part, text: string, what: string, max: number, signed: boolean): number[] {
  const range = signed ? `${what} 1 to ${max} or -${max} to -1` : `${what} 1 to ${max}`;
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const ok = (signed ? /^[+-]?\d{1,4}$/ : /^\+?\d{1,4}$/).test(item);
    const n = Number(item);
    if (!ok || n === 0 || Math.abs(n) > max) fail(`${part} must list ${range}, separated by commas (got ${shown(item)})`);
    out.add(n);
  }
  return [...out];
}

function weekdayCode(part: Part, text: string): number {
  const i = (WEEKDAY_CODES as readonly string[]).indexOf(text);
  if (i < 0) fail(`${part} must be a weekday ${WEEKDAY_CODES.join(', ')} (got ${shown(text)})`);
  return i;
}

function byDayList(text: string): ByDay[] {
  const seen = new Map<string, ByDay>();
  for (const item of text.split(',')) {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    const weekday = m ? (WEEKDAY_CODES as readonly string[]).indexOf(m[2]) : -1;
    if (!m || weekday < 0 || (m[1] !== undefined && Number(m[1]) === 0)) {
      fail(`BYDAY must list weekdays ${WEEKDAY_CODES.join(', ')}, each optionally after a position such as 1MO or -1FR (got ${shown(item)})`);
    }
    const n = m[1] === undefined ? 0 : Number(m[1]);
    seen.set(`${n}${weekday}`, { weekday, n });
  }
  return [...seen.values()];
}

/** "20261130", "20261130T120000" or "20261130T120000Z" -> "2026-11-30" (the date an occurrence may still fall on). */
function untilDate(text: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(text);
  const bad = () => fail(`UNTIL must be a date YYYYMMDD or a date-time YYYYMMDDTHHMMSSZ (got ${shown(text)})`);
  if (!m) bad();
  const [, y, mo, d, h, mi, s] = m!;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  if (Number(y) < 1 || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) bad();
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60)) bad();
  return `${y}-${mo}-${d}`;
}

/**
 * Parses and checks an RRULE (an optional "RRULE:" prefix, no DTSTART). Throws a RecurrenceError
 * naming the part and the value at fault.
 */
export function parseRecurrence(rule: string): Recurrence {
  const values = splitParts(rule);
  const recurrence = readParts(values, readFrequency(values));
  checkCombinations(recurrence);
  return recurrence;
}

/** The rule's parts by name: each known, given once, with a value. */
function splitParts(rule: string): Map<Part, string> {
  if (typeof rule !== 'string') fail('must be a string');
  if (rule.length > RRULE_LIMITS.maxLength) fail(`must have at most ${RRULE_LIMITS.maxLength} characters`);
  const text = rule.trim().replace(/^RRULE:/i, '').toUpperCase();
  if (/DTSTART|[\r\n]/.test(text)) fail('must be a single RRULE without DTSTART (use anchorDate)');
  if (text === '') fail('must not be empty: give at least FREQ, e.g. FREQ=WEEKLY;BYDAY=MO');
  const values = new Map<Part, string>();
  // One trailing ";" is common in hand-written rules and harmless.
  const items = text.endsWith(';') ? text.slice(0, -1).split(';') : text.split(';');
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    if (TIME_PARTS.has(name)) fail('must not use BYHOUR, BYMINUTE or BYSECOND (times of day come from startTime)');
    if (!(PARTS as readonly string[]).includes(name)) {
      fail(item === '' ? 'has an empty part (two ";" in a row)' : `has ${shown(name)}, which is not an RRULE part (known: ${PARTS.join(', ')})`);
    }
    if (eq < 0 || value === '') fail(`${name} has no value (write ${name}=...)`);
    if (values.has(name as Part)) fail(`${name} is given twice`);
    values.set(name as Part, value);
  }
  return values;
}

function readFrequency(values: ReadonlyMap<Part, string>): Frequency {
  const freqText = values.get('FREQ');
  if (freqText === undefined) fail('FREQ is missing: say FREQ=DAILY, WEEKLY, MONTHLY or YEARLY');
  if (!(FREQUENCIES as readonly string[]).includes(freqText)) {
    const why = SUB_DAILY.has(freqText) ? '; times of day come from startTime' : '';
    fail(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY (got ${shown(freqText)}${why})`);
  }
  return freqText as Frequency;
}

/** Every part but FREQ read and checked on its own, in range. */
function readParts(values: ReadonlyMap<Part, string>, freq: Frequency): Recurrence {
  const get = <T>(part: Part, read: (v: string) => T): T | undefined => {
    const v = values.get(part);
    return v === undefined ? undefined : read(v);
  };
  const interval = get('INTERVAL', (v) => wholeNumber('INTERVAL', v, 1, RRULE_LIMITS.maxInterval)) ?? 1;
  const count = get('COUNT', (v) => wholeNumber('COUNT', v, 1, RRULE_LIMITS.maxCount));
  const until = get('UNTIL', untilDate);
  const byMonth = get('BYMONTH', (v) => numberList('BYMONTH', v, 'months', 12, false));
  const byMonthDay = get('BYMONTHDAY', (v) => numberList('BYMONTHDAY', v, 'days of the month', 31, true));
  const byYearDay = get('BYYEARDAY', (v) => numberList('BYYEARDAY', v, 'days of the year', 366, true));
  const byWeekNo = get('BYWEEKNO', (v) => numberList('BYWEEKNO', v, 'weeks', 53, true));
  const bySetPos = get('BYSETPOS', (v) => numberList('BYSETPOS', v, 'positions', 366, true));
  const byDay = get('BYDAY', byDayList);
  const wkst = get('WKST', (v) => weekdayCode('WKST', v)) ?? 0;
  return {
    freq,
    interval,
    wkst,
    ...(count !== undefined ? { count } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(byMonth ? { byMonth } : {}),
    ...(byMonthDay ? { byMonthDay } : {}),
    ...(byYearDay ? { byYearDay } : {}),
    ...(byWeekNo ? { byWeekNo } : {}),
    ...(byDay ? { byDay } : {}),
    ...(bySetPos ? { bySetPos } : {}),
  };
}

/** Combinations RFC 5545 rules out. */
function checkCombinations(r: Recurrence): void {
  const { freq, count, until, byMonth, byMonthDay, byYearDay, byWeekNo, byDay, bySetPos } = r;
  if (count !== undefined && until !== undefined) fail('COUNT and UNTIL must not both be given');
  if (byWeekNo && freq !== 'YEARLY') fail(`BYWEEKNO needs FREQ=YEARLY (got FREQ=${freq})`);
  if (byYearDay && freq !== 'YEARLY') fail(`BYYEARDAY needs FREQ=YEARLY (got FREQ=${freq})`);
  if (byMonthDay && freq === 'WEEKLY') fail('BYMONTHDAY must not be used with FREQ=WEEKLY (use BYDAY)');
  if (byDay) checkByDayPositions(r, byDay);
  if (bySetPos && !(byMonth || byMonthDay || byYearDay || byWeekNo || byDay)) {
    fail('BYSETPOS needs another BY part to pick from (BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY or BYWEEKNO)');
  }
}

/** BYDAY positions (2MO, -1FR): only with a frequency they count within, never mixed, in range. */
function checkByDayPositions(r: Recurrence, byDay: readonly ByDay[]): void {
  const { freq, byMonth, byWeekNo } = r;
  const positioned = byDay.filter((d) => d.n !== 0);
  if (positioned.length === 0) return;
  const item = `${positioned[0].n}${WEEKDAY_CODES[positioned[0].weekday]}`;
  if (freq !== 'MONTHLY' && freq !== 'YEARLY') fail(`BYDAY positions such as ${item} need FREQ=MONTHLY or YEARLY (got FREQ=${freq})`);
  if (byWeekNo) fail(`BYDAY positions such as ${item} must not be combined with BYWEEKNO`);
  if (positioned.length < byDay.length) {
    fail(`BYDAY must not mix weekdays with positions (${item}) and without (${WEEKDAY_CODES[byDay.find((d) => d.n === 0)!.weekday]}): write two rules`);
  }
  // Positions count within the month for MONTHLY, and for YEARLY with BYMONTH; else within the year.
  const max = freq === 'MONTHLY' || byMonth ? 5 : 53;
  const outside = positioned.find((d) => Math.abs(d.n) > max);
  if (outside) {
    fail(`BYDAY positions must be from 1 to ${max} or -${max} to -1 ${max === 5 ? 'within a month' : 'within a year'} (got ${outside.n}${WEEKDAY_CODES[outside.weekday]})`);
  }
}

/** The problem with a rule in words, or null when it is usable. */
export function recurrenceProblem(rule: unknown): string | null {
  try {
    parseRecurrence(rule as string);
    return null;
  } catch (error) {
    if (error instanceof RecurrenceError) return error.message;
    throw error;
  }
}
