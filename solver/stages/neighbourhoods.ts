// Which part of the rota the MILP may change in one large-neighbourhood step, and how big it is.
// Three shapes: a few workers over the whole horizon (their own rules couple their days), every
// worker over a window of days (cover couples the workers of a day), and a block of both.
// Sizes adapt: a neighbourhood solved to optimality grows its shape; one cut by the time limit shrinks it.
// Where to look is biased towards the penalties of the current rota (hard ones far more). Hard
// breaches are repaired first: a breaking worker over the horizon, or, for a role left below its
// minimum (a breach no worker carries), the workers who hold that role over the days around it, since
// filling it can take a rearrangement of those workers over several days that no chain of single
// moves reaches (every one of them busy that day, each place they would leave needing one of them).

import type { Assignment, ConstraintSummary, Problem } from '../model.ts';
import type { Prng } from '../search/prng.ts';

export type NeighbourhoodKind = 'workers' | 'days' | 'block' | 'repair' | 'shortfall';

export interface Neighbourhood {
  readonly kind: NeighbourhoodKind;
  readonly isFree: (workerIndex: number, slotIndex: number) => boolean;
}

interface Size {
  workers: number;
  days: number;
}

export class NeighbourhoodSizes {
  readonly sizes: Record<NeighbourhoodKind, Size>;
  readonly workerCount: number;
  readonly dayCount: number;

  constructor(problem: Problem) {
    const W = problem.workers.length;
    const H = problem.days.length;
    this.workerCount = W;
    this.dayCount = H;
    this.sizes = {
      workers: { workers: Math.min(W, 3), days: H <= 56 ? H : 56 },
      days: { workers: W, days: Math.min(H, 4) },
      block: { workers: Math.min(W, Math.max(3, Math.round(W / 4))), days: Math.min(H, 10) },
      // Long horizons repair a window at a time: a whole half-year for one worker is too big a MILP.
      repair: { workers: 1, days: H <= 56 ? H : 42 },
      // Around a role below its minimum: up to `workers` of its holders, `days` either side of its day.
      shortfall: { workers: Math.min(W, 12), days: Math.min(H, 2) },
    };
  }

