// A deliberately simple Scorer for the offer tests: it recomputes the whole score on every call, so
// it is obviously right for small cases and independent of the incremental scorer.
// Hard: cover below min, missing skill, overlap or short rest, refused venue, unavailability,
// weekly hard cap. Soft: cover below preferred, cost, undesired/desired preferences.

import type { Assignment, Problem, Score } from '../../../solver/model.ts';
import type { Scorer } from '../../../solver/engine/scorer.ts';

export function createNaiveScorer(problem: Problem, initial: readonly Assignment[] = []): Scorer {
  const placeSlots: number[] = [];
  const placeRoles: number[] = [];
  const placeCands: number[][] = [];
  problem.slots.forEach((slot, s) =>
    slot.roles.forEach((role, r) => {
      const cands = problem.workers.flatMap((w, i) => (w.roles.includes(role.roleId) ? [i] : []));
      const n = Math.min(role.max, cands.length);
      for (let k = 0; k < n; k++) {
        placeSlots.push(s);
        placeRoles.push(r);
        placeCands.push(cands);
      }
    }),
  );
  const holder = new Array<number>(placeSlots.length).fill(-1);
  const pinned = new Array<boolean>(placeSlots.length).fill(false);
  const slotIdx = new Map(problem.slots.map((s, i) => [s.id, i]));
  const workerIdx = new Map(problem.workers.map((w, i) => [w.id, i]));

  const put = (a: Assignment, isPinned: boolean) => {
    const s = slotIdx.get(a.slotId);
    const w = workerIdx.get(a.workerId);
    if (s === undefined || w === undefined) throw new Error(`unknown assignment ${JSON.stringify(a)}`);
    const r = problem.slots[s].roles.findIndex((x) => x.roleId === a.roleId);
    for (let p = 0; p < holder.length; p++) {
      if (placeSlots[p] === s && placeRoles[p] === r && holder[p] === -1) {
        holder[p] = w;
        pinned[p] = isPinned;
        return;
      }
    }
    throw new Error(`no free place for ${JSON.stringify(a)}`);
  };
  for (const a of problem.pinned) put(a, true);
  for (const a of initial) {
    const already = problem.pinned.some((p) => p.slotId === a.slotId && p.roleId === a.roleId && p.workerId === a.workerId);
    if (!already) put(a, false);
  }

  const total = (): Score => {
    let hard = 0;
    let soft = 0;
    const byWorker = new Map<number, number[]>();
    problem.slots.forEach((slot, s) =>
      slot.roles.forEach((role, r) => {
        let n = 0;
        for (let p = 0; p < holder.length; p++) if (placeSlots[p] === s && placeRoles[p] === r && holder[p] >= 0) n++;
        hard += Math.max(0, role.min - n) * slot.priority;
        soft += Math.max(0, role.preferred - n) * slot.priority * (role.underWeight ?? 100);
      }),
    );
    for (let p = 0; p < holder.length; p++) {
      const w = holder[p];
      if (w < 0) continue;
      const worker = problem.workers[w];
      const slot = problem.slots[placeSlots[p]];
      const role = slot.roles[placeRoles[p]];
      for (const skill of role.skills) {
        const ok = worker.skills.some(
          (h) => h.skillId === skill && (h.fromMin ?? -Infinity) <= slot.startMin && slot.startMin < (h.untilMin ?? Infinity),
        );
        if (!ok) hard += 1;
      }
      if (slot.siteId !== null && worker.refusedSiteIds.includes(slot.siteId)) hard += 1;
      for (const u of worker.unavailability) if (u.startMin < slot.endMin && slot.startMin < u.endMin) hard += 1;
      soft += Math.round((worker.costPencePerHour * slot.workMinutes) / 60);
      for (const pref of worker.preferences) {
        const hit = pref.slotId === slot.id || (pref.dayIndex === slot.dayIndex && (pref.typeId === undefined || pref.typeId === slot.typeId));
        if (hit && pref.kind === 'undesired') soft += pref.weight;
      }
      const list = byWorker.get(w) ?? [];
      list.push(placeSlots[p]);
      byWorker.set(w, list);
    }
    for (const [w, slots] of byWorker) {
      const worker = problem.workers[w];
      const sorted = slots.map((s) => problem.slots[s]).sort((a, b) => a.startMin - b.startMin);
      for (let i = 1; i < sorted.length; i++) {
        const gap = sorted[i].startMin - sorted[i - 1].endMin;
        if (gap < 0) hard += 1;
        else if (gap < worker.minRestMinutes) hard += 1;
      }
      const cap = worker.minutesPerWeek?.hardMax;
      if (cap !== undefined) {
        const byWeek = new Map<number, number>();
        for (const slot of sorted) {
          const week = Math.floor(slot.dayIndex / 7);
          byWeek.set(week, (byWeek.get(week) ?? 0) + slot.workMinutes);
        }
        for (const m of byWeek.values()) if (m > cap) hard += 1;
      }
    }
    return { hard, soft };
  };

  const scorer = {
    problem,
    placeCount: holder.length,
    dHard: 0,
    dSoft: 0,
    placeSlot: (p: number) => placeSlots[p],
    placeRole: (p: number) => placeRoles[p],
    candidates: (p: number) => placeCands[p],
    isPinned: (p: number) => pinned[p],
    workerOf: (p: number) => holder[p],
    score: total,
    deltaAssign(p: number, w: number) {
      const before = total();
      const old = holder[p];
      holder[p] = w;
      const after = total();
      holder[p] = old;
      scorer.dHard = after.hard - before.hard;
      scorer.dSoft = after.soft - before.soft;
    },
    deltaSwap(a: number, b: number) {
      const before = total();
      [holder[a], holder[b]] = [holder[b], holder[a]];
      const after = total();
      [holder[a], holder[b]] = [holder[b], holder[a]];
      scorer.dHard = after.hard - before.hard;
      scorer.dSoft = after.soft - before.soft;
    },
    assign(p: number, w: number) {
      holder[p] = w;
    },
    assignments(): Assignment[] {
      const out: Assignment[] = [];
      for (let p = 0; p < holder.length; p++) {
        if (holder[p] < 0) continue;
        const slot = problem.slots[placeSlots[p]];
        out.push({ slotId: slot.id, roleId: slot.roles[placeRoles[p]].roleId, workerId: problem.workers[holder[p]].id });
      }
      return out;
    },
  };
  return scorer;
}
