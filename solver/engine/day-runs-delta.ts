// Runs of days: days.maxConsecutive and days.minConsecutive on runs of worked days (the history's run
// before day 0 and the fixed run after the horizon count at the edges), days.minConsecutiveOff on runs
// of days off. They change only when a day turns from off to worked or back, and then only for the run
// holding that day and the runs either side of it, read 32 days at a time from the worked-day bits.

import type { ScorerParts } from './scorer-parts.ts';
import { breachPen, PROTECTION_BASE } from '../constraints/types.ts';

export class DayRunRules {
  declare private readonly D: number;
  /** Worked days per worker as bits (day d: word d >> 5, bit d & 31), shared with WorkerState. */
  declare private readonly workedBits: Int32Array;
  declare private readonly bitWords: number;
  declare private readonly maxRun: Int32Array;
  /** Days worked in a row before day 0 (history) and from the day after the horizon. */
  declare private readonly runBefore: Int32Array;
  declare private readonly runAfter: Int32Array;
  declare private readonly minRun: Int32Array;
  declare private readonly minOff: Int32Array;
  declare private readonly wMaxRun: number;
  declare private readonly wMinRun: number;
  declare private readonly wMinOff: number;

  constructor({ ix, rules, weights, state }: ScorerParts) {
    this.D = ix.dayCount;
    this.workedBits = state.workedBits;
    this.bitWords = state.bitWords;
    this.maxRun = rules.maxRun;
    this.runBefore = rules.runBefore;
    this.runAfter = rules.runAfter;
    this.minRun = rules.minRun;
    this.minOff = rules.minOff;
    this.wMaxRun = weights.wMaxRun;
    this.wMinRun = weights.wMinRun;
    this.wMinOff = weights.wMinOff;
  }

  applies(w: number): boolean {
    return this.maxRun[w] >= 0 || this.minRun[w] >= 0 || this.minOff[w] >= 0;
  }

  /** Hard change of the run rules when day d turns from off to worked (negate for the reverse). */
  dayTurnsWorked(w: number, d: number): number {
    const left = this.runLeft(w, d, 0);
    const right = this.runRight(w, d, 0);
    let change = this.workRunPenalty(w, d - left, d + right);
    if (left > 0) change -= this.workRunPenalty(w, d - left, d - 1);
    if (right > 0) change -= this.workRunPenalty(w, d + 1, d + right);
    if (this.minOff[w] >= 0) {
      const offLeft = left === 0 ? this.runLeft(w, d, -1) : 0;
      const offRight = right === 0 ? this.runRight(w, d, -1) : 0;
      change -= this.offRunPenalty(w, d - offLeft, d + offRight);
      if (offLeft > 0) change += this.offRunPenalty(w, d - offLeft, d - 1);
      if (offRight > 0) change += this.offRunPenalty(w, d + 1, d + offRight);
    }
    return change;
  }

  /** Days in a row just before day d that are worked (flip 0) or off (flip -1). */
  private runLeft(w: number, d: number, flip: number): number {
    const base = w * this.bitWords;
    let count = 0;
    let pos = d - 1;
    while (pos >= 0) {
      const bit = pos & 31;
      const x = this.workedBits[base + (pos >>> 5)] ^ flip;
      // Bring bit `pos` to the top; leading ones are the run going down.
      const ones = Math.clz32(~(x << (31 - bit)));
      if (ones <= bit) return count + ones;
      count += bit + 1;
      pos -= bit + 1;
    }
    return count;
  }

  /** Days in a row just after day d that are worked (flip 0) or off (flip -1). */
  private runRight(w: number, d: number, flip: number): number {
    const base = w * this.bitWords;
    const D = this.D;
    let count = 0;
    let pos = d + 1;
    while (pos < D) {
      const bit = pos & 31;
      const y = (this.workedBits[base + (pos >>> 5)] ^ flip) >>> bit;
      // Trailing ones of y are the run going up (capped by the word and the horizon).
      const inv = ~y;
      const ones = inv === 0 ? 32 : 31 - Math.clz32(inv & -inv);
      const avail = Math.min(32 - bit, D - pos);
      if (ones < avail) return count + ones;
      count += avail;
      pos += avail;
    }
    return count;
  }

  private workRunPenalty(w: number, first: number, last: number): number {
    const length = last - first + 1;
    let p = 0;
    const max = this.maxRun[w];
    if (max >= 0) {
      const total = length + (first === 0 ? this.runBefore[w] : 0) + (last === this.D - 1 ? this.runAfter[w] : 0);
      if (total > max) p += breachPen(total - max, this.wMaxRun, PROTECTION_BASE);
    }
    const min = this.minRun[w];
    if (min >= 0 && first > 0 && last < this.D - 1 && length < min) p += Math.round((min - length) * this.wMinRun);
    return p;
  }

  private offRunPenalty(w: number, first: number, last: number): number {
    const min = this.minOff[w];
    const length = last - first + 1;
    if (min >= 0 && first > 0 && last < this.D - 1 && length < min) return Math.round((min - length) * this.wMinOff);
    return 0;
  }
}
