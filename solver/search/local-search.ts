// Local search: late acceptance hill climbing (Burke & Bykov) over assign, unassign, change, swap,
// transfer and ejection-chain moves, scored incrementally. LAHC only needs an order on scores, so it
// works directly on the lexicographic (hard, soft) pair without inventing a hard-to-soft exchange rate.
// The best rota is kept (ties go to fewer changes from the caller's initial rota).

import type { SolveProgress } from '../model.ts';
import type { Prng } from './prng.ts';
import { isCandidate, type PlaceIndex } from './places.ts';
import { better, type SearchState } from './state.ts';

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
  /** The best score any rota can have, as far as is known (it may come mid-search): stop on meeting it. */
  readonly floor?: () => { readonly hard: number; readonly soft: number } | undefined;
}

export interface SearchOutcome {
  readonly moves: number;
}

// Attempts that found no legal move in a row before we conclude the neighbourhood is empty.
const MAX_IDLE_ATTEMPTS = 1_000_000;

export function localSearch(
  index: PlaceIndex,
  state: SearchState,
  rng: Prng,
  limits: SearchLimits,
  tuning: SearchTuning = defaultTuning,
): SearchOutcome {
  const { scorer, cur } = state;
  const { movable, candidates, placeSlot, workerRoleKeys, movableByRoleKey } = index;
  const nMovable = movable.length;
  if (nMovable === 0 || limits.maxMoves <= 0) return { moves: 0 };

  const clock = limits.clock;
  const startMs = clock ? clock() : 0;
  const deadline = clock && limits.timeLimitMs !== undefined ? startMs + limits.timeLimitMs : Infinity;
  const maxMoves = limits.maxMoves;

  let s = scorer.score();
  let curH = s.hard;
  let curS = s.soft;
  let bestH = curH;
  let bestS = curS;
  let bestD = state.distance;
  let currentIsBest = true;
  const bestSnap = new Int32Array(cur);

  const L = tuning.lahcLength > 0 ? tuning.lahcLength : autoLahcLength(nMovable);
  const histH = new Float64Array(L).fill(curH);
  const histS = new Float64Array(L).fill(curS);

  const pUnassign = tuning.pUnassign;
  const pChange = pUnassign + tuning.pChange;
  const pSwap = pChange + tuning.pSwap;
  const chainDepth = Math.max(1, tuning.chainDepth);
  const undoPlace = new Int32Array(2 * chainDepth + 4);
  const undoWorker = new Int32Array(2 * chainDepth + 4);
  let undoLen = 0;

  const apply = (place: number, worker: number): void => {
    undoPlace[undoLen] = place;
    undoWorker[undoLen] = cur[place];
    undoLen++;
    track(place, worker);
    state.assign(place, worker);
  };
  const undo = (): void => {
    while (undoLen > 0) {
      undoLen--;
      track(undoPlace[undoLen], undoWorker[undoLen]);
      state.assign(undoPlace[undoLen], undoWorker[undoLen]);
    }
  };

  // ---- Repair of places below min ----
  // Per (slot, role) group: filled places, and the groups below min as a set (array + positions) so
  // a repair can pick one at random in O(1). Per worker: the places they hold, for the ejection.
  const { groups, pinned } = index;
  const problem = scorer.problem;
  const groupCount = groups.length;
  const placeGroup = index.placeGroup;
  const groupMin = new Int32Array(groupCount);
  const groupFilled = new Int32Array(groupCount);
  const shortGroups = new Int32Array(groupCount);
  const shortPos = new Int32Array(groupCount).fill(-1);
  let nShort = 0;
  const workerPlaces: number[][] = Array.from({ length: index.workerCount }, () => []);
  const workerPlacePos = new Int32Array(index.placeCount).fill(-1);
  for (let g = 0; g < groupCount; g++) groupMin[g] = problem.slots[groups[g].slot].roles[groups[g].role].min;
  for (let q = 0; q < cur.length; q++) {
    const v = cur[q];
    if (v < 0) continue;
    groupFilled[placeGroup[q]]++;
    workerPlacePos[q] = workerPlaces[v].length;
    workerPlaces[v].push(q);
  }
  const markShort = (g: number): void => {
    const isShort = groupFilled[g] < groupMin[g];
    if (isShort && shortPos[g] < 0) {
      shortPos[g] = nShort;
      shortGroups[nShort++] = g;
    } else if (!isShort && shortPos[g] >= 0) {
      const last = shortGroups[--nShort];
      shortGroups[shortPos[g]] = last;
      shortPos[last] = shortPos[g];
      shortPos[g] = -1;
    }
  };
  for (let g = 0; g < groupCount; g++) markShort(g);
  // Every change of the rota in this loop goes through here (apply and undo).
  const track = (place: number, worker: number): void => {
    const old = cur[place];
    if (old === worker) return;
    if (old >= 0) {
      const list = workerPlaces[old];
      const at = workerPlacePos[place];
      const last = list.pop()!;
      if (last !== place) {
        list[at] = last;
        workerPlacePos[last] = at;
      }
      workerPlacePos[place] = -1;
    }
    if (worker >= 0) {
      workerPlacePos[place] = workerPlaces[worker].length;
      workerPlaces[worker].push(place);
    }
    if ((old < 0) !== (worker < 0)) {
      const g = placeGroup[place];
      groupFilled[g] += worker >= 0 ? 1 : -1;
      markShort(g);
    }
  };
  const pRepair = tuning.pRepair ?? defaultTuning.pRepair ?? 0;
  const repairSample = Math.max(1, tuning.repairSample ?? defaultTuning.repairSample ?? 6);

  /**
   * Repair of a (slot, role) below min, which plain moves rarely fix when every candidate already
   * works something that clashes: take an empty place of a random short group and the candidate with
   * the best delta there; then the place that candidate holds whose loss now helps most is given up
   * (if any helps: e.g. the overlapping or too-close shift, or one that breaks a weekly cap), and that
   * place is refilled by the best of a few other candidates if that improves. Applied here and judged
   * by the caller like the other composite moves. Returns the deltas evaluated, or -1 for no move.
   */
  const repair = (): number => {
    const gp = groups[shortGroups[rng.int(nShort)]].places;
    let p = -1;
    for (let i = 0; i < gp.length; i++) {
      if (cur[gp[i]] < 0 && pinned[gp[i]] === 0) {
        p = gp[i];
        break;
      }
    }
    if (p < 0) return -1;
    let evals = 0;
    const c = bestCandidate(p, -1, Infinity, Infinity);
    evals += sampled;
    if (c < 0) return -1;
    apply(p, c);
    const held = workerPlaces[c];
    let q = -1;
    let qH = 0;
    let qS = 0;
    for (let i = 0; i < held.length; i++) {
      const x = held[i];
      if (x === p || pinned[x] === 1) continue;
      scorer.deltaAssign(x, -1);
      evals++;
      if (better(scorer.dHard, scorer.dSoft, qH, qS)) {
        q = x;
        qH = scorer.dHard;
        qS = scorer.dSoft;
      }
    }
    if (q >= 0) {
      apply(q, -1);
      const d = bestCandidate(q, c, 0, 0);
      evals += sampled;
      if (d >= 0) apply(q, d);
    }
    return evals;
  };
  /** Deltas scored by the last bestCandidate call. */
  let sampled = 0;
  /**
   * The candidate of empty place p (not `skip`, not already in the slot) with the best delta better
   * than (limitH, limitS), among all candidates or repairSample random ones; -1 if none.
   */
  const bestCandidate = (p: number, skip: number, limitH: number, limitS: number): number => {
    const cands = candidates[p];
    const slot = placeSlot[p];
    const all = cands.length <= repairSample;
    const n = all ? cands.length : repairSample;
    let best = -1;
    let bH = limitH;
    let bS = limitS;
    sampled = 0;
    for (let i = 0; i < n; i++) {
      const x = all ? cands[i] : cands[rng.int(cands.length)];
      if (x === skip || state.inSlot(slot, x)) continue;
      scorer.deltaAssign(p, x);
      sampled++;
      if (better(scorer.dHard, scorer.dSoft, bH, bS)) {
        best = x;
        bH = scorer.dHard;
        bS = scorer.dSoft;
      }
    }
    return best;
  };

  let moves = 0;
  let lastBetterAt = 0;
  const floor = limits.floor;
  const stallMoves = limits.stallMoves ?? Infinity;
  let idle = 0;
  let attempts = 0;
  let nextProgress = limits.progressEvery;

  const report = (): void => {
    if (!limits.onProgress) return;
    const elapsedMs = clock ? clock() - startMs : 0;
    const byMoves = Number.isFinite(maxMoves) ? moves / maxMoves : 0;
    const byTime = Number.isFinite(deadline) && limits.timeLimitMs! > 0 ? elapsedMs / limits.timeLimitMs! : 0;
    // The best rota travels with the progress so a caller (the API) can show best-so-far mid-solve.
    const bestAssignments = state.assignments(currentIsBest ? state.cur : bestSnap);
    limits.onProgress({ moves, elapsedMs, best: { hard: bestH, soft: bestS }, fraction: Math.min(1, Math.max(byMoves, byTime)), bestAssignments });
  };

  while (moves < maxMoves) {
    attempts++;
    if ((attempts & 1023) === 0) {
      if (clock && clock() >= deadline) break;
      if (bestH === 0 && bestS === 0 && bestD === 0) break;
      if (moves - lastBetterAt > stallMoves) break;
      if (floor !== undefined && meets(bestH, bestS, floor())) break;
    }
    if (idle > MAX_IDLE_ATTEMPTS) break;

    const p = movable[rng.int(nMovable)];
    const w = cur[p];
    const slotP = placeSlot[p];
    // Either a delta move (evaluated without touching the state) or a composite one (applied, then judged).
    let composite = false;
    let dh: number;
    let ds: number;
    let moveA = p;
    let moveB = -1; // worker for assign-like moves, place for swaps
    let isSwap = false;
    // Counted as move evaluations: 1, or the deltas a repair scored.
    let evaluated = 1;

    if (nShort > 0 && pRepair > 0 && rng.float() < pRepair) {
      const n = repair();
      if (n < 0) {
        idle++;
        continue;
      }
      composite = true;
      evaluated = Math.max(1, n);
      s = scorer.score();
      dh = s.hard - curH;
      ds = s.soft - curS;
    } else if (w < 0) {
      const cands = candidates[p];
      if (cands.length === 0) {
        idle++;
        continue;
      }
      const c = cands[rng.int(cands.length)];
      if (state.inSlot(slotP, c)) {
        idle++;
        continue;
      }
      scorer.deltaAssign(p, c);
      dh = scorer.dHard;
      ds = scorer.dSoft;
      moveB = c;
    } else {
      const r = rng.float();
      if (r < pUnassign) {
        scorer.deltaAssign(p, -1);
        dh = scorer.dHard;
        ds = scorer.dSoft;
        moveB = -1;
      } else if (r < pChange) {
        const cands = candidates[p];
        const c = cands.length > 0 ? cands[rng.int(cands.length)] : w;
        if (c === w || state.inSlot(slotP, c)) {
          idle++;
          continue;
        }
        scorer.deltaAssign(p, c);
        dh = scorer.dHard;
        ds = scorer.dSoft;
        moveB = c;
      } else if (r < pSwap) {
        const keys = workerRoleKeys[w];
        if (keys.length === 0) {
          idle++;
          continue;
        }
        const list = movableByRoleKey[keys[rng.int(keys.length)]];
        const q = list[rng.int(list.length)];
        const v = cur[q];
        const slotQ = placeSlot[q];
        if (
          q === p ||
          v === w ||
          !isCandidate(index, q, w) ||
          (v >= 0 && !isCandidate(index, p, v)) ||
          (slotP !== slotQ && (state.inSlot(slotQ, w) || (v >= 0 && state.inSlot(slotP, v))))
        ) {
          idle++;
          continue;
        }
        if (v >= 0) {
          scorer.deltaSwap(p, q);
          dh = scorer.dHard;
          ds = scorer.dSoft;
          moveB = q;
          isSwap = true;
        } else {
          // Transfer: w leaves p for the empty place q (keeps w's hours, moves the gap).
          composite = true;
          apply(p, -1);
          apply(q, w);
          s = scorer.score();
          dh = s.hard - curH;
          ds = s.soft - curS;
        }
      } else {
        // Ejection chain: w moves into q, whoever sat in q moves on to another place, and so on;
        // the last displaced worker is left out.
        const keys = workerRoleKeys[w];
        if (keys.length === 0) {
          idle++;
          continue;
        }
        const list = movableByRoleKey[keys[rng.int(keys.length)]];
        const q = list[rng.int(list.length)];
        if (placeSlot[q] === slotP || cur[q] === w || !isCandidate(index, q, w) || state.inSlot(placeSlot[q], w)) {
          idle++;
          continue;
        }
        composite = true;
        apply(p, -1);
        let moving = w;
        let target = q;
        for (let depth = 0; depth < chainDepth; depth++) {
          const displaced = cur[target];
          apply(target, moving);
          if (displaced < 0 || depth + 1 === chainDepth) break;
          const dKeys = workerRoleKeys[displaced];
          if (dKeys.length === 0) break;
          const dList = movableByRoleKey[dKeys[rng.int(dKeys.length)]];
          const next = dList[rng.int(dList.length)];
          if (next === target || cur[next] === displaced || !isCandidate(index, next, displaced) || state.inSlot(placeSlot[next], displaced)) {
            break;
          }
          moving = displaced;
          target = next;
        }
        s = scorer.score();
        dh = s.hard - curH;
        ds = s.soft - curS;
      }
    }

    idle = 0;
    // A repair scores several deltas; the budget still ends exactly at maxMoves.
    moves = Math.min(maxMoves, moves + evaluated);
    const nh = curH + dh;
    const ns = curS + ds;
    const v = moves % L;
    const accept = !better(curH, curS, nh, ns) || !better(histH[v], histS[v], nh, ns);

    if (accept) {
      if (!composite) {
        if (isSwap) {
          const q = moveB;
          const wq = cur[q];
          apply(moveA, wq);
          apply(q, w);
        } else {
          apply(moveA, moveB);
        }
      }
      // Penalties are integers, so adding deltas is exact; composite moves were scored after applying.
      curH = nh;
      curS = ns;
      const d = state.distance;
      if (better(curH, curS, bestH, bestS) || (curH === bestH && curS === bestS && d < bestD)) {
        if (better(curH, curS, bestH, bestS)) lastBetterAt = moves;
        bestH = curH;
        bestS = curS;
        bestD = d;
        currentIsBest = true;
      } else if (currentIsBest) {
        // Leaving the best rota: keep a copy of it (the state before this move).
        bestSnap.set(cur);
        for (let i = undoLen - 1; i >= 0; i--) bestSnap[undoPlace[i]] = undoWorker[i];
        currentIsBest = false;
      }
      undoLen = 0;
    } else if (composite) {
      undo();
    }
    histH[v] = curH;
    histS[v] = curS;

    if (moves >= nextProgress) {
      nextProgress += limits.progressEvery;
      s = scorer.score();
      curH = s.hard;
      curS = s.soft;
      report();
    }
  }

  if (!currentIsBest) state.restore(bestSnap);
  report();
  return { moves };
}

/** The best rota so far scores no more than the floor: no rota can do better. */
function meets(h: number, s: number, floor: { readonly hard: number; readonly soft: number } | undefined): boolean {
  return floor !== undefined && (h < floor.hard || (h === floor.hard && s <= floor.soft));
}
