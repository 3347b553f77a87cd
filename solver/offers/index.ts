// Offers' public face in the solver: ranking, the accept re-check, and the catalogue-backed defaults.
import { explainBlocks } from '../constraints/index.ts';
import { createScorer } from '../engine/incremental-scorer.ts';
import type { RankOptions } from './rank.ts';

export {
  rankPlace,
  rankSeries,
  rankOffers,
  elsewhereClash,
  type OfferPlace,
  type Ranking,
  type RankedWorker,
  type ExcludedWorker,
  type RankOptions,
  type HeldElsewhere,
} from './rank.ts';
export { checkWorker, restrictToWorker, type CheckResult } from './check.ts';

/** The constraint catalogue as judge (through the incremental scorer), with its words for every exclusion. */
export const catalogueRankOptions: RankOptions = { createScorer, explainBlocks };
