// The local search's moves, each drawn at a random movable place. A delta move (assign, unassign,
// change, swap) is scored without touching the rota and made only if accepted; a composite move
// (transfer, ejection chain, repair) is made, then judged on the scorer, and undone if rejected. The
// outcome of the last draw sits in public fields rather than a returned object so the hot loop
// allocates nothing.

import type { Prng } from './prng.ts';
import { isCandidate, type PlaceIndex } from './places.ts';
import { better, type SearchState } from './state.ts';
import { FillTracker } from './fill-tracker.ts';
import type { SearchTuning } from './local-search.ts';

export class MoveMaker {
  /** The last delta move's change of score (composite moves: read the scorer). */
  dHard = 0;
  dSoft = 0;
  /** The last move was made already (transfer, chain, repair). */
  composite = false;
  place = -1;
  /** The worker of an assign-like move, or the other place of a swap. */
  target = -1;
  isSwap = false;
  /** Move evaluations the last move counts as: 1, or the deltas a repair scored. */
  evaluated = 1;

  private readonly undoPlace: Int32Array;
  private readonly undoWorker: Int32Array;
  private undoLen = 0;
  private readonly fill: FillTracker;
  private readonly cur: Int32Array;
  private readonly pUnassign: number;
  private readonly pChange: number;
  private readonly pSwap: number;
  private readonly pRepair: number;
  private readonly chainDepth: number;
  private readonly repairSample: number;
  /** Deltas scored by the last bestCandidate call. */
  private sampled = 0;

  constructor(
    private readonly index: PlaceIndex,
    private readonly state: SearchState,
    private readonly rng: Prng,
    tuning: SearchTuning,
    defaults: SearchTuning,
  ) {
    this.cur = state.cur;
    this.pUnassign = tuning.pUnassign;
    this.pChange = this.pUnassign + tuning.pChange;
    this.pSwap = this.pChange + tuning.pSwap;
    this.chainDepth = Math.max(1, tuning.chainDepth);
    this.pRepair = tuning.pRepair ?? defaults.pRepair ?? 0;
    this.repairSample = Math.max(1, tuning.repairSample ?? defaults.repairSample ?? 6);
    this.undoPlace = new Int32Array(2 * this.chainDepth + 4);
    this.undoWorker = new Int32Array(2 * this.chainDepth + 4);
    this.fill = new FillTracker(index, state.scorer.problem, state.cur);
  }

  /** Draws a move; false when the draw gives no legal move (an idle attempt). */
  propose(): boolean {
    const { movable } = this.index;
    const p = movable[this.rng.int(movable.length)];
    const w = this.cur[p];
    this.composite = false;
    this.place = p;
    this.target = -1;
    this.isSwap = false;
    this.evaluated = 1;
    if (this.fill.shortCount > 0 && this.pRepair > 0 && this.rng.float() < this.pRepair) {
      const n = this.repair();
      if (n < 0) return false;
      this.composite = true;
      this.evaluated = Math.max(1, n);
      return true;
    }
    if (w < 0) return this.proposeAssign(p, this.index.candidates[p]);
    const r = this.rng.float();
    if (r < this.pUnassign) {
      this.score(p, -1);
      return true;
    }
    if (r < this.pChange) {
      const cands = this.index.candidates[p];
      const c = cands.length > 0 ? cands[this.rng.int(cands.length)] : w;
      if (c === w || this.state.inSlot(this.index.placeSlot[p], c)) return false;
      this.score(p, c);
      return true;
    }
    if (r < this.pSwap) return this.proposeSwap(p, w);
    return this.proposeChain(p, w);
  }

  /** Makes the accepted move (a composite one is made already); it can no longer be undone. */
  accept(): void {
    if (!this.composite) {
      if (this.isSwap) {
        const q = this.target;
        const w = this.cur[this.place];
        this.apply(this.place, this.cur[q]);
        this.apply(q, w);
      } else {
        this.apply(this.place, this.target);
      }
    }
  }

  /** Forgets the moves made so far (after an accepted move has been recorded). */
  settle(): void {
    this.undoLen = 0;
  }

  /** Takes back a rejected composite move. */
  reject(): void {
    if (!this.composite) return;
    while (this.undoLen > 0) {
      this.undoLen--;
      this.set(this.undoPlace[this.undoLen], this.undoWorker[this.undoLen]);
    }
  }

  /** Writes into `snap` (a copy of the rota now) the rota before the moves not yet settled. */
  rotaBefore(snap: Int32Array): void {
    for (let i = this.undoLen - 1; i >= 0; i--) snap[this.undoPlace[i]] = this.undoWorker[i];
  }

  private score(place: number, worker: number): void {
    const scorer = this.state.scorer;
    scorer.deltaAssign(place, worker);
    this.dHard = scorer.dHard;
    this.dSoft = scorer.dSoft;
    this.target = worker;
  }

  private proposeAssign(p: number, cands: Int32Array | readonly number[]): boolean {
    if (cands.length === 0) return false;
    const c = cands[this.rng.int(cands.length)];
    if (this.state.inSlot(this.index.placeSlot[p], c)) return false;
    this.score(p, c);
    return true;
  }

