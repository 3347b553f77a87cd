// days.weeklyRest: the longest unbroken rest in each full week (the 7-day form), or the two longest in
// each fortnight (the 48h-in-14 and 2x24h-in-14 forms). Both are kept per (worker, week) and moved
// when the worker's held slots change; a delta judges only the weeks or fortnights slot s touches,
// and skips the weeks where s cannot change the answer (outside the week's longest rest when added,
// a need already met when removed).

import type { ProblemIndex } from '../constraints/context.ts';
import { breachPen, PROTECTION_BASE } from '../constraints/types.ts';
import { longestTwoRests, weeklyRestShortMinutes } from '../constraints/weekly-rest.ts';
import { NONE } from './scorer-tables.ts';
import type { ScorerParts } from './scorer-parts.ts';
import { lowerBoundStart } from './worker-state.ts';

export class WeeklyRestRules {
  declare private readonly ix: ProblemIndex;
  declare private readonly K: number;
  declare private readonly held: number[][];
  /** The 7-day form's need per worker (0: none). */
  declare private readonly weeklyRest: Float64Array;
  /** Fortnightly forms: the need (0: none, or the 7-day form), 1 for 48h-in-14, 2 for 2x24h-in-14. */
  declare private readonly fortNeed: Float64Array;
  declare private readonly fortForm: Uint8Array;
  /** Busy intervals before day 0 (history), sorted by start, per worker. */
  declare private readonly beforeStart: (readonly number[])[];
  declare private readonly beforeEnd: (readonly number[])[];
  declare private readonly fullWeek: Uint8Array;
  declare private readonly weekStartMin: Float64Array;
  declare private readonly weekEndMin: Float64Array;
  /** Start of the fortnight ending at each full week. */
  declare private readonly fortStart: Float64Array;
  declare private readonly wWeeklyRest: number;
  /** Longest unbroken rest per (worker, full week), kept for workers with the 7-day form. */
  declare private readonly restLongest: Float64Array;
  /** Where that longest rest lies: a slot outside it cannot shorten the week's longest rest. */
  declare private readonly restGapStart: Float64Array;
  declare private readonly restGapEnd: Float64Array;
  /** Penalty of each (worker, fortnight ending at week k), kept for workers with a fortnightly form. */
  declare private readonly fortPen: Float64Array;
  /** Bounds of the last longestRest() result. */
  private gapStart = 0;
  private gapEnd = 0;
  private readonly scratchStart: number[] = [];
  private readonly scratchEnd: number[] = [];

  constructor({ ix, rules, weights, calendar, state }: ScorerParts) {
    this.ix = ix;
    this.K = ix.weekCount;
    this.held = state.held;
    this.weeklyRest = rules.weeklyRest;
    this.fortNeed = rules.fortNeed;
    this.fortForm = rules.fortForm;
    this.beforeStart = rules.beforeStart;
    this.beforeEnd = rules.beforeEnd;
    this.fullWeek = calendar.fullWeek;
    this.weekStartMin = calendar.weekStartMin;
    this.weekEndMin = calendar.weekEndMin;
    this.fortStart = calendar.fortStart;
    this.wWeeklyRest = weights.wWeeklyRest;
    this.restLongest = state.restLongest;
    this.restGapStart = state.restGapStart;
    this.restGapEnd = state.restGapEnd;
    this.fortPen = state.fortPen;
    // The history alone can leave a fortnight short (the empty rota's score counts it too).
    for (let w = 0; w < ix.workerCount; w++) {
      if (this.fortNeed[w] === 0) continue;
      for (let k = 0; k < this.K; k++) if (this.fullWeek[k] === 1) this.fortPen[w * this.K + k] = this.fortnightPenalty(w, k, NONE, NONE, NONE);
    }
  }

  applies(w: number): boolean {
    return this.weeklyRest[w] > 0 || this.fortNeed[w] > 0;
  }

