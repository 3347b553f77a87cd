// After the column dives, the rest of the time goes to three improvers of the best rota, one step at
// a time: a column neighbourhood (a few workers re-planned by branch and price), a MILP neighbourhood
// (a window of the rota re-optimised by the MILP) and worker walks (every worker re-planned given the
// others; only after the rota changed, since from their own local optimum they find nothing). Which
// one takes the next step follows what each gained per second of its recent steps: on short horizons
// branch and price over a few workers closes and gains most, on long ones it rarely finishes a single
// neighbourhood while the MILP's windows and the walks keep gaining, and a fixed split of the time
// between them wastes most of it on one kind of instance or the other.

import type { ColumnSearch } from './columns.ts';
import { ColumnNeighbourhoods } from './column-lns.ts';
import type { Score } from '../model.ts';
import { MilpNeighbourhoods } from './milp-lns.ts';
import { walkStage } from './walks.ts';

/** A hard breach counts this many soft points in the gain of a step (lexicographic scores). */
const HARD_GAIN = 1e6;
/** One step of worker walks takes at most this share of the budget (a stopped descent keeps what it
 *  found), so on long horizons the other improvers keep their turns. */
const WALK_STEP_SHARE = 0.1;
/** How much of an improver's past steps the next choice remembers: recent steps weigh most. */
const MEMORY = 0.7;

/** Chooses the next improver by recent gain per second; each is tried once before any is preferred. */
export class ImproverChooser {
  private readonly gain: number[];
  private readonly seconds: number[];
  private readonly total: number[];
  private readonly tried: boolean[];

  constructor(readonly count: number) {
    this.gain = new Array<number>(count).fill(0);
    this.seconds = new Array<number>(count).fill(0);
    this.total = new Array<number>(count).fill(0);
    this.tried = new Array<boolean>(count).fill(false);
  }

  /** The next improver among those that apply now (undefined when none does). */
  next(applies: (i: number) => boolean): number | undefined {
    let best: number | undefined;
    for (let i = 0; i < this.count; i++) {
      if (!applies(i)) continue;
      if (!this.tried[i]) return i;
      if (best === undefined || this.prefer(i, best)) best = i;
    }
    return best;
  }

  /** What a step of improver i gained (soft points, hard breaches weighed above) in how long. */
  record(i: number, gained: number, seconds: number): void {
    this.tried[i] = true;
    this.gain[i] = MEMORY * this.gain[i] + Math.max(0, gained);
    this.seconds[i] = MEMORY * this.seconds[i] + Math.max(1e-3, seconds);
    this.total[i] += Math.max(1e-3, seconds);
  }

  private rate(i: number): number {
    return this.gain[i] / this.seconds[i];
  }

  /** The better rate; with none gaining (or equal), the one that has had less time so far. */
  private prefer(a: number, b: number): boolean {
    const ra = this.rate(a);
    const rb = this.rate(b);
    if (ra !== rb) return ra > rb;
    return this.total[a] < this.total[b];
  }
}

export function gainOf(before: Score, after: Score): number {
  return (before.hard - after.hard) * HARD_GAIN + (before.soft - after.soft);
}

/** Runs the improvers for their share of the budget, or until the rota is proven optimal. */
export function improversStage(s: ColumnSearch): string {
  const { ctx, cg } = s;
  const { budget, incumbent } = ctx;
  const untilMs = budget.elapsedMs() + budget.shareMs(ctx.stages.improverShare);
  const leftMs = (): number => untilMs - budget.elapsedMs();
  if (ctx.proven() || leftMs() <= 500) return 'skipped';
  const column = new ColumnNeighbourhoods(s);
  const milp = new MilpNeighbourhoods(ctx);
  let walked = incumbent.assignments;
  let walks = 0;
  const chooser = new ImproverChooser(3);
  const applies = (i: number): boolean => (i === 0 ? column.applies() : i === 1 ? true : walked !== incumbent.assignments && incumbent.score.hard !== Infinity);
  while (!ctx.proven() && leftMs() >= 50) {
    const i = chooser.next(applies);
    if (i === undefined) break;
    const before = incumbent.score;
    const t0 = budget.elapsedMs();
    if (i === 0) column.step(budget.now() + leftMs());
    else if (i === 1) milp.step(leftMs() / 1000);
    else {
      walkStage(ctx, cg.models, Math.min(ctx.stages.walkShare, WALK_STEP_SHARE, leftMs() / (budget.limitMs ?? Infinity)));
      walked = incumbent.assignments;
      walks++;
    }
    chooser.record(i, gainOf(before, incumbent.score), (budget.elapsedMs() - t0) / 1000);
  }
  return `column: ${column.summary()}; MILP: ${milp.summary()}; worker walks ${walks} times`;
}
