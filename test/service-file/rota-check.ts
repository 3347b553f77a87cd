// An independent check of a solved rota against the static hard rules, recomputed here from the
// Problem (not through the solver's constraint code): roles, skills valid at the slot start, refused
// venues, availability, leave, overlaps, and role counts within max.
import type { Assignment, Problem } from '../../solver/model.ts';

export function staticBreaches(problem: Problem, assignments: readonly Assignment[]): string[] {
  const out: string[] = [];
  const slots = new Map(problem.slots.map((s) => [s.id, s]));
  const workers = new Map(problem.workers.map((w) => [w.id, w]));
  const perSlotRole = new Map<string, number>();
  const byWorker = new Map<string, { start: number; end: number; id: string }[]>();
  for (const a of assignments) {
    const slot = slots.get(a.slotId)!;
    const w = workers.get(a.workerId)!;
    const demand = slot.roles.find((r) => r.roleId === a.roleId);
    const tag = `${w.name} in ${slot.label} as ${a.roleId}`;
    if (!demand) out.push(`${tag}: slot has no such role`);
    if (!w.roles.includes(a.roleId)) out.push(`${tag}: does not hold the role`);
    for (const skill of demand?.skills ?? []) {
      const ok = w.skills.some((h) => h.skillId === skill && (h.fromMin ?? -Infinity) <= slot.startMin && slot.startMin < (h.untilMin ?? Infinity));
      if (!ok) out.push(`${tag}: lacks ${skill} at the start`);
    }
    if (slot.siteId !== null && w.refusedSiteIds.includes(slot.siteId)) out.push(`${tag}: refused venue`);
    if (w.availability && !w.availability.some((x) => x.startMin <= slot.startMin && slot.endMin <= x.endMin)) out.push(`${tag}: not available`);
    for (const u of w.unavailability) if (u.startMin < slot.endMin && slot.startMin < u.endMin) out.push(`${tag}: on ${u.reason}`);
    const key = `${a.slotId}|${a.roleId}`;
    perSlotRole.set(key, (perSlotRole.get(key) ?? 0) + 1);
    if (!byWorker.has(w.id)) byWorker.set(w.id, []);
    byWorker.get(w.id)!.push({ start: slot.startMin, end: slot.endMin, id: slot.id });
  }
  for (const [key, n] of perSlotRole) {
    const [slotId, roleId] = key.split('|');
    const max = slots.get(slotId)!.roles.find((r) => r.roleId === roleId)?.max ?? 0;
    if (n > max) out.push(`${slotId} ${roleId}: ${n} placed, max ${max}`);
  }
  for (const [id, list] of byWorker) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) if (list[i].start < list[i - 1].end) out.push(`${id}: ${list[i - 1].id} overlaps ${list[i].id}`);
  }
  return out;
}

/** Places below `min`, recomputed from the assignments. */
export function minShortfalls(problem: Problem, assignments: readonly Assignment[]): string[] {
  const count = new Map<string, number>();
  for (const a of assignments) count.set(`${a.slotId}|${a.roleId}`, (count.get(`${a.slotId}|${a.roleId}`) ?? 0) + 1);
  const out: string[] = [];
  for (const s of problem.slots) for (const r of s.roles) {
    const n = count.get(`${s.id}|${r.roleId}`) ?? 0;
    if (n < r.min) out.push(`${s.label} ${r.roleId}: ${n} of min ${r.min}`);
  }
  return out;
}

/**
 * Daily rest (Working Time Regulations: minRestMinutes unbroken in each 24 hours), recomputed in its
 * own words: from the start of each working day (a slot after a full rest, or the first), an unbroken
 * rest of minRestMinutes must begin within 24 hours less that rest. The first slot also needs a full
 * rest after history.lastShiftEndMin, and the last a full rest before following.nextShiftStartMin.
 */
export function dailyRestBreaches(problem: Problem, assignments: readonly Assignment[]): string[] {
  const slots = new Map(problem.slots.map((s) => [s.id, s]));
  const out: string[] = [];
  for (const w of problem.workers) {
    const rest = w.minRestMinutes;
    if (rest <= 0) continue;
    const mine = [...new Set(assignments.filter((a) => a.workerId === w.id).map((a) => a.slotId))]
      .map((id) => slots.get(id)!)
      .sort((a, b) => a.startMin - b.startMin || a.endMin - b.endMin);
    if (mine.length === 0) continue;
    const last = w.history?.lastShiftEndMin;
    if (last !== undefined && mine[0].startMin - last < rest) out.push(`${w.name}: ${mine[0].label} less than a full rest after the last shift`);
    const next = w.following?.nextShiftStartMin;
    const lastEnd = Math.max(...mine.map((s) => s.endMin));
    if (next !== undefined && next - lastEnd < rest) out.push(`${w.name}: less than a full rest before the next shift after the rota`);
    let i = 0;
    while (i < mine.length) {
      const dayStart = mine[i].startMin;
      let busyUntil = mine[i].endMin;
      let j = i + 1;
      while (j < mine.length && mine[j].startMin - busyUntil < rest) busyUntil = Math.max(busyUntil, mine[j++].endMin);
      if (busyUntil - dayStart > 24 * 60 - rest) out.push(`${w.name}: no ${rest}-minute rest in the 24 hours from ${mine[i].label}`);
      i = j;
    }
  }
  return out;
}
