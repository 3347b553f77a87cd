// Re-plans a few workers exactly while everyone else keeps their rota: the workers left out become
// part of the cover (each slot-role's demand shrinks by the places they already fill), so the
// neighbourhood is a small problem of its own, solved by column generation and branch and price from
// scratch. A small master LP is what makes this fast: the whole problem's master carries every column
// of every worker.

import type { Assignment, Problem, RoleDemand } from '../model.ts';
import { evaluateAll, getConstraint, resolveWeight } from '../constraints/index.ts';
import type { LpSessionFactory } from '../milp/backend.ts';
import { runColumnGeneration } from './master.ts';

export interface NeighbourhoodOptions {
  readonly clock?: () => number;
  readonly timeLimitMs?: number;
}

export interface NeighbourhoodResult {
  /** The whole rota with the free workers re-planned, when a strictly better one was found. */
  readonly improved?: Assignment[];
  /** The search closed its tree: no better plan for these workers exists. */
  readonly complete: boolean;
}

/** The problem the free workers face once everyone else's places count as cover already given. */
export function restrictToWorkers(problem: Problem, rota: readonly Assignment[], free: ReadonlySet<number>): Problem | undefined {
  const freeIds = new Set([...free].map((w) => problem.workers[w].id));
  const given = new Map<string, number>();
  for (const a of rota) {
    if (freeIds.has(a.workerId)) continue;
    const key = `${a.slotId}|${a.roleId}`;
    given.set(key, (given.get(key) ?? 0) + 1);
  }
  const under = resolveWeight(problem, getConstraint('cover.preferredUnder'));
  const over = resolveWeight(problem, getConstraint('cover.preferredOver'));
  const slots = [];
  for (const slot of problem.slots) {
    const roles: RoleDemand[] = [];
    for (const r of slot.roles) {
      const n = given.get(`${slot.id}|${r.roleId}`) ?? 0;
      if (r.max - n < 0) return undefined;
      // Past the preferred number every extra worker costs the over weight, so a target of 0 keeps it.
      roles.push({
        ...r,
        min: Math.max(0, r.min - n),
        preferred: Math.max(0, r.preferred - n),
        max: r.max - n,
        underWeight: r.underWeight ?? under,
        overWeight: r.overWeight ?? over,
      });
    }
    slots.push({ ...slot, roles });
  }
  return {
    ...problem,
    slots,
    workers: problem.workers.filter((_, w) => free.has(w)),
    pinned: problem.pinned.filter((a) => freeIds.has(a.workerId)),
  };
}

/** Branch and price over the free workers' rotas; the rest of `rota` stays as it is. */
export function reoptimiseWorkers(
  problem: Problem,
  rota: readonly Assignment[],
  free: ReadonlySet<number>,
  factory: LpSessionFactory,
  options: NeighbourhoodOptions = {},
): NeighbourhoodResult {
  const sub = restrictToWorkers(problem, rota, free);
  if (!sub) return { complete: false };
  const freeIds = new Set(sub.workers.map((w) => w.id));
  const mine = rota.filter((a) => freeIds.has(a.workerId));
  const kept = rota.filter((a) => !freeIds.has(a.workerId));
  const now = evaluateAll(sub, mine).score;
  if (now.hard > 0) return { complete: false };
  const clock = options.clock;
  const deadline = options.timeLimitMs === undefined || !clock ? undefined : clock() + options.timeLimitMs;
  const left = (): number | undefined => (deadline === undefined ? undefined : Math.max(0, deadline - clock!()));
  const cg = runColumnGeneration(sub, factory, { clock, timeLimitMs: left(), incumbents: [mine], upperBound: now.soft });
  if (!cg.ok) return { complete: false };
  try {
    let found: Assignment[] | undefined;
    const r = cg.state.branchAndPrice({
      timeLimitMs: left(),
      incumbent: now.soft,
      onIncumbent: (assignments) => {
        found = assignments;
      },
    });
    return { improved: found ? [...kept, ...found] : undefined, complete: r.complete };
  } finally {
    cg.state.dispose();
  }
}
