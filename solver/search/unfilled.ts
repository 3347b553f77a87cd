// Which places are left short after the search, and for each one why every worker holding the role
// could not take it (the blocking constraints in words, from the catalogue's explainBlocks).

import type { Assignment, Problem, UnfilledPlace } from '../model.ts';
import type { SearchEngine } from './engine.ts';

export interface UnfilledOptions {
  /** Explain at most this many workers per short (slot, role); the rest are summarised. */
  readonly maxReasonsPerPlace: number;
}

export function findUnfilled(
  problem: Problem,
  assignments: readonly Assignment[],
  engine: SearchEngine,
  options: UnfilledOptions,
): UnfilledPlace[] {
  const slotIndex = new Map(problem.slots.map((s, i) => [s.id, i]));
  const filled = new Map<string, number>();
  const workersInSlot = problem.slots.map(() => new Set<string>());
  for (const a of assignments) {
    const key = `${a.slotId}\u0000${a.roleId}`;
    filled.set(key, (filled.get(key) ?? 0) + 1);
    const s = slotIndex.get(a.slotId);
    if (s !== undefined) workersInSlot[s].add(a.workerId);
  }

  const out: UnfilledPlace[] = [];
  problem.slots.forEach((slot, s) => {
    slot.roles.forEach((demand, r) => {
      const count = filled.get(`${slot.id}\u0000${demand.roleId}`) ?? 0;
      const hardMissing = Math.max(0, demand.min - count);
      const softMissing = Math.max(0, demand.preferred - Math.max(count, demand.min));
      if (hardMissing === 0 && softMissing === 0) return;

      const reasons: { workerId: string; workerName: string; blocks: string[] }[] = [];
      let unexplained = 0;
      problem.workers.forEach((worker, w) => {
        if (!worker.roles.includes(demand.roleId) || workersInSlot[s].has(worker.id)) return;
        if (reasons.length >= options.maxReasonsPerPlace) {
          unexplained++;
          return;
        }
        let blocks = engine.explainBlocks(problem, assignments, s, r, w);
        if (blocks.length === 0) {
          blocks = [
            hardMissing > 0
              ? `${worker.name}: no hard rule blocks this place; the search did not use them`
              : `${worker.name}: no hard rule blocks this place; placing them scored worse on soft rules`,
          ];
        }
        reasons.push({ workerId: worker.id, workerName: worker.name, blocks });
      });
      if (unexplained > 0) {
        reasons.push({ workerId: '', workerName: '', blocks: [`${unexplained} more workers holding role ${demand.roleId} not explained`] });
      }
      if (hardMissing > 0) {
        out.push({ slotId: slot.id, slotLabel: slot.label, roleId: demand.roleId, missing: hardMissing, level: 'hard', reasons });
      }
      if (softMissing > 0) {
        out.push({ slotId: slot.id, slotLabel: slot.label, roleId: demand.roleId, missing: softMissing, level: 'soft', reasons });
      }
    });
  });
  return out;
}