  /**
   * Hard change when w gains (sign 1) or loses (sign -1) s. `skip`: a held slot to treat as gone (a
   * swap's losing half); the held list and the caches still contain it.
   */
  change(w: number, s: number, sign: number, skip: number): number {
    let dh = 0;
    if (this.weeklyRest[w] > 0) dh += this.weekChange(w, s, sign, skip);
    if (this.fortNeed[w] > 0) dh += this.fortnightChange(w, s, sign, skip);
    return dh;
  }

  /** Brings the caches of the weeks and fortnights s touches up to date after w gained or lost s. */
  refresh(w: number, s: number): void {
    const ix = this.ix;
    const K = this.K;
    const start = ix.slotStart[s];
    const end = ix.slotEnd[s];
    let a = ix.slotWeek[s];
    while (a > 0 && this.weekEndMin[a - 1] > start) a--;
    if (this.weeklyRest[w] > 0) {
      for (let wk = a; wk < K && this.weekStartMin[wk] < end; wk++) {
        this.restLongest[w * K + wk] = this.longestRest(w, wk, NONE, NONE);
        this.restGapStart[w * K + wk] = this.gapStart;
        this.restGapEnd[w * K + wk] = this.gapEnd;
      }
    }
    if (this.fortNeed[w] > 0) {
      let b = ix.slotWeek[s];
      while (b + 1 < K && this.weekStartMin[b + 1] < end) b++;
      for (let f = a; f <= Math.min(K - 1, b + 1); f++) {
        if (this.fullWeek[f] === 1) this.fortPen[w * K + f] = this.fortnightPenalty(w, f, NONE, NONE, NONE);
      }
    }
  }

  /** The 7-day form in each full week the slot touches. */
  private weekChange(w: number, s: number, sign: number, skip: number): number {
    const ix = this.ix;
    const need = this.weeklyRest[w];
    const start = ix.slotStart[s];
    const end = ix.slotEnd[s];
    let dh = 0;
    let first = ix.slotWeek[s];
    while (first > 0 && this.weekEndMin[first - 1] > start) first--;
    for (let wk = first; wk < this.K && this.weekStartMin[wk] < end; wk++) {
      if (this.fullWeek[wk] === 0) continue;
      const at = w * this.K + wk;
      let before = this.restLongest[at];
      let after: number;
      if (skip !== NONE && ix.slotStart[skip] < this.weekEndMin[wk] && ix.slotEnd[skip] > this.weekStartMin[wk]) {
        // The cache still counts skip in this week: judge both sides without it.
        before = this.longestRest(w, wk, NONE, skip);
        after = this.longestRest(w, wk, s, skip);
      } else if (sign > 0) {
        // Adding s only shortens the longest rest if it lands in it.
        if (start >= this.restGapEnd[at] || end <= this.restGapStart[at]) continue;
        after = this.longestRest(w, wk, s, NONE);
      } else {
        // Removing s only lengthens rest: nothing to gain once the need is met.
        if (before >= need) continue;
        after = this.longestRest(w, wk, NONE, s);
      }
      dh += breachPen(need - after, this.wWeeklyRest, PROTECTION_BASE) - breachPen(need - before, this.wWeeklyRest, PROTECTION_BASE);
    }
    return dh;
  }

  /** The fortnightly forms: each fortnight (a full week and the one before) that s reaches into. */
  private fortnightChange(w: number, s: number, sign: number, skip: number): number {
    const ix = this.ix;
    const start = ix.slotStart[s];
    const end = ix.slotEnd[s];
    let dh = 0;
    let a = ix.slotWeek[s];
    while (a > 0 && this.weekEndMin[a - 1] > start) a--;
    let b = ix.slotWeek[s];
    while (b + 1 < this.K && this.weekStartMin[b + 1] < end) b++;
    const lastF = Math.min(this.K - 1, b + 1);
    for (let f = a; f <= lastF; f++) {
      if (this.fullWeek[f] === 0) continue;
      const skipIn = skip !== NONE && ix.slotStart[skip] < this.weekEndMin[f] && ix.slotEnd[skip] > this.fortStart[f];
      const before = skipIn ? this.fortnightPenalty(w, f, NONE, skip, NONE) : this.fortPen[w * this.K + f];
      const after = sign > 0 ? this.fortnightPenalty(w, f, s, skip, NONE) : this.fortnightPenalty(w, f, NONE, s, skip);
      dh += after - before;
    }
    return dh;
  }

