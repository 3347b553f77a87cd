// The solver's entry point: the allocation loop driven by the constraint catalogue and its
// incremental scorer.

import type { Assignment, Problem, SolveOptions, SolveResult, UnfilledPlace } from './model.ts';
import { evaluateAll, explainBlockers, explainBlocks, softCostsOf } from './constraints/index.ts';
import { createScorer } from './engine/incremental-scorer.ts';
import type { SearchEngine } from './search/engine.ts';
import { solveWith, type SearchSettings } from './search/run.ts';
import { findUnfilled } from './search/unfilled.ts';

export const catalogueEngine: SearchEngine = {
  createScorer: (problem) => createScorer(problem),
  evaluateAll,
  explainBlocks,
  explainBlockers,
  softCosts: softCostsOf,
};

/**
 * Fill the rota: construction, then local search until `maxMoves` or `timeLimitMs` (on the injected
 * clock). Never throws on an over-constrained problem (the result says what is unfilled and why); throws
 * an Error naming the field when the input itself is broken (dangling ids, empty intervals).
 */
export function solve(problem: Problem, options: SolveOptions = {}, settings: SearchSettings = {}): SolveResult {
  return solveWith(catalogueEngine, problem, options, settings);
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
