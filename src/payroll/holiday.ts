// Holiday for irregular-hours (bank) workers: 12.07% of hours worked in the pay period, either
// accrued as time or paid as rolled-up holiday pay (organisation setting). Contracted staff: none here.
// Computed on the period total (not per session), so rounding happens once per worker per period:
// half away from zero to a whole minute or penny (see rounding.ts).

import { divRound } from './rounding.ts';
import type { HolidayMode, PayrollWorker } from './types.ts';

/** 12.07% as an exact fraction. */
export const HOLIDAY_RATE_NUMERATOR = 1207;
export const HOLIDAY_RATE_DENOMINATOR = 10_000;

export interface HolidayResult {
  readonly holidayAccrualMinutes: number;
  readonly holidayPayPence: number;
}

export function holidayFor(worker: PayrollWorker, mode: HolidayMode, holidayBaseMinutes: number): HolidayResult {
  if (worker.kind !== 'bank') return { holidayAccrualMinutes: 0, holidayPayPence: 0 };
  if (mode === 'accrual') {
    return { holidayAccrualMinutes: divRound(holidayBaseMinutes * HOLIDAY_RATE_NUMERATOR, HOLIDAY_RATE_DENOMINATOR), holidayPayPence: 0 };
  }
  const rate = worker.ratePencePerHour;
  if (rate === undefined) throw new Error(`ratePencePerHour: needed for rolled-up holiday pay (worker ${worker.id})`);
  return {
    holidayAccrualMinutes: 0,
    holidayPayPence: divRound(holidayBaseMinutes * rate * HOLIDAY_RATE_NUMERATOR, 60 * HOLIDAY_RATE_DENOMINATOR),
  };
}
