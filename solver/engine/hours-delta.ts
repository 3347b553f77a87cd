// Hours: the weekly and total bands (hard and soft), the 17-week average and the night workers'
// average (each window holding the slot's week), and the per-type caps. Each moves by the slot's
// minutes (or by one slot of its type) in the counters of WorkerState.

import type { ProblemIndex } from '../constraints/context.ts';
import { breachPen, PROTECTION_BASE } from '../constraints/types.ts';
import type { ScorerParts } from './scorer-parts.ts';

/**
 * hours.ts's bandPenalty with absent bounds as NaN (every comparison with NaN is false, so NaN acts
 * as "no bound"): minutes outside the band times the weight, rounded, plus `overBase` above the cap.
 */
function bandPenalty(minutes: number, lower: number, upper: number, applyMin: boolean, weight: number, overBase: number): number {
  if (applyMin && minutes < lower) return Math.round((lower - minutes) * weight);
  if (minutes > upper) return overBase + Math.round((minutes - upper) * weight);
  return 0;
}

export class HoursRules {
  /** Result of change(). */
  hard = 0;
  soft = 0;

  declare private readonly ix: ProblemIndex;
  declare private readonly K: number;
  declare private readonly T: number;
  declare private readonly fullWeek: Uint8Array;
  declare private readonly weekMinutes: Float64Array;
  declare private readonly totalMinutes: Float64Array;
  /** Minutes (history included) in each average window ending at week k, per worker: w * K + k. */
  declare private readonly averageWindow: Float64Array;
  declare private readonly nightWindow: Float64Array;
  declare private readonly typeCount: Int32Array;
  declare private readonly hasWeekBand: Uint8Array;
  declare private readonly weekHardMin: Float64Array;
  declare private readonly weekHardMax: Float64Array;
  declare private readonly weekSoftMin: Float64Array;
  declare private readonly weekSoftMax: Float64Array;
  declare private readonly hasTotalBand: Uint8Array;
  declare private readonly totalHardMin: Float64Array;
  declare private readonly totalHardMax: Float64Array;
  declare private readonly totalSoftMin: Float64Array;
  declare private readonly totalSoftMax: Float64Array;
  /** Cap over the reference period (NaN: no rule) and its weeks; the same for night workers. */
  declare private readonly averageCap: Float64Array;
  declare private readonly averageWeeks: Int32Array;
  declare private readonly nightCap: Float64Array;
  declare private readonly nightWeeks: Int32Array;
  /** Per (worker, type): w * T + t, NONE when uncapped. */
  declare private readonly capByType: Int32Array;
  declare private readonly wWeekHard: number;
  declare private readonly wWeekSoft: number;
  declare private readonly wTotalHard: number;
  declare private readonly wTotalSoft: number;
  declare private readonly wAverage: number;
  declare private readonly wNight: number;
  declare private readonly wByType: number;
  /** Per worker: 1 when any of these rules applies to it. */
  declare private readonly anyRule: Uint8Array;

  constructor({ ix, rules, weights, calendar, state }: ScorerParts) {
    this.ix = ix;
    this.K = ix.weekCount;
    this.T = ix.typeIds.length;
    this.fullWeek = calendar.fullWeek;
    this.weekMinutes = state.weekMinutes;
    this.totalMinutes = state.totalMinutes;
    this.averageWindow = rules.averageWindow;
    this.nightWindow = rules.nightWindow;
    this.typeCount = state.typeCount;
    this.hasWeekBand = rules.hasWeekBand;
    this.weekHardMin = rules.weekHardMin;
    this.weekHardMax = rules.weekHardMax;
    this.weekSoftMin = rules.weekSoftMin;
    this.weekSoftMax = rules.weekSoftMax;
    this.hasTotalBand = rules.hasTotalBand;
    this.totalHardMin = rules.totalHardMin;
    this.totalHardMax = rules.totalHardMax;
    this.totalSoftMin = rules.totalSoftMin;
    this.totalSoftMax = rules.totalSoftMax;
    this.averageCap = rules.averageCap;
    this.averageWeeks = rules.averageWeeks;
    this.nightCap = rules.nightCap;
    this.nightWeeks = rules.nightWeeks;
    this.capByType = rules.capByType;
    this.wWeekHard = weights.wWeekHard;
    this.wWeekSoft = weights.wWeekSoft;
    this.wTotalHard = weights.wTotalHard;
    this.wTotalSoft = weights.wTotalSoft;
    this.wAverage = weights.wAverage;
    this.wNight = weights.wNight;
    this.wByType = weights.wByType;
    this.anyRule = Uint8Array.from({ length: ix.workerCount }, (_, w) => {
      const typeCaps = rules.capByType.subarray(w * this.T, (w + 1) * this.T);
      const any = rules.hasWeekBand[w] === 1 || rules.hasTotalBand[w] === 1 || rules.averageCap[w] === rules.averageCap[w];
      return any || rules.nightCap[w] === rules.nightCap[w] || typeCaps.some((c) => c >= 0) ? 1 : 0;
    });
  }

