// Places (slot, role, worker) as the service layer compares them: keys, conversion from rows, and
// which stored rows still fit a freshly compiled week.
import type { Assignment, Problem } from '../../solver/model.ts';
import type { AssignmentRow } from '../db/repositories/rota-repo.ts';

export function toAssignment(a: AssignmentRow): Assignment {
  return { slotId: a.slotId, roleId: a.roleId, workerId: a.staffId };
}

export function placeKey(a: Assignment): string {
  return `${a.slotId}\u0000${a.roleId}\u0000${a.workerId}`;
}

export function dedupePlaces(list: Assignment[]): Assignment[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = placeKey(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether an assignment still fits the compiled week (the service data may have changed since). */
export function knownPlaces(problem: Problem): (a: AssignmentRow) => boolean {
  const roles = new Map(problem.slots.map((s) => [s.id, new Set(s.roles.map((r) => r.roleId))]));
  const workers = new Set(problem.workers.map((w) => w.id));
  return (a) => (roles.get(a.slotId)?.has(a.roleId) ?? false) && workers.has(a.staffId);
}

/** Re-plans: each worker wishes to keep the sessions they had (places already pinned need no wish). */
export function withStability(problem: Problem, previous: readonly Assignment[], weight: number): Problem {
  if (weight <= 0 || previous.length === 0) return problem;
  const pinned = new Set(problem.pinned.map(placeKey));
  const wishes = new Map<string, Set<string>>();
  for (const a of previous) {
    if (pinned.has(placeKey(a))) continue;
    const slots = wishes.get(a.workerId) ?? new Set<string>();
    slots.add(a.slotId);
    wishes.set(a.workerId, slots);
  }
  const workers = problem.workers.map((w) => {
    const slots = wishes.get(w.id);
    if (!slots) return w;
    return { ...w, preferences: [...w.preferences, ...[...slots].map((slotId) => ({ kind: 'desired' as const, slotId, weight }))] };
  });
  return { ...problem, workers };
}
