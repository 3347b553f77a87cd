// The dynamic programme under walk.ts: a worker's cheapest walk under prices, keeping the rules of
// its state (runs of work at most maxRun and at least minRun, runs off at least minOff, forbidden
// successions, pins). State per day: work (type t, run r, edge e) or off (run k, counted up to minOff);
// runs touching day 0 (edge) are exempt from the minimums, as are runs reaching the last day (every
// final state is accepted). With a corridor the state also holds the minutes worked, as the
// difference from a reference walk's running total, within +-half units, and only walks whose total
// ends in the band are accepted.

import type { WorkerDayModel } from './day-model.ts';
import { dayTypeCosts, precedingType, walkBack, type Day, type Previous } from './walk-programme-tables.ts';

/** Prices on the rules over the whole walk (all 0: the walk rules alone). */
export interface Prices {
  perMinute: number;
  readonly perType: Float64Array;
  perWeekend: number;
}

/** No multipliers: the walk rules alone. */
export function noPrices(m: WorkerDayModel): Prices {
  return { perMinute: 0, perType: new Float64Array(m.typeCount), perWeekend: 0 };
}

export interface Corridor {
  /** Minutes per unit (their greatest common divisor over the worker's options). */
  readonly unit: number;
  /** Units the reference walk works on each day. */
  readonly refUnits: Int32Array;
  /** Largest difference from the reference's running total kept, in units. */
  readonly half: number;
  /** Accepted differences at the end (the minutes band less the reference's total). */
  readonly endLo: number;
  readonly endHi: number;
}

let scratch = new Int32Array(0);

/** A walk the programme found: the options worked, and its priced cost (constant cost left out). */
export interface PricedWalk {
  readonly picks: Int32Array;
  readonly value: number;
}

/**
 * The cheapest walk under the prices (and within the corridor); undefined when none keeps the rules.
 * One function on purpose: it is the walks' hot loop (most of a descent's time), its steps share a
 * dozen typed arrays and counters, and the run-goes-on step is written out in place of a closure call.
 */
