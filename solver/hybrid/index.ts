// The hybrid solve: the allocation loop for a first rota; then, when every rule is a per-day rule,
// column generation (bound), LP rounding, dives, the integer master, branch and price and worker
// neighbourhoods (solver/colgen); then the compact MILP on the whole model (outright when it is small,
// otherwise time-boxed for an incumbent and its dual bound) and large-neighbourhood search: windows of
// days x workers re-optimised by the MILP with the rest fixed, kept when the catalogue's full
// evaluation says the rota improved. Deterministic for a seed apart from time limits.

import type { Assignment, ConstraintSummary, Problem, Score, SolveOptions, SolveResult } from '../model.ts';
import { evaluateAll } from '../constraints/index.ts';
import { solve } from '../solve.ts';
import type { LpSessionFactory, MilpBackend } from '../milp/backend.ts';
import { runColumnGeneration } from '../colgen/master.ts';
import { buildDayModels } from '../colgen/day-model.ts';
import { reoptimiseWorkers } from '../colgen/neighbourhood.ts';
import { encodeProblem, type EncodedMilp } from '../milp/encode.ts';
import { Prng } from '../search/prng.ts';
import { chooseNeighbourhood, focusOf, KindScores, NeighbourhoodSizes } from './neighbourhoods.ts';

export interface HybridOptions extends SolveOptions {
  /** The MILP solver; without one the hybrid is the allocation loop alone. */
  readonly milp?: MilpBackend;
  /**
   * Persistent LP sessions (HiGHS): when given and every rule of the problem is a per-day rule, column
   * generation gives the lower bound and an integer master gives rotas before the neighbourhood search.
   */
  readonly lpSessions?: LpSessionFactory;
  /** Share of the time budget for column generation. Default 0.3. */
  readonly columnGenerationFraction?: number;
  /** Share of the time budget for diving on (worker, day) decisions (plus the rota dive's share when
   *  that found no rota). Default 0.2. */
  readonly dayDiveFraction?: number;
  /** Share of the time budget for diving on whole rotas (rotas from the master LP). Default 0.1. */
  readonly diveFraction?: number;
  /**
   * Share of the time budget for placing the cover first (branching on shortfalls and excesses) and
   * diving inside each placement, when the root LP leaves them fractional and the cover dive runs
   * after the other dives. Default 0.15.
   */
  readonly coverDiveFraction?: number;
  /**
   * The same when the cover dive goes first. Default 0.8: on instance 8 of Curtois & Qu, gathering
   * the placements to reach the one that holds 1300 (16th-19th in best-bound order) takes 15-20 s
   * from a 3-4 s root, and its dives up to 20 s more. At 60 s of CPU time, 0.7 gave 1300 at seeds
   * 1-8 (18.7-40.1 s), but on the elapsed-time clock seed 2 reached it at 44.3 s, just inside 0.7's
   * end, and seed 1 once not at all (1305). At 0.8 seeds 1-6 gave 1300 at 18.7-43.8 s of CPU time,
   * and seeds 1-3 at 32.5-46.0 s elapsed. At 0.3 (with placements ordered by doubt alone) seed 1
   * gave 1306.
   */
  readonly coverDiveFirstFraction?: number;
  /** Time for the dive inside each placement of the cover after the first. Default 4,000 ms. */
  readonly coverLeafDiveMs?: number;
  /** Doubt allowed per step of the dive inside each placement (see CoverDiveOptions). Default 0.6. */
  readonly coverLeafMaxDoubt?: number;
  /**
   * When the cover dive goes first: placements gathered before diving, nearest a whole rota first
   * (CoverDiveOptions.placementBatch). Default 24, enough to reach instance 8's 1300 placement.
   */
  readonly coverPlacementBatch?: number;
  /** Doubt budgets for the dives into the first placements of each batch. Default 0.6, 0.3, 1, 0.15. */
  readonly coverFirstPlacementDoubts?: readonly number[];
  /** How many of each batch's first placements get a dive per budget. Default 2. */
  readonly coverMultiDivePlacements?: number;
  /**
   * The cover dive goes before the other dives when the root leaves at most this many shortfalls and
   * excesses fractional (its tree then reaches whole placements in a few nodes), after them otherwise.
   * Default 6: instance 7 of Curtois & Qu, with 8, reaches no placement in 40 nodes, and trying first
   * cost it its best known at 60 s (1057-1059 in 4 of 6 runs, where the dive alone finds 1057 at 4 s).
   */
  readonly coverDiveFirstSlacks?: number;
  /** Share of the time budget for the integer master over the columns. Default 0.05. */
  readonly integerMasterFraction?: number;
  /** Share of the time budget for branch and price. Default 0.15. */
  readonly branchAndPriceFraction?: number;
  /** Share of the time budget for branch and price over a few freed workers at a time. Default 0.5. */
  readonly columnLnsFraction?: number;
  /**
   * Share of those neighbourhoods (after a converged root) that free the workers whose rotas stray
   * furthest from the master LP, by reduced cost. Default 0.5.
   */
  readonly columnLnsStrayingShare?: number;
  /** Share of the workers freed in the first such neighbourhood (it then adapts). Default 0.15. */
  readonly columnLnsWorkerShare?: number;
  /** The allocation loop; default solve() of solver/solve.ts (injectable for tests and tuning). */
  readonly allocate?: (problem: Problem, options: SolveOptions) => SolveResult;
  /** Share of the time budget for the allocation loop's first rota. Default 0.1 (at most 10 s), 0.02
   *  when column generation follows. */
  readonly allocateFraction?: number;
  /** Moves for that first rota when column generation follows (reproducible seed columns). Default 100,000. */
  readonly allocateMoves?: number;
  /** Share of the time budget for the whole-model MILP (incumbent and bound). Default 0.2. */
  readonly fullModelFraction?: number;
  /** Models with at most this many binaries are solved outright (the whole budget). Default 350. */
  readonly exactBinaryLimit?: number;
  /** Above this many binaries the whole model only gets its LP relaxation (for the bound). Default 8000. */
  readonly fullMipBinaryLimit?: number;
  /** Seconds a single neighbourhood MILP may take. Default 2. */
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
  /** Column generation, when it ran (or why it could not). */
  readonly columnGeneration?: {
    readonly applies: boolean;
    readonly reason?: string;
    readonly iterations: number;
    readonly columns: number;
    readonly converged: boolean;
    readonly lpValue: number;
    readonly integerStatus?: string;
    readonly columnLnsRounds?: number;
    /** Of those, the neighbourhoods of straying workers (largest reduced costs). */
    readonly columnLnsStrayingRounds?: number;
    readonly diveNodes?: number;
    readonly dayDiveNodes?: number;
    /** Placements of the cover dived into (see ColumnGenerationState.coverDive). */
    readonly coverDiveLeaves?: number;
    readonly branchNodes?: number;
    /** Branch and price closed its tree: the best rota is optimal. */
    readonly branchComplete?: boolean;
  };
}

