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

/** Rounds without a better bound before the ascent halves its step (or, adaptive, its level's distance). */
const STALL_ROUNDS = 20;
/** The first step's share of the Polyak step (the gap to the target over the slope's square). */
const FIRST_STEP = 1;
/** Below this step share (or, adaptive, this share of the bound as the level's distance) the ascent stops: it has converged as far as steps go. */
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

/**
 * How the ascent steps. Polyak's step aims at a level above the best bound so far; `levelAbove` is that
 * level's first distance, a share of the best bound (or of the bound in hand). Fixed (`adaptive` off):
 * the step halves after STALL_ROUNDS rounds without a better bound. Adaptive: the level's distance
 * itself moves, down by half after those rounds and up by `LEVEL_GROWTH` after a round that gains a
 * quarter of it, so a level too low for a bound still climbing does not hold the steps back. With
 * `deflection` above 0 the direction is Camerini-Fratta-Maffioli's: the supergradient plus that share
 * of the last direction where the two point against each other, which damps the zigzag between
 * rounds.
 */
export interface AscentRule {
  readonly levelAbove: number;
  readonly adaptive: boolean;
  readonly deflection: number;
  /**
   * Above 0: the volume algorithm (Barahona and Anbil) instead of the deflection: each step starts at
   * the best point, along the slope of the walks' running average (the newest round's share at most
   * this, chosen to make the averaged slope shortest).
   */
  readonly volume?: number;
  /**
   * With the volume algorithm: after this many rounds with no point better than the first round's,
   * the ascent goes on under `DEFLECTED_RULE`. From a best point at a kink (on the long shapes pi = 0,
   * where most workers' cheapest walks tie with days off) every step along the average finds a worse
   * point and the volume algorithm never leaves it; steps from each trial point do.
   */
  readonly stuckRounds?: number;
}

/** A fixed level with no deflection: the rule the tests compare the stage's rule against. */
export const FIXED_LEVEL_RULE: AscentRule = { levelAbove: 0.3, adaptive: false, deflection: 0 };

/**
 * The nineteenth session's rule: the adaptive level with Camerini-Fratta-Maffioli's 1.5 (measured
 * against the fixed level, levels 1 and 3 times the best bound, deflections 1 and 1.9, and scalings of
 * the multipliers' steps against the duals': bench/results/engine.md, "s19-ascent"). Kept for the
 * tests, which compare the stage's rule against it.
 */
export const DEFLECTED_RULE: AscentRule = { levelAbove: 0.3, adaptive: true, deflection: 1.5 };

/**
 * The rule the stage uses: the volume algorithm (the newest round at most 3% of the slopes' average)
 * with the fixed level. On instance 20 a step along one round's slope moves the 1,092 cover duals
 * towards where that round's walks left a gap, and the next round's walks jump there: every rule
 * stepping along one round's slope stalls near 900, where the relaxation's optimum is about 4,460.
 * The average of many rounds' walks is a fractional rota whose gaps are the ones the optimum must
 * close, and steps from the best point along it reach 4,500 in 750 rounds (measured against the
 * deflected rule, 1% to 10% for the newest round, and the adaptive level: bench/results/engine.md,
 * "s20-master").
 */
export const ASCENT_RULE: AscentRule = { levelAbove: 0.3, adaptive: false, deflection: 0, volume: 0.03, stuckRounds: 40 };

/** The adaptive level's growth after a round that gains a quarter of its distance. */
const LEVEL_GROWTH = 1.5;

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
  readonly rule?: AscentRule;
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
 * Where each worker's multipliers sit in the ascent's flat vector after the K cover duals: the minute
 * price (in units of the worker's longest shift), then one per type, then the weekend price.
 */
function multiplierOffsets(models: readonly WorkerDayModel[], K: number): Int32Array {
  const at = new Int32Array(models.length + 1);
  at[0] = K;
  for (let w = 0; w < models.length; w++) at[w + 1] = at[w] + 2 + models[w].typeCount;
  return at;
}

/**
 * A worker's part of the supergradient, written at `o`: left at 0 where the multiplier cannot move
 * that way (a cap's or the weekends' price at 0 pointing below it, a minute price at 0 pointing at an
 * edge the band does not have) or where the rule is not priced.
 */
function writeSlopes(m: WorkerDayModel, prices: Prices, s: Slopes, unit: number, g: Float64Array, o: number): void {
  const p = prices.perMinute;
  let minutes = s.minutes / unit;
  if (p === 0 && ((minutes > 0 && !Number.isFinite(m.minutesHardMax)) || (minutes < 0 && !(m.minutesHardMin > 0)))) minutes = 0;
  g[o] = minutes;
  for (let t = 0; t < m.typeCount; t++) g[o + 1 + t] = m.typeCap[t] >= 0 && !(prices.perType[t] <= 0 && s.types[t] < 0) ? s.types[t] : 0;
  g[o + 1 + m.typeCount] = !(prices.perWeekend <= 0 && s.weekends < 0) ? s.weekends : 0;
}

/**
 * One step of the worker's multipliers along the direction (the minute price in units of the longest
 * shift), kept where the term is finite: caps' and weekends' prices at least 0, the minute price not
 * past 0 onto an edge the band does not have.
 */
function stepPrices(m: WorkerDayModel, prices: Prices, dir: Float64Array, o: number, step: number, unit: number): void {
  const p = prices.perMinute;
  let next = p + (step * dir[o]) / unit;
  // Crossing 0 changes which edge the price leans on: stop at 0 and let the next slope decide.
  if ((p > 0 && next < 0) || (p < 0 && next > 0)) next = 0;
  if (next > 0 && !Number.isFinite(m.minutesHardMax)) next = 0;
  if (next < 0 && !(m.minutesHardMin > 0)) next = 0;
  prices.perMinute = next;
  for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0) prices.perType[t] = Math.max(0, prices.perType[t] + step * dir[o + 1 + t]);
  if (Number.isFinite(m.maxWeekends)) prices.perWeekend = Math.max(0, prices.perWeekend + step * dir[o + 1 + m.typeCount]);
}

