// Stage 1, always: the allocation loop (construction, then local search) gives the first rota. With
// exact stages to follow it gets a share of the budget; alone it gets all of it. When column
// generation was to follow but stepped aside, the loop goes on from the best rota (polishStage).

import { catalogueEngine } from '../engine/catalogue-engine.ts';
import { allocate } from '../search/run.ts';
import type { SolveContext } from './context.ts';

export function allocateStage(ctx: SolveContext, columnsAhead: boolean): string {
  const { budget, options, stages } = ctx;
  const exactAhead = ctx.exact !== undefined && budget.timed;
  let timeLimitMs = options.timeLimitMs;
  let maxMoves = options.maxMoves;
  if (exactAhead) {
    timeLimitMs = budget.shareMs(columnsAhead ? stages.allocateShareBeforeColumns : stages.allocateShare);
    // Before column generation the rota only seeds the first columns: a move budget (the time share
    // stays a cap) makes that seed, and so what follows, the same for a seed on any machine.
    if (columnsAhead) maxMoves = Math.min(maxMoves ?? Infinity, stages.allocateMovesBeforeColumns);
  }
  const limit = budget.limitMs;
  // The loop's clock stands still while its floor works out the whole model's LP (SolveContext.floor):
  // that LP is the whole model stage's, so it does not come out of the loop's share.
  const clock = options.clock && ((): number => options.clock!() - ctx.floorMs);
  const run = allocate(
    catalogueEngine,
    ctx.problem,
    {
      seed: options.seed,
      clock,
      timeLimitMs,
      maxMoves,
      initial: options.initial,
      onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, fraction: limit ? Math.min(1, budget.elapsedMs() / limit) : p.fraction })),
    },
    ctx.settings,
    exactAhead && !columnsAhead ? stages.allocateStallPerPlace : undefined,
    () => budget.late(),
    (stall) => ctx.floor(stall),
  );
  ctx.loopMoves = run.stats.moves;
  ctx.loopStats = run.stats;
  ctx.incumbent.consider(run.assignments, 'allocation loop');
  const met = ctx.proven() ? ', met the bound' : '';
  return `${run.stats.moves} moves, ${run.score.hard} hard / ${run.score.soft} soft${met}`;
}

/** The allocation loop again, from the best rota, for a share of the budget (or until it stalls). */
export function polishStage(ctx: SolveContext): string {
  const { budget, options, stages } = ctx;
  const run = allocate(
    catalogueEngine,
    ctx.problem,
    { seed: options.seed, clock: options.clock, timeLimitMs: budget.shareMs(stages.allocateShare), initial: ctx.incumbent.assignments },
    ctx.settings,
    stages.allocateStallPerPlace,
    () => budget.late(),
    () => ctx.floor(),
  );
  ctx.loopMoves += run.stats.moves;
  const better = ctx.incumbent.consider(run.assignments, 'allocation loop (again)');
  return `${run.stats.moves} moves, ${run.score.hard} hard / ${run.score.soft} soft${better ? ', better' : ''}`;
}