export function walkUnderPrices(m: WorkerDayModel, extra: readonly Float64Array[], prices: Prices, corridor?: Corridor): PricedWalk | undefined {
  const H = m.days.length;
  const T = m.typeCount;
  // A maximum run as long as the horizon never binds: leave it out of the state.
  const finiteMax = m.maxRun < H + m.historyRun;
  const R = Math.max(1, finiteMax ? m.maxRun : m.minRun);
  const O = Math.max(1, m.minOff);
  const W = T * R * 2;
  const S = W + O;
  const half = corridor?.half ?? 0;
  const L = 2 * half + 1;
  const N = S * L;
  if (scratch.length < H * N) scratch = new Int32Array(H * N);
  const from = scratch;
  const chosen = new Int32Array(H * T).fill(-1);
  let cur = new Float64Array(N).fill(Infinity);
  let next = new Float64Array(N);
  // Which corridor rows hold a reachable state, and whether any run still touches day 0: rows and
  // edge states left unreached are skipped (every relaxation from them would fail), the same walk found.
  let curRow = new Uint8Array(L);
  let nextRow = new Uint8Array(L);
  let curEdge = false;
  let nextEdge = false;
  const day: Day = { typeCost: new Float64Array(T), typeUnits: new Int32Array(T) };
  const prev: Previous = { value: new Float64Array(T), state: new Int32Array(T), top: new Int32Array(3) };
  const work = (t: number, r: number, e: number) => ((t * R + (r - 1)) << 1) | e;
  const ending = runEnds(m, T, R);
  let dN = 0;
  const relax = (l: number, s: number, value: number, source: number) => {
    if (l < 0 || l >= L) return;
    const at = l * S + s;
    if (value < next[at]) {
      next[at] = value;
      from[dN + at] = source;
      nextRow[l] = 1;
      if (s < W && (s & 1) === 1) nextEdge = true;
    }
  };
  for (let d = 0; d < H; d++) {
    dN = d * N;
    next.fill(Infinity);
    nextRow.fill(0);
    nextEdge = false;
    const offCost = m.forced[d] >= 0 ? Infinity : 0;
    dayTypeCosts(m, extra, prices, d, day, chosen, corridor?.unit ?? 0);
    const ru = corridor ? corridor.refUnits[d] : 0;
    const wk = m.weekendOfDay[d];
    const fresh = wk >= 0 ? prices.perWeekend : 0;
    const carried = wk >= 0 && d > 0 && m.weekendOfDay[d - 1] === wk ? 0 : fresh;
    if (d === 0) {
      const r0 = Math.min(1 + m.historyRun, finiteMax ? Infinity : R);
      for (let t = 0; t < T; t++) if (day.typeCost[t] < Infinity && r0 <= R) relax(half + day.typeUnits[t] - ru, work(t, r0, 1), day.typeCost[t] + fresh, -1);
      relax(half - ru, W + O - 1, offCost, -1);
    } else {
      const ends = curEdge ? ending.all : ending.unedged;
      for (let l = 0; l < L; l++) {
        if (curRow[l] === 0) continue;
        const base = l * S;
        // A day off: after an off run, or after a work run that may end here (the cheapest such run,
        // the first in state order on a tie, as relaxing each in turn would keep).
        for (let k = 1; k <= O; k++) relax(l - ru, W + Math.min(k + 1, O) - 1, cur[base + W + k - 1] + offCost, base + W + k - 1);
        let endValue = Infinity;
        let endState = -1;
        for (let i = 0; i < ends.length; i++) {
          const v = cur[base + ends[i]];
          if (v < endValue) {
            endValue = v;
            endState = base + ends[i];
          }
        }
        if (endState >= 0) relax(l - ru, W, endValue + offCost, endState);
        // A new run of work after enough days off.
        const ready = cur[base + W + O - 1];
        if (ready < Infinity) {
          for (let t = 0; t < T; t++) if (day.typeCost[t] < Infinity) relax(l + day.typeUnits[t] - ru, work(t, 1, 0), ready + day.typeCost[t] + fresh, base + W + O - 1);
        }
        // A run goes on: from the cheapest earlier type that may precede each type.
        for (let r = 1; r <= R; r++) {
          const r2 = r + 1 <= R ? r + 1 : finiteMax ? 0 : R;
          if (r2 === 0) continue;
          for (let e = 0; e < (curEdge ? 2 : 1); e++) {
            cheapestPrevious(T, cur, base + (((r - 1) << 1) | e), 2 * R, prev);
            if (prev.top[0] < 0) continue;
            const target = ((r2 - 1) << 1) | e;
            for (let t2 = 0; t2 < T; t2++) {
              const c = day.typeCost[t2];
              if (c === Infinity) continue;
              const p = precedingType(m, prev, t2);
              if (p < 0) continue;
              const l2 = l + day.typeUnits[t2] - ru;
              if (l2 < 0 || l2 >= L) continue;
              const at = l2 * S + t2 * 2 * R + target;
              const value = prev.value[p] + c + carried;
              if (value < next[at]) {
                next[at] = value;
                from[dN + at] = prev.state[p];
                nextRow[l2] = 1;
                if (e === 1) nextEdge = true;
              }
            }
          }
        }
      }
    }
    [cur, next] = [next, cur];
    [curRow, nextRow] = [nextRow, curRow];
    curEdge = nextEdge;
  }
  return walkBack(m, cur, from, chosen, { S, W, R, N, L, half, corridor });
}

/** Work states whose run may end today (run at least minRun, or touching day 0), in state order; and those not touching day 0. */
function runEnds(m: WorkerDayModel, T: number, R: number): { all: Int32Array; unedged: Int32Array } {
  const all: number[] = [];
  for (let s = 0; s < T * R * 2; s++) if (((s >> 1) % R) + 1 >= m.minRun || (s & 1) === 1) all.push(s);
  return { all: Int32Array.from(all), unedged: Int32Array.from(all.filter((s) => (s & 1) === 0)) };
}

/** Yesterday's work states of one run length and edge flag (type t's at first + t * stride), per type, and the three cheapest types (-1 when none). */
function cheapestPrevious(T: number, cur: Float64Array, first: number, stride: number, prev: Previous): void {
  const top = prev.top;
  top[0] = top[1] = top[2] = -1;
  for (let t = 0, s = first; t < T; t++, s += stride) {
    const v = cur[s];
    prev.value[t] = v;
    prev.state[t] = s;
    if (v === Infinity) continue;
    if (top[0] < 0 || v < prev.value[top[0]]) {
      top[2] = top[1];
      top[1] = top[0];
      top[0] = t;
    } else if (top[1] < 0 || v < prev.value[top[1]]) {
      top[2] = top[1];
      top[1] = t;
    } else if (top[2] < 0 || v < prev.value[top[2]]) top[2] = t;
  }
}
