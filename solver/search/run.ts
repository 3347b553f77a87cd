// One solve: validate, build the scorer, construct, improve by local search, then explain.

import type { Problem, SolveOptions, SolveResult } from '../model.ts';
import { applyInitial, construct, initialPairs } from './construct.ts';
import type { SearchEngine } from './engine.ts';
import { defaultTuning, localSearch } from './local-search.ts';
import type { SearchTuning } from './local-search.ts';
import { buildPlaceIndex } from './places.ts';
import { Prng } from './prng.ts';
import { SearchState } from './state.ts';
import { findUnfilled } from './unfilled.ts';
import { validateOptions, validateProblem } from './validate.ts';

/** Knobs beyond the public SolveOptions, for benchmarks and tuning. */
export interface SearchSettings {
  readonly tuning?: SearchTuning;
  /** Construction evaluates at most this many candidates per place. */
  readonly maxCandidatesPerPlace?: number;
  /** Unfilled places explain at most this many workers each. */
  readonly maxReasonsPerPlace?: number;
  /** Report progress every this many moves. */
  readonly progressEvery?: number;
}

export const DEFAULT_SEED = 1;

/** Move budget when the caller gives neither maxMoves nor a time limit: grows with the movable places. */
export function defaultMoveBudget(movablePlaces: number): number {
  return Math.min(10_000_000, Math.max(20_000, 1000 * movablePlaces));
}

export function solveWith(
  engine: SearchEngine,
  problem: Problem,
  options: SolveOptions = {},
  settings: SearchSettings = {},
): SolveResult {
  validateProblem(problem);
  validateOptions(options);
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const rng = new Prng(seed);
  const clock = options.clock;
  const t0 = clock ? clock() : 0;

  const scorer = engine.createScorer(problem);
  const index = buildPlaceIndex(scorer);

  let state: SearchState;
  if (options.initial && options.initial.length > 0) {
    const probe = new SearchState(scorer, index, null);
    const byGroup = initialPairs(index, probe, options.initial);
    const pairs = new Set<number>();
    for (const [g, workers] of byGroup) for (const w of workers) pairs.add(g * index.workerCount + w);
    state = new SearchState(scorer, index, pairs);
    applyInitial(index, state, byGroup);
  } else {
    state = new SearchState(scorer, index, null);
  }
  construct(index, state, rng, { maxCandidatesPerPlace: settings.maxCandidatesPerPlace ?? 400 });
  const t1 = clock ? clock() : 0;
  // First report as soon as there is a rota: on thousands of workers construction takes seconds.
  options.onProgress?.({ moves: 0, elapsedMs: t1 - t0, best: scorer.score(), fraction: 0 });

  const maxMoves =
    options.maxMoves ?? (options.timeLimitMs !== undefined ? Infinity : defaultMoveBudget(index.movable.length));
  const { moves } = localSearch(
    index,
    state,
    rng,
    {
      maxMoves,
      timeLimitMs: options.timeLimitMs === undefined ? undefined : Math.max(0, options.timeLimitMs - (t1 - t0)),
      clock,
      onProgress: options.onProgress,
      progressEvery: settings.progressEvery ?? 50_000,
    },
    settings.tuning ?? defaultTuning,
  );
  const t2 = clock ? clock() : 0;

  const assignments = state.assignments();
  const score = scorer.score();
  const plain = assignments.map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId }));
  const { analysis } = engine.evaluateAll(problem, plain);
  // The scorer holds the final rota: the move search prices its trials there and undoes each one.
  const unfilled = findUnfilled(problem, plain, engine, { maxReasonsPerPlace: settings.maxReasonsPerPlace ?? Infinity, scorer });

  return {
    status: score.hard === 0 ? 'feasible' : 'infeasible',
    score: { hard: score.hard, soft: score.soft },
    assignments,
    unfilled,
    analysis,
    stats: { constructionMs: t1 - t0, searchMs: t2 - t1, moves, seed },
  };
}
