// A worker's cheapest legal walk over the whole horizon, fast enough for a year of days. Pricing in
// column generation (pricing.ts) is exact but keeps minutes and type counts in its state, which on
// long horizons is too many states; this is its heuristic counterpart, in two phases:
//  1. a dynamic programme whose state is only the last shift type (or a day off) and the length of the
//     current run, linear in the days. The rules over the whole walk (the minutes band, per-type caps,
//     weekends worked) are priced instead (Lagrangian multipliers), the prices moving until the walk
//     keeps them or the minutes price is known closely;
//  2. when minutes still miss (a tight band falls between two prices) or a price had to move, the same
//     programme with the minutes worked in the state, but only within a corridor around the walk of
//     phase 1 nearest the band (walk-programme.ts), at the true cost of minutes.
// Every walk is checked by `scheduleCost` (a plain scan of every rule of the model), so a walk
// returned is always legal; it is the cheapest legal one when no price had to move.

import { longestOptionMinutes, type WorkerDayModel } from './day-model.ts';
import { minutesPenalty, scheduleCost } from './schedule-rules.ts';
import { noPrices, walkUnderPrices, type Corridor, type Prices } from './walk-programme.ts';
import { capKeepingJoins } from './walk-splice.ts';

/** Rounds of moving the prices before the corridor phase. */
const MAX_PRICE_ROUNDS = 40;
/** Rounds of the corridor phase (caps and weekends may still move their prices). */
const MAX_CORRIDOR_ROUNDS = 10;
/** Half-width of the corridor, in the worker's longest shifts. */
const CORRIDOR_SHIFTS = 2;
/** A search warm from earlier prices starts at this round: smaller steps, fewer rounds. */
const WARM_ROUNDS = 16;
/** Extra costs from this size up price hard breaches (see walk-descent.ts). */
export const HARD_COST = 1e6;

/** A legal walk and its cost: `scheduleCost` plus the extra cost of the options it works. */
export interface Walk {
  readonly picks: Int32Array;
  readonly cost: number;
  /** The prices it was found at: where the next search for this worker may start. */
  readonly prices: Prices;
}

/**
 * The cheapest legal walk found for the worker when working option i of day d costs its own cost plus
 * `extra[d][i]` (for instance what it does to cover given everyone else's rota), among walks cheaper
 * than `ceiling` when one is given; undefined when neither phase found one. Each round of phase 1
 * also bounds every legal walk from below (the Lagrangian function at its prices): once that bound
 * reaches the ceiling, no walk can beat it and the search stops.
 */
export function cheapestLegalWalk(m: WorkerDayModel, extra: readonly Float64Array[], ceiling = Infinity, warm?: Prices): WalkSearch {
  const prices: Prices = warm ? copyOf(warm) : noPrices(m);
  const least = new LeastBroken(m);
  const first = pricedWalks(m, extra, prices, ceiling, warm ? WARM_ROUNDS : 0, least);
  const below = (w: Walk | undefined) => (w && w.cost < ceiling - 1e-9 ? w : undefined);
  if (first.exact || first.bounded || !first.nearest) return { best: below(first.best), leastBroken: least.picks, corridorRounds: 0 };
  let best = first.best;
  const corridor = corridorAround(m, first.nearest);
  prices.perMinute = 0;
  // The cap prices can swing the walk between capped types (all of one over its cap, then all of the
  // other) round after round; once an earlier walk comes back after another, the swing repeats and the
  // rounds left find the same walks again: the search ends there. (The same walk twice in a row only
  // says the prices have not moved it yet.)
  const seen = new Set<string>();
  let last = '';
  const walks: Int32Array[] = [];
  let runs = 0;
  for (let round = 0; round < MAX_CORRIDOR_ROUNDS; round++) {
    runs++;
    const walk = walkUnderPrices(m, extra, prices, corridor);
    if (!walk) break;
    const picks = walk.picks;
    const key = picks.join(',');
    if (key !== last && seen.has(key)) break;
    const found = judge(m, extra, picks);
    least.offer(picks, found);
    if (found.legal && (!best || found.cost < best.cost)) best = { picks, cost: found.cost, prices: copyOf(prices) };
    if (key !== last) walks.push(picks);
    seen.add(key);
    last = key;
    if (!raiseCapPrices(prices, found, costScale(m, extra), MAX_PRICE_ROUNDS + round)) break;
  }
  // The swing's walks joined at a day: a mix of the capped types no price gives (walk-splice.ts).
  for (const picks of capKeepingJoins(m, extra, walks)) {
    const found = judge(m, extra, picks);
    if (found.legal && (!best || found.cost < best.cost)) best = { picks, cost: found.cost, prices: copyOf(prices) };
  }
  return { best: below(best), leastBroken: least.picks, corridorRounds: runs };
}

