// Static blocks: whether a worker may ever hold a role in a slot, whatever the rest of the rota is.
// The MILP simply has no variable for a blocked (worker, slot, role).

import { minutesOutside } from '../constraints/availability.ts';
import type { Slot, Worker } from '../model.ts';

export function isEligible(worker: Worker, slot: Slot, roleIndex: number): boolean {
  const demand = slot.roles[roleIndex];
  if (!worker.roles.includes(demand.roleId)) return false;
  for (const skill of demand.skills) {
    const held = worker.skills.some(
      (h) =>
        h.skillId === skill &&
        (h.fromMin === undefined || h.fromMin <= slot.startMin) &&
        (h.untilMin === undefined || slot.startMin < h.untilMin),
    );
    if (!held) return false;
  }
  for (const u of worker.unavailability) {
    if (u.startMin < slot.endMin && slot.startMin < u.endMin) return false;
  }
  if (worker.availability !== undefined && minutesOutside(slot.startMin, slot.endMin, worker.availability) > 0) return false;
  // No overlap with, and rest after, the last shift before the horizon; the same before the first
  // shift fixed after it (each edge is judged against the nearest slot alone: see overlap-rest.ts).
  const lastEnd = worker.history?.lastShiftEndMin;
  if (lastEnd !== undefined && (slot.startMin < lastEnd || slot.startMin - lastEnd < worker.minRestMinutes)) return false;
  const next = worker.following;
  if (next !== undefined) {
    if (slot.startMin < next.nextShiftEndMin && next.nextShiftStartMin < slot.endMin) return false;
    if (slot.startMin < next.nextShiftStartMin && next.nextShiftStartMin - slot.endMin < worker.minRestMinutes) return false;
  }
  if (slot.siteId !== null && worker.refusedSiteIds.includes(slot.siteId)) return false;
  if (worker.maxByType !== undefined && worker.maxByType[slot.typeId] === 0) return false;
  return true;
}