  applies(w: number): boolean {
    return this.anyRule[w] === 1;
  }

  /** Change into hard / soft when w gains (sign 1) or loses (sign -1) slot s. */
  change(w: number, s: number, sign: number): void {
    const ix = this.ix;
    const minutes = ix.slotWork[s] * sign;
    const k = ix.slotWeek[s];
    let dh = 0;
    let ds = 0;
    if (this.hasWeekBand[w] === 1) {
      const old = this.weekMinutes[w * this.K + k];
      const now = old + minutes;
      const applyMin = this.fullWeek[k] === 1;
      dh +=
        bandPenalty(now, this.weekHardMin[w], this.weekHardMax[w], applyMin, this.wWeekHard, PROTECTION_BASE) -
        bandPenalty(old, this.weekHardMin[w], this.weekHardMax[w], applyMin, this.wWeekHard, PROTECTION_BASE);
      ds +=
        bandPenalty(now, this.weekSoftMin[w], this.weekSoftMax[w], applyMin, this.wWeekSoft, 0) -
        bandPenalty(old, this.weekSoftMin[w], this.weekSoftMax[w], applyMin, this.wWeekSoft, 0);
    }
    if (this.hasTotalBand[w] === 1) {
      const old = this.totalMinutes[w];
      const now = old + minutes;
      dh +=
        bandPenalty(now, this.totalHardMin[w], this.totalHardMax[w], true, this.wTotalHard, PROTECTION_BASE) -
        bandPenalty(old, this.totalHardMin[w], this.totalHardMax[w], true, this.wTotalHard, PROTECTION_BASE);
      ds +=
        bandPenalty(now, this.totalSoftMin[w], this.totalSoftMax[w], true, this.wTotalSoft, 0) -
        bandPenalty(old, this.totalSoftMin[w], this.totalSoftMax[w], true, this.wTotalSoft, 0);
    }
    const cap = this.averageCap[w];
    if (cap === cap) dh += this.windowChange(this.averageWindow, w, k, this.averageWeeks[w], minutes, cap, this.wAverage);
    const nightCap = this.nightCap[w];
    if (nightCap === nightCap) dh += this.windowChange(this.nightWindow, w, k, this.nightWeeks[w], minutes, nightCap, this.wNight);
    const t = ix.slotType[s];
    const typeCap = this.capByType[w * this.T + t];
    if (typeCap >= 0) {
      const c = this.typeCount[w * this.T + t];
      dh += breachPen(c + sign - typeCap, this.wByType, PROTECTION_BASE) - breachPen(c - typeCap, this.wByType, PROTECTION_BASE);
    }
    this.hard = dh;
    this.soft = ds;
  }

  /** An average's change: every window of `weeks` weeks that holds week k moves by `minutes`. */
  private windowChange(window: Float64Array, w: number, k: number, weeks: number, minutes: number, cap: number, weight: number): number {
    const last = Math.min(this.K - 1, k + weeks - 1);
    const base = w * this.K;
    let dh = 0;
    for (let j = k; j <= last; j++) {
      const old = window[base + j];
      dh += breachPen(old + minutes - cap, weight, PROTECTION_BASE) - breachPen(old - cap, weight, PROTECTION_BASE);
    }
    return dh;
  }
}