export interface WalkSearch {
  /** The cheapest legal walk found (below the ceiling). */
  readonly best?: Walk;
  /**
   * The walk seen that missed the priced rules least (minutes in the worker's longest shifts, shifts
   * over a cap, weekends over): it keeps every rule of the state, so it is a repair when no legal
   * walk was found.
   */
  readonly leastBroken?: Int32Array;
  /** Runs of the programme in the corridor phase (what the search spent there; 0 when it did not run). */
  readonly corridorRounds: number;
}

class LeastBroken {
  picks?: Int32Array;
  private miss = Infinity;
  private readonly longest: number;

  constructor(private readonly m: WorkerDayModel) {
    this.longest = longestOptionMinutes(m);
  }

  offer(picks: Int32Array, found: Judgement): void {
    const m = this.m;
    let miss = Math.max(0, found.minutes - m.minutesHardMax, m.minutesHardMin - found.minutes) / this.longest + found.overWeekends;
    for (const [, over] of found.overTypes) miss += over;
    if (miss < this.miss) [this.picks, this.miss] = [picks, miss];
  }
}

interface PricedWalks {
  /** The cheapest legal walk found. */
  readonly best?: Walk;
  /** The walk whose minutes came nearest the band (what the corridor follows). */
  readonly nearest?: Int32Array;
  /** No price moved: `best` is the cheapest legal walk. */
  readonly exact: boolean;
  /** A lower bound reached the ceiling: no legal walk is cheaper than it. */
  readonly bounded: boolean;
}

/** Phase 1: bisection on the price of a minute, doubling prices on caps and weekends the walk breaks. */
function pricedWalks(m: WorkerDayModel, extra: readonly Float64Array[], prices: Prices, ceiling: number, firstRound: number, least: LeastBroken): PricedWalks {
  const scale = costScale(m, extra);
  const minuteScale = scale / Math.max(1, leastOptionMinutes(m));
  // lo gave too many minutes, hi too few (or a legal walk: a price nearer 0 may cost less).
  let lo = -Infinity;
  let hi = Infinity;
  let best: Walk | undefined;
  let nearest: { picks: Int32Array; miss: number } | undefined;
  for (let round = firstRound; round < MAX_PRICE_ROUNDS; round++) {
    const walk = walkUnderPrices(m, extra, prices);
    if (!walk) break;
    if (lagrangianBound(m, walk.value, prices) >= ceiling - 1e-9) return { best, exact: false, bounded: true };
    const picks = walk.picks;
    const found = judge(m, extra, picks);
    least.offer(picks, found);
    const miss = Math.max(0, found.minutes - m.minutesHardMax, m.minutesHardMin - found.minutes);
    if (!nearest || miss < nearest.miss) nearest = { picks, miss };
    if (found.legal) {
      if (!best || found.cost < best.cost) best = { picks, cost: found.cost, prices: copyOf(prices) };
      // No price moved and no soft minutes charge: the programme's least cost is this walk's own.
      const unpriced = prices.perMinute === 0 && prices.perWeekend === 0 && prices.perType.every((x) => x === 0);
      if (unpriced && minutesPenalty(m, found.minutes) === 0) return { best, exact: true, bounded: false };
      if (hi - lo < minuteScale / 8) break;
    }
    // Caps moved: this walk's minutes were taken at the old prices, so the bracket starts again from
    // the same price of a minute.
    if (raiseCapPrices(prices, found, scale, round)) {
      [lo, hi] = [-Infinity, Infinity];
      continue;
    }
    // The soft band's charge is priced like the hard band's edge: the bisection looks both ways of it.
    const p = prices.perMinute;
    const soft = m.minutesSoftWeight > 0;
    if (found.minutes > m.minutesHardMax || (soft && found.minutes > m.minutesSoftMax)) lo = p;
    else if (found.minutes < m.minutesHardMin || (soft && found.minutes < m.minutesSoftMin)) hi = p;
    else if (found.legal && p > 0) hi = p;
    else if (found.legal && p < 0) lo = p;
    else break;
    if (lo > -Infinity && hi < Infinity && hi - lo < minuteScale / 64) break;
    prices.perMinute = nextPrice(lo, hi, minuteScale);
  }
  return { best, nearest: nearest?.picks, exact: false, bounded: false };
}

