// Large-neighbourhood search with the MILP: a window of workers x days (neighbourhoods.ts) is freed,
// everything else of the best rota is fixed, and the MILP re-optimises the window. A rota that breaks
// hard rules is repaired with every hard row bending at a high price. Kept when the catalogue says the
// rota is no worse. As a stage it runs until the time is up or the rota is proven optimal; the column
// stages also take it one neighbourhood at a time among their improvers (improvers.ts).

import { encodeProblem } from '../milp/encode.ts';
import type { SolveContext } from './context.ts';
import { chooseNeighbourhood, focusOf, KindScores, NeighbourhoodSizes, type Focus } from './neighbourhoods.ts';

/** Price of a broken hard row while repairing: above any soft saving a window can make. */
const REPAIR_SLACK = 1e5;

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
    this.focus = focusOf(ctx.problem, ctx.incumbent.analysis);
    this.focusFor = ctx.incumbent.assignments;
  }

  /** One neighbourhood within `seconds`; true when it improved the best rota. */
  step(seconds: number): boolean {
    const { problem, incumbent, rng } = this.ctx;
    if (this.focusFor !== incumbent.assignments) {
      this.focus = focusOf(problem, incumbent.analysis);
      this.focusFor = incumbent.assignments;
    }
    const hood = chooseNeighbourhood(problem, this.focus, this.sizes, this.scores, rng, this.repairIndex++);
    const encoded = encodeProblem(problem, {
      fixed: { current: incumbent.assignments, isFree: hood.isFree },
      hardSlackWeight: incumbent.score.hard > 0 ? REPAIR_SLACK : undefined,
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
