// Worker by worker, each rota re-planned whole while everyone else's stays: the worker's best walk
// over the horizon (walk.ts) when working a place costs what it does to cover given the others' places.
// A worker whose rota breaks a rule of their walk (runs, days off, caps, minutes) takes any legal walk
// found, else a repair of their walk (walk-repair.ts) that breaks fewer rules; one whose rota is
// legal takes a walk only when it is strictly cheaper. Each change to a legal walk lowers the
// objective of the column model (every worker's walk cost plus cover), so passes end at a rota no
// single worker can improve: a local optimum, legal wherever a legal walk was found for each worker.

import { coverMaxPenalty, coverMinPenalty, coverOverPenalty, coverUnderPenalty } from '../constraints/cover.ts';
import { getConstraint, resolveWeight } from '../constraints/index.ts';
import { indexProblem } from '../constraints/context.ts';
import type { Assignment, Problem } from '../model.ts';
import type { Prng } from '../search/prng.ts';
import type { WorkerDayModel } from './day-model.ts';
import { scheduleCost } from './schedule-rules.ts';
import { cheapestLegalWalk, HARD_COST } from './walk.ts';
import { breachesOf, better, repairWalk, type Breaches } from './walk-repair.ts';
import type { Prices } from './walk-programme.ts';

export interface WalkDescentOptions {
  /** Read before each worker: true stops the descent where it is. */
  readonly late: () => boolean;
  readonly rng: Prng;
  /** Passes over every worker at most (default: until a pass changes nothing). */
  readonly maxPasses?: number;
}

export interface WalkDescentResult {
  readonly assignments: Assignment[];
  readonly passes: number;
  /** Workers' walks replaced, over all passes. */
  readonly changed: number;
  /** The last pass changed nothing: no single worker's walk can improve the rota. */
  readonly converged: boolean;
}

/** Each (slot, role)'s cover cost with n workers, a hard breach counted HARD_COST times its penalty. */
export type CoverCost = (k: number, n: number) => number;

export function coverCostOf(problem: Problem): { cost: CoverCost; slotOf: Int32Array; roleOf: Int32Array } {
  const ix = indexProblem(problem);
  const w = (id: string) => resolveWeight(problem, getConstraint(id));
  const [wMin, wMax, wUnder, wOver] = [w('cover.min'), w('cover.max'), w('cover.preferredUnder'), w('cover.preferredOver')];
  const K = ix.roleOffset[problem.slots.length - 1] + problem.slots[problem.slots.length - 1].roles.length;
  const slotOf = new Int32Array(K);
  const roleOf = new Int32Array(K);
  problem.slots.forEach((slot, s) => slot.roles.forEach((_, r) => ((slotOf[ix.roleOffset[s] + r] = s), (roleOf[ix.roleOffset[s] + r] = r))));
  const cost: CoverCost = (k, n) => {
    const slot = problem.slots[slotOf[k]];
    const role = slot.roles[roleOf[k]];
    const hard = coverMinPenalty(slot, role, n, wMin) + coverMaxPenalty(role, n, wMax);
    return hard * HARD_COST + coverUnderPenalty(slot, role, n, wUnder) + coverOverPenalty(slot, role, n, wOver);
  };
  return { cost, slotOf, roleOf };
}

/** One worker's rota as a walk: the option worked each day, and places the walk cannot hold. */
export interface WorkerRota {
  picks: Int32Array;
  /** The prices the last walk was found at (a walk kick's search starts there; the descent's start cold). */
  prices?: Prices;
  /** What the worker's last re-plan saved (0 when it kept the rota; Infinity when it mended a broken one). */
  gain?: number;
  /** Slot-roles held beyond the walk (a second place on a day, or one the worker is not eligible for). */
  strays: number[];
}

export function rotasOf(problem: Problem, models: readonly WorkerDayModel[], rota: readonly Assignment[]): WorkerRota[] {
  const ix = indexProblem(problem);
  const out = models.map((m) => ({ picks: new Int32Array(m.days.length).fill(-1), strays: [] as number[] }));
  for (const a of rota) {
    const s = ix.slotIndexById.get(a.slotId);
    const w = ix.workerIndexById.get(a.workerId);
    if (s === undefined || w === undefined) continue;
    const r = problem.slots[s].roles.findIndex((x) => x.roleId === a.roleId);
    if (r < 0) continue;
    const d = problem.slots[s].dayIndex;
    const i = models[w].days[d].findIndex((o) => o.slot === s && o.role === r);
    if (i >= 0 && out[w].picks[d] < 0) out[w].picks[d] = i;
    else out[w].strays.push(ix.roleOffset[s] + r);
  }
  return out;
}

/** Re-plans workers one at a time, each to their best walk given the others, until none improves or time is up. */
export function walkDescent(problem: Problem, models: readonly WorkerDayModel[], rota: readonly Assignment[], opts: WalkDescentOptions): WalkDescentResult {
  const { cost, slotOf, roleOf } = coverCostOf(problem);
  const rotas = rotasOf(problem, models, rota);
  const counts = new Int32Array(slotOf.length);
  const add = (w: number, sign: number) => countRota(models[w], rotas[w], counts, sign);
  for (let w = 0; w < models.length; w++) add(w, 1);
  let passes = 0;
  let changed = 0;
  let converged = false;
  const maxPasses = opts.maxPasses ?? Infinity;
  while (passes < maxPasses && !converged && !opts.late()) {
    passes++;
    let changedThisPass = 0;
    for (const w of passOrder(models, rotas, opts.rng)) {
      if (opts.late()) break;
      add(w, -1);
      if (replan(models[w], rotas[w], counts, cost, passes > 1 ? opts : undefined)) changedThisPass++;
      add(w, 1);
    }
    changed += changedThisPass;
    converged = changedThisPass === 0 && !opts.late();
  }
  return { assignments: assignmentsOf(problem, models, rotas, slotOf, roleOf), passes, changed, converged };
}

