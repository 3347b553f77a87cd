// Rest, overlap and travel: the rules judged on a worker's consecutive held slots. When worker w
// gains or loses slot s only the slots around s matter: overlap with the held slots that overlap s
// (and the shifts either side of the horizon), travel between s and its neighbours, and the daily
// rest of the working days s can join, split or start.

import type { ProblemIndex } from '../constraints/context.ts';
import {
  followingRestShortMinutes,
  historyOverlapMinutes,
  historyRestShortMinutes,
  maxWorkingDaySpan,
  restShortMinutes,
} from '../constraints/overlap-rest.ts';
import { breachPen, PROTECTION_BASE } from '../constraints/types.ts';
import { travelShortMinutes } from '../constraints/travel.ts';
import { NONE } from './scorer-tables.ts';
import type { ScorerParts } from './scorer-parts.ts';

/**
 * Where s lies in worker w's held list: `pos` its rank (lowerBoundRank), `nextPos` the first held
 * slot after it, `prev` / `next` its neighbours without it and without `skip` (NONE: none).
 */
export interface Neighbours {
  pos: number;
  nextPos: number;
  prev: number;
  next: number;
}

export class RestRules {
  declare private readonly ix: ProblemIndex;
  declare private readonly held: number[][];
  declare private readonly minRest: Float64Array;
  /** End of the history's last shift, and the first shift fixed after the horizon (NaN: none). */
  declare private readonly lastEnd: Float64Array;
  declare private readonly nextStart: Float64Array;
  declare private readonly nextEnd: Float64Array;
  /** Longest travel time between any two sites. */
  declare private readonly maxTravel: number;
  declare private readonly wOverlap: number;
  declare private readonly wRest: number;
  declare private readonly wTravel: number;

  constructor({ ix, rules, weights, state }: ScorerParts, maxTravel: number) {
    this.ix = ix;
    this.held = state.held;
    this.minRest = rules.minRest;
    this.lastEnd = rules.lastEnd;
    this.nextStart = rules.nextStart;
    this.nextEnd = rules.nextEnd;
    this.maxTravel = maxTravel;
    this.wOverlap = weights.wOverlap;
    this.wRest = weights.wRest;
    this.wTravel = weights.wTravel;
  }

  /**
   * Hard penalty of the rules around s with s minus without it (negate when w loses s): `sign` says
   * which side s is on now (1: not held yet, -1: held); `skip` a held slot to treat as gone. One body
   * for overlap, travel and rest: this runs for every move the search scores, and each call it saves
   * is measurable there.
   */
  change(w: number, s: number, at: Neighbours, sign: number, skip: number): number {
    const ix = this.ix;
    const held = this.held[w];
    const { pos, prev, next } = at;
    const start = ix.slotStart[s];
    const end = ix.slotEnd[s];
    // Overlap with every held slot that overlaps s ...
    let dh = 0;
    const reach = start - ix.maxSlotMinutes;
    for (let i = pos - 1; i >= 0; i--) {
      const t = held[i];
      const ts = ix.slotStart[t];
      if (ts <= reach) break;
      const te = ix.slotEnd[t];
      if (te > start && t !== skip) dh += breachPen(Math.min(te, end) - start, this.wOverlap, PROTECTION_BASE);
    }
    for (let i = at.nextPos; i < held.length; i++) {
      const t = held[i];
      const ts = ix.slotStart[t];
      if (ts >= end) break;
      if (t !== skip) dh += breachPen(Math.min(ix.slotEnd[t], end) - ts, this.wOverlap, PROTECTION_BASE);
    }
    // ... and with the shifts either side of the horizon.
    const lastEnd = this.lastEnd[w];
    if (lastEnd === lastEnd && start < lastEnd) dh += breachPen(historyOverlapMinutes(lastEnd, start, end), this.wOverlap, PROTECTION_BASE);
    const nextStart = this.nextStart[w];
    if (nextStart === nextStart && end > nextStart && start < this.nextEnd[w]) {
      dh += breachPen(Math.min(end, this.nextEnd[w]) - Math.max(start, nextStart), this.wOverlap, PROTECTION_BASE);
    }

    // Travel between neighbours.
    if (next >= 0) dh += this.travelPenalty(prev, s) + this.travelPenalty(s, next) - this.travelPenalty(prev, next);
    else dh += this.travelPenalty(prev, s);

    // Daily rest: the pairs from s on, whose working days s can join, split or start. When s is a full
    // rest away from both neighbours it is a working day of its own either way and every other day is
    // unchanged (the neighbours are further apart still without it): no change, unless s would be the
    // first slot after the history's last shift.
    const minRest = this.minRest[w];
    if (minRest <= 0) return dh;
    if (!((prev !== NONE ? start - ix.slotEnd[prev] >= minRest : lastEnd !== lastEnd) && (next === NONE || ix.slotStart[next] - end >= minRest))) {
      const withS = sign > 0 ? this.restTail(w, s, pos, s, skip, NONE) : this.restTail(w, s, pos, NONE, skip, NONE);
      const withoutS = sign > 0 ? this.restTail(w, s, pos, NONE, skip, NONE) : this.restTail(w, s, pos, NONE, skip, s);
      dh += withS - withoutS;
    }
    // Rest before the first shift after the horizon is judged from the last held slot: s is it (or
    // would be) when nothing is held after it, and without s the slot before it is.
    if (next === NONE && nextStart === nextStart) {
      const withS = breachPen(followingRestShortMinutes(minRest, end, nextStart), this.wRest, PROTECTION_BASE);
      const withoutS = prev === NONE ? 0 : breachPen(followingRestShortMinutes(minRest, ix.slotEnd[prev], nextStart), this.wRest, PROTECTION_BASE);
      dh += withS - withoutS;
    }
    return dh;
  }