  /** Swap with a place of a role w holds; into an empty place it is a transfer (w keeps its hours). */
  private proposeSwap(p: number, w: number): boolean {
    const { index, state, cur } = this;
    const q = this.drawPlaceFor(w);
    if (q < 0) return false;
    const v = cur[q];
    const slotP = index.placeSlot[p];
    const slotQ = index.placeSlot[q];
    if (
      q === p ||
      v === w ||
      !isCandidate(index, q, w) ||
      (v >= 0 && !isCandidate(index, p, v)) ||
      (slotP !== slotQ && (state.inSlot(slotQ, w) || (v >= 0 && state.inSlot(slotP, v))))
    ) {
      return false;
    }
    if (v >= 0) {
      state.scorer.deltaSwap(p, q);
      this.dHard = state.scorer.dHard;
      this.dSoft = state.scorer.dSoft;
      this.target = q;
      this.isSwap = true;
    } else {
      this.composite = true;
      this.apply(p, -1);
      this.apply(q, w);
    }
    return true;
  }

  /**
   * Ejection chain: w moves into q, whoever sat in q moves on to another place, and so on; the last
   * displaced worker is left out.
   */
  private proposeChain(p: number, w: number): boolean {
    const { index, state, cur } = this;
    const q = this.drawPlaceFor(w);
    if (q < 0) return false;
    if (index.placeSlot[q] === index.placeSlot[p] || cur[q] === w || !isCandidate(index, q, w) || state.inSlot(index.placeSlot[q], w)) {
      return false;
    }
    this.composite = true;
    this.apply(p, -1);
    let moving = w;
    let target = q;
    for (let depth = 0; depth < this.chainDepth; depth++) {
      const displaced = cur[target];
      this.apply(target, moving);
      if (displaced < 0 || depth + 1 === this.chainDepth) break;
      const next = this.drawPlaceFor(displaced);
      if (next < 0) break;
      if (next === target || cur[next] === displaced || !isCandidate(index, next, displaced) || state.inSlot(index.placeSlot[next], displaced)) {
        break;
      }
      moving = displaced;
      target = next;
    }
    return true;
  }

  /** A random movable place of a random role the worker holds; -1 if they hold none. */
  private drawPlaceFor(worker: number): number {
    const keys = this.index.workerRoleKeys[worker];
    if (keys.length === 0) return -1;
    const list = this.index.movableByRoleKey[keys[this.rng.int(keys.length)]];
    return list[this.rng.int(list.length)];
  }

  /**
   * Repair of a (slot, role) below min, which plain moves rarely fix when every candidate already
   * works something that clashes: take an empty place of a random short group and the candidate with
   * the best delta there; then the place that candidate holds whose loss now helps most is given up
   * (if any helps: e.g. the overlapping or too-close shift, or one that breaks a weekly cap), and that
   * place is refilled by the best of a few other candidates if that improves. Returns the deltas
   * evaluated, or -1 for no move.
   */
  private repair(): number {
    const { index, cur, state } = this;
    const gp = index.groups[this.fill.shortGroup(this.rng.int(this.fill.shortCount))].places;
    let p = -1;
    for (let i = 0; i < gp.length; i++) {
      if (cur[gp[i]] < 0 && index.pinned[gp[i]] === 0) {
        p = gp[i];
        break;
      }
    }
    if (p < 0) return -1;
    let evals = 0;
    const c = this.bestCandidate(p, -1, Infinity, Infinity);
    evals += this.sampled;
    if (c < 0) return -1;
    this.apply(p, c);
    const held = this.fill.placesOf(c);
    let q = -1;
    let qH = 0;
    let qS = 0;
    for (let i = 0; i < held.length; i++) {
      const x = held[i];
      if (x === p || index.pinned[x] === 1) continue;
      state.scorer.deltaAssign(x, -1);
      evals++;
      if (better(state.scorer.dHard, state.scorer.dSoft, qH, qS)) {
        q = x;
        qH = state.scorer.dHard;
        qS = state.scorer.dSoft;
      }
    }
    if (q >= 0) {
      this.apply(q, -1);
      const d = this.bestCandidate(q, c, 0, 0);
      evals += this.sampled;
      if (d >= 0) this.apply(q, d);
    }
    return evals;
  }

  /**
   * The candidate of empty place p (not `skip`, not already in the slot) with the best delta better
   * than (limitH, limitS), among all candidates or repairSample random ones; -1 if none.
   */
  private bestCandidate(p: number, skip: number, limitH: number, limitS: number): number {
    const { state, rng } = this;
    const cands = this.index.candidates[p];
    const slot = this.index.placeSlot[p];
    const all = cands.length <= this.repairSample;
    const n = all ? cands.length : this.repairSample;
    let best = -1;
    let bH = limitH;
    let bS = limitS;
    this.sampled = 0;
    for (let i = 0; i < n; i++) {
      const x = all ? cands[i] : cands[rng.int(cands.length)];
      if (x === skip || state.inSlot(slot, x)) continue;
      state.scorer.deltaAssign(p, x);
      this.sampled++;
      if (better(state.scorer.dHard, state.scorer.dSoft, bH, bS)) {
        best = x;
        bH = state.scorer.dHard;
        bS = state.scorer.dSoft;
      }
    }
    return best;
  }

  /** Makes one change of the rota, remembered for undo. */
  private apply(place: number, worker: number): void {
    this.undoPlace[this.undoLen] = place;
    this.undoWorker[this.undoLen] = this.cur[place];
    this.undoLen++;
    this.set(place, worker);
  }

  private set(place: number, worker: number): void {
    this.fill.track(place, this.cur[place], worker);
    this.state.assign(place, worker);
  }
}
