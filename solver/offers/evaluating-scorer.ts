// A Scorer that recomputes the whole score with the constraint catalogue on every question.
// Slow on a large rota but plainly the catalogue's truth: the reference the incremental scorer's
// rankings are checked against, and a choice for callers that rank tiny problems.

import { evaluateAll } from '../constraints/index.ts';
import type { Scorer } from '../engine/scorer.ts';
import type { Assignment, Problem, Score } from '../model.ts';

export function createEvaluatingScorer(problem: Problem, initial: readonly Assignment[] = []): Scorer {
  const slotIndex = new Map(problem.slots.map((s, i) => [s.id, i]));
  const workerIndex = new Map(problem.workers.map((w, i) => [w.id, i]));
  const isPin = (a: Assignment) => problem.pinned.some((p) => p.slotId === a.slotId && p.roleId === a.roleId && p.workerId === a.workerId);
  const start = [...problem.pinned.map((a) => ({ a, pinned: true })), ...initial.filter((a) => !isPin(a)).map((a) => ({ a, pinned: false }))];

  const held = new Map<string, number>();
  for (const { a } of start) held.set(`${a.slotId}\u0000${a.roleId}`, (held.get(`${a.slotId}\u0000${a.roleId}`) ?? 0) + 1);

  const placeSlot: number[] = [];
  const placeRole: number[] = [];
  const placeCands: number[][] = [];
  const firstPlace = new Map<string, number>();
  problem.slots.forEach((slot, s) =>
    slot.roles.forEach((role, r) => {
      const cands = problem.workers.flatMap((w, i) => (w.roles.includes(role.roleId) ? [i] : []));
      const n = Math.max(Math.min(role.max, cands.length), held.get(`${slot.id}\u0000${role.roleId}`) ?? 0);
      firstPlace.set(`${slot.id}\u0000${role.roleId}`, placeSlot.length);
      for (let k = 0; k < n; k++) {
        placeSlot.push(s);
        placeRole.push(r);
        placeCands.push(cands);
      }
    }),
  );
  const holder = new Int32Array(placeSlot.length).fill(-1);
  const pinned = new Uint8Array(placeSlot.length);
  start.forEach(({ a, pinned: pin }, i) => {
    const w = workerIndex.get(a.workerId);
    if (w === undefined) throw new Error(`initial[${i}].workerId: unknown worker "${a.workerId}"`);
    if (!slotIndex.has(a.slotId)) throw new Error(`initial[${i}].slotId: unknown slot "${a.slotId}"`);
    const key = `${a.slotId}\u0000${a.roleId}`;
    const from = firstPlace.get(key);
    if (from === undefined) throw new Error(`initial[${i}].roleId: slot "${a.slotId}" has no role "${a.roleId}"`);
    let p = from;
    while (holder[p] !== -1) p++;
    holder[p] = w;
    pinned[p] = pin ? 1 : 0;
  });

  const current = (): Assignment[] => {
    const out: Assignment[] = [];
    for (let p = 0; p < holder.length; p++) {
      if (holder[p] < 0) continue;
      const slot = problem.slots[placeSlot[p]];
      out.push({ slotId: slot.id, roleId: slot.roles[placeRole[p]].roleId, workerId: problem.workers[holder[p]].id });
    }
    return out;
  };
  const total = (): Score => evaluateAll(problem, current()).score;
  let cached: Score | null = null;
  const score = (): Score => (cached ??= total());

  const scorer = {
    problem,
    placeCount: holder.length,
    dHard: 0,
    dSoft: 0,
    placeSlot: (p: number) => placeSlot[p],
    placeRole: (p: number) => placeRole[p],
    candidates: (p: number): readonly number[] => placeCands[p],
    isPinned: (p: number) => pinned[p] === 1,
    workerOf: (p: number) => holder[p],
    score,
    deltaAssign(p: number, w: number) {
      const before = score();
      const old = holder[p];
      holder[p] = w;
      const after = total();
      holder[p] = old;
      scorer.dHard = after.hard - before.hard;
      scorer.dSoft = after.soft - before.soft;
    },
    deltaSwap(a: number, b: number) {
      const before = score();
      const wa = holder[a];
      holder[a] = holder[b];
      holder[b] = wa;
      const after = total();
      holder[b] = holder[a];
      holder[a] = wa;
      scorer.dHard = after.hard - before.hard;
      scorer.dSoft = after.soft - before.soft;
    },
    assign(p: number, w: number) {
      holder[p] = w;
      cached = null;
    },
    assignments: current,
  };
  return scorer;
}
