// The order of a solve's stages. The allocation loop always runs first. With the exact solver and a
// time limit, worker walks (each worker's rota re-planned whole, where every rule is one worker's)
// and the exact stages follow while time remains and they apply: column generation with its
// searches when every rule is a rule of one worker's days; the whole model as one MILP (the bound, and
// often the proof) otherwise, or when it is small; then MILP neighbourhoods for whatever time is left.
// A problem too big for the whole MILP gets a cheap bound from its days on their own first.
// Every stage is skipped once the best rota is proven optimal.

import { buildDayModels } from '../colgen/day-model.ts';
import { placeCount } from '../milp/encode.ts';
import { allocateStage, polishStage } from './allocate.ts';
import { columnStages } from './columns.ts';
import type { SolveContext } from './context.ts';
import { dayBoundStage } from './day-bound.ts';
import { legalBoundApplies, legalSoftBound } from './legal-bound.ts';
import { milpLnsStage, shortfallStage } from './milp-lns.ts';
import { walkStage } from './walks.ts';
import { wholeModelStage } from './whole-model.ts';

export function runPipeline(ctx: SolveContext): void {
  const { problem, budget, stages } = ctx;
  const exactStages = ctx.exact !== undefined && budget.timed;
  const dayModels = exactStages ? buildDayModels(problem) : undefined;
  const columnsApply = dayModels?.ok === true;
  // The whole model next and big enough for its LP to come first (with wholeModelLpFirst): that LP
  // before the loop (when no other thread works it out alongside), so the loop stops the moment its
  // rota meets the bound.
  if (stages.wholeModelLpFirst && exactStages && !columnsApply && ctx.options.boundFeed === undefined && legalBoundApplies(problem, stages)) {
    ctx.run('whole model LP (first)', () => {
      const b = legalSoftBound(problem, ctx.exact!, ctx.seconds(stages.wholeModelShare), stages);
      ctx.acceptLegalBound(b, 'whole model LP relaxation (first)');
      return b.soft === undefined ? `no bound: ${b.notes.join('; ')}` : `bound ${Math.ceil(b.soft - 1e-6)}`;
    });
  }
  // The same LP, worked out by the loop itself once it stalls, when no other thread works it out.
  ctx.boundOnStall = exactStages && !columnsApply && ctx.options.boundFeed === undefined && !ctx.proven() && ctx.bound.soft === undefined && legalBoundApplies(problem, stages);
  const t0 = budget.elapsedMs();
  const outcome = allocateStage(ctx, columnsApply);
  ctx.boundOnStall = false;
  ctx.records.push({ stage: 'allocation loop', ms: Math.round(budget.elapsedMs() - t0), outcome });
  if (!exactStages) {
    ctx.bound.notes.push(ctx.exact ? 'the exact stages need a time limit' : 'no exact solver given');
    return;
  }
  // Too big to solve whole as a MILP and not next in line for it (column generation goes first, or
  // the whole model is past its size): a bound from the days on their own first, while time is sure.
  const places = placeCount(problem);
  const big = problem.days.length > 1 && places > stages.wholeModelMaxBinaries && (columnsApply || places > stages.wholeModelMaxPlaces);
  if (big && !ctx.proven()) ctx.run('day-by-day bound', () => dayBoundStage(ctx, stages.dayBoundShare));
  if (dayModels?.ok && !ctx.proven() && !budget.late()) ctx.run('worker walks', () => walkStage(ctx, dayModels.models, stages.walkShare));
  const columnsRan = columnsApply && !ctx.proven() && !budget.late() && columnStages(ctx, dayModels.models);
  // The loop had only a seed's worth of time: when column generation did not run after all, it goes on.
  if (columnsApply && !columnsRan && !ctx.proven() && !budget.late()) ctx.run('allocation loop (again)', () => polishStage(ctx));
  // Small enough to solve outright: the proof is cheap, whatever else ran.
  const small = places <= stages.exactBinaryLimit;
  const wholeModelNext = !ctx.proven() && (small || (!budget.late() && (!columnsRan || ctx.bound.soft === undefined)));
  // The whole model bounds the soft score only from a rota that breaks no hard rule: a role the loop
  // left below its minimum is repaired first (not when the whole model is solved outright anyway).
  if (wholeModelNext && !small && hasShortfall(ctx)) {
    ctx.run('shortfall repair', () => shortfallStage(ctx, stages.shortfallShare));
  }
  if (wholeModelNext && !ctx.proven() && (small || !budget.late())) {
    ctx.run('whole model', () => wholeModelStage(ctx, small ? 1 : stages.wholeModelShare, small));
  }
  if (!ctx.proven() && !budget.late()) ctx.run('MILP neighbourhoods', () => milpLnsStage(ctx));
  // Nothing bounded the soft score: the days on their own, one at least even when time is up.
  if (!big && ctx.bound.hard === 0 && ctx.bound.soft === undefined && problem.days.length > 1) {
    ctx.run('day-by-day bound', () => dayBoundStage(ctx, stages.dayBoundShare));
  }
}

/** The best rota leaves some role below its minimum. */
function hasShortfall(ctx: SolveContext): boolean {
  return ctx.incumbent.score.hard > 0 && ctx.incumbent.analysis.some((c) => c.id === 'cover.min' && c.matches.length > 0);
}