  report(kind: NeighbourhoodKind, outcome: 'optimal' | 'limit' | 'trivial'): void {
    const s = this.sizes[kind];
    const grow = outcome !== 'limit';
    if (kind === 'shortfall') {
      s.workers = clamp(s.workers + (grow ? 2 : -2), 4, this.workerCount);
      s.days = clamp(s.days + (grow ? 1 : -1), 1, this.dayCount);
    } else if (kind === 'repair') {
      if (this.dayCount > 56) s.days = clamp(s.days + (grow ? 7 : -7), 14, this.dayCount);
    } else if (kind === 'workers') s.workers = clamp(s.workers + (grow ? 1 : -1), 2, Math.min(this.workerCount, 12));
    else if (kind === 'days') s.days = clamp(s.days + (grow ? 1 : -1), 2, this.dayCount);
    else if (kind === 'block') {
      s.workers = clamp(s.workers + (grow ? 1 : -1), 2, this.workerCount);
      s.days = clamp(s.days + (grow ? 1 : -1), 3, this.dayCount);
    }
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(Math.min(lo, hi), Math.min(hi, v));
}

/** Where the current rota is penalised: per worker and per day, hard breaches weighted far above soft. */
export interface Focus {
  readonly worker: readonly number[];
  readonly day: readonly number[];
  readonly hardWorkers: readonly number[];
  /** (slot, role) indices below their minimum in the rota (known when focusOf had the rota). */
  readonly shortfalls: readonly Shortfall[];
}

export interface Shortfall {
  readonly slot: number;
  readonly role: number;
}

export function focusOf(problem: Problem, analysis: readonly ConstraintSummary[], assignments?: readonly Assignment[]): Focus {
  const workerIndex = new Map(problem.workers.map((w, i) => [w.id, i]));
  const slotDay = new Map(problem.slots.map((s) => [s.id, s.dayIndex]));
  const worker = new Array<number>(problem.workers.length).fill(0);
  const day = new Array<number>(problem.days.length).fill(0);
  const hard = new Set<number>();
  for (const c of analysis) {
    for (const v of c.matches) {
      const amount = c.level === 'hard' ? 100 * v.penalty : v.penalty;
      const w = v.workerId === undefined ? undefined : workerIndex.get(v.workerId);
      if (w !== undefined) {
        worker[w] += amount;
        if (c.level === 'hard' && v.penalty > 0) hard.add(w);
      }
      const d = v.slotId === undefined ? undefined : slotDay.get(v.slotId);
      if (d !== undefined) day[d] += amount;
    }
  }
  const short = analysis.some((c) => c.id === 'cover.min' && c.matches.length > 0);
  const shortfalls = short && assignments ? shortfallsOf(problem, assignments) : [];
  return { worker, day, hardWorkers: [...hard].sort((a, b) => a - b), shortfalls };
}

/** Workers on each (slot, role) of a rota; read with placeCount. */
export function placeCounts(assignments: readonly Assignment[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const a of assignments) {
    const k = `${a.slotId}\u0000${a.roleId}`;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  return count;
}

export function placeCount(counts: ReadonlyMap<string, number>, slotId: string, roleId: string): number {
  return counts.get(`${slotId}\u0000${roleId}`) ?? 0;
}

/** The (slot, role)s of the rota with fewer workers than their minimum, in slot order. */
export function shortfallsOf(problem: Problem, assignments: readonly Assignment[]): Shortfall[] {
  const count = placeCounts(assignments);
  const out: Shortfall[] = [];
  problem.slots.forEach((slot, s) =>
    slot.roles.forEach((role, r) => {
      if (placeCount(count, slot.id, role.roleId) < role.min) out.push({ slot: s, role: r });
    }),
  );
  return out;
}

/**
 * Workers who hold the role and its skills (whatever their leave: one on leave that day may take
 * another's place on the days around it).
 */
function holdersOf(problem: Problem, target: Shortfall): number[] {
  const slot = problem.slots[target.slot];
  const demand = slot.roles[target.role];
  const out: number[] = [];
  problem.workers.forEach((w, i) => {
    if (!w.roles.includes(demand.roleId)) return;
    const skilled = demand.skills.every((id) =>
      w.skills.some((h) => h.skillId === id && (h.fromMin === undefined || h.fromMin <= slot.startMin) && (h.untilMin === undefined || slot.startMin < h.untilMin)),
    );
    if (skilled) out.push(i);
  });
  return out;
}

/** Up to `count` of the short role's holders (a random draw when more hold it), `days` either side of its day. */
export function shortfallNeighbourhood(problem: Problem, target: Shortfall, size: Size, rng: Prng): Neighbourhood {
  const holders = holdersOf(problem, target);
  for (let i = 0; i < holders.length && i < size.workers; i++) {
    const j = i + rng.int(holders.length - i);
    [holders[i], holders[j]] = [holders[j], holders[i]];
  }
  const workers = new Set(holders.slice(0, size.workers));
  const day = problem.slots[target.slot].dayIndex;
  const slotDay = problem.slots.map((s) => s.dayIndex);
  return { kind: 'shortfall', isFree: (w, s) => workers.has(w) && Math.abs(slotDay[s] - day) <= size.days };
}

function weightedPick(weights: readonly number[], rng: Prng): number {
  let total = 0;
  for (const w of weights) total += w;
  if (total <= 0) return rng.int(weights.length);
  let r = rng.float() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

function pickWorkers(n: number, count: number, seedWorker: number, rng: Prng): Set<number> {
  const out = new Set<number>([seedWorker]);
  const rest = Array.from({ length: n }, (_, i) => i).filter((i) => i !== seedWorker);
  for (let i = 0; i < rest.length && out.size < Math.min(count, n); i++) {
    const j = i + rng.int(rest.length - i);
    [rest[i], rest[j]] = [rest[j], rest[i]];
    out.add(rest[i]);
  }
  return out;
}

const KINDS: readonly NeighbourhoodKind[] = ['workers', 'days', 'block'];

/** Which shapes have paid off lately: picked in proportion to (successes + 1) / (tries + 2). */
export class KindScores {
  private readonly tries = new Map<NeighbourhoodKind, number>();
  private readonly wins = new Map<NeighbourhoodKind, number>();

  record(kind: NeighbourhoodKind, improved: boolean): void {
    // Old outcomes fade so the choice follows the search as it moves on.
    this.tries.set(kind, (this.tries.get(kind) ?? 0) * 0.97 + 1);
    this.wins.set(kind, (this.wins.get(kind) ?? 0) * 0.97 + (improved ? 1 : 0));
  }

  pick(rng: Prng): NeighbourhoodKind {
    const weights = KINDS.map((k) => ((this.wins.get(k) ?? 0) + 1) / ((this.tries.get(k) ?? 0) + 2));
    return KINDS[weightedPick(weights, rng)];
  }
}

export function chooseNeighbourhood(
  problem: Problem,
  focus: Focus,
  sizes: NeighbourhoodSizes,
  scores: KindScores,
  rng: Prng,
  repairIndex: number,
): Neighbourhood {
  const W = problem.workers.length;
  const H = problem.days.length;
  const slotDay = problem.slots.map((s) => s.dayIndex);
  // Hard breaches first, one at a time: a breaking worker, freed over the whole horizon, or a role
  // below its minimum with its holders around it.
  const targets = focus.hardWorkers.length + focus.shortfalls.length;
  if (targets > 0 && rng.float() < 0.7) {
    const t = repairIndex % targets;
    if (t >= focus.hardWorkers.length) return shortfallNeighbourhood(problem, focus.shortfalls[t - focus.hardWorkers.length], sizes.sizes.shortfall, rng);
    const w = focus.hardWorkers[t];
    const others = rng.int(3);
    const workers = pickWorkers(W, 1 + others, w, rng);
    const span = Math.min(H, sizes.sizes.repair.days);
    const from = rng.int(H - span + 1);
    return { kind: 'repair', isFree: (wi, s) => workers.has(wi) && slotDay[s] >= from && slotDay[s] < from + span };
  }
  const kind = scores.pick(rng);
  const size = sizes.sizes[kind];
  const biased = rng.float() < 0.6;
  const seedWorker = biased ? weightedPick(focus.worker, rng) : rng.int(W);
  const workers = kind === 'days' ? undefined : pickWorkers(W, size.workers, seedWorker, rng);
  const span = Math.min(H, size.days);
  let first: number;
  if (span >= H) first = 0;
  else if (biased) {
    const centre = weightedPick(focus.day, rng);
    first = clamp(centre - Math.floor(span / 2) + rng.int(3) - 1, 0, H - span);
  } else first = rng.int(H - span + 1);
  const last = first + span - 1;
  return {
    kind,
    isFree: (w, s) => (workers === undefined || workers.has(w)) && slotDay[s] >= first && slotDay[s] <= last,
  };
}
