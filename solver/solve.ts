// The solver's one entry point, for the CLI, the API's solve worker and the benchmarks: the allocation
// loop first, then the exact stages while time remains and they apply, stopping early once the rota is
// proven optimal (solver/stages/pipeline.ts). Every result says how good it is (quality): a lower
// bound on the score of any rota, and whether the rota meets it or how far it is.

import type { Assignment, Problem, SolveOptions, SolveResult, UnfilledPlace } from './model.ts';
import { catalogueEngine } from './engine/catalogue-engine.ts';
import { explain } from './search/run.ts';
import { findUnfilled } from './search/unfilled.ts';
import { validateOptions, validateProblem } from './search/validate.ts';
import { SolveContext, type SolveSettings } from './stages/context.ts';
import { runPipeline } from './stages/pipeline.ts';

export { catalogueEngine } from './engine/catalogue-engine.ts';
export type { SolveSettings } from './stages/context.ts';

/**
 * Fill the rota. Never throws on an over-constrained problem (the result says what is unfilled and
 * why); throws an Error naming the field when the input itself is broken (dangling ids, empty
 * intervals). With a time limit the stages keep within it (on the injected clock), as near as each
 * stage's own checks allow, and leave the last share to explaining the rota. The explanation is
 * bounded by its size, not the clock (settings.maxExplainQuestions), so a solve stopped early is
 * explained like one that ran its course.
 */
export function solve(problem: Problem, options: SolveOptions = {}, settings: SolveSettings = {}): SolveResult {
  validateProblem(problem);
  validateOptions(options);
  const ctx = new SolveContext(problem, options, settings);
  runPipeline(ctx);
  const best = ctx.incumbent;
  const assignments = best.assignments.map((a) => ({ ...a, pinned: ctx.isPinned(a) }));
  const { unfilled } = explain(catalogueEngine, problem, assignments, settings);
  return {
    status: best.score.hard === 0 ? 'feasible' : 'infeasible',
    score: best.score,
    assignments,
    unfilled,
    analysis: best.analysis,
    quality: ctx.bound.quality(best.score),
    stats: { ...ctx.loopStats, elapsedToBestMs: best.elapsedToBestMs, bestFrom: best.phase, stages: ctx.records },
  };
}

/**
 * The places a rota leaves short, explained as solve() explains them (reasons by category, soft
 * costs, the cheapest move that fills each), for a rota made or changed outside a solve.
 */
export function explainUnfilled(
  problem: Problem,
  assignments: readonly Assignment[],
  options: { readonly maxReasonsPerPlace?: number; readonly moveBudget?: { readonly perPlace: number; readonly total: number } } = {},
): UnfilledPlace[] {
  return findUnfilled(problem, assignments, catalogueEngine, {
    maxReasonsPerPlace: options.maxReasonsPerPlace ?? Infinity,
    afterSearch: false,
    ...(options.moveBudget ? { moveBudget: options.moveBudget } : {}),
  });
}
