// A root that cannot converge gives the stages after it no duals to dive on and no bound above the
// days' own; what it gives them is a rota, its LP rounded (each worker's most used column), and the
// columns behind it. A root cannot converge when its rounds come too slowly for the rounds that roots
// converging take (rootPartialRounds) to fit in its time: known before any round when the first
// columns' pricing was cut by its share (colgen/master.ts), else from the pace of its first rounds
// (wide shapes: many workers with many shift types a day make a master LP whose every solve is dear,
// even where the first columns came cheap). Nothing says the rounding gets better the longer such a
// root runs: its rounds add columns to a master far from converging, and each LP mixes more of them.
// The improvers, from a rota, gain far faster than that. So while such a root runs its LP is rounded
// now and then and offered as the best rota, and once the roundings have gone a stall's time without
// a better rota the root ends there: its time goes to the improvers. The stall counts from the
// root's start until its first rounding (the rota in hand then is the one to beat), and is read inside
// its rounds too (`stalled`): on long horizons pricing a single worker can take seconds, so a round
// can outlast the stall many times over, and waiting for its end to round it gives the improvers
// nothing. A root whose rounds come fast enough (every root that converges in the corpus,
// bench/results/engine.md "i22-horizon" and "s12-wide28") is never rounded here and runs as it did.

import type { RootRound } from '../colgen/master.ts';
import type { SolveContext } from './context.ts';

/** A rounding (and its rescoring by the catalogue) costs at most this share of the root's time. */
const ROUNDING_SHARE = 0.1;
/** The root's pace is judged over its rounds after the first (whose time includes the first columns'
 *  pricing), once there are this many and they have taken this share of the root's time: a root's
 *  first rounds are its dearest on some shapes (the LP re-solved from few columns, cheap once it has
 *  more) and its cheapest on others (wide shapes: the LP grows dearer with its columns), and a
 *  quarter of its time shows which while leaving the rest to the improvers. */
const PACE_ROUNDS = 2;
const PACE_SHARE = 0.25;

export class RootRoundings {
  /** Roundings offered. */
  rounded = 0;
  /** When the root was ended (its roundings stalled), on the solve's elapsed clock. */
  endedMs: number | undefined;
  private lastMs = -Infinity;
  private costMs = 0;
  private bestMs: number | undefined;
  /** Each rounding that was a better rota: its score and when. */
  private readonly trace: string[] = [];

  /** The root was found unable to converge (from then on it is rounded). */
  tooSlow = false;
  /** When the root's first round ended (the solve's elapsed clock), and its time per round since. */
  private firstMs: number | undefined;
  private paceMs = 0;
  /** Marked by its cut first pricing (before any pace was measured), not by its pace. */
  private cutFirst = false;

  /** When the root started (the solve's elapsed clock): the rota in hand then is the one its roundings must beat. */
  private readonly startMs: number;

  constructor(
    private readonly ctx: SolveContext,
    /** The roundings stall after this long (ms on the solve's clock) without a better rota. */
    private readonly stallMs: number,
    /** The root's whole time and the rounds a root converging takes: rounds coming slower than
     *  rootMs / rounds say this root cannot converge. Without them only a cut first pricing does. */
    private readonly pace: { readonly rootMs: number; readonly rounds: number } | undefined = undefined,
  ) {
    this.startMs = ctx.budget.elapsedMs();
  }

  /** Once the first columns are in: a root whose first pricing was cut cannot converge, known before any round. */
  firstColumns(cut: boolean): void {
    if (!cut || this.tooSlow) return;
    this.tooSlow = true;
    this.cutFirst = true;
  }

  /**
   * A root that cannot converge has gone its stall without a better rota: since its last better
   * rounding, or before any rounding since it started. Read inside its rounds too, so a round dearer
   * than the stall (long horizons, where pricing one worker can take seconds) ends where it is rather
   * than at its end: its rounding could only be judged after the stall anyway.
   */
  stalled(): boolean {
    if (!this.tooSlow || this.endedMs !== undefined) return this.endedMs !== undefined;
    const now = this.ctx.budget.elapsedMs();
    if (now - (this.bestMs ?? this.startMs) < this.stallMs) return false;
    this.endedMs = now;
    return true;
  }

  /** After a round of the root: rounds its LP when due (once the root is known unable to converge); true ends the root. */
  afterRound(round: RootRound): boolean {
    this.firstColumns(round.firstCut);
    if (!this.tooSlow) {
      const now = this.ctx.budget.elapsedMs();
      this.firstMs ??= now;
      const since = round.iteration - 1;
      if (since > 0) this.paceMs = (now - this.firstMs) / since;
      const judged = this.pace !== undefined && since >= PACE_ROUNDS && now - this.firstMs >= PACE_SHARE * this.pace.rootMs;
      if (!judged || this.paceMs * this.pace!.rounds <= this.pace!.rootMs) return false;
      this.tooSlow = true;
    }
    const { budget, incumbent } = this.ctx;
    const t0 = budget.elapsedMs();
    this.bestMs ??= t0;
    // Spaced so the roundings cost at most ROUNDING_SHARE of the root's time at their last cost.
    if (t0 - this.lastMs < (this.costMs * (1 - ROUNDING_SHARE)) / ROUNDING_SHARE) return false;
    const improved = incumbent.consider(round.roundLp(), 'LP rounding');
    const t1 = budget.elapsedMs();
    this.costMs = t1 - t0;
    this.lastMs = t1;
    this.rounded++;
    if (improved) {
      this.bestMs = t1;
      this.trace.push(`${incumbent.score.hard > 0 ? `${incumbent.score.hard} hard / ` : ''}${incumbent.score.soft} at ${(t1 / 1000).toFixed(1)} s`);
    }
    if (t1 - this.bestMs >= this.stallMs) this.endedMs = t1;
    return this.endedMs !== undefined;
  }

  summary(): string {
    const pace = this.cutFirst ? 'its first pricing cut' : `${(this.paceMs / 1000).toFixed(2)} s a round`;
    const endedAt = this.endedMs === undefined ? undefined : `ended at ${(this.endedMs / 1000).toFixed(1)} s`;
    if (!this.tooSlow) return `; ${pace}`;
    if (this.rounded === 0) return `; cannot converge (${pace})${endedAt === undefined ? '' : `: no rounding, ${endedAt}`}`;
    const better = this.trace.length === 0 ? '' : ` (${this.trace.join(', ')})`;
    return `; cannot converge (${pace}): ${this.rounded} roundings, ${this.trace.length} better${better}${endedAt === undefined ? '' : `, ${endedAt} once they stalled`}`;
  }
}
