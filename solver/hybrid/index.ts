// The hybrid solve: the allocation loop for a first rota, the exact MILP on the whole model (outright
// when it is small, otherwise for a time-boxed incumbent and its dual bound), then large-neighbourhood
// search: windows of days x workers re-optimised by the MILP with the rest fixed, kept when the
// catalogue's full evaluation says the rota improved. Deterministic for a seed apart from time limits.

import type { Assignment, Problem, Score, SolveOptions, SolveResult } from '../model.ts';
import { evaluateAll } from '../constraints/index.ts';
import type { MilpBackend } from '../milp/backend.ts';
import { encodeProblem, type EncodedMilp } from '../milp/encode.ts';
import { Prng } from '../search/prng.ts';
import { chooseNeighbourhood, NeighbourhoodSizes } from './neighbourhoods.ts';

export interface HybridOptions extends SolveOptions {
  /** The MILP solver; without one the hybrid is the allocation loop alone. */
  readonly milp?: MilpBackend;
  /** The allocation loop (solve() of solver/index.ts); injected so the hybrid stays testable. */
  readonly allocate: (problem: Problem, options: SolveOptions) => SolveResult;
  /** Share of the time budget for the allocation loop's first rota. Default 0.1 (at most 10 s). */
  readonly allocateFraction?: number;
  /** Share of the time budget for the whole-model MILP (incumbent and bound). Default 0.35. */
  readonly fullModelFraction?: number;
  /** Seconds a single neighbourhood MILP may take. Default 3. */
  readonly neighbourhoodSeconds?: number;
  /** Without a time limit: how many neighbourhoods to try. Default 50. */
  readonly maxNeighbourhoods?: number;
  /** Called after every neighbourhood MILP (for tuning and verbose benchmark output). */
  readonly onNeighbourhood?: (event: {
    readonly kind: string;
    readonly binaries: number;
    readonly status: string;
    readonly encodeMs: number;
    readonly solveMs: number;
    readonly improved: boolean;
  }) => void;
  /** Called whenever the best rota improves (elapsed on the injected clock). */
  readonly onImprove?: (event: { readonly score: Score; readonly elapsedMs: number; readonly phase: string }) => void;
}

export interface HybridStats {
  /** Proven lower bound on the soft score of any rota with no hard breach, when the MILP gave one. */
  readonly lowerBound?: number;
  /** (soft - lowerBound) / soft, 0 when proved optimal. */
  readonly gap?: number;
  /** The whole model was solved to proven optimality. */
  readonly provedOptimal: boolean;
  readonly elapsedToBestMs: number;
  readonly neighbourhoods: number;
  readonly neighbourhoodsImproved: number;
  readonly fullModel: { readonly binaries: number; readonly rows: number; readonly status: string };
}

export interface HybridResult {
  readonly score: Score;
  readonly assignments: readonly Assignment[];
  readonly stats: HybridStats;
}

function better(a: Score, b: Score): boolean {
  return a.hard < b.hard || (a.hard === b.hard && a.soft < b.soft);
}