export interface HybridResult {
  readonly score: Score;
  readonly assignments: readonly Assignment[];
  /** The catalogue's explanation of the returned rota, constraint by constraint. */
  readonly analysis: readonly ConstraintSummary[];
  readonly stats: HybridStats;
}

function better(a: Score, b: Score): boolean {
  return a.hard < b.hard || (a.hard === b.hard && a.soft < b.soft);
}

export function solveHybrid(problem: Problem, options: HybridOptions = {}): HybridResult {
  const clock = options.clock;
  if (options.timeLimitMs !== undefined && !clock) throw new Error('solveHybrid: timeLimitMs needs a clock');
  const t0 = clock ? clock() : 0;
  const elapsed = (): number => (clock ? clock() - t0 : 0);
  const budgetMs = options.timeLimitMs;
  const remainingSeconds = (): number => (budgetMs === undefined ? Infinity : Math.max(0, (budgetMs - elapsed()) / 1000));
  const seed = (options.seed ?? 1) >>> 0;
  const rng = new Prng(seed ^ 0x5eed);

  // 1. The allocation loop's rota.
  // With column generation ahead, the loop's rota is only a first column set: a short run will do.
  const columnsAhead = options.milp !== undefined && options.lpSessions !== undefined && buildDayModels(problem).ok;
  const allocateMs =
    budgetMs === undefined ? undefined : Math.min(10_000, budgetMs * (options.allocateFraction ?? (columnsAhead ? 0.02 : 0.1)));
  const allocate = options.allocate ?? solve;
  const first = allocate(problem, {
    seed,
    clock,
    timeLimitMs: allocateMs,
    // Before column generation the loop's rota only seeds the first columns; a move budget (the time
    // limit stays as a cap) makes that seed, and so what follows, the same for a seed on any machine.
    maxMoves: allocateMs === undefined ? options.maxMoves : columnsAhead ? (options.allocateMoves ?? 100_000) : undefined,
    initial: options.initial,
  });
  let best: Assignment[] = first.assignments.map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId }));
  let bestScore = evaluateAll(problem, best).score;
  let elapsedToBestMs = elapsed();
  options.onImprove?.({ score: bestScore, elapsedMs: elapsedToBestMs, phase: 'allocate' });

  let bestAnalysis = evaluateAll(problem, best).analysis;
  const consider = (candidate: Assignment[], phase: string): boolean => {
    // Pinned places are never moved, whatever the MILP says.
    const held = new Set(candidate.map((c) => `${c.slotId}|${c.roleId}|${c.workerId}`));
    for (const a of problem.pinned) if (!held.has(`${a.slotId}|${a.roleId}|${a.workerId}`)) return false;
    const { score, analysis } = evaluateAll(problem, candidate);
    const improved = better(score, bestScore);
    // Equal scores are taken too: moving sideways lets the search leave a plateau.
    if (improved || (score.hard === bestScore.hard && score.soft === bestScore.soft)) {
      best = candidate;
      bestScore = score;
      bestAnalysis = analysis;
      if (improved) {
        elapsedToBestMs = elapsed();
        options.onImprove?.({ score, elapsedMs: elapsedToBestMs, phase });
      }
    }
    return improved;
  };

  const milp = options.milp;
  let lowerBound: number | undefined;
  let provedOptimal = false;
  let fullStatus = 'not run';
  let neighbourhoods = 0;
  let neighbourhoodsImproved = 0;
  let full: EncodedMilp | undefined;

  let columnGeneration: HybridStats['columnGeneration'];
  if (milp && options.lpSessions) {
    // Column generation: the bound, then rotas from the integer master over the columns found.
    const cgMs = budgetMs === undefined ? undefined : budgetMs * (options.columnGenerationFraction ?? 0.3);
    const cg = runColumnGeneration(problem, options.lpSessions, {
      clock,
      timeLimitMs: cgMs,
      incumbents: [best],
      upperBound: bestScore.hard === 0 ? bestScore.soft : undefined,
    });
    if (!cg.ok) {
      columnGeneration = { applies: false, reason: cg.reason, iterations: 0, columns: 0, converged: false, lpValue: Number.NaN };
    } else {
      const state = cg.state;
      let diveNodes = 0;
      let dayDiveNodes = 0;
      let coverDiveLeaves = 0;
      let branchNodes = 0;
      let branchComplete = false;
      let columnLnsRounds = 0;
      let columnLnsStrayingRounds = 0;
      if (state.lowerBound !== undefined) lowerBound = Math.max(0, state.lowerBound);
      let integerStatus: string | undefined;
      const seconds = (fraction: number): number => (budgetMs === undefined ? 30 : Math.min(remainingSeconds(), (budgetMs / 1000) * fraction));
      const legalSoft = (): number | undefined => (bestScore.hard === 0 ? bestScore.soft : undefined);
      const proved = (): boolean => bestScore.hard === 0 && lowerBound !== undefined && bestScore.soft <= Math.ceil(lowerBound - 1e-6);
      // Rounding the master LP gives a rota that keeps every per-worker rule, even when the allocation
      // loop's does not.
      consider(state.roundLp(), 'lp-rounding');
      // When the LP spreads the shortfall over several shifts, placing it first and diving inside each
      // whole placement reaches rotas the plain dive misses (instance 8 of Curtois & Qu: its best known).
      // With few fractional shortfalls and excesses the placements are reached in a few nodes, and the
      // cover dive goes before the plain dive: a dive that places the shortfall by accident often pays
      // for one more uncovered shift (on instance 8, 1400-1700 where the cover dive gives 1303-1306).
      // A tree that has reached no placement after a few nodes per fractional slack is too bushy, and
      // the cover dive gives up (instance 7: 2 placements in 224 nodes). With more, reaching a
      // placement takes a deep tree of costly nodes, and the cover dive comes after the other dives
      // (on instance 12, 27 fractional, it left the day dive too little time to reach 4040; on 18 at
      // 600 s it is worth its time: 4480 with it, 4754 without). Going first, it gathers placements
      // and dives into those nearest a whole rota first, and takes most of the time: on instance 8 the
      // placement that holds 1300 is reached only after 15-20 s of gathering.
      const coverDive = (first: boolean): void => {
        const coverSeconds = seconds(first ? (options.coverDiveFirstFraction ?? 0.8) : (options.coverDiveFraction ?? 0.15));
        if (proved() || !state.converged || !state.coverFractional || coverSeconds <= 0.05) return;
        const r = state.coverDive({
          timeLimitMs: coverSeconds * 1000,
          incumbent: legalSoft(),
          leafDiveMs: options.coverLeafDiveMs,
          leafMaxDoubt: options.coverLeafMaxDoubt,
          placementBatch: first ? (options.coverPlacementBatch ?? 24) : undefined,
          firstPlacementDoubts: first ? (options.coverFirstPlacementDoubts ?? [options.coverLeafMaxDoubt ?? 0.6, 0.3, 1, 0.15]) : undefined,
          multiDivePlacements: first ? (options.coverMultiDivePlacements ?? 2) : undefined,
          maxNodesBeforeLeaf: first ? 2 * state.fractionalSlacks : undefined,
          onIncumbent: (a) => consider(a, 'cover-dive'),
        });
        coverDiveLeaves = r.leaves;
      };
      const coverFirst = state.fractionalSlacks <= (options.coverDiveFirstSlacks ?? 6);
      if (coverFirst) coverDive(true);
      // Diving on whole rotas gives good rotas fast on the smaller instances. Dives and branch and price
      // re-converge at every node: from an unconverged root their first node would take their whole
      // share, so then the time goes to the worker neighbourhoods instead.
      let rotaDiveFound = false;
      if (!proved() && state.converged && seconds(options.diveFraction ?? 0.1) > 0.05) {
        const r = state.dive({
          timeLimitMs: seconds(options.diveFraction ?? 0.1) * 1000,
          incumbent: legalSoft(),
          onIncumbent: (a) => {
            rotaDiveFound = true;
            consider(a, 'dive');
          },
        });
        diveNodes = r.nodes;
      }
      // Diving on day decisions: gentler than fixing whole rotas, and when the LP bound is tight (many
      // workers, many shift types) it often lands on an optimal rota where the rota dive finds none.
      // When the rota dive found no rota, its share goes to the day dive (instance 12: the rota dive
      // finds nothing, and with the root done at 13-18 s on this machine the day dive's own share was too
      // little to reach 4040; 11410 instead).
      const dayShare = (options.dayDiveFraction ?? 0.2) + (rotaDiveFound ? 0 : (options.diveFraction ?? 0.1));
      if (!proved() && state.converged && seconds(dayShare) > 0.05) {
        const r = state.diveDays({ timeLimitMs: seconds(dayShare) * 1000, incumbent: legalSoft(), onIncumbent: (a) => consider(a, 'day-dive') });
        dayDiveNodes = r.nodes;
      }
      if (!coverFirst) coverDive(false);
      // The integer master recombines every column found so far.
      const ipSeconds = seconds(options.integerMasterFraction ?? 0.05);
      if (!proved() && ipSeconds > 0.05) {
        const ip = state.solveInteger(ipSeconds, best);
        integerStatus = ip?.status ?? 'no rota';
        if (ip) consider(ip.assignments, 'integer-master');
      }
      // Branch and price from the best rota: closes the gap outright on the smaller instances.
      const bpSeconds = seconds(options.branchAndPriceFraction ?? 0.15);
      if (!proved() && state.converged && bpSeconds > 0.05) {
        const r = state.branchAndPrice({
          timeLimitMs: bpSeconds * 1000,
          incumbent: legalSoft(),
          onIncumbent: (a) => consider(a, 'branch-and-price'),
        });
        branchNodes = r.nodes;
        branchComplete = r.complete;
        // A closed tree proves that no legal rota beats the best one found (or given).
        if (r.complete && r.best !== undefined) lowerBound = Math.max(lowerBound ?? 0, r.best);
        else if (r.complete && legalSoft() !== undefined) lowerBound = Math.max(lowerBound ?? 0, legalSoft()!);
      }
      // Large neighbourhoods in the column formulation: a few workers re-planned by branch and price
      // while everyone else keeps their rota. The strong bound makes these small trees close fast.
      const lnsSeconds = seconds(options.columnLnsFraction ?? 0.5);
      if (!proved() && bestScore.hard === 0 && lnsSeconds > 0.5 && clock) {
        const until = clock() + lnsSeconds * 1000;
        const W = problem.workers.length;
        const firstK = Math.min(W, Math.max(2, Math.round(W * (options.columnLnsWorkerShare ?? 0.15))));
        // Each way of choosing workers keeps its own size: the sizes that close fast differ a lot.
        const kOf = { straying: 0, related: firstK, any: firstK };
        const overlap = sharedPlaces(state.models);
        const uniform = overlap.map((row) => row.map(() => 0));
        while (!proved() && clock() < until) {
          // Half the time (after a converged root) the workers whose rotas stray furthest from the LP;
          // otherwise workers who share places, or any workers: each kind pays off somewhere.
          const straying = rng.float() < (options.columnLnsStrayingShare ?? 0.5) ? state.reducedCosts(best) : undefined;
          const mode = straying ? 'straying' : rng.float() < 0.5 ? 'related' : 'any';
          // Every straying worker plus a third of the rest: smaller sets rarely hold a better plan.
          if (straying && kOf.straying === 0) {
            kOf.straying = Math.min(W, Math.max(firstK, straying.filter((x) => x > 1e-6).length + Math.ceil(W / 3)));
          }
          const free = straying
            ? pickStrayingWorkers(straying, kOf.straying, rng)
            : pickRelatedWorkers(mode === 'related' ? overlap : uniform, kOf[mode], rng);
          // The freed workers form a small problem of their own (everyone else counts as cover).
          const r = reoptimiseWorkers(problem, best, free, options.lpSessions, {
            clock,
            timeLimitMs: Math.min(until - clock(), Math.max(4000, (budgetMs ?? 0) * 0.02)),
          });
          if (r.improved) consider(r.improved, `column-lns-${mode}`);
          columnLnsRounds++;
          if (straying) columnLnsStrayingRounds++;
          // Closed trees grow the neighbourhood; cut-off ones shrink it.
          kOf[mode] = r.complete ? Math.min(W, kOf[mode] + 1) : Math.max(2, kOf[mode] - 1);
        }
      }
      columnGeneration = {
        applies: true,
        columnLnsRounds,
        columnLnsStrayingRounds,
        iterations: state.iterations,
        columns: state.columnCount,
        converged: state.converged,
        lpValue: state.lpValue,
        integerStatus,
        diveNodes,
        dayDiveNodes,
        coverDiveLeaves,
        branchNodes,
        branchComplete,
      };
      state.dispose();
    }
  }

  if (milp) {
    full = encodeProblem(problem);
    const fullModel = full;
    const isSmall = full.binaryCount <= (options.exactBinaryLimit ?? 350);
    let fullDone = false;
    // The whole model: outright when small, otherwise time-boxed for an incumbent and its dual bound.
    const runFullModel = (): void => {
      fullDone = true;
      const share = isSmall ? 1 : (options.fullModelFraction ?? 0.2);
      const seconds = budgetMs === undefined ? undefined : Math.min((budgetMs / 1000) * share, remainingSeconds());
      if (fullModel.binaryCount > (options.fullMipBinaryLimit ?? 8000)) {
        // Too big for branch-and-bound in the time: the LP relaxation alone gives the bound.
        const relaxed = milp.solve(fullModel.relaxedLp(), { timeLimitSeconds: seconds, relaxation: true });
        fullStatus = `relaxation ${relaxed.status}`;
        if (relaxed.status === 'optimal' && relaxed.bound !== undefined) lowerBound = Math.max(0, relaxed.bound + fullModel.offset);
        return;
      }
      const result = milp.solve(fullModel.lp, { timeLimitSeconds: seconds, start: fullModel.start(best) });
      fullStatus = result.status;
      if (result.bound !== undefined) lowerBound = Math.max(lowerBound ?? 0, result.bound + fullModel.offset);
      if (result.status === 'optimal' || result.status === 'feasible') {
        consider(fullModel.decode(result.values), 'full-model');
        if (result.status === 'optimal' && bestScore.hard === 0) provedOptimal = true;
      }
    };
    if (isSmall) runFullModel();
    // With a column-generation bound the whole compact model adds little but cost.
    if (!isSmall && columnGeneration?.applies && lowerBound !== undefined) {
      fullDone = true;
      fullStatus = 'skipped (column-generation bound)';
    }

    // Large-neighbourhood search; the whole model runs once the rota is legal (or a third of the
    // time is gone), so its bound is paid for once and its incumbent starts from a good rota.
    const sizes = new NeighbourhoodSizes(problem);
    const scores = new KindScores();
    const subSeconds = options.neighbourhoodSeconds ?? 2;
    const maxIterations = budgetMs === undefined ? (options.maxNeighbourhoods ?? 50) : Infinity;
    const provenDone = (): boolean =>
      provedOptimal || (lowerBound !== undefined && bestScore.hard === 0 && bestScore.soft <= Math.ceil(lowerBound - 1e-6));
    let focus = focusOf(problem, bestAnalysis);
    let focusFor = best;
    let repairIndex = 0;
    while (neighbourhoods < maxIterations && !provenDone()) {
      if (!fullDone && (bestScore.hard === 0 || (budgetMs !== undefined && elapsed() > budgetMs / 3))) {
        runFullModel();
        continue;
      }
      const left = remainingSeconds();
      if (left < 0.05) break;
      if (focusFor !== best) {
        focus = focusOf(problem, bestAnalysis);
        focusFor = best;
      }
      const hood = chooseNeighbourhood(problem, focus, sizes, scores, rng, repairIndex++);
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
      const r = milp.solve(encoded.lp, { timeLimitSeconds: limit, start: encoded.start(best), presolve: false });
      const tDone = elapsed();
      let improved = false;
      if (r.status === 'optimal' || r.status === 'feasible') {
        improved = consider(encoded.decode(r.values), hood.kind);
        if (improved) neighbourhoodsImproved++;
      }
      sizes.report(hood.kind, r.status === 'optimal' ? 'optimal' : 'limit');
      scores.record(hood.kind, improved);
      options.onNeighbourhood?.({
        kind: hood.kind,
        binaries: encoded.binaryCount,
        status: r.status,
        encodeMs: tSolve - tEncode,
        solveMs: tDone - tSolve,
        improved,
      });
    }
    if (!fullDone && budgetMs === undefined) runFullModel();
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
    analysis: bestAnalysis,
    stats: {
      lowerBound,
      gap,
      provedOptimal,
      elapsedToBestMs,
      neighbourhoods,
      neighbourhoodsImproved,
      fullModel: { binaries: full?.binaryCount ?? 0, rows: full?.rowCount ?? 0, status: fullStatus },
      columnGeneration,
    },
  };
}