/**
 * The Lagrangian function at the prices: no legal walk costs less. A legal walk's priced minutes are
 * at most the price times the band's edge it leans on, its capped counts and weekends at most the caps,
 * and its own cost holds the constant cost and a soft minutes charge that is never negative.
 */
export function lagrangianBound(m: WorkerDayModel, value: number, prices: Prices): number {
  const p = prices.perMinute;
  const edge = p > 0 ? m.minutesHardMax : p < 0 ? m.minutesHardMin : 0;
  let bound = m.constantCost + value - (p === 0 ? 0 : p * edge);
  for (let t = 0; t < m.typeCount; t++) if (prices.perType[t] > 0) bound -= prices.perType[t] * m.typeCap[t];
  if (prices.perWeekend > 0) bound -= prices.perWeekend * m.maxWeekends;
  return bound;
}

function copyOf(p: Prices): Prices {
  return { perMinute: p.perMinute, perType: Float64Array.from(p.perType), perWeekend: p.perWeekend };
}

/** Raises the price of each cap the walk breaks (and of weekends); whether any moved. */
function raiseCapPrices(prices: Prices, found: Judgement, scale: number, round: number): boolean {
  if (found.overTypes.length === 0 && found.overWeekends === 0) return false;
  // A subgradient step, shrinking with the rounds: each cap's price moves by its relative excess (down
  // where the walk is under the cap, never below 0). Raising only, or by a fixed step, makes the walk
  // jump from one capped type to the next.
  const step = (2 * scale) / (round + 2);
  for (let t = 0; t < prices.perType.length; t++) {
    const cap = found.caps[t];
    if (cap < 0) continue;
    prices.perType[t] = Math.max(0, prices.perType[t] + (step * (found.counts[t] - cap)) / Math.sqrt(cap + 1));
  }
  if (Number.isFinite(found.maxWeekends)) {
    prices.perWeekend = Math.max(0, prices.perWeekend + (step * (found.weekends - found.maxWeekends)) / Math.sqrt(found.maxWeekends + 1));
  }
  return true;
}

/** Bisection inside the bracket, or a step out of it that doubles with the distance from 0. */
function nextPrice(lo: number, hi: number, scale: number): number {
  if (lo > -Infinity && hi < Infinity) return (lo + hi) / 2;
  if (lo > -Infinity) return lo <= 0 ? lo + scale : 2 * lo;
  if (hi < Infinity) return hi >= 0 ? hi - scale : 2 * hi;
  return 0;
}

