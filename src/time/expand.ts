// Template expansion: a recurring local-time session (start time, end time or duration, RRULE, date
// range) becomes dated sessions with exact UTC instants. Length is the real elapsed time, so a
// 20:00-08:00 night over the autumn clock change lasts 13 h and over the spring change 11 h.
// Times the spring change skips move forward by the gap (RFC 5545, see localToUtcMin); a session that
// lies wholly in the gap (01:30-02:30 on 29 Mar 2026 in London) has no time left and does not run that
// day: expansion leaves it out and reports it, it never fails.
import { BankHolidayCalendar, englandAndWalesBankHolidays } from './bank-holidays.ts';
import { addDays, localToUtcMin, utcMinToLocal, weekdayOf } from './local-time.ts';
import { DEFAULT_ANCHOR_DATE, occurrenceDates } from './recurrence.ts';
import { RecurrenceError } from './recurrence-rule.ts';

/** The time part of a session template (structural, so service files and tests can both use it). */
export interface RecurringSessionSpec {
  readonly id: string;
  readonly startTime: string;
  /** Local end time; not after startTime means it ends the next day. */
  readonly endTime?: string;
  /** Elapsed minutes, used when endTime is absent. */
  readonly durationMinutes?: number;
  readonly rrule: string;
  readonly anchorDate?: string;
  readonly validFrom?: string;
  /** Last date a session may start on (inclusive). */
  readonly validUntil?: string;
  /** Default true. */
  readonly runsOnBankHolidays?: boolean;
  readonly excludedDates?: readonly string[];
  readonly extraDates?: readonly string[];
}

export interface ExpandedSession {
  readonly templateId: string;
  /** Local date the session starts on. */
  readonly date: string;
  /** UTC minutes, half-open. */
  readonly startMin: number;
  readonly endMin: number;
  readonly elapsedMinutes: number;
  /** Local wall-clock start and end, HH:mm, and the local date it ends on. */
  readonly localStart: string;
  readonly localEnd: string;
  readonly endDate: string;
  /** 0 = Monday ... 6 = Sunday, of the start date. */
  readonly weekday: number;
  readonly isBankHoliday: boolean;
}

/** A session of a template that the spring clock change swallows whole (its local times do not exist). */
export interface VanishedSession {
  readonly templateId: string;
  readonly date: string;
  /** The template's local start and end, HH:mm. */
  readonly startTime: string;
  readonly endTime: string;
}

export interface ExpandRange {
  /** First local date (inclusive). */
  readonly from: string;
  /** Last local date (exclusive). */
  readonly to: string;
  readonly zone?: string;
  readonly bankHolidays?: BankHolidayCalendar;
  /** Told about every session left out because the clock change leaves it no time. */
  readonly onVanished?: (session: VanishedSession) => void;
}

/** Dates in [range.from, range.to) on which the template starts a session. */
export function templateDates(spec: RecurringSessionSpec, range: ExpandRange): string[] {
  const calendar = range.bankHolidays ?? englandAndWalesBankHolidays;
  const from = spec.validFrom && spec.validFrom > range.from ? spec.validFrom : range.from;
  const untilExcl = spec.validUntil ? addDays(spec.validUntil, 1) : range.to;
  const to = untilExcl < range.to ? untilExcl : range.to;
  if (to <= from) return [];
  const anchor = spec.anchorDate ?? spec.validFrom ?? DEFAULT_ANCHOR_DATE;
  const excluded = new Set(spec.excludedDates ?? []);
  const dates = new Set(
    templateOccurrences(spec, from, to, anchor).filter((d) => !excluded.has(d) && (spec.runsOnBankHolidays !== false || !calendar.has(d))),
  );
  // Extra dates are explicit requests: they run even on bank holidays.
  for (const d of spec.extraDates ?? []) if (d >= from && d < to && !excluded.has(d)) dates.add(d);
  return [...dates].sort();
}

function templateOccurrences(spec: RecurringSessionSpec, from: string, to: string, anchor: string): string[] {
  try {
    return occurrenceDates(spec.rrule, from, to, anchor);
  } catch (error) {
    // Name the template: a stored rule that no longer validates must say where it is.
    if (error instanceof RecurrenceError) throw new (error.constructor as typeof RecurrenceError)(`template "${spec.id}" rrule: ${error.message}`);
    throw error;
  }
}

/**
 * One session of `spec` starting on local `date`. Its elapsedMinutes is 0 or less only when the clocks
 * skip all of its local times (see expandTemplate, which leaves such a session out).
 */
export function sessionOn(spec: RecurringSessionSpec, date: string, zone: string, calendar: BankHolidayCalendar = englandAndWalesBankHolidays): ExpandedSession {
  const startMin = localToUtcMin(date, spec.startTime, zone);
  let endMin: number;
  if (spec.endTime !== undefined) {
    const endDate = spec.endTime <= spec.startTime ? addDays(date, 1) : date;
    endMin = localToUtcMin(endDate, spec.endTime, zone);
  } else if (spec.durationMinutes !== undefined) {
    endMin = startMin + spec.durationMinutes;
  } else {
    throw new Error(`template "${spec.id}": give endTime or durationMinutes`);
  }
  const start = utcMinToLocal(startMin, zone);
  const end = utcMinToLocal(endMin, zone);
  return {
    templateId: spec.id,
    date,
    startMin,
    endMin,
    elapsedMinutes: endMin - startMin,
    localStart: start.time,
    localEnd: end.time,
    endDate: end.date,
    weekday: weekdayOf(date),
    isBankHoliday: calendar.has(date),
  };
}

/**
 * Every session of `spec` starting in [range.from, range.to), in date order. A session the clock
 * change leaves no time (its start moved forward to or past its end) is left out and passed to
 * range.onVanished.
 */
export function expandTemplate(spec: RecurringSessionSpec, range: ExpandRange): ExpandedSession[] {
  const zone = range.zone ?? 'Europe/London';
  const calendar = range.bankHolidays ?? englandAndWalesBankHolidays;
  const out: ExpandedSession[] = [];
  for (const date of templateDates(spec, range)) {
    const session = sessionOn(spec, date, zone, calendar);
    if (session.elapsedMinutes > 0) out.push(session);
    else range.onVanished?.({ templateId: spec.id, date, startTime: spec.startTime, endTime: spec.endTime ?? spec.startTime });
  }
  return out;
}

/** All templates' sessions, ordered by start instant then template id. */
export function expandTemplates(specs: readonly RecurringSessionSpec[], range: ExpandRange): ExpandedSession[] {
  return specs
    .flatMap((s) => expandTemplate(s, range))
    .sort((a, b) => a.startMin - b.startMin || (a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0));
}
