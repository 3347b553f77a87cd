// Large-neighbourhood search with the MILP: a window of workers x days (neighbourhoods.ts) is freed,
// everything else of the best rota is fixed, and the MILP re-optimises the window. A rota that breaks
// hard rules is repaired with every hard row bending at a high price. Kept when the catalogue says the
// rota is no worse. Runs until the time is up or the rota is proven optimal.

import { encodeProblem } from '../milp/encode.ts';
import type { SolveContext } from './context.ts';
import { chooseNeighbourhood, focusOf, KindScores, NeighbourhoodSizes } from './neighbourhoods.ts';

/** Price of a broken hard row while repairing: above any soft saving a window can make. */
const REPAIR_SLACK = 1e5;

export function milpLnsStage(ctx: SolveContext): string {
  const { problem, incumbent, rng, budget } = ctx;
  const milp = ctx.exact!;
  const sizes = new NeighbourhoodSizes(problem);
  const scores = new KindScores();
  let focus = focusOf(problem, incumbent.analysis);
  let focusFor = incumbent.assignments;
  let tried = 0;
  let improved = 0;
  let repairIndex = 0;
  while (!ctx.proven()) {
    const left = budget.remainingMs() / 1000;
    if (left < 0.05) break;
    if (focusFor !== incumbent.assignments) {
      focus = focusOf(problem, incumbent.analysis);
      focusFor = incumbent.assignments;
    }
    const hood = chooseNeighbourhood(problem, focus, sizes, scores, rng, repairIndex++);
    const encoded = encodeProblem(problem, {
      fixed: { current: incumbent.assignments, isFree: hood.isFree },
      hardSlackWeight: incumbent.score.hard > 0 ? REPAIR_SLACK : undefined,
    });
    tried++;
    if (encoded.binaryCount === 0) {
      sizes.report(hood.kind, 'trivial');
      continue;
    }
    const r = milp.solve(encoded.lp, {
      timeLimitSeconds: Math.min(ctx.stages.neighbourhoodSeconds, left),
      start: encoded.start(incumbent.assignments),
      presolve: false,
    });
    let better = false;
    if (r.status === 'optimal' || r.status === 'feasible') {
      better = incumbent.consider(encoded.decode(r.values), `MILP neighbourhood (${hood.kind})`);
      if (better) improved++;
    }
    sizes.report(hood.kind, r.status === 'optimal' ? 'optimal' : 'limit');
    scores.record(hood.kind, better);
  }
  return `${tried} neighbourhoods, ${improved} better`;
}
