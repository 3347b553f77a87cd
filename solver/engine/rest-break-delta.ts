// breaks.restBreak: in every stretch of work with no break-long gap, more than maxWorkMinutes of work
// without a slot that provides a break of its own is a breach. When worker w gains or loses slot s
// only the stretch holding the previous held slot and the one holding the next can change (every
// other stretch keeps its slots and its break-long gaps at both ends), so both sides are judged on
// that region alone.

import type { ProblemIndex } from '../constraints/context.ts';
import { breachPen, PROTECTION_BASE } from '../constraints/types.ts';
import type { ScorerParts } from './scorer-parts.ts';

export class RestBreakRule {
  declare private readonly ix: ProblemIndex;
  declare private readonly held: number[][];
  /** Most work without a break (NaN: no rule) and the shortest gap or break that counts. */
  declare private readonly breakMaxWork: Float64Array;
  declare private readonly breakMin: Float64Array;
  /** Longest break each slot provides. */
  declare private readonly slotBreak: Float64Array;
  declare private readonly wRestBreak: number;

  constructor({ ix, rules, weights, calendar, state }: ScorerParts) {
    this.ix = ix;
    this.held = state.held;
    this.breakMaxWork = rules.breakMaxWork;
    this.breakMin = rules.breakMin;
    this.slotBreak = calendar.slotBreak;
    this.wRestBreak = weights.wRestBreak;
  }

  applies(w: number): boolean {
    return this.breakMaxWork[w] === this.breakMaxWork[w];
  }

  /**
   * Penalty of the stretches around s with s minus without it. `pos` is s's place in the held list
   * (lowerBoundRank); `skip` a held slot to treat as gone.
   */
  change(w: number, s: number, pos: number, sign: number, skip: number): number {
    const held = this.held[w];
    const slotStart = this.ix.slotStart;
    const slotEnd = this.ix.slotEnd;
    const minBreak = this.breakMin[w];
    let i = pos - 1;
    while (i >= 0 && held[i] === skip) i--;
    let j = sign > 0 ? pos : pos + 1;
    while (j < held.length && held[j] === skip) j++;
    // A break-long gap on both sides: s is a stretch of its own, and its neighbours are further apart
    // still without it, so s alone is the change.
    if ((i < 0 || slotStart[s] - slotEnd[held[i]] >= minBreak) && (j >= held.length || slotStart[held[j]] - slotEnd[s] >= minBreak)) {
      const work = this.ix.slotWork[s];
      const maxWork = this.breakMaxWork[w];
      return this.slotBreak[s] >= minBreak || work <= maxWork ? 0 : breachPen(work - maxWork, this.wRestBreak, PROTECTION_BASE);
    }
    let lo = i >= 0 ? i : j;
    if (i >= 0) {
      let cur = held[i];
      for (let q = i - 1; q >= 0; q--) {
        if (held[q] === skip) continue;
        if (slotStart[cur] - slotEnd[held[q]] >= minBreak) break;
        lo = q;
        cur = held[q];
      }
    }
    let hi = j < held.length ? j : i;
    if (j < held.length) {
      let cur = held[j];
      for (let q = j + 1; q < held.length; q++) {
        if (held[q] === skip) continue;
        if (slotStart[held[q]] - slotEnd[cur] >= minBreak) break;
        hi = q;
        cur = held[q];
      }
    }
    return this.stretchPenalty(w, lo, hi, s, skip, true) - this.stretchPenalty(w, lo, hi, s, skip, false);
  }

  /** Rest-break penalty of held[lo..hi] (s and skip left out), with s put in its place when withS. */
  private stretchPenalty(w: number, lo: number, hi: number, s: number, skip: number, withS: boolean): number {
    const held = this.held[w];
    const ix = this.ix;
    const slotRank = ix.slotRank;
    const minBreak = this.breakMin[w];
    const maxWork = this.breakMaxWork[w];
    const sRank = slotRank[s];
    let pending = withS;
    let p = 0;
    let work = 0;
    let hasBreak = false;
    let prevEnd = NaN;
    let q = lo;
    for (;;) {
      let y: number;
      if (pending && (q > hi || q < 0 || slotRank[held[q]] > sRank)) {
        y = s;
        pending = false;
      } else if (q >= 0 && q <= hi) {
        y = held[q++];
        if (y === s || y === skip) continue;
      } else break;
      if (prevEnd === prevEnd && ix.slotStart[y] - prevEnd >= minBreak) {
        if (!hasBreak && work > maxWork) p += breachPen(work - maxWork, this.wRestBreak, PROTECTION_BASE);
        work = 0;
        hasBreak = false;
      }
      work += ix.slotWork[y];
      if (this.slotBreak[y] >= minBreak) hasBreak = true;
      prevEnd = ix.slotEnd[y];
    }
    if (!hasBreak && work > maxWork) p += breachPen(work - maxWork, this.wRestBreak, PROTECTION_BASE);
    return p;
  }
}
