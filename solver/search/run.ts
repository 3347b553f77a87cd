// The allocation loop: validate, build the scorer, construct, improve by local search; and the
// explanation of a rota (score by constraint, unfilled places with reasons).

import type { Assignment, ConstraintSummary, Problem, Score, SolveOptions, SolveResult, UnfilledPlace } from '../model.ts';
import { applyInitial, construct, initialPairs } from './construct.ts';
import type { Scorer } from '../engine/scorer.ts';
import type { SearchEngine } from './engine.ts';
import { defaultTuning, localSearch } from './local-search.ts';
import type { LoopStall, SearchTuning } from './local-search.ts';
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
  /** Workers explained over all unfilled places (default from DEFAULT_EXPLAIN_WORK and the horizon); the rest are summarised. */
  readonly maxExplainQuestions?: number;
  /** Report progress every this many moves. */
  readonly progressEvery?: number;
}

export const DEFAULT_SEED = 1;

/** Move budget when the caller gives neither maxMoves nor a time limit: grows with the movable places. */
export function defaultMoveBudget(movablePlaces: number): number {
  return Math.min(10_000_000, Math.max(20_000, 1000 * movablePlaces));
}

/** What the allocation loop returns before any explanation. */
export interface Allocation {
  readonly assignments: (Assignment & { readonly pinned: boolean })[];
  readonly score: Score;
  readonly stats: { readonly constructionMs: number; readonly searchMs: number; readonly moves: number; readonly seed: number };
  /** The scorer, holding exactly the returned rota (the explanation's move search prices trials there). */
  readonly scorer: Scorer;
}

/**
 * Construction, then local search until the move budget, the time limit, (with `stallPerPlace`)
 * that many moves per movable place without a better rota, or (with `floor`) a rota that meets it.
 */
export function allocate(
  engine: SearchEngine,
  problem: Problem,
  options: SolveOptions = {},
  settings: SearchSettings = {},
  stallPerPlace?: number,
  /** True once the whole solve's time is up (construction stops there; the loop keeps its own limit). */
  stop?: () => boolean,
  /**
   * The best score any rota can have, as far as is known: the local search stops on meeting it. Told
   * the moves per movable place since the best rota last improved, and that rota's hard score.
   */
  floor?: (stall: { readonly movesPerPlace: number; readonly bestHard: number }) => Score | undefined,
): Allocation {
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
  construct(index, state, rng, { maxCandidatesPerPlace: settings.maxCandidatesPerPlace ?? 400, ...(stop ? { stop } : {}) });
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
      stallMoves: stallPerPlace === undefined ? undefined : stallPerPlace * Math.max(1, index.movable.length),
      ...(floor ? { floor: (s: LoopStall) => floor({ movesPerPlace: s.moves / Math.max(1, index.movable.length), bestHard: s.bestHard }) } : {}),
    },
    settings.tuning ?? defaultTuning,
  );
  const t2 = clock ? clock() : 0;
  const score = scorer.score();
  return {
    assignments: state.assignments(),
    score: { hard: score.hard, soft: score.soft },
    stats: { constructionMs: t1 - t0, searchMs: t2 - t1, moves, seed },
    scorer,
  };
}

/** The rota's explanation: the score by constraint and every place left short, with the reasons. */
export function explain(
  engine: SearchEngine,
  problem: Problem,
  assignments: readonly Assignment[],
  settings: SearchSettings = {},
  late?: () => boolean,
  scorer?: Scorer,
): { analysis: readonly ConstraintSummary[]; unfilled: UnfilledPlace[] } {
  const plain = assignments.map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId }));
  const { analysis } = engine.evaluateAll(problem, plain);
  const unfilled = findUnfilled(problem, plain, engine, {
    maxReasonsPerPlace: settings.maxReasonsPerPlace ?? Infinity,
    late,
    ...(settings.maxExplainQuestions !== undefined ? { maxQuestions: settings.maxExplainQuestions } : {}),
    ...(scorer ? { scorer } : {}),
  });
  return { analysis, unfilled };
}

/** The allocation loop alone, explained: no bound (see solver/solve.ts for the whole engine). */
export function solveWith(
  engine: SearchEngine,
  problem: Problem,
  options: SolveOptions = {},
  settings: SearchSettings = {},
): SolveResult {
  const run = allocate(engine, problem, options, settings);
  const { analysis, unfilled } = explain(engine, problem, run.assignments, settings, undefined, run.scorer);
  return {
    status: run.score.hard === 0 ? 'feasible' : 'infeasible',
    score: run.score,
    assignments: run.assignments,
    unfilled,
    analysis,
    quality: { status: 'no-bound', note: 'the allocation loop alone' },
    stats: run.stats,
  };
}
