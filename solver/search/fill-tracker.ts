// What the repair move needs to know cheaply at every step of the local search: which (slot, role)
// groups are below their `min` (kept as a set, array plus positions, so one is drawn at random in
// O(1)) and which places each worker holds (for the place a repair gives up). Every change of the rota
// in the loop passes through `track` before it is made.

import type { Problem } from '../model.ts';
import type { PlaceIndex } from './places.ts';

export class FillTracker {
  private readonly groupMin: Int32Array;
  private readonly groupFilled: Int32Array;
  private readonly shortGroups: Int32Array;
  private readonly shortPos: Int32Array;
  /** Groups below min right now. */
  shortCount = 0;
  private readonly workerPlaces: number[][];
  private readonly workerPlacePos: Int32Array;

  constructor(
    private readonly index: PlaceIndex,
    problem: Problem,
    cur: Int32Array,
  ) {
    const groupCount = index.groups.length;
    this.groupMin = new Int32Array(groupCount);
    this.groupFilled = new Int32Array(groupCount);
    this.shortGroups = new Int32Array(groupCount);
    this.shortPos = new Int32Array(groupCount).fill(-1);
    this.workerPlaces = Array.from({ length: index.workerCount }, () => []);
    this.workerPlacePos = new Int32Array(index.placeCount).fill(-1);
    for (let g = 0; g < groupCount; g++) {
      const { slot, role } = index.groups[g];
      this.groupMin[g] = problem.slots[slot].roles[role].min;
    }
    for (let q = 0; q < cur.length; q++) {
      const v = cur[q];
      if (v < 0) continue;
      this.groupFilled[index.placeGroup[q]]++;
      this.workerPlacePos[q] = this.workerPlaces[v].length;
      this.workerPlaces[v].push(q);
    }
    for (let g = 0; g < groupCount; g++) this.markShort(g);
  }

  /** The i-th group below min (0 <= i < shortCount). */
  shortGroup(i: number): number {
    return this.shortGroups[i];
  }

  /** The places the worker holds (live: changes as the rota does). */
  placesOf(worker: number): readonly number[] {
    return this.workerPlaces[worker];
  }

  /** Records that `place` moves from `old` to `worker` (-1: empty), before the rota changes. */
  track(place: number, old: number, worker: number): void {
    if (old === worker) return;
    if (old >= 0) {
      const list = this.workerPlaces[old];
      const at = this.workerPlacePos[place];
      const last = list.pop()!;
      if (last !== place) {
        list[at] = last;
        this.workerPlacePos[last] = at;
      }
      this.workerPlacePos[place] = -1;
    }
    if (worker >= 0) {
      this.workerPlacePos[place] = this.workerPlaces[worker].length;
      this.workerPlaces[worker].push(place);
    }
    if ((old < 0) !== (worker < 0)) {
      const g = this.index.placeGroup[place];
      this.groupFilled[g] += worker >= 0 ? 1 : -1;
      this.markShort(g);
    }
  }

  private markShort(g: number): void {
    const isShort = this.groupFilled[g] < this.groupMin[g];
    const pos = this.shortPos[g];
    if (isShort && pos < 0) {
      this.shortPos[g] = this.shortCount;
      this.shortGroups[this.shortCount++] = g;
    } else if (!isShort && pos >= 0) {
      const last = this.shortGroups[--this.shortCount];
      this.shortGroups[pos] = last;
      this.shortPos[last] = pos;
      this.shortPos[g] = -1;
    }
  }
}
