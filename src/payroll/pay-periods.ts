// Pay periods from a frequency and an anchor date. Dates are local ISO dates; a period is
// [startDate, endDate), named by its start date. Date arithmetic here is on calendar dates only.

import type { PayPeriod } from './types.ts';

export type PayFrequency = 'weekly' | 'fortnightly' | 'monthly';

export interface PayPeriodConfig {
  readonly frequency: PayFrequency;
  /** Any period's start date; every other period is found from it. Monthly: day of month 1..28. */
  readonly anchorDate: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function dayNumber(date: string, field: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`${field}: expected a date YYYY-MM-DD, got "${date}"`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new Error(`${field}: not a calendar date "${date}"`);
  return ms / MS_PER_DAY;
}

function fromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

function monthStart(year: number, month0: number, day: number): string {
  return fromDayNumber(Date.UTC(year, month0, day) / MS_PER_DAY);
}

export function validatePayPeriodConfig(config: PayPeriodConfig): void {
  if (!['weekly', 'fortnightly', 'monthly'].includes(config.frequency)) {
    throw new Error(`frequency: must be weekly, fortnightly or monthly, got "${config.frequency}"`);
  }
  dayNumber(config.anchorDate, 'anchorDate');
  if (config.frequency === 'monthly' && +config.anchorDate.slice(8) > 28) {
    throw new Error(`anchorDate: a monthly period must start on day 1..28, got "${config.anchorDate}"`);
  }
}

/** The pay period containing a local date. */
export function periodContaining(config: PayPeriodConfig, date: string): PayPeriod {
  validatePayPeriodConfig(config);
  const d = dayNumber(date, 'date');
  if (config.frequency !== 'monthly') {
    const len = config.frequency === 'weekly' ? 7 : 14;
    const anchor = dayNumber(config.anchorDate, 'anchorDate');
    const start = anchor + Math.floor((d - anchor) / len) * len;
    const startDate = fromDayNumber(start);
    return { id: startDate, startDate, endDate: fromDayNumber(start + len) };
  }
  const anchorDay = +config.anchorDate.slice(8);
  const [y, m, day] = date.split('-').map(Number);
  // The period started this month if the date is on/after the anchor day, else last month.
  const month0 = day >= anchorDay ? m - 1 : m - 2;
  const startDate = monthStart(y, month0, anchorDay);
  return { id: startDate, startDate, endDate: monthStart(y, month0 + 1, anchorDay) };
}

/** What has happened to the periods so far: their boundaries stand whatever the frequency is now. */
export interface PeriodHistory {
  /** Locked periods, in order from the first pay period. */
  readonly locked: readonly PayPeriod[];
  /** The first period paid through rota, when set. */
  readonly firstPeriodStart?: string;
}

const NO_HISTORY: PeriodHistory = { locked: [] };

/** Ten years of weekly periods: one export is a bounded amount of work. */
export const MAX_PERIODS_PER_EXPORT = 530;

/**
 * The pay period containing a date, given the history: a locked period keeps the boundaries it was
 * locked with (the frequency may have changed since; new periods continue where it ends), and a
 * period before the first pay period ends there at the latest.
 */
export function periodAt(config: PayPeriodConfig, history: PeriodHistory, date: string): PayPeriod {
  const locked = history.locked.find((p) => date >= p.startDate && date < p.endDate);
  if (locked) return locked;
  const period = periodContaining(config, date);
  const first = history.locked[0]?.startDate ?? history.firstPeriodStart;
  if (first !== undefined && date < first && period.endDate > first) return { ...period, endDate: first };
  return period;
}

/** Periods covering [fromDate, toDate) exactly; throws, naming the boundaries, if they do not align. */
export function periodsCovering(config: PayPeriodConfig, fromDate: string, toDate: string, history: PeriodHistory = NO_HISTORY): PayPeriod[] {
  if (dayNumber(toDate, 'to') <= dayNumber(fromDate, 'from')) throw new Error(`to: must be after from (${fromDate}..${toDate})`);
  const first = periodAt(config, history, fromDate);
  if (first.startDate !== fromDate) throw new Error(`from: ${fromDate} is not the start of a pay period (the period containing it is ${first.startDate}..${first.endDate})`);
  const periods: PayPeriod[] = [first];
  while (periods[periods.length - 1].endDate < toDate) {
    if (periods.length >= MAX_PERIODS_PER_EXPORT) throw new Error(`to: ${fromDate}..${toDate} holds more than ${MAX_PERIODS_PER_EXPORT} pay periods; export a shorter range`);
    periods.push(periodAt(config, history, periods[periods.length - 1].endDate));
  }
  const last = periods[periods.length - 1];
  if (last.endDate !== toDate) throw new Error(`to: ${toDate} is not the end of a pay period (the period containing it is ${last.startDate}..${last.endDate})`);
  return periods;
}

/** The period after this one. */
export function nextPeriod(config: PayPeriodConfig, period: PayPeriod): PayPeriod {
  return periodContaining(config, period.endDate);
}
