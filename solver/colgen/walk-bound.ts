// A Lagrangian bound from the walks, where exact pricing cannot run (long horizons, many types).
//
// For cover duals pi, the Lagrangian function is the cover rows' terms (master-cover.ts) plus, per
// worker, a lower bound on their cheapest legal rota priced at pi (each option worked less the duals
// of the cover rows it fills). Exact pricing gives that least cost; the walk programme
// (walk-programme.ts) gives a lower bound on it in time linear in the days: its state keeps runs, days
// off, successions and pins exactly, and the rules over the whole walk (the minutes band, type caps,
// weekends worked) are priced by multipliers: any multipliers give a valid term (`lagrangianBound` in
// walk.ts), better ones a higher one. A worker's term is therefore a concave function of its own
// multipliers, the whole bound one of (pi, every worker's multipliers), and a subgradient ascent on
// them climbs it. Its best value bounds every rota that breaks no hard rule.
//
// What the relaxation leaves out (its duality gap): rotas that keep the minutes band, caps and
// weekends only "on average" over the multipliers (the walk relaxation's own gap, on top of the
// column LP's), and the soft minutes charge, which is never negative and is dropped.

import { longestOptionMinutes, type WorkerDayModel } from './day-model.ts';
import { coverLagrangian, HARD_COVER_SLACK, type CoverRows } from './master-cover.ts';
import { lagrangianBound, tallyWalk } from './walk.ts';
import { noPrices, walkUnderPrices, type Prices } from './walk-programme.ts';

/** Rounds without a better bound before the ascent halves its step. */
const STALL_ROUNDS = 20;
/** The level Polyak's step aims at: this share above the best bound so far. */
const LEVEL_ABOVE = 0.3;
/** The first step's share of the Polyak step (the gap to the target over the slope's square). */
const FIRST_STEP = 1;
/** Below this step share the ascent stops: it has converged as far as steps go. */
const LEAST_STEP = 1e-3;

/** A worker's walk under prices: its term and how far the walk is from each priced rule. */
interface Slopes {
  /** The walk's Lagrangian value: a lower bound on every legal walk's cost at these extras. */
  readonly term: number;
  readonly picks: Int32Array;
  /** Supergradient on the minute price (minutes), per capped type, and on the weekend price. */
  readonly minutes: number;
  readonly types: Float64Array;
  readonly weekends: number;
}

/**
 * The walk programme's cheapest walk at the extras and multipliers, its Lagrangian value and the
 * supergradient of that value on the multipliers; undefined when no walk keeps the state's rules
 * (then no legal rota exists at all).
 */
function walkSlopes(m: WorkerDayModel, extra: readonly Float64Array[], prices: Prices): Slopes | undefined {
  const walk = walkUnderPrices(m, extra, prices);
  if (!walk) return undefined;
  const { minutes, counts, weekends } = tallyWalk(m, walk.picks);
  // The term is -p x (the band's edge the price leans on): at p = 0 either edge is a supergradient,
  // and the one nearer the walk's minutes is the least steep.
  const p = prices.perMinute;
  const overMax = minutes - m.minutesHardMax;
  const underMin = minutes - m.minutesHardMin;
  const minuteSlope = p > 0 ? overMax : p < 0 ? underMin : overMax > 0 ? overMax : underMin < 0 ? underMin : 0;
  const types = new Float64Array(m.typeCount);
  for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0) types[t] = counts[t] - m.typeCap[t];
  const weekendSlope = Number.isFinite(m.maxWeekends) ? weekends - m.maxWeekends : 0;
  return { term: lagrangianBound(m, walk.value, prices), picks: walk.picks, minutes: minuteSlope, types, weekends: weekendSlope };
}

/** The squared length of a worker's multiplier slope, the minutes counted in the worker's longest shifts. */
function slopeSquare(s: Slopes, unit: number): number {
  let sum = (s.minutes / unit) ** 2 + s.weekends ** 2;
  for (const g of s.types) sum += g * g;
  return sum;
}

/**
 * One step of the multipliers along their slope (the minute price in units of the longest shift), kept
 * where the term is finite: caps' and weekends' prices at least 0, the minute price not past 0 onto
 * an edge the band does not have.
 */
function stepPrices(m: WorkerDayModel, prices: Prices, s: Slopes, step: number, unit: number): void {
  const p = prices.perMinute;
  let next = p + (step * s.minutes) / (unit * unit);
  // Crossing 0 changes which edge the price leans on: stop at 0 and let the next slope decide.
  if ((p > 0 && next < 0) || (p < 0 && next > 0)) next = 0;
  if (next > 0 && !Number.isFinite(m.minutesHardMax)) next = 0;
  if (next < 0 && !(m.minutesHardMin > 0)) next = 0;
  prices.perMinute = next;
  for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0) prices.perType[t] = Math.max(0, prices.perType[t] + step * s.types[t]);
  if (Number.isFinite(m.maxWeekends)) prices.perWeekend = Math.max(0, prices.perWeekend + step * s.weekends);
}

/**
 * The worker's walk term at extras and multipliers: a lower bound on the cost of every legal rota of
 * theirs when working option i of day d costs its own cost plus `extra[d][i]` (undefined when no walk
 * keeps the state's rules).
 */
export function walkTermAt(m: WorkerDayModel, extra: readonly Float64Array[], prices: Prices): number | undefined {
  return walkSlopes(m, extra, prices)?.term;
}

