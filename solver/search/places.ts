// Static lookup tables over the scorer's places, built once per solve so the hot loop only touches
// typed arrays: places per slot, per (slot, role) group, per role id, and candidate membership bits.

import type { Scorer } from '../engine/scorer.ts';

export interface PlaceGroup {
  readonly slot: number;
  readonly role: number;
  /** Places of this (slot, role), in scorer order. */
  readonly places: Int32Array;
}

export interface PlaceIndex {
  readonly placeCount: number;
  readonly workerCount: number;
  readonly placeSlot: Int32Array;
  readonly placeRole: Int32Array;
  readonly placeGroup: Int32Array;
  readonly pinned: Uint8Array;
  readonly groups: readonly PlaceGroup[];
  /** Places of each slot (all roles). */
  readonly slotPlaces: readonly Int32Array[];
  /**
   * When every slot's places are one run of place numbers (the catalogue's layout): slot s has places
   * [slotFirstPlace[s], slotEndPlace[s]). Both null otherwise.
   */
  readonly slotFirstPlace: Int32Array | null;
  readonly slotEndPlace: Int32Array | null;
  /** Places that the search may change. */
  readonly movable: Int32Array;
  /** Movable places by role id key (see roleKeys). */
  readonly movableByRoleKey: readonly Int32Array[];
  /** Role id keys each worker holds for which movable places exist. */
  readonly workerRoleKeys: readonly Int32Array[];
  readonly candidates: readonly (readonly number[])[];
  /**
   * Places whose scorer returns the same candidates array share a candidate set (the catalogue
   * shares one per role id): bit (placeCandidateSet[place] * workerCount + worker) is set when the
   * worker is a candidate. Far smaller than a bit per (place, worker), so it stays in cache.
   */
  readonly placeCandidateSet: Int32Array;
  readonly candidateBits: Uint32Array;
}

export function isCandidate(index: PlaceIndex, place: number, worker: number): boolean {
  const bit = index.placeCandidateSet[place] * index.workerCount + worker;
  return (index.candidateBits[bit >>> 5] & (1 << (bit & 31))) !== 0;
}

export function buildPlaceIndex(scorer: Scorer): PlaceIndex {
  const problem = scorer.problem;
  const placeCount = scorer.placeCount;
  const workerCount = problem.workers.length;
  const placeSlot = new Int32Array(placeCount);
  const placeRole = new Int32Array(placeCount);
  const placeGroup = new Int32Array(placeCount);
  const pinned = new Uint8Array(placeCount);
  const candidates: (readonly number[])[] = [];
  const placeCandidateSet = new Int32Array(placeCount);
  const setByList = new Map<readonly number[], number>();
  const setLists: (readonly number[])[] = [];

  const groupIdByKey = new Map<number, number>();
  const groupPlaces: number[][] = [];
  const groupsMeta: { slot: number; role: number }[] = [];
  const slotPlaceLists: number[][] = problem.slots.map(() => []);
  const roleKeyById = new Map<string, number>();
  const movableByRole: number[][] = [];
  const movable: number[] = [];

  for (let p = 0; p < placeCount; p++) {
    const slot = scorer.placeSlot(p);
    const role = scorer.placeRole(p);
    placeSlot[p] = slot;
    placeRole[p] = role;
    pinned[p] = scorer.isPinned(p) ? 1 : 0;
    const cands = scorer.candidates(p);
    candidates.push(cands);
    placeCandidateSet[p] = intern(setByList, cands, () => setLists.push(cands));
    const key = slot * 1024 + role;
    const g = intern(groupIdByKey, key, () => (groupsMeta.push({ slot, role }), groupPlaces.push([])));
    placeGroup[p] = g;
    groupPlaces[g].push(p);
    slotPlaceLists[slot].push(p);
    if (!pinned[p]) {
      movable.push(p);
      movableByRole[intern(roleKeyById, problem.slots[slot].roles[role].roleId, () => movableByRole.push([]))].push(p);
    }
  }

  const candidateBits = candidateSetBits(setLists, workerCount);
  const { slotFirstPlace, slotEndPlace } = contiguousSlotRanges(slotPlaceLists);
  const workerRoleKeys = problem.workers.map((w) => roleKeysOf(w.roles, roleKeyById));

  return {
    placeCount,
    workerCount,
    placeSlot,
    placeRole,
    placeGroup,
    pinned,
    groups: groupsMeta.map((m, g) => ({ ...m, places: Int32Array.from(groupPlaces[g]) })),
    slotPlaces: slotPlaceLists.map((l) => Int32Array.from(l)),
    slotFirstPlace,
    slotEndPlace,
    movable: Int32Array.from(movable),
    movableByRoleKey: movableByRole.map((l) => Int32Array.from(l)),
    workerRoleKeys,
    candidates,
    placeCandidateSet,
    candidateBits,
  };
}

/** One bit per (candidate set, worker): whether the worker is among the set's candidates. */
function candidateSetBits(setLists: readonly (readonly number[])[], workerCount: number): Uint32Array {
  const bits = new Uint32Array(Math.ceil((setLists.length * workerCount) / 32) + 1);
  setLists.forEach((list, set) => {
    for (const w of list) {
      const bit = set * workerCount + w;
      bits[bit >>> 5] |= 1 << (bit & 31);
    }
  });
  return bits;
}

/** Each slot's places as one range [first, end), or null for both when some slot's places are not consecutive. */
function contiguousSlotRanges(slotPlaceLists: readonly (readonly number[])[]): { slotFirstPlace: Int32Array | null; slotEndPlace: Int32Array | null } {
  const slotFirstPlace = new Int32Array(slotPlaceLists.length);
  const slotEndPlace = new Int32Array(slotPlaceLists.length);
  for (let s = 0; s < slotPlaceLists.length; s++) {
    const list = slotPlaceLists[s];
    slotFirstPlace[s] = list.length > 0 ? list[0] : 0;
    slotEndPlace[s] = slotFirstPlace[s] + list.length;
    if (list.some((p, i) => p !== list[0] + i)) return { slotFirstPlace: null, slotEndPlace: null };
  }
  return { slotFirstPlace, slotEndPlace };
}

/** The movable-role keys a worker's roles map to, each once. */
function roleKeysOf(roles: readonly string[], roleKeyById: ReadonlyMap<string, number>): Int32Array {
  const keys: number[] = [];
  for (const roleId of roles) {
    const rk = roleKeyById.get(roleId);
    if (rk !== undefined && !keys.includes(rk)) keys.push(rk);
  }
  return Int32Array.from(keys);
}

/** The number standing for `key`, numbered in order of first sight; `add` grows the caller's lists and returns their new length. */
function intern<K>(numbers: Map<K, number>, key: K, add: () => number): number {
  let n = numbers.get(key);
  if (n === undefined) {
    n = add() - 1;
    numbers.set(key, n);
  }
  return n;
}
