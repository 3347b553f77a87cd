// The solver's entry point: the allocation loop driven by the constraint catalogue and its
// incremental scorer.

import type { Problem, SolveOptions, SolveResult } from './model.ts';
import { evaluateAll, explainBlockers, explainBlocks, softCostsOf } from './constraints/index.ts';
import { createScorer } from './engine/incremental-scorer.ts';
import type { SearchEngine } from './search/engine.ts';
import { solveWith, type SearchSettings } from './search/run.ts';

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