/**
 * Subgradient ascent on the cover duals and every worker's multipliers together, with walk terms only:
 * each round prices every worker by the walk programme once, and the step is Polyak's towards a level
 * above the best bound (`AscentRule`). Stops at `late()`, after `maxRounds`, once the step is
 * negligible, or when the bound reaches `upper`.
 */
export function walkDualAscent(
  models: readonly WorkerDayModel[],
  rows: CoverRows,
  options: WalkDualOptions,
): WalkDualResult {
  const base = options.rule ?? ASCENT_RULE;
  let rule = base;
  let first = -Infinity;
  const K = rows.demand.length;
  const pi = options.start ? Float64Array.from(options.start.subarray(0, K)) : new Float64Array(K);
  const [lo, hi] = dualBox(rows);
  for (let k = 0; k < K; k++) pi[k] = Math.min(hi[k], Math.max(lo[k], pi[k]));
  const prices = models.map(noPrices);
  // The minute price is stepped in units of the longest shift, so its slope is in shifts.
  const units = models.map(longestOptionMinutes);
  const extras = models.map((m) => extrasAt(m, pi));
  const at = multiplierOffsets(models, K);
  const N = at[models.length];
  const g = new Float64Array(N);
  const dir = new Float64Array(N);
  const mean = new Float64Array(N);
  const upper = options.upper ?? Infinity;
  let best = -Infinity;
  const bestPi = Float64Array.from(pi);
  const bestPrices = prices.map(copyPrices);
  let share = FIRST_STEP;
  let distance = NaN;
  let stall = 0;
  let rounds = 0;
  const maxRounds = options.maxRounds ?? Infinity;
  // The fixed rule stops once its step share is negligible, the adaptive one once its level's distance is.
  while (rounds < maxRounds && share >= LEAST_STEP && !(distance < LEAST_STEP * (Math.abs(best) + 1)) && !options.late()) {
    rounds++;
    const value = lagrangianAt(models, rows, { pi, prices, extras, units, at }, g);
    if (value === undefined) return { bound: undefined, rounds, pi: bestPi };
    // A dual at the edge of its box whose slope points out of it does not move: leave it out.
    for (let k = 0; k < K; k++) if ((pi[k] >= hi[k] && g[k] > 0) || (pi[k] <= lo[k] && g[k] < 0)) g[k] = 0;
    const previous = best;
    if (rounds === 1) first = value;
    const stuck = stuckAtFirst(base, rounds, Math.max(best, value), first);
    if (stuck !== (rule !== base)) {
      rule = stuck ? DEFLECTED_RULE : base;
      share = FIRST_STEP;
      if (stuck) dir.fill(0);
    }
    if (value > best + 1e-9) {
      best = value;
      bestPi.set(pi);
      for (let w = 0; w < models.length; w++) copyInto(prices[w], bestPrices[w]);
      stall = 0;
    } else if (++stall >= STALL_ROUNDS) {
      if (rule.adaptive) distance /= 2;
      else share /= 2;
      stall = 0;
    }
    if (Number.isNaN(distance)) distance = rule.levelAbove * Math.max(Math.abs(best), options.lower ?? 0) + 1;
    else if (rule.adaptive && best - previous >= distance / 4) distance *= LEVEL_GROWTH;
    if (options.onRound?.(rounds, value) === true || best >= upper - 1e-9) break;
    let from = value;
    if (base.volume) average(g, mean, rounds === 1 ? 1 : base.volume);
    if (rule.volume) {
      dir.set(mean);
      // The volume algorithm steps from the best point, along the primal average's slope.
      pi.set(bestPi);
      for (let w = 0; w < models.length; w++) copyInto(bestPrices[w], prices[w]);
      from = best;
    } else deflect(g, dir, rule.deflection);
    // A dual at the edge of its box the direction points out of does not move.
    for (let k = 0; k < K; k++) if ((pi[k] >= hi[k] && dir[k] > 0) || (pi[k] <= lo[k] && dir[k] < 0)) dir[k] = 0;
    let square = 0;
    for (let i = 0; i < N; i++) square += dir[i] * dir[i];
    if (square === 0) break;
    const step = (share * (polyakLevel(rule, best, distance, options.lower, upper) - from)) / square;
    for (let k = 0; k < K; k++) pi[k] = Math.min(hi[k], Math.max(lo[k], pi[k] + step * dir[k]));
    for (let w = 0; w < models.length; w++) stepPrices(models[w], prices[w], dir, at[w], step, units[w]);
  }
  const bound = Number.isFinite(best) ? best - 0.5 * rows.fractionalRows : undefined;
  return { bound, rounds, pi: bestPi };
}

