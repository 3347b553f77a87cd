// Every rota of a tiny problem, scored by the catalogue: the yardstick for bounds and optimality.
// A rota is any set of places (slot, role, worker) that includes the pinned ones; hard breaches are
// allowed, so the least hard score is found too.

import { evaluateAll } from '../../solver/constraints/index.ts';
import type { Assignment, Problem, Score } from '../../solver/model.ts';

export interface BruteForce {
  /** The lexicographic optimum (least hard score, then least soft). */
  readonly best: Score;
  readonly bestRota: readonly Assignment[];
  /** The least soft score among rotas with this hard score (undefined when none has it). */
  softAtHard(hard: number): number | undefined;
}

/** Undefined when the problem has more than `maxPlaces` free places (2^places rotas). */
export function bruteForce(problem: Problem, maxPlaces: number): BruteForce | undefined {
  // A place pinned twice is one place held.
  const pinned = new Set(problem.pinned.map((a) => `${a.slotId}|${a.roleId}|${a.workerId}`));
  const held = [...pinned].map((k) => {
    const [slotId, roleId, workerId] = k.split('|');
    return { slotId, roleId, workerId };
  });
  const free: Assignment[] = [];
  for (const slot of problem.slots) {
    for (const role of slot.roles) {
      for (const worker of problem.workers) {
        const a = { slotId: slot.id, roleId: role.roleId, workerId: worker.id };
        if (!pinned.has(`${a.slotId}|${a.roleId}|${a.workerId}`)) free.push(a);
      }
    }
  }
  if (free.length > maxPlaces) return undefined;
  let best: Score = { hard: Infinity, soft: Infinity };
  let bestRota: Assignment[] = [];
  const softByHard = new Map<number, number>();
  for (let mask = 0; mask < 1 << free.length; mask++) {
    const rota: Assignment[] = [...held];
    for (let i = 0; i < free.length; i++) if (mask & (1 << i)) rota.push(free[i]);
    const { score } = evaluateAll(problem, rota);
    softByHard.set(score.hard, Math.min(softByHard.get(score.hard) ?? Infinity, score.soft));
    if (score.hard < best.hard || (score.hard === best.hard && score.soft < best.soft)) {
      best = score;
      bestRota = rota;
    }
  }
  return { best, bestRota, softAtHard: (hard) => softByHard.get(hard) };
}
