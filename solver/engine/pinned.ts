// A rota handed back to the solver repeats its pinned assignments (they are part of every rota). What
// is left to place is the rota less the pins, as a multiset: each pin cancels one equal entry.

import type { Assignment } from '../model.ts';

/** One string per (slot, role, worker). */
export function assignmentKey(a: Assignment): string {
  return `${a.slotId}\u0000${a.roleId}\u0000${a.workerId}`;
}

/** The entries of `rota` not accounted for by `pinned`, in rota order (each pin cancels one equal entry). */
export function withoutPinned(pinned: readonly Assignment[], rota: readonly Assignment[]): Assignment[] {
  const left = new Map<string, number>();
  for (const a of pinned) left.set(assignmentKey(a), (left.get(assignmentKey(a)) ?? 0) + 1);
  const out: Assignment[] = [];
  for (const a of rota) {
    const key = assignmentKey(a);
    const n = left.get(key) ?? 0;
    if (n > 0) left.set(key, n - 1);
    else out.push(a);
  }
  return out;
}
