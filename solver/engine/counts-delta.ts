// The counting rules: shifts per day, weekends worked, forbidden successions with the day before and
// after (hard); fairness as sums of squares of each worker's counts and the preferences a slot matches
// (soft). Each reads one counter of WorkerState and moves it by one.

import type { ProblemIndex } from '../constraints/context.ts';
import { FAIRNESS_CATEGORIES } from '../constraints/fairness.ts';
import { breachPen, PROTECTION_BASE } from '../constraints/types.ts';
import type { PreferenceTables, ScorerParts } from './scorer-parts.ts';
import { preferenceMatchesSlot } from './worker-state.ts';

function squareChange(c: number, sign: number, weight: number): number {
  const n = c + sign;
  return Math.round(n * n * weight) - Math.round(c * c * weight);
}

export class CountRules {
  /** Result of change(). */
  hard = 0;
  soft = 0;

  declare private readonly ix: ProblemIndex;
  declare private readonly D: number;
  declare private readonly maxPerDay: Int32Array;
  declare private readonly wPerDay: number;
  declare private readonly maxWeekends: Int32Array;
  declare private readonly weekendSlots: Int32Array;
  declare private readonly weekendsWorked: Int32Array;
  declare private readonly wWeekends: number;
  /** Per (worker, day) records of WorkerState.dayCount (slots, type bits, slots per type). */
  declare private readonly dayCount: Int32Array;
  declare private readonly dayStride: number;
  // Successions: for type t, the types forbidden on the next day / on the day before.
  declare private readonly hasSuccessions: boolean;
  declare private readonly succNextMask: Int32Array;
  declare private readonly succPrevMask: Int32Array;
  declare private readonly succNextStart: Int32Array;
  declare private readonly succNext: Int32Array;
  declare private readonly succPrevStart: Int32Array;
  declare private readonly succPrev: Int32Array;
  declare private readonly succPenalty: number;
  /** Per slot: bit k set when it counts for fairness category k. */
  declare private readonly slotFair: Uint8Array;
  /** Per worker and fairness category (w * F + k): prior + slots held in the rota. */
  declare private readonly fairCount: Int32Array;
  /** Weight of each fairness rule, in FAIRNESS_CATEGORIES order. */
  declare private readonly wFair: Float64Array;
  declare private readonly pref: PreferenceTables;
  declare private readonly prefBucketStart: Int32Array;
  declare private readonly prefBucket: Int32Array;
  declare private readonly prefCount: Int32Array;
  declare private readonly prefDesired: Uint8Array;
  declare private readonly prefPenalty: Float64Array;

  constructor({ ix, rules, weights, calendar, successions, preferences, state }: ScorerParts) {
    this.ix = ix;
    this.D = ix.dayCount;
    this.maxPerDay = rules.maxPerDay;
    this.wPerDay = weights.wPerDay;
    this.maxWeekends = rules.maxWeekends;
    this.weekendSlots = state.weekendSlots;
    this.weekendsWorked = state.weekendsWorked;
    this.wWeekends = weights.wWeekends;
    this.dayCount = state.dayCount;
    this.dayStride = state.dayStride;
    this.hasSuccessions = successions.hasSuccessions;
    this.succNextMask = successions.succNextMask;
    this.succPrevMask = successions.succPrevMask;
    this.succNextStart = successions.succNextStart;
    this.succNext = successions.succNext;
    this.succPrevStart = successions.succPrevStart;
    this.succPrev = successions.succPrev;
    this.succPenalty = weights.succPenalty;
    this.slotFair = calendar.slotFair;
    this.fairCount = state.fairCount;
    this.wFair = weights.wFair;
    this.pref = preferences;
    this.prefBucketStart = preferences.prefBucketStart;
    this.prefBucket = preferences.prefBucket;
    this.prefCount = preferences.prefCount;
    this.prefDesired = preferences.prefDesired;
    this.prefPenalty = preferences.prefPenalty;
  }

  /**
   * Change into hard / soft when w gains (sign 1) or loses (sign -1) slot s, holding `dayBefore`
   * slots on its day.
   */
  change(w: number, s: number, sign: number, dayBefore: number): void {
    let dh = 0;
    const maxPerDay = this.maxPerDay[w];
    if (maxPerDay >= 0) {
      dh += breachPen(dayBefore + sign - maxPerDay, this.wPerDay, PROTECTION_BASE) - breachPen(dayBefore - maxPerDay, this.wPerDay, PROTECTION_BASE);
    }
    const e = this.ix.slotWeekend[s];
    const maxWeekends = this.maxWeekends[w];
    if (e >= 0 && maxWeekends >= 0) {
      const c = this.weekendSlots[w * this.ix.weekendCount + e];
      if (sign > 0 ? c === 0 : c === 1) {
        const worked = this.weekendsWorked[w];
        dh += breachPen(worked + sign - maxWeekends, this.wWeekends, PROTECTION_BASE) - breachPen(worked - maxWeekends, this.wWeekends, PROTECTION_BASE);
      }
    }
    if (this.hasSuccessions) dh += sign * this.successionsAround(w, s) * this.succPenalty;
    this.hard = dh;
    this.soft = this.softChange(w, s, sign);
  }

  /** Slots held the day before and the day after s's day whose type may not neighbour s's type. */
  private successionsAround(w: number, s: number): number {
    const d = this.ix.slotDay[s];
    const t = this.ix.slotType[s];
    const stride = this.dayStride;
    const dayIdx = w * this.D + d;
    let n = 0;
    if (d + 1 < this.D && (this.dayCount[stride * (dayIdx + 1) + 1] & this.succNextMask[t]) !== 0) {
      const base = stride * (dayIdx + 1) + 2;
      for (let i = this.succNextStart[t]; i < this.succNextStart[t + 1]; i++) n += this.dayCount[base + this.succNext[i]];
    }
    if (d > 0 && (this.dayCount[stride * (dayIdx - 1) + 1] & this.succPrevMask[t]) !== 0) {
      const base = stride * (dayIdx - 1) + 2;
      for (let i = this.succPrevStart[t]; i < this.succPrevStart[t + 1]; i++) n += this.dayCount[base + this.succPrev[i]];
    }
    return n;
  }

  /** Soft change (fairness, preferences) when w gains (sign 1) or loses (sign -1) slot s. */
  private softChange(w: number, s: number, sign: number): number {
    const dayIdx = w * this.D + this.ix.slotDay[s];
    const fair = this.slotFair[s];
    if (fair === 0 && this.prefBucketStart[dayIdx] === this.prefBucketStart[dayIdx + 1]) return 0;
    let ds = 0;
    if (fair !== 0) {
      const F = FAIRNESS_CATEGORIES.length;
      for (let k = 0; k < F; k++) if ((fair >> k) & 1) ds += squareChange(this.fairCount[w * F + k], sign, this.wFair[k]);
    }
    for (let i = this.prefBucketStart[dayIdx]; i < this.prefBucketStart[dayIdx + 1]; i++) {
      const p = this.prefBucket[i];
      if (!preferenceMatchesSlot(this.pref, this.ix, p, s)) continue;
      const c = this.prefCount[p];
      if (sign > 0 ? c !== 0 : c !== 1) continue;
      // Desired: first match removes the penalty, last loss restores it. Undesired: the reverse.
      const change = this.prefDesired[p] === 1 ? -this.prefPenalty[p] : this.prefPenalty[p];
      ds += sign * change;
    }
    return ds;
  }
}
