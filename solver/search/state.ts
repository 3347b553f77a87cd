// The rota under search: the scorer plus a mirror of who sits where (cheap to read in the hot loop)
// and, in a re-plan, the distance from the caller's initial rota, so ties go to fewer changes.

import type { Assignment } from '../model.ts';
import type { Scorer } from '../engine/scorer.ts';
import type { PlaceIndex } from './places.ts';

export class SearchState {
  readonly cur: Int32Array;
  /** (group, worker) pairs of the initial rota, as group * workerCount + worker. Null without one. */
  private readonly initialPairs: Set<number> | null;
  /** Pairs in exactly one of the initial and the current rota. */
  distance = 0;

  constructor(
    readonly scorer: Scorer,
    readonly index: PlaceIndex,
    initialPairs: Set<number> | null,
  ) {
    this.cur = new Int32Array(index.placeCount);
    for (let p = 0; p < index.placeCount; p++) this.cur[p] = scorer.workerOf(p);
    this.initialPairs = initialPairs;
    if (initialPairs) {
      let both = 0;
      let filled = 0;
      for (let p = 0; p < index.placeCount; p++) {
        const w = this.cur[p];
        if (w < 0) continue;
        filled++;
        if (initialPairs.has(index.placeGroup[p] * index.workerCount + w)) both++;
      }
      this.distance = initialPairs.size + filled - 2 * both;
    }
  }

  assign(place: number, worker: number): void {
    const old = this.cur[place];
    if (old === worker) return;
    const pairs = this.initialPairs;
    if (pairs) {
      const base = this.index.placeGroup[place] * this.index.workerCount;
      if (old >= 0) this.distance += pairs.has(base + old) ? 1 : -1;
      if (worker >= 0) this.distance += pairs.has(base + worker) ? -1 : 1;
    }
    this.scorer.assign(place, worker);
    this.cur[place] = worker;
  }

  /** True when the worker already holds any place of the slot. */
  inSlot(slot: number, worker: number): boolean {
    const first = this.index.slotFirstPlace;
    if (first !== null) {
      const cur = this.cur;
      const end = this.index.slotEndPlace![slot];
      for (let p = first[slot]; p < end; p++) if (cur[p] === worker) return true;
      return false;
    }
    const places = this.index.slotPlaces[slot];
    for (let i = 0; i < places.length; i++) if (this.cur[places[i]] === worker) return true;
    return false;
  }

  /** Move the rota to `target` (a snapshot of cur). */
  restore(target: Int32Array): void {
    for (let p = 0; p < target.length; p++) if (this.cur[p] !== target[p]) this.assign(p, target[p]);
  }

  /** The rota as assignments: the current one, or a snapshot of cur (e.g. the best so far). */
  assignments(from: Int32Array = this.cur): (Assignment & { pinned: boolean })[] {
    const { problem } = this.scorer;
    const out: (Assignment & { pinned: boolean })[] = [];
    for (let p = 0; p < from.length; p++) {
      const w = from[p];
      if (w < 0) continue;
      const slot = problem.slots[this.index.placeSlot[p]];
      out.push({
        slotId: slot.id,
        roleId: slot.roles[this.index.placeRole[p]].roleId,
        workerId: problem.workers[w].id,
        pinned: this.index.pinned[p] === 1,
      });
    }
    return out;
  }
}

/** Lexicographic (hard, soft): true when a is strictly better (lower) than b. */
export function better(aHard: number, aSoft: number, bHard: number, bSoft: number): boolean {
  return aHard < bHard || (aHard === bHard && aSoft < bSoft);
}
