// Local search: late acceptance hill climbing (Burke & Bykov) over assign, unassign, change, swap,
// transfer and ejection-chain moves, scored incrementally. LAHC only needs an order on scores, so it
// works directly on the lexicographic (hard, soft) pair without inventing a hard-to-soft exchange rate.
// The best rota is kept (ties go to fewer changes from the caller's initial rota).

import type { SolveProgress } from '../model.ts';
import type { Prng } from './prng.ts';
import type { PlaceIndex } from './places.ts';
import { better, type SearchState } from './state.ts';
import { MoveMaker } from './moves.ts';

export interface SearchTuning {
  /** Length of the late-acceptance history; 0 picks it from the problem size (autoLahcLength). */
  readonly lahcLength: number;
  /** For a filled place: chance of unassign, change, swap/transfer; the rest are ejection chains. */
  readonly pUnassign: number;
  readonly pChange: number;
  readonly pSwap: number;
  /** Workers moved in one ejection chain, at most. */
  readonly chainDepth: number;
  /**
   * Chance per attempt, while some (slot, role) is below its `min`, of a repair move there (see
   * repair below). Optional so older tunings keep working; absent means defaultTuning's.
   */
  readonly pRepair?: number;
  /** Candidates a repair move scores for the empty place (and for refilling an ejected one). */
  readonly repairSample?: number;
}

// Tuned on the synthetic organisations (bench/synthetic, 500 workers, 4 s): single-place moves are the
// cheapest to evaluate; swaps cost ~1.5x, transfers and chains (applied, then judged) several times more.
// At equal time, mostly changes with some swaps and a few transfers/chains scored best (differences
// between 3% and 28% swaps were under 0.1%). A short late-acceptance history did better than a long one
// at these budgets; it grows with the number of places.
export const defaultTuning: SearchTuning = {
  lahcLength: 0,
  pUnassign: 0.08,
  pChange: 0.77,
  pSwap: 0.13,
  chainDepth: 3,
  pRepair: 0.01,
  repairSample: 6,
};

/** History length when tuning.lahcLength is 0: about one entry per 20 movable places, 100..2000. */
export function autoLahcLength(movablePlaces: number): number {
  return Math.min(2000, Math.max(100, Math.round(movablePlaces / 20)));
}

export interface SearchLimits {
  readonly maxMoves: number;
  readonly timeLimitMs?: number;
  readonly clock?: () => number;
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Report progress every this many evaluated moves. */
  readonly progressEvery: number;
  /** Stop after this many evaluated moves without a better rota (none: never). */
  readonly stallMoves?: number;
  /**
   * The best score any rota can have, as far as is known (it may come mid-search): stop on meeting it.
   * Told, at each look, the moves made since the best rota last improved and that rota's hard score
   * (a caller may work the bound out there and then, once the loop has stalled: see SolveContext.floor).
   */
  readonly floor?: (stall: LoopStall) => { readonly hard: number; readonly soft: number } | undefined;
}

/** How the loop stands when it looks at its floor. */
export interface LoopStall {
  /** Moves since the best rota last improved. */
  readonly moves: number;
  /** The best rota's hard score. */
  readonly bestHard: number;
}

export interface SearchOutcome {
  readonly moves: number;
}

// Attempts that found no legal move in a row before we conclude the neighbourhood is empty.
const MAX_IDLE_ATTEMPTS = 1_000_000;

type Score = { readonly hard: number; readonly soft: number };

export function localSearch(
  index: PlaceIndex,
  state: SearchState,
  rng: Prng,
  limits: SearchLimits,
  tuning: SearchTuning = defaultTuning,
): SearchOutcome {
  if (index.movable.length === 0 || limits.maxMoves <= 0) return { moves: 0 };
  const length = tuning.lahcLength > 0 ? tuning.lahcLength : autoLahcLength(index.movable.length);
  const search = new LateAcceptance(state, limits, length);
  search.run(new MoveMaker(index, state, rng, tuning, defaultTuning));
  return { moves: search.moves };
}

/**
 * The acceptance loop: a move is taken when it is no worse than the current rota or than the rota
 * `length` moves ago; the best rota seen is kept (as a snapshot once the search leaves it) and
 * restored at the end.
 */
class LateAcceptance {
  moves = 0;
  private curH: number;
  private curS: number;
  private bestH: number;
  private bestS: number;
  private bestD: number;
  private currentIsBest = true;
  private readonly bestSnap: Int32Array;
  private readonly histH: Float64Array;
  private readonly histS: Float64Array;
  private readonly startMs: number;
  private readonly deadline: number;

