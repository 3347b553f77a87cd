// The features that make a Curtois & Qu instance hard, measured the same way on the published
// instances and on generated ones, so the generator's "real" style can be checked against them.
// Pure: an instance in, numbers out.

import type { CurtoisInstance } from './parse.ts';

export interface InstanceFeatures {
  readonly days: number;
  readonly staff: number;
  readonly shiftTypes: number;
  /** Cover minutes asked (requirement x length, summed) over the staff's summed maximum minutes. */
  readonly coverOverMax: number;
  /** The staff's summed minimum minutes over the cover minutes asked (above 1: excess is forced). */
  readonly minOverCover: number;
  /** On-requests per worker-day, and off-requests per worker-day. */
  readonly onPerWorkerDay: number;
  readonly offPerWorkerDay: number;
  /** Mean weight of the on- and off-requests (0 when there are none). */
  readonly onWeightMean: number;
  readonly offWeightMean: number;
  /** Mean cover weights, under and over. */
  readonly underWeightMean: number;
  readonly overWeightMean: number;
  /** Fixed days off per worker-day. */
  readonly daysOffPerWorkerDay: number;
  /** Mean over staff of the run rules. */
  readonly maxConsecutiveMean: number;
  readonly minConsecutiveMean: number;
  readonly minConsecutiveOffMean: number;
  /** Mean over staff of maxWeekends over the weekends in the horizon. */
  readonly weekendShare: number;
  /** Mean daily cover asked (shifts) over the staff count. */
  readonly dailyDemandShare: number;
  /** Cover asked per weekend day over cover asked per weekday. */
  readonly weekendOverWeekday: number;
  /**
   * Cover asked at weekends over what the weekend limits let the staff give (two shifts per weekend
   * worked): above 1, some weekend cover must go short whatever the roster.
   */
  readonly weekendCoverOverLimit: number;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export function instanceFeatures(inst: CurtoisInstance): InstanceFeatures {
  const days = inst.horizonDays;
  const staff = inst.staff.length;
  const lengthOf = new Map(inst.shifts.map((s) => [s.id, s.lengthMinutes]));
  let coverMinutes = 0;
  let coverShifts = 0;
  for (const c of inst.cover) {
    coverMinutes += c.requirement * (lengthOf.get(c.shiftId) ?? 0);
    coverShifts += c.requirement;
  }
  const maxSum = inst.staff.reduce((a, s) => a + s.maxTotalMinutes, 0);
  const minSum = inst.staff.reduce((a, s) => a + s.minTotalMinutes, 0);
  const workerDays = days * staff;
  const weekends = Math.floor((days + 1) / 7);
  const daysOff = Object.values(inst.daysOff).reduce((a, list) => a + list.length, 0);
  let weekendShifts = 0;
  let weekdayShifts = 0;
  let weekendDays = 0;
  for (let d = 0; d < days; d++) if (d % 7 >= 5) weekendDays++;
  for (const c of inst.cover) {
    if (c.day % 7 >= 5) weekendShifts += c.requirement;
    else weekdayShifts += c.requirement;
  }
  const weekendLimit = inst.staff.reduce((a, s) => a + 2 * Math.min(s.maxWeekends, weekends), 0);
  return {
    days,
    staff,
    shiftTypes: inst.shifts.length,
    coverOverMax: maxSum === 0 ? 0 : coverMinutes / maxSum,
    minOverCover: coverMinutes === 0 ? 0 : minSum / coverMinutes,
    onPerWorkerDay: inst.onRequests.length / workerDays,
    offPerWorkerDay: inst.offRequests.length / workerDays,
    onWeightMean: mean(inst.onRequests.map((r) => r.weight)),
    offWeightMean: mean(inst.offRequests.map((r) => r.weight)),
    underWeightMean: mean(inst.cover.map((c) => c.weightUnder)),
    overWeightMean: mean(inst.cover.map((c) => c.weightOver)),
    daysOffPerWorkerDay: daysOff / workerDays,
    maxConsecutiveMean: mean(inst.staff.map((s) => s.maxConsecutiveShifts)),
    minConsecutiveMean: mean(inst.staff.map((s) => s.minConsecutiveShifts)),
    minConsecutiveOffMean: mean(inst.staff.map((s) => s.minConsecutiveDaysOff)),
    weekendShare: weekends === 0 ? 0 : mean(inst.staff.map((s) => Math.min(1, s.maxWeekends / weekends))),
    dailyDemandShare: staff === 0 ? 0 : coverShifts / days / staff,
    weekendOverWeekday:
      weekendDays === 0 || weekdayShifts === 0 ? 0 : weekendShifts / weekendDays / (weekdayShifts / (days - weekendDays)),
    weekendCoverOverLimit: weekendLimit === 0 ? 0 : weekendShifts / weekendLimit,
  };
}

/** The columns of the features table, in order, with how each is printed. */
export const FEATURE_COLUMNS: readonly (readonly [keyof InstanceFeatures, string, number])[] = [
  ['coverOverMax', 'cover / max min', 2],
  ['minOverCover', 'min min / cover', 2],
  ['dailyDemandShare', 'demand / staff', 2],
  ['onPerWorkerDay', 'on req / w-day', 3],
  ['offPerWorkerDay', 'off req / w-day', 3],
  ['onWeightMean', 'on weight', 1],
  ['offWeightMean', 'off weight', 1],
  ['underWeightMean', 'under weight', 0],
  ['overWeightMean', 'over weight', 1],
  ['daysOffPerWorkerDay', 'days off / w-day', 3],
  ['maxConsecutiveMean', 'max run', 1],
  ['minConsecutiveMean', 'min run', 1],
  ['minConsecutiveOffMean', 'min off run', 1],
  ['weekendShare', 'weekends share', 2],
  ['weekendOverWeekday', 'weekend / weekday cover', 2],
  ['weekendCoverOverLimit', 'weekend cover / limit', 2],
];

/**
 * The range of each feature over the published instances we have (1-12, 14, 16, 18, 20), as
 * features-table.ts measured it (bench/results/engine.md, section s12-realgen): what the generator's
 * real style draws from, and what its test holds it to.
 */
export const PUBLISHED_FEATURE_RANGES: Readonly<Partial<Record<keyof InstanceFeatures, readonly [number, number]>>> = {
  coverOverMax: [0.85, 1.01],
  minOverCover: [0.74, 1.15],
  dailyDemandShare: [0.41, 0.65],
  onPerWorkerDay: [0.139, 0.255],
  offPerWorkerDay: [0.045, 0.114],
  onWeightMean: [1.6, 2.3],
  offWeightMean: [1.5, 2.45],
  underWeightMean: [100, 100],
  overWeightMean: [1, 1],
  daysOffPerWorkerDay: [0.071, 0.107],
  maxConsecutiveMean: [4.8, 5.4],
  minConsecutiveMean: [1.4, 2],
  minConsecutiveOffMean: [1.7, 2.4],
  weekendShare: [0.46, 0.64],
  weekendOverWeekday: [0.94, 1.2],
  weekendCoverOverLimit: [0.64, 1.29],
};

/** The features of f outside the published ranges, each as "name value not in [lo, hi]". */
export function outsidePublishedRanges(f: InstanceFeatures): string[] {
  const out: string[] = [];
  for (const [key, range] of Object.entries(PUBLISHED_FEATURE_RANGES) as [keyof InstanceFeatures, readonly [number, number]][]) {
    // The table prints two or three digits; a value that rounds into the range is in it.
    const value = Math.round(f[key] * 1000) / 1000;
    if (value < range[0] - 0.005 || value > range[1] + 0.005) out.push(`${key} ${value} not in [${range[0]}, ${range[1]}]`);
  }
  return out;
}