/** The ascent's point: the cover duals and each worker's multipliers, with what pricing needs beside them. */
interface AscentPoint {
  readonly pi: Float64Array;
  readonly prices: readonly Prices[];
  readonly extras: Float64Array[][];
  readonly units: readonly number[];
  readonly at: Int32Array;
}

/**
 * The walk Lagrangian's value at the point, its supergradient written into `g` (cover rows first, then
 * each worker's multipliers at its offset); undefined where a worker has no legal walk.
 */
function lagrangianAt(models: readonly WorkerDayModel[], rows: CoverRows, p: AscentPoint, g: Float64Array): number | undefined {
  let value = coverLagrangian(rows, p.pi, undefined, rows.slackUpper, g);
  for (let w = 0; w < models.length; w++) {
    const m = models[w];
    extrasAt(m, p.pi, p.extras[w]);
    const s = walkSlopes(m, p.extras[w], p.prices[w]);
    if (!s) return undefined;
    value += s.term;
    writeSlopes(m, p.prices[w], s, p.units[w], g, p.at[w]);
    s.picks.forEach((i, d) => {
      if (i >= 0) g[m.days[d][i].slotRole]--;
    });
  }
  return value;
}

/**
 * Polyak's level: a little above the best bound so far (or the bound in hand), not a known rota's
 * score: on long shapes that score is 100 times the bound, and steps towards it throw the duals far
 * past their optimum (measured: bounds of -30,000 after 50 rounds where the level reaches 779).
 */
function polyakLevel(rule: AscentRule, best: number, distance: number, lower: number | undefined, upper: number): number {
  return rule.adaptive
    ? Math.min(upper, Math.max(best, lower ?? -Infinity) + distance)
    : Math.min(upper, Math.max(best, lower ?? 0) * (1 + rule.levelAbove) + 1);
}

/** Whether a volume ascent is stuck at its first round's point: deflected steps from each trial point then, until one is better. */
function stuckAtFirst(rule: AscentRule, rounds: number, best: number, first: number): boolean {
  return rule.volume !== undefined && rule.stuckRounds !== undefined && rounds >= rule.stuckRounds && best <= first + 1e-9;
}

function copyInto(from: Prices, to: Prices): void {
  to.perMinute = from.perMinute;
  to.perType.set(from.perType);
  to.perWeekend = from.perWeekend;
}

/**
 * The running average of the slopes (in place): the share of the newest that makes the average
 * shortest, between a tenth of `most` and `most` (Barahona and Anbil's rule).
 */
function average(g: Float64Array, mean: Float64Array, most: number): void {
  let across = 0;
  let gap = 0;
  for (let i = 0; i < g.length; i++) {
    const d = mean[i] - g[i];
    across += mean[i] * d;
    gap += d * d;
  }
  const alpha = gap > 0 ? Math.min(most, Math.max(most / 10, across / gap)) : most;
  for (let i = 0; i < g.length; i++) mean[i] = alpha * g[i] + (1 - alpha) * mean[i];
}

function copyPrices(p: Prices): Prices {
  return { perMinute: p.perMinute, perType: Float64Array.from(p.perType), perWeekend: p.perWeekend };
}

/**
 * The next direction from the supergradient g and the last direction (in place): Camerini-Fratta-
 * Maffioli's, the last direction added with `factor` times its part against g where the two point
 * against each other, so the steps stop zigzagging across a ridge; with factor 0, g itself.
 */
function deflect(g: Float64Array, dir: Float64Array, factor: number): void {
  let dot = 0;
  let last = 0;
  for (let i = 0; i < g.length; i++) {
    dot += g[i] * dir[i];
    last += dir[i] * dir[i];
  }
  const beta = factor > 0 && dot < 0 && last > 0 ? (-factor * dot) / last : 0;
  for (let i = 0; i < g.length; i++) dir[i] = g[i] + beta * dir[i];
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