export function solveHybrid(problem: Problem, options: HybridOptions): HybridResult {
  const clock = options.clock;
  if (options.timeLimitMs !== undefined && !clock) throw new Error('solveHybrid: timeLimitMs needs a clock');
  const t0 = clock ? clock() : 0;
  const elapsed = (): number => (clock ? clock() - t0 : 0);
  const budgetMs = options.timeLimitMs;
  const remainingSeconds = (): number => (budgetMs === undefined ? Infinity : Math.max(0, (budgetMs - elapsed()) / 1000));
  const seed = (options.seed ?? 1) >>> 0;
  const rng = new Prng(seed ^ 0x5eed);
  const pinnedKey = new Set(problem.pinned.map((a) => `${a.slotId}|${a.roleId}|${a.workerId}`));

  // 1. The allocation loop's rota.
  const allocateMs = budgetMs === undefined ? undefined : Math.min(10_000, budgetMs * (options.allocateFraction ?? 0.1));
  const first = options.allocate(problem, {
    seed,
    clock,
    timeLimitMs: allocateMs,
    maxMoves: allocateMs === undefined ? options.maxMoves : undefined,
    initial: options.initial,
  });
  let best: Assignment[] = first.assignments.map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId }));
  let bestScore = evaluateAll(problem, best).score;
  let elapsedToBestMs = elapsed();
  options.onImprove?.({ score: bestScore, elapsedMs: elapsedToBestMs, phase: 'allocate' });

  const consider = (candidate: Assignment[], phase: string): boolean => {
    // Pinned places are never moved, whatever the MILP says.
    for (const a of problem.pinned) {
      if (!candidate.some((c) => c.slotId === a.slotId && c.roleId === a.roleId && c.workerId === a.workerId)) return false;
    }
    const score = evaluateAll(problem, candidate).score;
    if (better(score, bestScore) || (score.hard === bestScore.hard && score.soft === bestScore.soft)) {
      const improved = better(score, bestScore);
      best = candidate;
      bestScore = score;
      if (improved) {
        elapsedToBestMs = elapsed();
        options.onImprove?.({ score, elapsedMs: elapsedToBestMs, phase });
      }
      return improved;
    }
    return false;
  };
  void pinnedKey;

  const milp = options.milp;
  let lowerBound: number | undefined;
  let provedOptimal = false;
  let fullStatus = 'not run';
  let neighbourhoods = 0;
  let neighbourhoodsImproved = 0;
  let full: EncodedMilp | undefined;

  if (milp) {
    // 2. The whole model: an incumbent from the MILP and, above all, its dual bound.
    full = encodeProblem(problem);
    const fullSeconds =
      budgetMs === undefined ? undefined : Math.max(0.5, (budgetMs / 1000) * (options.fullModelFraction ?? 0.35));
    const result = milp.solve(full.lp, {
      timeLimitSeconds: fullSeconds === undefined ? undefined : Math.min(fullSeconds, remainingSeconds()),
      start: full.start(best),
    });
    fullStatus = result.status;
    if (result.bound !== undefined) lowerBound = Math.max(0, result.bound + full.offset);
    if (result.status === 'optimal' || result.status === 'feasible') {
      consider(full.decode(result.values), 'full-model');
      if (result.status === 'optimal' && bestScore.hard === 0) provedOptimal = true;
    }

    // 3. Large-neighbourhood search.
    const sizes = new NeighbourhoodSizes(problem);
    const subSeconds = options.neighbourhoodSeconds ?? 3;
    const maxIterations = budgetMs === undefined ? (options.maxNeighbourhoods ?? 50) : Infinity;
    const provenDone = (): boolean =>
      provedOptimal || (lowerBound !== undefined && bestScore.hard === 0 && bestScore.soft <= Math.ceil(lowerBound - 1e-6));
    while (neighbourhoods < maxIterations && !provenDone()) {
      const left = remainingSeconds();
      if (left < 0.05) break;
      const hood = chooseNeighbourhood(problem, best, sizes, rng);
      const tEncode = elapsed();
      const encoded = encodeProblem(problem, {
        fixed: { current: best, isFree: hood.isFree },
        // A rota that breaks hard rules can only be repaired when the rules bend, at a high price.
        hardSlackWeight: bestScore.hard > 0 ? 1e5 : undefined,
      });
      neighbourhoods++;
      if (encoded.binaryCount === 0) {
        sizes.report(hood.kind, 'trivial');
        continue;
      }
      const limit = Math.min(subSeconds, left);
      const tSolve = elapsed();
      const r = milp.solve(encoded.lp, { timeLimitSeconds: limit, start: encoded.start(best) });
      const tDone = elapsed();
      let improved = false;
      if (r.status === 'optimal' || r.status === 'feasible') {
        improved = consider(encoded.decode(r.values), hood.kind);
        if (improved) neighbourhoodsImproved++;
      }
      sizes.report(hood.kind, r.status === 'optimal' ? 'optimal' : 'limit');
      options.onNeighbourhood?.({
        kind: hood.kind,
        binaries: encoded.binaryCount,
        status: r.status,
        encodeMs: tSolve - tEncode,
        solveMs: tDone - tSolve,
        improved,
      });
    }
    provedOptimal = provedOptimal || provenDone();
  }

  const gap =
    lowerBound === undefined || bestScore.hard > 0
      ? undefined
      : bestScore.soft <= 0
        ? 0
        : Math.max(0, (bestScore.soft - Math.ceil(lowerBound - 1e-6)) / bestScore.soft);
  return {
    score: bestScore,
    assignments: best,
    stats: {
      lowerBound,
      gap,
      provedOptimal,
      elapsedToBestMs,
      neighbourhoods,
      neighbourhoodsImproved,
      fullModel: { binaries: full?.binaryCount ?? 0, rows: full?.rowCount ?? 0, status: fullStatus },
    },
  };
}
