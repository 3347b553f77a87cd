// The one place payroll meets local time: a thin view over src/time (zone, bank holidays, splitting
// at local midnights) so the rest of src/payroll speaks UTC minutes and local ISO dates.

import {
  addDays, BankHolidayCalendar, englandAndWalesBankHolidays, localMidnightUtcMin, localToUtcMin, splitByLocalDay, utcMinToLocal,
  type LocalDayPiece,
} from '../time/index.ts';

export type { LocalDayPiece };

export interface PayrollCalendar {
  readonly zone: string;
  /** Split [startMin, endMin) at each local midnight, with weekday and bank-holiday flags. */
  splitByLocalDay(startMin: number, endMin: number): LocalDayPiece[];
  /** UTC minute at which the local wall clock on `date` shows `minuteOfDay` (1440 = next midnight). */
  wallClockToUtcMin(date: string, minuteOfDay: number): number;
  /** "YYYY-MM-DD HH:mm" local. */
  formatLocal(utcMin: number): string;
  localDateOf(utcMin: number): string;
}

const hhmm = (minuteOfDay: number) =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

export function createCalendar(zone: string, bankHolidays: BankHolidayCalendar = englandAndWalesBankHolidays): PayrollCalendar {
  if (utcMinToLocal(0, zone).date === 'Invalid DateTime') throw new Error(`zone: unknown time zone "${zone}"`);
  return {
    zone,
    splitByLocalDay: (startMin, endMin) => splitByLocalDay(startMin, endMin, zone, bankHolidays),
    wallClockToUtcMin: (date, minuteOfDay) =>
      minuteOfDay >= 1440 ? localMidnightUtcMin(addDays(date, 1), zone) : localToUtcMin(date, hhmm(minuteOfDay), zone),
    formatLocal: (utcMin) => {
      const l = utcMinToLocal(utcMin, zone);
      return `${l.date} ${l.time}`;
    },
    localDateOf: (utcMin) => utcMinToLocal(utcMin, zone).date,
  };
}
