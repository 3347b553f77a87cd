// Cover duals from the days on their own: a point for the walk Lagrangian (walk-bound.ts) where its
// ascent cannot afford the rounds it needs (the long shapes, whose rounds price every worker over the
// whole horizon).
//
// Each worker's walk term at cover duals pi is at least the sum over days of the worker's cheapest
// choice that day alone (an option's cost less the dual of the row it fills, or the day off unless the
// day is pinned): the walk keeps one choice a day and more rules besides. That sum plus the cover terms
// is the days-on-their-own Lagrangian; its best value is the days' LP bound (day-bound.ts). It is
// concave and piecewise linear in each dual alone, so each dual can be set to its best value with the
// others held (a coordinate ascent): per row, the slope is the demand less the slacks' and the
// workers' parts, and each part changes at one breakpoint. At pi = 0 most workers' cheapest walks tie
// with days off (a kink no ascent step leaves on those shapes); at these duals the walk Lagrangian
// starts from at least the days' own value, and the walk's rules (runs, minutes, successions) add to it.
//
// Any duals in the box give a bound through the walk Lagrangian; these only choose where.

import type { WorkerDayModel } from './day-model.ts';
import { HARD_COVER_SLACK, type CoverRows } from './master-cover.ts';

/** Sweeps over every row: on the long generated shapes a second one gains nothing (measured). */
const SWEEPS = 1;

/**
 * Cover duals by a coordinate ascent on the days-on-their-own Lagrangian from pi = 0: each row's dual
 * in turn set to the middle of the interval where that function, the other duals held, is highest
 * (the middle stays off the breakpoints, where workers tie between choices), within the dual's box.
 */
export function dayDuals(models: readonly WorkerDayModel[], rows: CoverRows, sweeps = SWEEPS): Float64Array {
  const K = rows.demand.length;
  const pi = new Float64Array(K);
  const fills = optionsByRow(models, K);
  const points: number[] = [];
  const drops: number[] = [];
  for (let s = 0; s < sweeps; s++) {
    for (let k = 0; k < K; k++) {
      points.length = 0;
      drops.length = 0;
      let slope = rows.demand[k].preferred;
      let lo = -HARD_COVER_SLACK;
      let hi = HARD_COVER_SLACK;
      // A slack at upper bound U in the row (sign s, cost c) adds U x min(0, c - s x).
      for (let j = 4 * k; j < 4 * k + 4; j++) {
        const sign = rows.slackSign[j];
        const cost = rows.slackCost[j];
        const upper = rows.slackUpper[j];
        if (!Number.isFinite(upper)) {
          if (sign > 0) hi = Math.min(hi, cost);
          else lo = Math.max(lo, -cost);
          continue;
        }
        if (upper <= 0) continue;
        if (sign < 0) slope += upper;
        points.push(sign > 0 ? cost : -cost);
        drops.push(upper);
      }
      // A worker whose best other choice that day costs a adds min(a, c - x): from x = c - a on, the
      // worker fills this row.
      const list = fills[k];
      for (let e = 0; e < list.length; e += 3) {
        const t = fillsFrom(models[list[e]], list[e + 1], list[e + 2], pi);
        if (t === undefined) continue;
        if (t === -Infinity) slope--;
        else {
          points.push(t);
          drops.push(1);
        }
      }
      pi[k] = Math.min(hi, Math.max(lo, bestOnLine(slope, points, drops)));
    }
  }
  return pi;
}

/**
 * Where a concave piecewise-linear function of one variable is highest: its slope is `slope` below
 * every point and falls by `drops[i]` at `points[i]`. The middle of the flat top (or the point where
 * the slope turns below 0); with the slope never above 0 from the first point down, the smaller of
 * that point and 0; with it never reaching 0, +Infinity (the caller's box holds it).
 */
function bestOnLine(slope: number, points: number[], drops: number[]): number {
  const order = points.map((_, i) => i).sort((a, b) => points[a] - points[b]);
  if (slope <= 0) return order.length > 0 ? Math.min(0, points[order[0]]) : 0;
  let s = slope;
  for (let n = 0; n < order.length; n++) {
    const x = points[order[n]];
    s -= drops[order[n]];
    // Points at the same place fall together.
    while (n + 1 < order.length && points[order[n + 1]] === x) s -= drops[order[++n]];
    if (s < 0) return x;
    if (s === 0) return n + 1 < order.length ? (x + points[order[n + 1]]) / 2 : x;
  }
  return Infinity;
}

/**
 * The dual of row k above which the worker's cheapest choice on day d is option i (its cost less the
 * best other choice that day at pi, the day off included unless the day is pinned); -Infinity when the
 * day is pinned to this option, undefined when it is pinned to another row's.
 */
function fillsFrom(m: WorkerDayModel, d: number, i: number, pi: Float64Array): number | undefined {
  const day = m.days[d];
  const k = day[i].slotRole;
  const pinned = m.forced[d];
  if (pinned >= 0 && day[pinned].slotRole !== k) return undefined;
  let other = pinned >= 0 ? Infinity : 0;
  let own = day[i].cost;
  for (let q = 0; q < day.length; q++) {
    if (day[q].slotRole === k) own = Math.min(own, day[q].cost);
    else other = Math.min(other, day[q].cost - pi[day[q].slotRole]);
  }
  // Another option on the same row is listed on its own: only the cheapest of them counts.
  if (own < day[i].cost || (own === day[i].cost && firstCheapest(day, k, own) !== i)) return undefined;
  return other === Infinity ? -Infinity : own - other;
}

function firstCheapest(day: WorkerDayModel['days'][number], k: number, cost: number): number {
  return day.findIndex((o) => o.slotRole === k && o.cost === cost);
}

/** Per row, the (worker, day, option) triples that fill it. */
function optionsByRow(models: readonly WorkerDayModel[], K: number): number[][] {
  const fills: number[][] = Array.from({ length: K }, () => []);
  for (let w = 0; w < models.length; w++) {
    const days = models[w].days;
    for (let d = 0; d < days.length; d++) for (let i = 0; i < days[d].length; i++) fills[days[d][i].slotRole].push(w, d, i);
  }
  return fills;
}