  /** travel.time penalty of a consecutive pair (a = NONE: nothing before b, no travel). */
  private travelPenalty(a: number, b: number): number {
    if (a < 0) return 0;
    const ix = this.ix;
    // travelShortMinutes is 0 outside 0 <= gap < travel time: most pairs are further apart than any trip.
    const gap = ix.slotStart[b] - ix.slotEnd[a];
    if (gap < 0 || gap >= this.maxTravel) return 0;
    const sa = ix.slotSite[a];
    const sb = ix.slotSite[b];
    if (sa < 0 || sb < 0 || sa === sb) return 0;
    const short = travelShortMinutes(ix.travel[sa * ix.siteCount + sb], ix.slotEnd[a], ix.slotStart[b]);
    return breachPen(short, this.wTravel, PROTECTION_BASE);
  }

  /**
   * rest.minGap penalty of the pairs whose later slot ranks at or after `anchor` (the history pair
   * too when nothing comes before), in the worker's held slots with `add` put in (NONE: nothing) and
   * `dropA` / `dropB` left out. Called twice per delta, with and without `anchor`; both calls walk the
   * same part of the list, the part where the two can differ:
   * - back from the anchor only to the start of the working day before it, and no further than
   *   maxWorkingDaySpan before the anchor (an earlier start breaches every pair from the anchor on
   *   either way);
   * - forward to the first shared slot after the anchor, then on while its working day lasts and
   *   starts within maxWorkingDaySpan of that slot's start (later pairs breach either way; after a
   *   full rest everything is shared).
   * So a delta reads only the slots within about a day of `anchor` and of the next held slot.
   * `pos`: where the anchor ranks in the held list, which the caller already knows.
   */
  private restTail(w: number, anchor: number, pos: number, add: number, dropA: number, dropB: number): number {
    const held = this.held[w];
    const minRest = this.minRest[w];
    const span = maxWorkingDaySpan(minRest);
    const slotStart = this.ix.slotStart;
    const slotEnd = this.ix.slotEnd;

    // The slot before the anchor and the start of its working day.
    let i = pos - 1;
    while (i >= 0 && (held[i] === dropA || held[i] === dropB)) i--;
    let x = i >= 0 ? held[i] : NONE;
    let dayStart = 0;
    if (x !== NONE) {
      dayStart = slotStart[x];
      let cur = x;
      let j = i - 1;
      while (dayStart > slotStart[anchor] - span) {
        while (j >= 0 && (held[j] === dropA || held[j] === dropB)) j--;
        if (j < 0) break;
        const q = held[j];
        if (slotStart[cur] - slotEnd[q] >= minRest) break;
        dayStart = slotStart[q];
        cur = q;
        j--;
      }
    }

    let p = 0;
    let shared = 0;
    let firstSharedStart = 0;
    let k = pos;
    let pendingAdd = add !== NONE;
    for (;;) {
      let y: number;
      if (pendingAdd) {
        y = add;
        pendingAdd = false;
      } else {
        while (k < held.length && (held[k] === dropA || held[k] === dropB)) k++;
        if (k >= held.length) break;
        y = held[k++];
      }
      const start = slotStart[y];
      if (y !== anchor) {
        shared++;
        if (shared === 1) firstSharedStart = start;
        else if (start - slotEnd[x] >= minRest || start - firstSharedStart > span) break;
      }
      if (x === NONE) {
        const lastEnd = this.lastEnd[w];
        if (lastEnd === lastEnd) p += breachPen(historyRestShortMinutes(minRest, lastEnd, start), this.wRest, PROTECTION_BASE);
        dayStart = start;
      } else if (start - slotEnd[x] < minRest) {
        p += breachPen(restShortMinutes(minRest, slotEnd[x], start, slotEnd[y], dayStart), this.wRest, PROTECTION_BASE);
      } else {
        dayStart = start;
      }
      x = y;
    }
    return p;
  }
}