  /** days.weeklyRest penalty of the fortnight ending at week f, with `extra` added and `dropA` / `dropB` left out. */
  private fortnightPenalty(w: number, f: number, extra: number, dropA: number, dropB: number): number {
    const ix = this.ix;
    const from = this.fortStart[f];
    const to = this.weekEndMin[f];
    const starts = this.scratchStart;
    const ends = this.scratchEnd;
    let n = 0;
    const push = (start: number, end: number) => {
      // Insertion by start: the lists are short (one worker's fortnight).
      let i = n++;
      while (i > 0 && starts[i - 1] > start) {
        starts[i] = starts[i - 1];
        ends[i] = ends[i - 1];
        i--;
      }
      starts[i] = start;
      ends[i] = end;
    };
    const bs = this.beforeStart[w];
    const be = this.beforeEnd[w];
    for (let i = 0; i < bs.length; i++) if (bs[i] < to && be[i] >= from) push(bs[i], be[i]);
    const held = this.held[w];
    for (let i = lowerBoundStart(held, ix.slotStart, from - ix.maxSlotMinutes); i < held.length; i++) {
      const t = held[i];
      if (ix.slotStart[t] >= to) break;
      if (t === dropA || t === dropB || ix.slotEnd[t] < from) continue;
      push(ix.slotStart[t], ix.slotEnd[t]);
    }
    if (extra !== NONE) push(ix.slotStart[extra], ix.slotEnd[extra]);
    const [longest, second] = longestTwoRests(starts, ends, n, from, to);
    const form = this.fortForm[w] === 1 ? '48h-in-14' : '2x24h-in-14';
    return breachPen(weeklyRestShortMinutes(form, this.fortNeed[w], longest, second), this.wWeeklyRest, PROTECTION_BASE);
  }

  /** Longest unbroken rest in week wk, with slot `extra` added and slot `skip` left out; its bounds into gapStart / gapEnd. */
  private longestRest(w: number, wk: number, extra: number, skip: number): number {
    const ix = this.ix;
    const held = this.held[w];
    const weekStart = this.weekStartMin[wk];
    const weekEnd = this.weekEndMin[wk];
    let cursor = weekStart;
    let longest = 0;
    let gapStart = weekStart;
    let gapEnd = weekStart;
    let i = lowerBoundStart(held, ix.slotStart, weekStart - ix.maxSlotMinutes);
    const extraRank = extra >= 0 ? ix.slotRank[extra] : 0;
    let pendingExtra = extra >= 0;
    for (;;) {
      let s: number;
      if (pendingExtra && (i >= held.length || ix.slotRank[held[i]] > extraRank)) {
        s = extra;
        pendingExtra = false;
      } else if (i < held.length) {
        s = held[i++];
        if (s === skip) continue;
      } else break;
      const start = ix.slotStart[s];
      if (start >= weekEnd) break;
      const end = ix.slotEnd[s];
      if (end <= weekStart) continue;
      const a = start > weekStart ? start : weekStart;
      if (a - cursor > longest) {
        longest = a - cursor;
        gapStart = cursor;
        gapEnd = a;
      }
      const b = end < weekEnd ? end : weekEnd;
      if (b > cursor) cursor = b;
    }
    if (weekEnd - cursor > longest) {
      longest = weekEnd - cursor;
      gapStart = cursor;
      gapEnd = weekEnd;
    }
    this.gapStart = gapStart;
    this.gapEnd = gapEnd;
    return longest;
  }
}
