// Splits a UTC interval at local midnights, so each piece belongs to one local calendar date: what
// payroll needs for bank-holiday enhancements (a shift crossing midnight into a bank holiday has only
// its hours after midnight on the holiday) and for per-day totals across clock changes.
import { BankHolidayCalendar, englandAndWalesBankHolidays } from './bank-holidays.ts';
import { addDays, localMidnightUtcMin, utcMinToLocal, weekdayOf } from './local-time.ts';

export interface LocalDayPiece {
  /** Local date, YYYY-MM-DD. */
  readonly date: string;
  /** UTC minutes, half-open [startMin, endMin). */
  readonly startMin: number;
  readonly endMin: number;
  /** Real elapsed minutes of the piece. */
  readonly minutes: number;
  /** 0 = Monday ... 6 = Sunday. */
  readonly weekday: number;
  readonly isBankHoliday: boolean;
  readonly bankHolidayTitle?: string;
}

/** Pieces of [startMin, endMin) per local date in `zone`, in order; empty for an empty interval. */
export function splitByLocalDay(
  startMin: number,
  endMin: number,
  zone: string = 'Europe/London',
  calendar: BankHolidayCalendar = englandAndWalesBankHolidays,
): LocalDayPiece[] {
  if (!Number.isInteger(startMin) || !Number.isInteger(endMin)) throw new Error('splitByLocalDay: startMin and endMin must be whole minutes');
  if (endMin < startMin) throw new Error(`splitByLocalDay: endMin (${endMin}) is before startMin (${startMin})`);
  const pieces: LocalDayPiece[] = [];
  let date = utcMinToLocal(startMin, zone).date;
  let from = startMin;
  while (from < endMin) {
    const next = addDays(date, 1);
    const to = Math.min(endMin, localMidnightUtcMin(next, zone));
    const holiday = calendar.get(date);
    pieces.push({
      date,
      startMin: from,
      endMin: to,
      minutes: to - from,
      weekday: weekdayOf(date),
      isBankHoliday: holiday !== undefined,
      ...(holiday ? { bankHolidayTitle: holiday.title } : {}),
    });
    from = to;
    date = next;
  }
  return pieces;
}
