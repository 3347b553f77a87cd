// main's walk programme as of 0d8b3e2, before s18-pace364's speed-up, kept only as the reference the
// faster one must agree with walk for walk (walk-programme.test.ts). Not used by the solver.
//
// The dynamic programme under walk.ts: a worker's cheapest walk under prices, keeping the rules of
// its state (runs of work at most maxRun and at least minRun, runs off at least minOff, forbidden
// successions, pins). State per day: work (type t, run r, edge e) or off (run k, counted up to minOff);
// runs touching day 0 (edge) are exempt from the minimums, as are runs reaching the last day (every
// final state is accepted). With a corridor the state also holds the minutes worked, as the
// difference from a reference walk's running total, within +-half units, and only walks whose total
// ends in the band are accepted.

import type { WorkerDayModel } from '../../solver/colgen/day-model.ts';
import type { Corridor, PricedWalk, Prices } from '../../solver/colgen/walk-programme.ts';
import { dayTypeCosts, precedingType, walkBack, type Day, type Previous } from '../../solver/colgen/walk-programme-tables.ts';

let scratch = new Int32Array(0);

/** The cheapest walk under the prices (and within the corridor); undefined when none keeps the rules. */
export function referenceWalkUnderPrices(m: WorkerDayModel, extra: readonly Float64Array[], prices: Prices, corridor?: Corridor): PricedWalk | undefined {
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
  const day: Day = { typeCost: new Float64Array(T), typeUnits: new Int32Array(T) };
  const prev: Previous = { value: new Float64Array(T), state: new Int32Array(T), top: new Int32Array(3) };
  const work = (t: number, r: number, e: number) => ((t * R + (r - 1)) << 1) | e;
  const relax = (d: number, l: number, s: number, value: number, source: number) => {
    if (l < 0 || l >= L) return;
    const at = l * S + s;
    if (value < next[at]) {
      next[at] = value;
      from[d * N + at] = source;
    }
  };
  for (let d = 0; d < H; d++) {
    next.fill(Infinity);
    const offCost = m.forced[d] >= 0 ? Infinity : 0;
    dayTypeCosts(m, extra, prices, d, day, chosen, corridor?.unit ?? 0);
    const ru = corridor ? corridor.refUnits[d] : 0;
    const wk = m.weekendOfDay[d];
    const fresh = wk >= 0 ? prices.perWeekend : 0;
    const carried = wk >= 0 && d > 0 && m.weekendOfDay[d - 1] === wk ? 0 : fresh;
    if (d === 0) {
      const r0 = Math.min(1 + m.historyRun, finiteMax ? Infinity : R);
      for (let t = 0; t < T; t++) if (day.typeCost[t] < Infinity && r0 <= R) relax(d, half + day.typeUnits[t] - ru, work(t, r0, 1), day.typeCost[t] + fresh, -1);
      relax(d, half - ru, W + O - 1, offCost, -1);
    } else {
      for (let l = 0; l < L; l++) {
        const base = l * S;
        // A day off: after an off run, or after a work run that may end here.
        for (let k = 1; k <= O; k++) relax(d, l - ru, W + Math.min(k + 1, O) - 1, cur[base + W + k - 1] + offCost, base + W + k - 1);
        for (let s = 0; s < W; s++) {
          const r = ((s >> 1) % R) + 1;
          if (r >= m.minRun || (s & 1) === 1) relax(d, l - ru, W, cur[base + s] + offCost, base + s);
        }
        // A new run of work after enough days off.
        const ready = cur[base + W + O - 1];
        if (ready < Infinity) {
          for (let t = 0; t < T; t++) if (day.typeCost[t] < Infinity) relax(d, l + day.typeUnits[t] - ru, work(t, 1, 0), ready + day.typeCost[t] + fresh, base + W + O - 1);
        }
        // A run goes on: from the cheapest earlier type that may precede each type.
        for (let r = 1; r <= R; r++) {
          const r2 = r + 1 <= R ? r + 1 : finiteMax ? 0 : R;
          if (r2 === 0) continue;
          for (let e = 0; e < 2; e++) {
            cheapestPrevious(m, cur, base, work, r, e, prev);
            if (prev.top[0] < 0) continue;
            for (let t2 = 0; t2 < T; t2++) {
              if (day.typeCost[t2] === Infinity) continue;
              const p = precedingType(m, prev, t2);
              if (p >= 0) relax(d, l + day.typeUnits[t2] - ru, work(t2, r2, e), prev.value[p] + day.typeCost[t2] + carried, prev.state[p]);
            }
          }
        }
      }
    }
    [cur, next] = [next, cur];
  }
  return walkBack(m, cur, from, chosen, { S, W, R, N, L, half, corridor });
}

/** Yesterday's work states of run r and edge e, per type, and the three cheapest types (-1 when none). */
function cheapestPrevious(m: WorkerDayModel, cur: Float64Array, base: number, work: (t: number, r: number, e: number) => number, r: number, e: number, prev: Previous): void {
  prev.top.fill(-1);
  for (let t = 0; t < m.typeCount; t++) {
    const s = base + work(t, r, e);
    const v = cur[s];
    prev.value[t] = v;
    prev.state[t] = s;
    if (v === Infinity) continue;
    const top = prev.top;
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