/** Adds (sign 1) or takes away (-1) one worker's rota from the cover counts, places it cannot hold included. */
export function countRota(m: WorkerDayModel, rota: WorkerRota, counts: Int32Array, sign: number): void {
  rota.picks.forEach((i, d) => {
    if (i >= 0) counts[m.days[d][i].slotRole] += sign;
  });
  for (const k of rota.strays) counts[k] += sign;
}

/** Per day and option: what one more worker on that option's place adds to its cover cost, given the counts. */
export function marginalCoverCosts(m: WorkerDayModel, counts: Int32Array, cost: CoverCost): Float64Array[] {
  return m.days.map((day) => {
    const row = new Float64Array(day.length);
    day.forEach((o, i) => {
      const n = counts[o.slotRole];
      row[i] = cost(o.slotRole, n + 1) - cost(o.slotRole, n);
    });
    return row;
  });
}

/**
 * The worker's best walk replaces their rota when it is legal and cheaper (any legal one beats a rota
 * that breaks a rule). With no legal walk found, a rota that breaks a rule is repaired window by window
 * (walk-repair.ts) from the better of itself and the walk that missed least, and replaced when the
 * repair breaks fewer rules (then misses by less): counted, not weighed, since the catalogue's
 * per-minute weight makes a walk a few shifts short look worse than a rota with dozens of broken runs.
 * Without `repair` (the first pass, so that every worker gets a fast walk before any slow repair) the
 * walk that missed least is taken as it is when it breaks fewer rules.
 */
export function replan(m: WorkerDayModel, current: WorkerRota, counts: Int32Array, cost: CoverCost, repair?: WalkDescentOptions): boolean {
  const extra = marginalCoverCosts(m, counts, cost);
  let now = current.strays.length > 0 ? Infinity : (scheduleCost(m, current.picks) ?? Infinity);
  current.picks.forEach((i, d) => {
    if (i >= 0) now += extra[d][i];
  });
  // Cold prices: a search warm from the prices of the worker's last walk starts with small steps and
  // stays near that walk; on long shapes whose walks are all legal, that traps the descent far above
  // what cold searches reach in the same time (bench/results/engine.md, s19-corridor).
  const search = cheapestLegalWalk(m, extra, now);
  const walk = search.best;
  if (walk && walk.cost < now - 1e-9) {
    [current.picks, current.prices, current.strays, current.gain] = [walk.picks, walk.prices, [], now - walk.cost];
    return true;
  }
  current.gain = 0;
  if (now < Infinity) return false;
  const own = breachesOf(m, extra, current.picks);
  const held: Breaches = { ...own, count: own.count + current.strays.length };
  const least = search.leastBroken && breachesOf(m, extra, search.leastBroken);
  const start = least && better(least, own) ? search.leastBroken! : current.picks;
  const repaired = (repair && repairWalk(m, extra, start, { late: repair.late, pick: (n) => repair.rng.int(n) })) || start;
  if (!better(breachesOf(m, extra, repaired), held)) return false;
  [current.picks, current.strays, current.gain] = [repaired, [], Infinity];
  return true;
}

/**
 * Workers whose rota breaks a rule first, then the rest by what their last re-plan saved, most first
 * (ties, and workers not yet re-planned, in a random order). Where a pass is cut by the walks' share
 * its time goes where the rota is still moving: a worker whose walk just changed much changed the
 * cover around it, and the workers who kept theirs last pass are the likeliest to keep them again.
 */
export function passOrder(models: readonly WorkerDayModel[], rotas: readonly WorkerRota[], rng: Prng): number[] {
  const order = models.map((_, w) => w);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const broken: number[] = [];
  const rest: number[] = [];
  for (const w of order) (rotas[w].strays.length > 0 || scheduleCost(models[w], rotas[w].picks) === undefined ? broken : rest).push(w);
  const gain = (w: number) => rotas[w].gain ?? Infinity;
  rest.sort((a, b) => (gain(a) === gain(b) ? 0 : gain(b) > gain(a) ? 1 : -1));
  return [...broken, ...rest];
}

export function assignmentsOf(problem: Problem, models: readonly WorkerDayModel[], rotas: readonly WorkerRota[], slotOf: Int32Array, roleOf: Int32Array): Assignment[] {
  const out: Assignment[] = [];
  const place = (w: number, k: number) => {
    const slot = problem.slots[slotOf[k]];
    out.push({ slotId: slot.id, roleId: slot.roles[roleOf[k]].roleId, workerId: problem.workers[models[w].worker].id });
  };
  rotas.forEach((r, w) => {
    r.picks.forEach((i, d) => {
      if (i >= 0) place(w, models[w].days[d][i].slotRole);
    });
    for (const k of r.strays) place(w, k);
  });
  return out;
}