/** overlap[a][b]: slot-roles both workers may fill; workers who can stand in for each other. */
function sharedPlaces(models: readonly { readonly worker: number; readonly days: readonly (readonly { readonly slotRole: number }[])[] }[]): number[][] {
  const W = models.length;
  const sets = models.map((m) => new Set(m.days.flatMap((day) => day.map((o) => o.slotRole))));
  const out = Array.from({ length: W }, () => new Array<number>(W).fill(0));
  for (let a = 0; a < W; a++) {
    for (let b = a + 1; b < W; b++) {
      let n = 0;
      for (const k of sets[a]) if (sets[b].has(k)) n++;
      out[a][b] = out[b][a] = n;
    }
  }
  return out;
}

/**
 * The k workers whose rotas stray furthest from the master LP (largest reduced cost at the root's
 * duals), with noise of half a typical positive reduced cost: many workers sit at 0, and which of them
 * stay fixed should vary from one neighbourhood to the next. Re-planning exactly the workers the LP
 * disagrees with finds on instance 8 of Curtois & Qu what random choices of the same size do not.
 */
function pickStrayingWorkers(reducedCost: Float64Array, k: number, rng: Prng): Set<number> {
  const positive = [...reducedCost].filter((x) => x > 1e-6).sort((a, b) => a - b);
  const spread = positive.length > 0 ? positive[Math.floor(positive.length / 2)] / 2 : 1;
  const key = [...reducedCost].map((x) => Math.max(0, x) + rng.float() * spread);
  const order = [...key.keys()].sort((a, b) => key[b] - key[a] || a - b);
  return new Set(order.slice(0, Math.min(k, order.length)));
}

/**
 * A seed worker at random, then others drawn in proportion to the places they share with the seed:
 * re-planning workers who can swap shifts frees more than re-planning strangers.
 */
function pickRelatedWorkers(overlap: readonly (readonly number[])[], k: number, rng: Prng): Set<number> {
  const W = overlap.length;
  const seed = rng.int(W);
  const free = new Set<number>([seed]);
  while (free.size < Math.min(k, W)) {
    let total = 0;
    for (let w = 0; w < W; w++) if (!free.has(w)) total += overlap[seed][w] + 1;
    let r = rng.float() * total;
    for (let w = 0; w < W; w++) {
      if (free.has(w)) continue;
      r -= overlap[seed][w] + 1;
      if (r < 0) {
        free.add(w);
        break;
      }
    }
  }
  return free;
}
