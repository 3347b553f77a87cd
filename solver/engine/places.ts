// The places of a rota under search: for each (slot, role), min(role.max, workers holding the role)
// places, raised when needed to hold every pinned assignment of that (slot, role).

import type { Assignment, Problem } from '../model.ts';
import { indexProblem, type ProblemIndex } from '../constraints/context.ts';
import { withoutPinned } from './pinned.ts';

export interface PlaceLayout {
  readonly placeCount: number;
  readonly placeSlot: Int32Array;
  readonly placeRole: Int32Array;
  /** Slot-role index (ProblemIndex.roleOffset[slot] + role). */
  readonly placeSlotRole: Int32Array;
  /** First place of each slot-role; places of slot-role i are [first[i], first[i + 1]). */
  readonly slotRoleFirstPlace: Int32Array;
  /** Workers holding the role, per slot-role (shared arrays, do not mutate). */
  readonly candidatesBySlotRole: readonly (readonly number[])[];
  /** Role id of each slot-role as a dense key; roleHolders[key] is candidatesBySlotRole of it. */
  readonly slotRoleKey: Int32Array;
  readonly roleHolders: readonly (readonly number[])[];
  /** Pinned places resolved to indices, in problem.pinned order. */
  readonly pinned: readonly { readonly slotRole: number; readonly worker: number }[];
}

export function layoutPlaces(problem: Problem): PlaceLayout {
  const ix = indexProblem(problem);
  const holdersByRole = new Map<string, number[]>();
  problem.workers.forEach((w, i) => {
    for (const roleId of new Set(w.roles)) {
      let list = holdersByRole.get(roleId);
      if (!list) holdersByRole.set(roleId, (list = []));
      list.push(i);
    }
  });
  const pinned = problem.pinned.map((a, i) => {
    const slot = ix.slotIndexById.get(a.slotId);
    if (slot === undefined) throw new Error(`problem.pinned[${i}].slotId: unknown slot "${a.slotId}"`);
    const role = problem.slots[slot].roles.findIndex((r) => r.roleId === a.roleId);
    if (role < 0) throw new Error(`problem.pinned[${i}].roleId: slot "${a.slotId}" has no role "${a.roleId}"`);
    const worker = ix.workerIndexById.get(a.workerId);
    if (worker === undefined) throw new Error(`problem.pinned[${i}].workerId: unknown worker "${a.workerId}"`);
    return { slotRole: ix.roleOffset[slot] + role, worker };
  });
  const pinnedCount = new Int32Array(ix.slotRoleCount);
  for (const p of pinned) pinnedCount[p.slotRole]++;

  const counts: number[] = [];
  const candidatesBySlotRole: (readonly number[])[] = [];
  const keyByRole = new Map<string, number>();
  const roleHolders: (readonly number[])[] = [];
  const slotRoleKey = new Int32Array(ix.slotRoleCount);
  problem.slots.forEach((slot) => {
    slot.roles.forEach((role) => {
      let key = keyByRole.get(role.roleId);
      if (key === undefined) {
        key = roleHolders.length;
        keyByRole.set(role.roleId, key);
        roleHolders.push(holdersByRole.get(role.roleId) ?? []);
      }
      const holders = roleHolders[key];
      candidatesBySlotRole.push(holders);
      const sr = candidatesBySlotRole.length - 1;
      slotRoleKey[sr] = key;
      counts.push(Math.max(Math.min(role.max, holders.length), pinnedCount[sr]));
    });
  });
  const slotRoleFirstPlace = new Int32Array(ix.slotRoleCount + 1);
  for (let sr = 0; sr < ix.slotRoleCount; sr++) slotRoleFirstPlace[sr + 1] = slotRoleFirstPlace[sr] + counts[sr];
  const placeCount = slotRoleFirstPlace[ix.slotRoleCount];
  const placeSlot = new Int32Array(placeCount);
  const placeRole = new Int32Array(placeCount);
  const placeSlotRole = new Int32Array(placeCount);
  for (let s = 0; s < ix.slotCount; s++) {
    for (let r = 0; r < problem.slots[s].roles.length; r++) {
      const sr = ix.roleOffset[s] + r;
      for (let p = slotRoleFirstPlace[sr]; p < slotRoleFirstPlace[sr + 1]; p++) {
        placeSlot[p] = s;
        placeRole[p] = r;
        placeSlotRole[p] = sr;
      }
    }
  }
  return { placeCount, placeSlot, placeRole, placeSlotRole, slotRoleFirstPlace, candidatesBySlotRole, slotRoleKey, roleHolders, pinned };
}

/**
 * The places a new scorer fills, in order: every pinned assignment (pinned: true), then what the start
 * rota keeps: pinned entries it repeats, unknown ids and overflow past a slot-role's places are skipped.
 */
export function startPlaces(
  problem: Problem,
  ix: ProblemIndex,
  layout: PlaceLayout,
  initial: readonly Assignment[],
): { place: number; worker: number; pinned: boolean }[] {
  const out: { place: number; worker: number; pinned: boolean }[] = [];
  const nextFree = layout.slotRoleFirstPlace.slice(0, ix.slotRoleCount);
  for (const { slotRole, worker } of layout.pinned) out.push({ place: nextFree[slotRole]++, worker, pinned: true });
  for (const a of withoutPinned(problem.pinned, initial)) {
    const slot = ix.slotIndexById.get(a.slotId);
    const worker = ix.workerIndexById.get(a.workerId);
    if (slot === undefined || worker === undefined) continue;
    const role = problem.slots[slot].roles.findIndex((r) => r.roleId === a.roleId);
    if (role < 0) continue;
    const sr = ix.roleOffset[slot] + role;
    if (nextFree[sr] >= layout.slotRoleFirstPlace[sr + 1]) continue;
    out.push({ place: nextFree[sr]++, worker, pinned: false });
  }
  return out;
}

/** The rota held in placeWorker (negative: empty place), as assignments in place order. */
export function placeAssignments(problem: Problem, layout: PlaceLayout, placeWorker: Int32Array): Assignment[] {
  const out: Assignment[] = [];
  for (let p = 0; p < layout.placeCount; p++) {
    const w = placeWorker[p];
    if (w < 0) continue;
    const slot = problem.slots[layout.placeSlot[p]];
    out.push({ slotId: slot.id, roleId: slot.roles[layout.placeRole[p]].roleId, workerId: problem.workers[w].id });
  }
  return out;
}
