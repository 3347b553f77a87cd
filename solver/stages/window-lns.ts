// Large neighbourhoods over windows of days: every worker's days in a window of consecutive days
// re-planned by branch and price while the rest of the rota stays fixed (colgen/window.ts). Column
// neighbourhoods free a few workers over the whole horizon, and on a long horizon each of them prices
// as dearly as the root; a window's pricing costs about what a window-long horizon would, and cover,
// which couples the workers of a day, is re-planned whole inside it.
//
// The window's length follows what the trees do, as the column neighbourhoods' sizes do: a tree
// closed with nothing better lengthens the next window by a week, a cut one shortens it, and one that
// found a better rota keeps the length (weeks, so weekends stay whole more often; the edges are exact
// either way). Where it falls is drawn at random, half the time around the days the rota is penalised
// on; a window closed around the same rota is not drawn again. A closed tree over the whole horizon
// is branch and price over the whole problem: it proves the rota optimal.

import { reoptimiseWindow, type DayWindow } from '../colgen/window.ts';
import type { NeighbourhoodOptions, NeighbourhoodResult } from '../colgen/neighbourhood.ts';
import type { WorkerDayModel } from '../colgen/day-model.ts';
import type { LpSessionFactory } from '../milp/backend.ts';
import type { Assignment, Problem } from '../model.ts';
import type { Prng } from '../search/prng.ts';
import { neighbourhoodTimeMs } from './column-lns.ts';
import type { ColumnSearch } from './columns.ts';
import { focusOf } from './neighbourhoods.ts';

/** Windows grow and shrink by whole weeks, and start a week long. */
const WEEK = 7;
const FIRST_WEEKS = 1;
/** Windows apply on horizons of at least this many first windows: on shorter ones the column
 *  neighbourhoods' trees over whole rotas close, and a window is a large part of the rota. */
const MIN_WINDOWS_PER_HORIZON = 8;
/** Draws a step makes to find a window not closed around the current rota. */
const DRAWS = 8;

export type ReoptimiseWindow = (
  problem: Problem,
  models: readonly WorkerDayModel[],
  rota: readonly Assignment[],
  window: DayWindow,
  factory: LpSessionFactory,
  options: NeighbourhoodOptions,
) => NeighbourhoodResult;

export class WindowNeighbourhoods {
  /** The next window's length in days. */
  span: number;
  private readonly timeMs: number;
  private closedFor: unknown;
  private readonly closed = new Set<string>();
  rounds = 0;
  better = 0;
  closedTrees = 0;

  constructor(
    private readonly s: ColumnSearch,
    private readonly reoptimise: ReoptimiseWindow = reoptimiseWindow,
  ) {
    const H = s.ctx.problem.days.length;
    this.span = Math.min(H, FIRST_WEEKS * WEEK);
    // A window's own time is a column neighbourhood's.
    this.timeMs = neighbourhoodTimeMs(s.ctx.budget.limitMs);
  }

  /** A window needs a rota that breaks no hard rule, and a long horizon (MIN_WINDOWS_PER_HORIZON). */
  applies(): boolean {
    return this.s.ctx.incumbent.score.hard === 0 && this.s.ctx.problem.days.length >= MIN_WINDOWS_PER_HORIZON * FIRST_WEEKS * WEEK;
  }

  /** One window, ending by `untilMs` on the solve's clock; true when it improved the best rota. */
  step(untilMs: number): boolean {
    const { ctx, cg } = this.s;
    const { problem, incumbent } = ctx;
    const clock = ctx.options.clock!;
    const H = problem.days.length;
    const rota = incumbent.assignments;
    if (this.closedFor !== rota) {
      this.closed.clear();
      this.closedFor = rota;
    }
    const window = this.draw(H, ctx.rng, () => focusOf(problem, incumbent.analysis).day);
    const r = this.reoptimise(problem, cg.models, rota, window, ctx.exact!, { clock, timeLimitMs: Math.min(untilMs - clock(), this.timeMs) });
    const improved = r.improved !== undefined && incumbent.consider(r.improved, 'window neighbourhood');
    if (improved) this.better++;
    this.rounds++;
    if (r.complete) {
      this.closedTrees++;
      if (!improved) this.closed.add(keyOf(window));
      // Over the whole horizon a closed tree is branch and price over the whole problem.
      if (!improved && window.firstDay === 0 && window.lastDay === H - 1 && incumbent.score.hard === 0) {
        ctx.bound.raiseSoft(0, incumbent.score.soft, 'window neighbourhood (whole horizon, closed tree)');
      }
    }
    // A window length that still finds better rotas is kept (longer windows cost more per step);
    // one whose tree closed with nothing better is exhausted around this rota, and a cut one too long.
    if (!r.complete) this.span = Math.max(WEEK, this.span - WEEK);
    else if (!improved) this.span = Math.min(H, this.span + WEEK);
    return improved;
  }

  /** A window of the current length not closed around this rota (when one is found in a few draws). */
  private draw(H: number, rng: Prng, penalties: () => readonly number[]): DayWindow {
    const span = Math.min(H, this.span);
    let window: DayWindow = { firstDay: 0, lastDay: span - 1 };
    let perDay: readonly number[] | undefined;
    for (let i = 0; i < DRAWS; i++) {
      let first = rng.int(H - span + 1);
      if (rng.float() < 0.5) {
        perDay ??= penalties();
        const centre = weightedPick(perDay, rng);
        first = Math.max(0, Math.min(H - span, centre - Math.floor(span / 2)));
      }
      window = { firstDay: first, lastDay: first + span - 1 };
      if (!this.closed.has(keyOf(window))) break;
    }
    return window;
  }

  summary(): string {
    return `${this.rounds} windows (${this.closedTrees} closed), ${this.better} better; next length ${this.span} days`;
  }
}

function keyOf(w: DayWindow): string {
  return `${w.firstDay}:${w.lastDay}`;
}

function weightedPick(weights: readonly number[], rng: Prng): number {
  let total = 0;
  for (const w of weights) total += Math.max(0, w);
  if (total <= 0) return rng.int(weights.length);
  let r = rng.float() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= Math.max(0, weights[i]);
    if (r < 0) return i;
  }
  return weights.length - 1;
}
