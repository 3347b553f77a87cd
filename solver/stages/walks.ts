// Worker walks (colgen/walk-descent.ts): every worker's rota re-planned whole over the horizon, one
// worker at a time, given everyone else's. Runs right after the allocation loop wherever column
// generation applies: the loop's moves change one place at a time, which on long horizons rarely
// mends a rule over runs, days off or totals, while a whole walk keeps them all by construction. It
// stops at a local optimum (no single worker's walk improves), so on small problems it takes little.

import type { WorkerDayModel } from '../colgen/day-model.ts';
import { walkDescent } from '../colgen/walk-descent.ts';
import { Prng } from '../search/prng.ts';
import type { SolveContext } from './context.ts';

export function walkStage(ctx: SolveContext, models: readonly WorkerDayModel[], share: number): string {
  const { budget, incumbent } = ctx;
  const until = budget.elapsedMs() + budget.shareMs(share);
  if (ctx.proven() || incumbent.score.hard === Infinity || !(until > budget.elapsedMs())) return 'skipped';
  // A stream of its own, so the stages after it draw the same numbers whether it ran or not.
  const rng = new Prng((((ctx.options.seed ?? 1) >>> 0) ^ 0x3a1c) >>> 0);
  const r = walkDescent(ctx.problem, models, incumbent.assignments, { late: () => budget.elapsedMs() >= until, rng });
  const better = incumbent.consider(r.assignments, 'worker walks');
  return `${r.passes} passes, ${r.changed} walks changed${r.converged ? ', no single walk improves' : ''}${better ? ', better' : ''}`;
}
