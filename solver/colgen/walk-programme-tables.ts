// The day tables the walk programme (walk-programme.ts) reads and the walk back from its last day:
// each type's cost on a day under the prices, the cheapest earlier type a type may follow, and the
// options of the cheapest accepted final state. A module of its own so the programme's test can run
// the programme as it was before its speed-up on the same tables (test/colgen/walk-programme-reference.ts).

import type { WorkerDayModel } from './day-model.ts';
import type { Corridor, PricedWalk, Prices } from './walk-programme.ts';

/** Day tables of one call: per type, its cost on the day and the option that gives it. */
export interface Day {
  readonly typeCost: Float64Array;
  readonly typeUnits: Int32Array;
}

/** Yesterday's work states of one run length and edge flag, per type. */
export interface Previous {
  readonly value: Float64Array;
  readonly state: Int32Array;
  readonly top: Int32Array;
}

/** The cheapest type yesterday that t2 may follow, or -1: one of the three cheapest, else a scan. */
export function precedingType(m: WorkerDayModel, prev: Previous, t2: number): number {
  const T = m.typeCount;
  for (let i = 0; i < 3; i++) {
    const t = prev.top[i];
    if (t < 0) return -1;
    if (!m.forbiddenNext[t * T + t2]) return t;
  }
  let p = -1;
  for (let t = 0; t < T; t++) if (prev.value[t] < Infinity && !m.forbiddenNext[t * T + t2] && (p < 0 || prev.value[t] < prev.value[p])) p = t;
  return p;
}

/** Each type's cost on day d under the prices (its cheapest allowed option), Infinity when none. */
export function dayTypeCosts(m: WorkerDayModel, extra: readonly Float64Array[], prices: Prices, d: number, day: Day, chosen: Int32Array, unit: number): void {
  const T = m.typeCount;
  day.typeCost.fill(Infinity);
  const options = m.days[d];
  for (let i = 0; i < options.length; i++) {
    if (m.forced[d] >= 0 && i !== m.forced[d]) continue;
    const o = options[i];
    const c = o.cost + extra[d][i] + prices.perMinute * o.minutes + prices.perType[o.type];
    if (c < day.typeCost[o.type]) {
      day.typeCost[o.type] = c;
      day.typeUnits[o.type] = unit > 0 ? Math.round(o.minutes / unit) : 0;
      chosen[d * T + o.type] = i;
    }
  }
}

export interface Shape {
  readonly S: number;
  readonly W: number;
  readonly R: number;
  readonly N: number;
  readonly L: number;
  readonly half: number;
  readonly corridor?: Corridor;
}

/** The cheapest accepted final state, walked back to the options worked. */
export function walkBack(m: WorkerDayModel, values: Float64Array, from: Int32Array, chosen: Int32Array, k: Shape): PricedWalk | undefined {
  const H = m.days.length;
  const lo = k.corridor ? k.half + k.corridor.endLo : 0;
  const hi = k.corridor ? k.half + k.corridor.endHi : k.L - 1;
  let end = -1;
  for (let l = Math.max(0, lo); l <= Math.min(k.L - 1, hi); l++) {
    for (let s = 0; s < k.S; s++) if (values[l * k.S + s] < Infinity && (end < 0 || values[l * k.S + s] < values[end])) end = l * k.S + s;
  }
  if (end < 0) return undefined;
  const picks = new Int32Array(H).fill(-1);
  for (let d = H - 1, at = end; d >= 0; d--) {
    const s = at % k.S;
    if (s < k.W) picks[d] = chosen[d * m.typeCount + Math.floor((s >> 1) / k.R)];
    at = from[d * k.N + at];
  }
  return { picks, value: values[end] };
}
