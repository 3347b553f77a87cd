// Two walks joined at a day: the first's days before it, the second's from it on. When the corridor's
// cap prices swing the walk from one capped type to another (all of one type over its cap, then all of
// the other over its own), no price between them gives a mix: the programme picks every day's cheapest
// type, so the walk jumps as a whole. A join of the two swings is such a mix: its count of each type
// moves from the second walk's to the first's as the join day moves through the horizon, so some join
// days keep both caps. The join is checked by the caller (`scheduleCost`), so the runs, days off and
// successions across the join day need no care here.

import type { WorkerDayModel } from './day-model.ts';

/** Join days tried per ordered pair of walks, cheapest first (each costs the caller one plain scan). */
const JOINS_PER_PAIR = 4;

/**
 * Joins of ordered pairs of the walks (a's days before the join day, b's from it on) that keep every
 * cap and the hard minutes band, at most JOINS_PER_PAIR per pair, cheapest first by their options'
 * own and extra costs. Pairs where both walks keep every cap are left out (their joins would only
 * trade cost, which the programme already weighed).
 */
export function capKeepingJoins(m: WorkerDayModel, extra: readonly Float64Array[], walks: readonly Int32Array[]): Int32Array[] {
  if (walks.length < 2) return [];
  const tallies = walks.map((w) => prefixTally(m, extra, w));
  const out: Int32Array[] = [];
  for (let a = 0; a < walks.length; a++) {
    for (let b = 0; b < walks.length; b++) {
      if (a === b || (keepsCaps(m, tallies[a], walks[a].length) && keepsCaps(m, tallies[b], walks[b].length))) continue;
      for (const d of joinDays(m, tallies[a], tallies[b], walks[a].length)) {
        const picks = new Int32Array(walks[a].length);
        picks.set(walks[a].subarray(0, d), 0);
        picks.set(walks[b].subarray(d), d);
        out.push(picks);
      }
    }
  }
  return out;
}

/** Running totals over days 0..d-1 (index d): each type's count, minutes, options' cost and extra. */
interface PrefixTally {
  readonly counts: Int32Array[];
  readonly minutes: Float64Array;
  readonly cost: Float64Array;
}

function prefixTally(m: WorkerDayModel, extra: readonly Float64Array[], picks: Int32Array): PrefixTally {
  const H = picks.length;
  const counts = Array.from({ length: m.typeCount }, () => new Int32Array(H + 1));
  const minutes = new Float64Array(H + 1);
  const cost = new Float64Array(H + 1);
  for (let d = 0; d < H; d++) {
    for (let t = 0; t < m.typeCount; t++) counts[t][d + 1] = counts[t][d];
    const i = picks[d];
    minutes[d + 1] = minutes[d] + (i >= 0 ? m.days[d][i].minutes : 0);
    cost[d + 1] = cost[d] + (i >= 0 ? m.days[d][i].cost + extra[d][i] : 0);
    if (i >= 0) counts[m.days[d][i].type][d + 1]++;
  }
  return { counts, minutes, cost };
}

function keepsCaps(m: WorkerDayModel, t: PrefixTally, H: number): boolean {
  for (let k = 0; k < m.typeCount; k++) if (m.typeCap[k] >= 0 && t.counts[k][H] > m.typeCap[k]) return false;
  return true;
}

/** Join days (1..H-1) whose join keeps every cap and the hard band, the JOINS_PER_PAIR cheapest. */
function joinDays(m: WorkerDayModel, a: PrefixTally, b: PrefixTally, H: number): number[] {
  const days: number[] = [];
  const costs: number[] = [];
  for (let d = 1; d < H; d++) {
    const minutes = a.minutes[d] + b.minutes[H] - b.minutes[d];
    if (minutes < m.minutesHardMin || minutes > m.minutesHardMax) continue;
    let keeps = true;
    for (let k = 0; k < m.typeCount && keeps; k++) {
      if (m.typeCap[k] >= 0 && a.counts[k][d] + b.counts[k][H] - b.counts[k][d] > m.typeCap[k]) keeps = false;
    }
    if (!keeps) continue;
    days.push(d);
    costs.push(a.cost[d] + b.cost[H] - b.cost[d]);
  }
  const order = days.map((_, j) => j).sort((x, y) => costs[x] - costs[y] || days[x] - days[y]);
  return order.slice(0, JOINS_PER_PAIR).map((j) => days[j]);
}