/** Per worker, each day's extras at cover duals pi: minus the dual of the row each option fills. */
export function extrasAt(m: WorkerDayModel, pi: Float64Array, out?: Float64Array[]): Float64Array[] {
  const extra = out ?? m.days.map((day) => new Float64Array(day.length));
  for (let d = 0; d < m.days.length; d++) {
    const day = m.days[d];
    for (let i = 0; i < day.length; i++) extra[d][i] = -pi[day[i].slotRole];
  }
  return extra;
}

export interface WalkDualOptions {
  /** Cover duals to start from (default 0: measured the best start of 0, the shortfall weights and half of them). */
  readonly start?: Float64Array;
  /** A known rota's score: the ascent stops once its bound reaches it. */
  readonly upper?: number;
  /** A bound in hand (the days' bound): the first steps aim above it. */
  readonly lower?: number;
  readonly late: () => boolean;
  readonly maxRounds?: number;
  /** Called after each round with its Lagrangian value; true stops the ascent there. */
  readonly onRound?: (round: number, value: number) => boolean | void;
}

/** What one ascent found. */
export interface WalkDualResult {
  /** The best Lagrangian value (less half a point per cover row whose weights are not whole), or undefined. */
  readonly bound: number | undefined;
  readonly rounds: number;
  /** The cover duals of the best value. */
  readonly pi: Float64Array;
}

/**
 * Subgradient ascent on the cover duals and every worker's multipliers together, with walk terms only:
 * each round prices every worker by the walk programme once, and the step is Polyak's towards
 * `upper` (a known rota's score), halved while the bound stalls. Stops at `late()`, after `maxRounds`,
 * once the step is negligible, or when the bound reaches `upper`.
 */
export function walkDualAscent(
  models: readonly WorkerDayModel[],
  rows: CoverRows,
  options: WalkDualOptions,
): WalkDualResult {
  const K = rows.demand.length;
  const pi = options.start ? Float64Array.from(options.start.subarray(0, K)) : new Float64Array(K);
  const [lo, hi] = dualBox(rows);
  for (let k = 0; k < K; k++) pi[k] = Math.min(hi[k], Math.max(lo[k], pi[k]));
  const prices = models.map(noPrices);
  // The minute price is stepped in units of the longest shift, so its slope is in shifts.
  const units = models.map(longestOptionMinutes);
  const extras = models.map((m) => extrasAt(m, pi));
  const slope = new Float64Array(K);
  const high = rows.slackUpper;
  let best = -Infinity;
  let bestPi = Float64Array.from(pi);
  let share = FIRST_STEP;
  let stall = 0;
  let rounds = 0;
  const maxRounds = options.maxRounds ?? Infinity;
  while (rounds < maxRounds && share >= LEAST_STEP && !options.late()) {
    rounds++;
    let value = coverLagrangian(rows, pi, undefined, high, slope);
    let square = 0;
    const walks: (Slopes | undefined)[] = [];
    for (let w = 0; w < models.length; w++) {
      const m = models[w];
      extrasAt(m, pi, extras[w]);
      const s = walkSlopes(m, extras[w], prices[w]);
      if (!s) return { bound: undefined, rounds, pi: bestPi };
      walks.push(s);
      value += s.term;
      square += slopeSquare(s, units[w]);
      s.picks.forEach((i, d) => {
        if (i >= 0) slope[m.days[d][i].slotRole]--;
      });
    }
    if (value > best + 1e-9) {
      best = value;
      bestPi = Float64Array.from(pi);
      stall = 0;
    } else if (++stall >= STALL_ROUNDS) {
      share /= 2;
      stall = 0;
    }
    for (let k = 0; k < K; k++) {
      // A dual at the edge of its box whose slope points out of it does not move: leave it out.
      if ((pi[k] >= hi[k] && slope[k] > 0) || (pi[k] <= lo[k] && slope[k] < 0)) slope[k] = 0;
      square += slope[k] * slope[k];
    }
    if (options.onRound?.(rounds, value) === true || square === 0) break;
    const upper = options.upper ?? Infinity;
    if (best >= upper - 1e-9) break;
    // Polyak's step towards a level a little above the best bound so far (or the bound in hand), not
    // towards a known rota's score: on long shapes that score is 100 times the bound, and steps
    // towards it throw the duals far past their optimum (measured: bounds of -30,000 after 50 rounds
    // where the level reaches 779).
    const level = Math.min(upper, Math.max(best, options.lower ?? 0) * (1 + LEVEL_ABOVE) + 1);
    const step = (share * (level - value)) / square;
    for (let k = 0; k < K; k++) pi[k] = Math.min(hi[k], Math.max(lo[k], pi[k] + step * slope[k]));
    for (let w = 0; w < models.length; w++) stepPrices(models[w], prices[w], walks[w]!, step, units[w]);
  }
  const bound = Number.isFinite(best) ? best - 0.5 * rows.fractionalRows : undefined;
  return { bound, rounds, pi: bestPi };
}

/**
 * Each cover dual's box: past the cheapest slack with no upper bound on either side the cover terms
 * fall without limit (a hard slack costs HARD_COVER_SLACK; a soft one with no limit, its weight).
 */
function dualBox(rows: CoverRows): [Float64Array, Float64Array] {
  const K = rows.demand.length;
  const lo = new Float64Array(K).fill(-HARD_COVER_SLACK);
  const hi = new Float64Array(K).fill(HARD_COVER_SLACK);
  for (let k = 0; k < K; k++) {
    for (let j = 4 * k; j < 4 * k + 4; j++) {
      if (Number.isFinite(rows.slackUpper[j])) continue;
      if (rows.slackSign[j] > 0) hi[k] = Math.min(hi[k], rows.slackCost[j]);
      else lo[k] = Math.max(lo[k], -rows.slackCost[j]);
    }
  }
  return [lo, hi];
}