  constructor(
    private readonly state: SearchState,
    private readonly limits: SearchLimits,
    private readonly length: number,
  ) {
    const s = state.scorer.score();
    this.curH = this.bestH = s.hard;
    this.curS = this.bestS = s.soft;
    this.bestD = state.distance;
    this.bestSnap = new Int32Array(state.cur);
    this.histH = new Float64Array(length).fill(s.hard);
    this.histS = new Float64Array(length).fill(s.soft);
    const clock = limits.clock;
    this.startMs = clock ? clock() : 0;
    this.deadline = clock && limits.timeLimitMs !== undefined ? this.startMs + limits.timeLimitMs : Infinity;
  }

  run(moveMaker: MoveMaker): void {
    const { limits, state } = this;
    const scorer = state.scorer;
    const maxMoves = limits.maxMoves;
    let lastBetterAt = 0;
    let idle = 0;
    let attempts = 0;
    let nextProgress = limits.progressEvery;
    while (this.moves < maxMoves) {
      attempts++;
      if ((attempts & 1023) === 0 && this.shouldStop(lastBetterAt)) break;
      if (idle > MAX_IDLE_ATTEMPTS) break;
      if (!moveMaker.propose()) {
        idle++;
        continue;
      }
      idle = 0;
      let nh: number;
      let ns: number;
      if (moveMaker.composite) {
        // Composite moves were made before being judged: read the score.
        const s = scorer.score();
        nh = s.hard;
        ns = s.soft;
      } else {
        // Penalties are integers, so adding deltas is exact.
        nh = this.curH + moveMaker.dHard;
        ns = this.curS + moveMaker.dSoft;
      }
      // A repair scores several deltas; the budget still ends exactly at maxMoves.
      this.moves = Math.min(maxMoves, this.moves + moveMaker.evaluated);
      const v = this.moves % this.length;
      if (!better(this.curH, this.curS, nh, ns) || !better(this.histH[v], this.histS[v], nh, ns)) {
        moveMaker.accept();
        if (this.take(nh, ns, moveMaker)) lastBetterAt = this.moves;
        moveMaker.settle();
      } else {
        moveMaker.reject();
      }
      this.histH[v] = this.curH;
      this.histS[v] = this.curS;
      if (this.moves >= nextProgress) {
        nextProgress += limits.progressEvery;
        const s = scorer.score();
        this.curH = s.hard;
        this.curS = s.soft;
        this.report();
      }
    }
    if (!this.currentIsBest) state.restore(this.bestSnap);
    this.report();
  }

  /** Records the accepted rota; true when it beats the best score so far. */
  private take(nh: number, ns: number, moveMaker: MoveMaker): boolean {
    this.curH = nh;
    this.curS = ns;
    const d = this.state.distance;
    const improves = better(nh, ns, this.bestH, this.bestS);
    if (improves || (nh === this.bestH && ns === this.bestS && d < this.bestD)) {
      this.bestH = nh;
      this.bestS = ns;
      this.bestD = d;
      this.currentIsBest = true;
    } else if (this.currentIsBest) {
      // Leaving the best rota: keep a copy of it (the rota before this move).
      this.bestSnap.set(this.state.cur);
      moveMaker.rotaBefore(this.bestSnap);
      this.currentIsBest = false;
    }
    return improves;
  }

  private shouldStop(lastBetterAt: number): boolean {
    const { limits } = this;
    if (limits.clock && limits.clock() >= this.deadline) return true;
    if (this.bestH === 0 && this.bestS === 0 && this.bestD === 0) return true;
    if (this.moves - lastBetterAt > (limits.stallMoves ?? Infinity)) return true;
    return limits.floor !== undefined && meets(this.bestH, this.bestS, limits.floor({ moves: this.moves - lastBetterAt, bestHard: this.bestH }));
  }

  private report(): void {
    const { limits } = this;
    if (!limits.onProgress) return;
    const elapsedMs = limits.clock ? limits.clock() - this.startMs : 0;
    const byMoves = Number.isFinite(limits.maxMoves) ? this.moves / limits.maxMoves : 0;
    const byTime = Number.isFinite(this.deadline) && limits.timeLimitMs! > 0 ? elapsedMs / limits.timeLimitMs! : 0;
    // The best rota travels with the progress so a caller (the API) can show best-so-far mid-solve.
    const bestAssignments = this.state.assignments(this.currentIsBest ? this.state.cur : this.bestSnap);
    limits.onProgress({
      moves: this.moves,
      elapsedMs,
      best: { hard: this.bestH, soft: this.bestS },
      fraction: Math.min(1, Math.max(byMoves, byTime)),
      bestAssignments,
    });
  }
}

/** The best rota so far scores no more than the floor: no rota can do better. */
function meets(h: number, s: number, floor: Score | undefined): boolean {
  return floor !== undefined && (h < floor.hard || (h === floor.hard && s <= floor.soft));
}
