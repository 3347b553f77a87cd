// The allocation loop driven by the real constraint catalogue and its incremental scorer (tests drive
// the same loop with a small reference scorer instead; see solver/search/engine.ts).

import { evaluateAll, explainBlockers, explainBlocks, softCostsOf } from '../constraints/index.ts';
import type { SearchEngine } from '../search/engine.ts';
import { createScorer } from './incremental-scorer.ts';

export const catalogueEngine: SearchEngine = {
  createScorer: (problem) => createScorer(problem),
  evaluateAll,
  explainBlocks,
  explainBlockers,
  softCosts: softCostsOf,
};