/** Minutes in units of their greatest common divisor, the walk's running total, the band at the end. */
function corridorAround(m: WorkerDayModel, picks: Int32Array): Corridor {
  let unit = 0;
  let longest = 0;
  for (const day of m.days) for (const o of day) (unit = gcd(unit, o.minutes)), (longest = Math.max(longest, o.minutes));
  unit = Math.max(1, unit);
  const H = picks.length;
  const worked = new Float64Array(H + 1);
  picks.forEach((i, d) => (worked[d + 1] = worked[d] + (i >= 0 ? m.days[d][i].minutes / unit : 0)));
  // The walk's running total scaled to end inside the band: its shape (leave, runs) with the right sum.
  const lowest = Math.ceil(m.minutesHardMin / unit);
  const highest = Number.isFinite(m.minutesHardMax) ? Math.floor(m.minutesHardMax / unit) : Math.max(lowest, worked[H]);
  const target = Math.min(highest, Math.max(lowest, worked[H]));
  const factor = worked[H] > 0 ? target / worked[H] : 0;
  const refUnits = new Int32Array(H);
  let before = 0;
  for (let d = 0; d < H; d++) {
    const upTo = worked[H] > 0 ? Math.round(worked[d + 1] * factor) : Math.round((target * (d + 1)) / H);
    refUnits[d] = upTo - before;
    before = upTo;
  }
  const half = Math.max(1, CORRIDOR_SHIFTS * Math.ceil(longest / unit));
  return { unit, refUnits, half, endLo: Math.max(-half, lowest - target), endHi: Math.min(half, highest - target) };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function costScale(m: WorkerDayModel, extra: readonly Float64Array[]): number {
  let most = 1;
  for (let d = 0; d < m.days.length; d++) {
    for (let i = 0; i < m.days[d].length; i++) {
      const c = Math.abs(m.days[d][i].cost + extra[d][i]);
      // A hard breach's price says nothing of the scale of the soft costs the prices trade against.
      if (c < HARD_COST) most = Math.max(most, c);
    }
  }
  return most;
}

function leastOptionMinutes(m: WorkerDayModel): number {
  let least = Infinity;
  for (const day of m.days) for (const o of day) if (o.minutes > 0) least = Math.min(least, o.minutes);
  return least === Infinity ? 1 : least;
}

interface Judgement {
  readonly legal: boolean;
  readonly cost: number;
  readonly minutes: number;
  /** Capped types worked too often: [type, shifts over the cap]. */
  readonly overTypes: [number, number][];
  /** Weekends worked over the limit. */
  readonly overWeekends: number;
  readonly counts: Int32Array;
  readonly caps: Int32Array;
  readonly weekends: number;
  readonly maxWeekends: number;
}

/** A walk's totals over the whole horizon: what the priced rules read. */
export interface WalkTally {
  readonly minutes: number;
  /** Shifts of each type. */
  readonly counts: Int32Array;
  /** Weekends worked. */
  readonly weekends: number;
  /** The extras of the options worked (0 without extras). */
  readonly extraCost: number;
}

export function tallyWalk(m: WorkerDayModel, picks: Int32Array, extra?: readonly Float64Array[]): WalkTally {
  let minutes = 0;
  let extraCost = 0;
  const counts = new Int32Array(m.typeCount);
  const weekends = new Set<number>();
  for (let d = 0; d < picks.length; d++) {
    const i = picks[d];
    if (i < 0) continue;
    const o = m.days[d][i];
    minutes += o.minutes;
    if (extra) extraCost += extra[d][i];
    counts[o.type]++;
    if (m.weekendOfDay[d] >= 0) weekends.add(m.weekendOfDay[d]);
  }
  return { minutes, counts, weekends: weekends.size, extraCost };
}

/** What a walk breaks among the priced rules, and its cost when it breaks nothing. */
function judge(m: WorkerDayModel, extra: readonly Float64Array[], picks: Int32Array): Judgement {
  const { minutes, extraCost, counts, weekends } = tallyWalk(m, picks, extra);
  const overTypes: [number, number][] = [];
  for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0 && counts[t] > m.typeCap[t]) overTypes.push([t, counts[t] - m.typeCap[t]]);
  const own = scheduleCost(m, picks);
  return { legal: own !== undefined, cost: (own ?? Infinity) + extraCost, minutes, overTypes, overWeekends: Math.max(0, weekends - m.maxWeekends), counts, caps: m.typeCap, weekends, maxWeekends: m.maxWeekends };
}
