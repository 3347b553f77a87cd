// Large-neighbourhood search with the MILP: a window of workers x days (neighbourhoods.ts) is freed,
// everything else of the best rota is fixed, and the MILP re-optimises the window. A rota that breaks
// hard rules is repaired with every hard row bending at a high price. Kept when the catalogue says the
// rota is no worse. As a stage it runs until the time is up or the rota is proven optimal; the column
// stages also take it one neighbourhood at a time among their improvers (improvers.ts); and right
// after the loop, when its rota leaves a role below its minimum, it repairs that first (shortfallStage).

import { encodeProblem, type HardMode } from '../milp/encode.ts';
import type { SolveContext } from './context.ts';
import { chooseNeighbourhood, focusOf, KindScores, NeighbourhoodSizes, shortfallNeighbourhood, type Focus, type Neighbourhood } from './neighbourhoods.ts';

/** Price of a broken hard row while repairing: above any soft saving a window can make. */
const REPAIR_SLACK = 1e5;
/** Neighbourhoods tried per role below its minimum, in a row without a better rota, before giving up
 *  (each failure that hit its time limit shrinks the next, each solved one grows it). */
const TRIES_PER_SHORTFALL = 4;

/** MILP neighbourhoods one at a time, keeping their sizes and scores from one to the next. */
export class MilpNeighbourhoods {
  private readonly sizes: NeighbourhoodSizes;
  private readonly scores = new KindScores();
  private focus: Focus;
  private focusFor: unknown;
  private repairIndex = 0;
  tried = 0;
  improved = 0;

  constructor(private readonly ctx: SolveContext) {
    this.sizes = new NeighbourhoodSizes(ctx.problem);
    this.focus = focusOf(ctx.problem, ctx.incumbent.analysis, ctx.incumbent.assignments);
    this.focusFor = ctx.incumbent.assignments;
  }

  /** One neighbourhood within `seconds`; true when it improved the best rota. */
  step(seconds: number): boolean {
    this.refocus();
    const { problem, rng } = this.ctx;
    const hood = chooseNeighbourhood(problem, this.focus, this.sizes, this.scores, rng, this.repairIndex++);
    return hood.kind === 'shortfall' ? this.fill(hood, seconds) : this.solve(hood, seconds);
  }

  /** Roles below their minimum in the best rota (as of its last change). */
  shortfalls(): number {
    this.refocus();
    return this.focus.shortfalls.length;
  }

  /**
   * One neighbourhood around a role below its minimum (the next one in turn), within `seconds`; false
   * when none is short. The window's least hard score first (the MILP then only has to find a rota
   * breaking less, and proves it at once when that rota breaks nothing; with the soft score in the
   * objective as well, a window that has such a rota often ran out of time before finding it), then
   * the soft score of the window from there (its hard rules held, or bending if the rota still breaks one).
   */
  repairShortfall(seconds: number): boolean {
    this.refocus();
    const short = this.focus.shortfalls;
    if (short.length === 0) return false;
    const target = short[this.repairIndex++ % short.length];
    return this.fill(shortfallNeighbourhood(this.ctx.problem, target, this.sizes.sizes.shortfall, this.ctx.rng), seconds);
  }

  private fill(hood: Neighbourhood, seconds: number): boolean {
    const started = this.ctx.budget.elapsedMs();
    const better = this.solve(hood, seconds, { kind: 'minimise' });
    if (better) this.solve(hood, seconds - (this.ctx.budget.elapsedMs() - started) / 1000);
    return better;
  }

  private refocus(): void {
    const { problem, incumbent } = this.ctx;
    if (this.focusFor !== incumbent.assignments) {
      this.focus = focusOf(problem, incumbent.analysis, incumbent.assignments);
      this.focusFor = incumbent.assignments;
    }
  }

  /** The neighbourhood re-optimised by the MILP (repairing with bending hard rows, unless `hard` says otherwise). */
  private solve(hood: Neighbourhood, seconds: number, hard?: HardMode): boolean {
    const { problem, incumbent } = this.ctx;
    if (seconds < 0.05) return false;
    const encoded = encodeProblem(problem, {
      fixed: { current: incumbent.assignments, isFree: hood.isFree },
      ...(hard ? { hard } : { hardSlackWeight: incumbent.score.hard > 0 ? REPAIR_SLACK : undefined }),
    });
    this.tried++;
    if (encoded.binaryCount === 0) {
      this.sizes.report(hood.kind, 'trivial');
      return false;
    }
    const r = this.ctx.exact!.solve(encoded.lp, {
      timeLimitSeconds: Math.min(this.ctx.stages.neighbourhoodSeconds, seconds),
      start: encoded.start(incumbent.assignments),
      presolve: false,
    });
    let better = false;
    if (r.status === 'optimal' || r.status === 'feasible') {
      better = incumbent.consider(encoded.decode(r.values), `MILP neighbourhood (${hood.kind})`);
      if (better) this.improved++;
    }
    this.sizes.report(hood.kind, r.status === 'optimal' ? 'optimal' : 'limit');
    this.scores.record(hood.kind, better);
    return better;
  }

  summary(): string {
    return `${this.tried} neighbourhoods, ${this.improved} better`;
  }
}

export function milpLnsStage(ctx: SolveContext): string {
  const hoods = new MilpNeighbourhoods(ctx);
  while (!ctx.proven()) {
    const left = ctx.budget.remainingMs() / 1000;
    if (left < 0.05) break;
    hoods.step(left);
  }
  return hoods.summary();
}

/**
 * Right after the allocation loop, when its rota leaves a role below its minimum and the whole model
 * comes next: neighbourhoods around each such role until none is left or the share is spent. The
 * whole model bounds the soft score only once a rota breaks no hard rule (before that it spends its
 * time on the least hard score), so a legal rota before it is what gives the solve its bound.
 */
export function shortfallStage(ctx: SolveContext, share: number): string {
  const hoods = new MilpNeighbourhoods(ctx);
  const untilMs = ctx.budget.elapsedMs() + ctx.budget.shareMs(share);
  const before = hoods.shortfalls();
  // A role nobody can fill (no holder free on its day, whatever the others do) stays short: after a
  // few tries at each without a better rota, the time goes back to the stages that follow.
  let fruitless = 0;
  while (hoods.shortfalls() > 0 && fruitless < TRIES_PER_SHORTFALL * hoods.shortfalls()) {
    const left = (untilMs - ctx.budget.elapsedMs()) / 1000;
    if (left < 0.05) break;
    fruitless = hoods.repairShortfall(left) ? 0 : fruitless + 1;
  }
  return `${before} short -> ${hoods.shortfalls()} (${hoods.summary()}), ${ctx.incumbent.score.hard} hard / ${ctx.incumbent.score.soft} soft`;
}
