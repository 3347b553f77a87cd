// The incremental scorer's per-worker state: each worker's held slots in slot order and the counters
// the rule families read (slots per day and type, minutes per week and in total and in each average
// window, weekends, fairness counts, matched preferences, worked days as bits). Apply and undo are
// one function with a sign: +1 when worker w gains slot s, -1 when it loses it.

import type { ProblemIndex } from '../constraints/context.ts';
import { FAIRNESS_CATEGORIES } from '../constraints/fairness.ts';
import { NONE } from './scorer-tables.ts';
import type { PreferenceTables, ScorerParts } from './scorer-parts.ts';

/** First index in held whose slot rank is >= rank. */
export function lowerBoundRank(held: readonly number[], slotRank: Int32Array, rank: number): number {
  let lo = 0;
  let hi = held.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slotRank[held[mid]] < rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in held whose slot starts at or after startMin. */
export function lowerBoundStart(held: readonly number[], slotStart: Float64Array, startMin: number): number {
  let lo = 0;
  let hi = held.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slotStart[held[mid]] < startMin) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether preference p matches slot s (its slot, day and type, each NONE when absent). */
export function preferenceMatchesSlot(pref: PreferenceTables, ix: ProblemIndex, p: number, s: number): boolean {
  const slot = pref.prefSlot[p];
  if (slot !== NONE && slot !== s) return false;
  const day = pref.prefDay[p];
  if (day !== NONE && day !== ix.slotDay[s]) return false;
  const type = pref.prefType[p];
  return type === NONE || type === ix.slotType[s];
}

export class WorkerState {
  /** Per worker, the held slots in slot-rank order. */
  declare readonly held: number[][];
  /**
   * Per (worker, day), a record of dayStride words at (w D + d) dayStride: slots held that day; bit t
   * set when a slot of type t is held that day (all bits when there are more than 32 types); then,
   * with successions, slots held that day per type. One cache line per day: a succession check reads
   * the neighbour day's bits and counts types only when a bit matches.
   */
  declare readonly dayCount: Int32Array;
  declare readonly dayStride: number;
  declare private readonly ix: ProblemIndex;
  declare private readonly D: number;
  declare private readonly K: number;
  declare private readonly T: number;
  declare private readonly typeMasks: boolean;
  declare private readonly hasSuccessions: boolean;
  declare private readonly weekMinutes: Float64Array;
  declare private readonly totalMinutes: Float64Array;
  declare private readonly averageCap: Float64Array;
  declare private readonly averageWeeks: Int32Array;
  declare private readonly averageWindow: Float64Array;
  declare private readonly nightCap: Float64Array;
  declare private readonly nightWeeks: Int32Array;
  declare private readonly nightWindow: Float64Array;
  declare private readonly typeCount: Int32Array;
  declare private readonly weekendSlots: Int32Array;
  declare private readonly weekendsWorked: Int32Array;
  declare private readonly slotFair: Uint8Array;
  declare private readonly fairCount: Int32Array;
  /** Worked days per worker as bits (day d: word d >> 5, bit d & 31), for fast run lengths. */
  declare private readonly workedBits: Int32Array;
  declare private readonly bitWords: number;
  declare private readonly pref: PreferenceTables;
  declare private readonly prefBucketStart: Int32Array;
  declare private readonly prefBucket: Int32Array;
  declare private readonly prefCount: Int32Array;

  constructor({ ix, rules, calendar, successions, preferences, state }: ScorerParts) {
    this.ix = ix;
    this.D = ix.dayCount;
    this.K = ix.weekCount;
    this.T = ix.typeIds.length;
    this.held = state.held;
    this.dayCount = state.dayCount;
    this.dayStride = state.dayStride;
    this.typeMasks = state.typeMasks;
    this.hasSuccessions = successions.hasSuccessions;
    this.weekMinutes = state.weekMinutes;
    this.totalMinutes = state.totalMinutes;
    this.averageCap = rules.averageCap;
    this.averageWeeks = rules.averageWeeks;
    this.averageWindow = rules.averageWindow;
    this.nightCap = rules.nightCap;
    this.nightWeeks = rules.nightWeeks;
    this.nightWindow = rules.nightWindow;
    this.typeCount = state.typeCount;
    this.weekendSlots = state.weekendSlots;
    this.weekendsWorked = state.weekendsWorked;
    this.slotFair = calendar.slotFair;
    this.fairCount = state.fairCount;
    this.workedBits = state.workedBits;
    this.bitWords = state.bitWords;
    this.pref = preferences;
    this.prefBucketStart = preferences.prefBucketStart;
    this.prefBucket = preferences.prefBucket;
    this.prefCount = preferences.prefCount;
  }

  /** Slots worker w holds on day d. */
  slotsOnDay(w: number, d: number): number {
    return this.dayCount[this.dayStride * (w * this.D + d)];
  }

  /** Puts s into (sign 1) or takes it out of (sign -1) w's held list, at its rank. */
  moveHeld(w: number, s: number, sign: number): void {
    const held = this.held[w];
    const pos = lowerBoundRank(held, this.ix.slotRank, this.ix.slotRank[s]);
    // Shift by hand: splice would allocate the array of removed items on every call.
    if (sign > 0) {
      held.push(s);
      for (let i = held.length - 1; i > pos; i--) held[i] = held[i - 1];
      held[pos] = s;
    } else {
      for (let i = pos; i < held.length - 1; i++) held[i] = held[i + 1];
      held.pop();
    }
  }

  /** Every per-worker counter except the held list and the weekly-rest caches (O(1) each way). */
  countsApply(w: number, s: number, sign: number): void {
    const ix = this.ix;
    const d = ix.slotDay[s];
    const rec = this.dayStride * (w * this.D + d);
    const dayWas = this.dayCount[rec];
    this.dayCount[rec] = dayWas + sign;
    if (sign > 0 ? dayWas === 0 : dayWas === 1) this.workedBits[w * this.bitWords + (d >>> 5)] ^= 1 << (d & 31);
    const minutes = ix.slotWork[s] * sign;
    const k = ix.slotWeek[s];
    this.weekMinutes[w * this.K + k] += minutes;
    this.totalMinutes[w] += minutes;
    if (this.averageCap[w] === this.averageCap[w]) {
      const last = Math.min(this.K - 1, k + this.averageWeeks[w] - 1);
      for (let j = k; j <= last; j++) this.averageWindow[w * this.K + j] += minutes;
    }
    if (this.nightCap[w] === this.nightCap[w]) {
      const last = Math.min(this.K - 1, k + this.nightWeeks[w] - 1);
      for (let j = k; j <= last; j++) this.nightWindow[w * this.K + j] += minutes;
    }
    const t = ix.slotType[s];
    this.typeCount[w * this.T + t] += sign;
    if (this.hasSuccessions) {
      const c = (this.dayCount[rec + 2 + t] += sign);
      if (this.typeMasks && (sign > 0 ? c === 1 : c === 0)) this.dayCount[rec + 1] ^= 1 << t;
    }
    const e = ix.slotWeekend[s];
    if (e >= 0) {
      const i = w * ix.weekendCount + e;
      const c = this.weekendSlots[i];
      this.weekendSlots[i] = c + sign;
      if (sign > 0 ? c === 0 : c === 1) this.weekendsWorked[w] += sign;
    }
    const fair = this.slotFair[s];
    if (fair !== 0) {
      const F = FAIRNESS_CATEGORIES.length;
      for (let k = 0; k < F; k++) if ((fair >> k) & 1) this.fairCount[w * F + k] += sign;
    }
    const dayIdx = w * this.D + d;
    for (let i = this.prefBucketStart[dayIdx]; i < this.prefBucketStart[dayIdx + 1]; i++) {
      const p = this.prefBucket[i];
      if (preferenceMatchesSlot(this.pref, ix, p, s)) this.prefCount[p] += sign;
    }
  }
}
