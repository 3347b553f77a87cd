// Which places are left short after the search, and for each one why every worker holding the role
// could not take it (the blocking constraints in words, from the catalogue's explainBlocks).
//
// explainBlocks walks the whole problem, which costs tens of milliseconds per call on thousands of
// slots. A hard rule on one worker only reads that worker's own slots, and the one rule that reads
// other workers (no more than max in a role) only reads the slot-role itself. So each question is put
// to a problem cut down to the worker, the slots they hold, the slot asked about, the workers
// already in that slot-role and the sites of those slots. The words are the same (checked by a property test).

import type { Assignment, Problem, UnfilledPlace } from '../model.ts';
import type { SearchEngine } from './engine.ts';

export interface UnfilledOptions {
  /** Explain at most this many workers per short (slot, role); the rest are summarised. */
  readonly maxReasonsPerPlace: number;
  /** Once true, the workers not yet explained are summarised too (the solve's time is up). */
  readonly late?: () => boolean;
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

  const lookups = indexAssignments(problem, assignments);
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
        if (reasons.length >= options.maxReasonsPerPlace || options.late?.()) {
          unexplained++;
          return;
        }
        let blocks = explainOne(problem, lookups, engine, s, r, w);
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

interface AssignmentLookups {
  readonly slotIndex: ReadonlyMap<string, number>;
  readonly byWorker: ReadonlyMap<string, Assignment[]>;
  readonly bySlotRole: ReadonlyMap<string, Assignment[]>;
  readonly workerById: ReadonlyMap<string, Problem['workers'][number]>;
}

export function indexAssignments(problem: Problem, assignments: readonly Assignment[]): AssignmentLookups {
  const slotIndex = new Map(problem.slots.map((s, i) => [s.id, i]));
  const byWorker = new Map<string, Assignment[]>();
  const bySlotRole = new Map<string, Assignment[]>();
  for (const a of assignments) {
    const w = byWorker.get(a.workerId);
    if (w) w.push(a);
    else byWorker.set(a.workerId, [a]);
    const key = `${a.slotId}\u0000${a.roleId}`;
    const sr = bySlotRole.get(key);
    if (sr) sr.push(a);
    else bySlotRole.set(key, [a]);
  }
  const workerById = new Map(problem.workers.map((x) => [x.id, x]));
  return { slotIndex, byWorker, bySlotRole, workerById };
}

/** explainBlocks for (slot s, role r, worker w), asked of the cut-down problem described above. */
export function explainOne(
  problem: Problem,
  lookups: AssignmentLookups,
  engine: Pick<SearchEngine, 'explainBlocks'>,
  s: number,
  r: number,
  w: number,
): string[] {
  const slot = problem.slots[s];
  const worker = problem.workers[w];
  const own = lookups.byWorker.get(worker.id) ?? [];
  const sameRole = (lookups.bySlotRole.get(`${slot.id}\u0000${slot.roles[r].roleId}`) ?? []).filter((a) => a.workerId !== worker.id);
  const slotSet = new Set<number>([s]);
  for (const a of own) {
    const i = lookups.slotIndex.get(a.slotId);
    if (i !== undefined) slotSet.add(i);
  }
  const slotOrder = [...slotSet].sort((a, b) => a - b);
  const workerIds = [worker.id];
  for (const a of sameRole) if (!workerIds.includes(a.workerId)) workerIds.push(a.workerId);
  const slots = slotOrder.map((i) => problem.slots[i]);
  const siteIds = new Set<string>();
  for (const x of slots) if (x.siteId !== null) siteIds.add(x.siteId);
  const sub: Problem = {
    ...problem,
    // Only the sites of these slots: travel tables are built per problem and grow with sites squared.
    sites: problem.sites.filter((x) => siteIds.has(x.id)),
    slots,
    workers: workerIds.map((id) => lookups.workerById.get(id)!),
    pinned: [],
  };
  return engine.explainBlocks(sub, [...own, ...sameRole], slotOrder.indexOf(s), r, 0);
}
