// Holiday for irregular-hours (bank) workers: 12.07% of hours worked in the pay period, either
// accrued as time or paid as rolled-up holiday pay (12.07% of the pay for those hours), per
// organisation setting. Contracted staff: none here (their holiday is in their contract).
// Computed on the period total (not per session), so rounding happens once per worker per period:
// half away from zero to a whole minute or penny (see rounding.ts). Adjustment lines count in the
// period they land in, so a correction to a locked period corrects the holiday too.

import { divRound } from './rounding.ts';
import type { HolidayMode, PayrollWorker } from './types.ts';

/** 12.07% as an exact fraction. */
export const HOLIDAY_RATE_NUMERATOR = 1207;
export const HOLIDAY_RATE_DENOMINATOR = 10_000;

export interface HolidayResult {
  readonly holidayAccrualMinutes: number;
  readonly holidayPayPence: number;
}

export function holidayFor(
  worker: PayrollWorker,
  mode: HolidayMode,
  base: { readonly holidayBaseMinutes: number; readonly holidayBasePence: number },
): HolidayResult {
  if (worker.kind !== 'bank') return { holidayAccrualMinutes: 0, holidayPayPence: 0 };
  if (mode === 'accrual') {
    return { holidayAccrualMinutes: divRound(base.holidayBaseMinutes * HOLIDAY_RATE_NUMERATOR, HOLIDAY_RATE_DENOMINATOR), holidayPayPence: 0 };
  }
  return { holidayAccrualMinutes: 0, holidayPayPence: divRound(base.holidayBasePence * HOLIDAY_RATE_NUMERATOR, HOLIDAY_RATE_DENOMINATOR) };
}
