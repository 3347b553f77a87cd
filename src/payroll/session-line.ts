// One worker's place on one session -> one payroll line, split by local calendar date.

import type { PayrollCalendar } from './calendar.ts';
import { divRound } from './rounding.ts';
import type { DayMinutes, NightWindow, PayrollLine, PayrollWorker, SessionRecord } from './types.ts';

function overlap(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}

/** Night windows of one local date as wall-clock minute ranges, e.g. 23:00-06:00 -> [0,360), [1380,1440). */
function nightRanges(night: NightWindow): [number, number][] {
  const { startMinuteOfDay: s, endMinuteOfDay: e } = night;
  if (s === e) return [];
  return s < e ? [[s, e]] : [[0, e], [s, 1440]];
}

export function validateNightWindow(night: NightWindow): void {
  for (const key of ['startMinuteOfDay', 'endMinuteOfDay'] as const) {
    const v = night[key];
    if (!Number.isInteger(v) || v < 0 || v >= 1440) throw new Error(`nightWindow.${key}: must be an integer minute of day 0..1439, got ${v}`);
  }
}

/** Minutes of [startMin, endMin) per local date: worked, weekend, night, bank holiday. */
export function splitMinutes(cal: PayrollCalendar, night: NightWindow, startMin: number, endMin: number): DayMinutes[] {
  const ranges = nightRanges(night);
  return cal.splitByLocalDay(startMin, endMin).map((piece) => {
    const worked = piece.minutes;
    let nightMinutes = 0;
    for (const [from, to] of ranges) {
      // Converting each boundary separately keeps a 25-hour night (clocks back) at 25 hours.
      nightMinutes += overlap(piece.startMin, piece.endMin, cal.wallClockToUtcMin(piece.date, from), cal.wallClockToUtcMin(piece.date, to));
    }
    return {
      date: piece.date,
      workedMinutes: worked,
      weekendMinutes: piece.weekday >= 5 ? worked : 0, // 5 = Saturday, 6 = Sunday
      nightMinutes,
      bankHolidayMinutes: piece.isBankHoliday ? worked : 0,
    };
  });
}

/**
 * Where an unpaid break of a scheduled session [startMin, endMin) falls. The exact time is not recorded,
 * so it is taken at the centre of the scheduled session (Tameside's 09:00-17:00 lunch: 12:45-13:15).
 */
export function scheduledBreak(startMin: number, endMin: number, unpaidBreakMinutes: number): [number, number] {
  const length = Math.min(Math.max(0, unpaidBreakMinutes), endMin - startMin);
  const from = startMin + Math.floor((endMin - startMin - length) / 2);
  return [from, from + length];
}

/**
 * The minutes of [startMin, endMin) worked, per local date, less the part of the break [breakFrom,
 * breakTo) inside them (someone sent home before lunch had no lunch to take out).
 */
export function workedDays(cal: PayrollCalendar, night: NightWindow, startMin: number, endMin: number, breakFrom: number, breakTo: number): DayMinutes[] {
  const from = Math.min(Math.max(breakFrom, startMin), endMin);
  const to = Math.min(Math.max(breakTo, startMin), endMin);
  if (to <= from) return splitMinutes(cal, night, startMin, endMin);
  const pieces = [...(from > startMin ? splitMinutes(cal, night, startMin, from) : []), ...(to < endMin ? splitMinutes(cal, night, to, endMin) : [])];
  const byDate = new Map<string, DayMinutes>();
  for (const p of pieces) {
    const d = byDate.get(p.date);
    byDate.set(
      p.date,
      d
        ? {
            date: p.date,
            workedMinutes: d.workedMinutes + p.workedMinutes,
            weekendMinutes: d.weekendMinutes + p.weekendMinutes,
            nightMinutes: d.nightMinutes + p.nightMinutes,
            bankHolidayMinutes: d.bankHolidayMinutes + p.bankHolidayMinutes,
          }
        : p,
    );
  }
  return [...byDate.values()];
}

