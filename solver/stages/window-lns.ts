// Large neighbourhoods over windows of days: every worker's days in a window of consecutive days
// re-planned by branch and price while the rest of the rota stays fixed (colgen/window.ts). Column
// neighbourhoods free a few workers over the whole horizon, and on a long horizon each of them prices
// as dearly as the root; a window's pricing costs about what a window-long horizon would, and cover,
// which couples the workers of a day, is re-planned whole inside it.
//
// The windows sweep the horizon in passes: a pass tiles the horizon with windows of the current
// length, each pass starting half a window further on than the one before (so the edges of one pass
// fall inside the windows of the next), and takes them worst first (the most penalised days of the
// rota as it is then): every part of the rota gets its turn once a pass, and none comes again before
// the others have had theirs. The length follows what the trees do, as the column neighbourhoods'
// sizes do: a pass most of whose trees closed with nothing better has about exhausted its length
// around the rota, and so has one that gained less than half what the pass before it gained at the
// same length (returns falling off): the next is a week longer (passLengthens); a cut tree shortens
// the next window by a week and starts a new pass (weeks, so weekends stay whole more often; the
// edges are exact either way). A closed tree over the whole horizon is branch and price over the
// whole problem: it proves the rota optimal.

import { reoptimiseWindow, type DayWindow } from '../colgen/window.ts';
import type { NeighbourhoodOptions, NeighbourhoodResult } from '../colgen/neighbourhood.ts';
import type { WorkerDayModel } from '../colgen/day-model.ts';
import type { LpSessionFactory } from '../milp/backend.ts';
import type { Assignment, Problem } from '../model.ts';
import { neighbourhoodTimeMs } from './column-lns.ts';
import type { ColumnSearch } from './columns.ts';
import { focusOf } from './neighbourhoods.ts';

/** Windows grow and shrink by whole weeks, and start a week long. */
const WEEK = 7;
const FIRST_WEEKS = 1;
/** Windows apply on horizons of at least this many first windows: on shorter ones the column
 *  neighbourhoods' trees over whole rotas close, and a window is a large part of the rota. */
const MIN_WINDOWS_PER_HORIZON = 8;

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
  /** The windows of this pass not yet taken. */
  private pass: DayWindow[] = [];
  private passes = 0;
  /** Windows of this pass so far, and those that found a better rota. */
  private passWindows = 0;
  private passBetter = 0;
  /** The rota's soft score when this pass started, and what the last whole pass at this length gained. */
  private passStart = Infinity;
  private lastGain: number | undefined;
  rounds = 0;
  better = 0;
  closedTrees = 0;
  /** Some pass has about exhausted its length around the rota (the windows have lengthened once). */
  lengthened = false;

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
    if (this.pass.length === 0) {
      this.pass = tiling(H, Math.min(H, this.span), this.passes % 2 === 1);
      this.passStart = incumbent.score.soft;
    }
    const window = this.take(focusOf(problem, incumbent.analysis).day);
    const r = this.reoptimise(problem, cg.models, incumbent.assignments, window, ctx.exact!, { clock, timeLimitMs: Math.min(untilMs - clock(), this.timeMs) });
    const improved = r.improved !== undefined && incumbent.consider(r.improved, 'window neighbourhood');
    if (improved) this.better++;
    this.rounds++;
    if (r.complete) this.closedTrees++;
    // Over the whole horizon a closed tree is branch and price over the whole problem.
    if (r.complete && !improved && window.firstDay === 0 && window.lastDay === H - 1 && incumbent.score.hard === 0) {
      ctx.bound.raiseSoft(0, incumbent.score.soft, 'window neighbourhood (whole horizon, closed tree)');
    }
    this.passWindows++;
    if (improved) this.passBetter++;
    // A cut tree: the length is too long for a window's time; a new pass at the shorter one.
    if (!r.complete) {
      this.span = Math.max(WEEK, this.span - WEEK);
      this.pass = [];
      this.lastGain = undefined;
    }
    // A pass that has about exhausted its length around the rota: the next is a week longer (a cut
    // pass is already shorter).
    if (this.pass.length === 0) {
      const gain = this.passStart - incumbent.score.soft;
      if (r.complete && passLengthens(this.passWindows, this.passBetter, gain, this.lastGain)) {
        this.span = Math.min(H, this.span + WEEK);
        this.lastGain = undefined;
        this.lengthened = true;
      } else if (r.complete) this.lastGain = gain;
      this.passWindows = 0;
      this.passBetter = 0;
      this.passes++;
    }
    return improved;
  }

  /** The pass's window with the most penalty on its days (the first of equals), taken out of the pass. */
  private take(perDay: readonly number[]): DayWindow {
    let best = 0;
    let most = -Infinity;
    this.pass.forEach((w, i) => {
      let sum = 0;
      for (let d = w.firstDay; d <= w.lastDay; d++) sum += perDay[d];
      if (sum > most) {
        most = sum;
        best = i;
      }
    });
    return this.pass.splice(best, 1)[0];
  }

  summary(): string {
    return `${this.rounds} windows in ${this.passes} passes (${this.closedTrees} closed), ${this.better} better; next length ${this.span} days`;
  }
}

/**
 * Whether a whole pass of closed trees has about exhausted its length: most of its trees found
 * nothing better, or it gained less than half what the pass before it gained at this length
 * (`lastGain`, undefined when it was the first at this length).
 */
export function passLengthens(windows: number, better: number, gain: number, lastGain: number | undefined): boolean {
  return 2 * better < windows || (lastGain !== undefined && 2 * gain < lastGain);
}

/** Windows of `span` days covering days 0..H-1 in order; `shifted` starts half a window on (the first is then shorter). */
export function tiling(H: number, span: number, shifted: boolean): DayWindow[] {
  const out: DayWindow[] = [];
  for (let first = shifted ? Math.floor(span / 2) - span : 0; first < H; first += span) {
    if (first + span > 0) out.push({ firstDay: Math.max(0, first), lastDay: Math.min(H - 1, first + span - 1) });
  }
  return out;
}
