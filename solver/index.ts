// Public surface of the pure solver.

export type * from './model.ts';
export type { Scorer } from './engine/scorer.ts';
export { constraints, getConstraint, evaluateAll, explainBlocks, explainBlockers, softCostsOf, resolveWeight } from './constraints/index.ts';
export type { Constraint, Family } from './constraints/index.ts';
export { solve, catalogueEngine, explainUnfilled } from './solve.ts';
export type { SolveSettings } from './solve.ts';
export type { StageSettings } from './stages/settings.ts';
export { qualityOf } from './stages/bound.ts';
export { legalBoundApplies, legalSoftBound } from './stages/legal-bound.ts';
export type { SearchEngine } from './search/engine.ts';
export type { SearchSettings } from './search/run.ts';
export type { SearchTuning } from './search/local-search.ts';
export { headline } from './explain/headline.ts';
export type { Headline } from './explain/headline.ts';