function checkRecord(r: SessionRecord): void {
  const where = `session ${r.sessionId} worker ${r.workerId}`;
  for (const key of ['startMin', 'endMin', 'paidPrepMinutes'] as const) {
    if (!Number.isSafeInteger(r[key])) throw new Error(`${key}: must be an integer (${where})`);
  }
  if (r.endMin <= r.startMin) throw new Error(`endMin: must be after startMin (${where})`);
  if (r.paidPrepMinutes < 0) throw new Error(`paidPrepMinutes: must not be negative (${where})`);
  const breakMinutes = r.unpaidBreakMinutes;
  if (breakMinutes !== undefined && (!Number.isSafeInteger(breakMinutes) || breakMinutes < 0)) throw new Error(`unpaidBreakMinutes: must be a non-negative integer (${where})`);
  const min = r.cancellationMinimumMinutes;
  if (min !== undefined && (!Number.isSafeInteger(min) || min < 0)) throw new Error(`cancellationMinimumMinutes: must be a non-negative integer (${where})`);
  const o = r.outcome;
  if (o?.status === 'worked') {
    const hasStart = o.actualStartMin !== undefined;
    if (hasStart !== (o.actualEndMin !== undefined)) throw new Error(`actualStartMin/actualEndMin: give both or neither (${where})`);
    if (hasStart && !(o.actualEndMin! > o.actualStartMin!)) throw new Error(`actualEndMin: must be after actualStartMin (${where})`);
  }
}

/**
 * The line for a signed-off place with an outcome.
 * - worked: worked = real elapsed time (actual times when given) less the unpaid break where it falls
 *   inside that time (see scheduledBreak); paid = worked + paid preparation.
 * - cancelled for no service users: 0 worked, the session's cancellation minimum paid.
 * - cancelled otherwise, or no-show: 0 worked, 0 paid (the line still shows what happened).
 * holidayBaseMinutes = worked + paid preparation of sessions actually worked: set-up and debrief are
 * working time; a cancellation payment with no work done is not. holidayBasePence is the pay for them.
 * Pay uses the place's own rate when it has one (fixed when worked), else the worker's.
 */
export function sessionLine(cal: PayrollCalendar, night: NightWindow, worker: PayrollWorker | undefined, r: SessionRecord): PayrollLine {
  checkRecord(r);
  if (!r.outcome) throw new Error(`outcome: missing for session ${r.sessionId} worker ${r.workerId}`);
  const o = r.outcome;
  let days: DayMinutes[] = [];
  let paidMinutes = 0;
  let holidayBaseMinutes = 0;
  let start = r.startMin;
  let end = r.endMin;
  if (o.status === 'worked') {
    start = o.actualStartMin ?? r.startMin;
    end = o.actualEndMin ?? r.endMin;
    const [breakFrom, breakTo] = scheduledBreak(r.startMin, r.endMin, r.unpaidBreakMinutes ?? 0);
    days = workedDays(cal, night, start, end, breakFrom, breakTo);
    const worked = days.reduce((sum, d) => sum + d.workedMinutes, 0);
    paidMinutes = worked + r.paidPrepMinutes;
    holidayBaseMinutes = paidMinutes;
  } else if (o.status === 'cancelled' && o.reason === 'no-service-users') {
    paidMinutes = r.cancellationMinimumMinutes ?? 0;
  }
  const sum = (k: keyof Omit<DayMinutes, 'date'>) => days.reduce((s, d) => s + d[k], 0);
  const payPence = divRound(paidMinutes * (r.ratePencePerHour ?? worker?.ratePencePerHour ?? 0), 60);
  return {
    lineType: 'session',
    workerId: r.workerId,
    sessionId: r.sessionId,
    sessionKind: r.kind,
    outcome: o.status,
    // The scheduled start places the session in a pay period; the times shown are the actual ones.
    localDate: cal.localDateOf(r.startMin),
    startLocal: cal.formatLocal(start),
    endLocal: cal.formatLocal(end),
    days,
    workedMinutes: sum('workedMinutes'),
    paidMinutes,
    weekendMinutes: sum('weekendMinutes'),
    nightMinutes: sum('nightMinutes'),
    bankHolidayMinutes: sum('bankHolidayMinutes'),
    payPence,
    holidayBaseMinutes,
    holidayBasePence: holidayBaseMinutes > 0 ? payPence : 0,
  };
}
