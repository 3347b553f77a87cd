// Large neighbourhoods in the column formulation: a few workers re-planned exactly by branch and price
// while everyone else keeps their rota (colgen/neighbourhood.ts). Three ways of choosing whom to free,
// each with its own size and time: the workers whose rotas stray furthest from the root LP (largest
// reduced costs), workers who share places, or any workers.
//
// Sizes follow what the trees do: a closed tree grows the next neighbourhood, a cut one shrinks it, so
// the size settles where a tree just closes in the time given. Where the last gap to the best known
// rota needs more workers re-planned together than close in that time, that frontier is a trap: the
// neighbourhoods below it close without finding anything and the ones above it are cut, for the rest
// of the budget. So once the ones below have closed fruitless, a cut one doubles the time of the next
// instead of shrinking it (up to a share of the budget), and a gain brings the time back down. A set of
// workers whose tree closed around the current rota is never searched again (nor any part of it)
// while the rota stays; a draw inside one grows the size instead. A closed tree over every worker
// proves the rota optimal, as branch and price over the whole problem does.

import { reoptimiseWorkers, type NeighbourhoodOptions, type NeighbourhoodResult } from '../colgen/neighbourhood.ts';
import type { LpSessionFactory } from '../milp/backend.ts';
import type { Assignment, Problem } from '../model.ts';
import type { Prng } from '../search/prng.ts';
import type { ColumnSearch } from './columns.ts';

/** A neighbourhood's own time: at least this, or a fiftieth of the whole budget... */
const MIN_NEIGHBOURHOOD_MS = 4000;
/** ...and, grown past the frontier, at most this share of the whole budget, so the others keep turns. */
const MAX_NEIGHBOURHOOD_SHARE = 0.25;
/** Draws tried in one step before giving up when each falls inside a neighbourhood already closed. */
const DRAWS_PER_STEP = 8;

export type Reoptimise = (
  problem: Problem,
  rota: readonly Assignment[],
  free: ReadonlySet<number>,
  factory: LpSessionFactory,
  options: NeighbourhoodOptions,
) => NeighbourhoodResult;

/** How a neighbourhood ended: a better rota, a closed tree with none, or cut by its time limit. */
export type NeighbourhoodOutcome = 'improved' | 'closed' | 'cut';

/**
 * The size and time of one way of choosing neighbourhoods. Closed trees grow the size, cut ones shrink
 * it; but a cut right after fruitless closed ones (everything smaller searched, nothing found) doubles
 * the time instead, so the neighbourhoods move past the size that closes in the base time.
 */
export class NeighbourhoodEffort {
  private exhausted = false;
  workers: number;
  timeMs: number;

  constructor(
    workers: number,
    private readonly maxWorkers: number,
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {
    this.workers = workers;
    this.timeMs = baseMs;
  }

  report(outcome: NeighbourhoodOutcome, complete: boolean): void {
    if (outcome === 'improved') {
      this.exhausted = false;
      this.timeMs = this.baseMs;
      this.workers = complete ? Math.min(this.maxWorkers, this.workers + 1) : Math.max(2, this.workers - 1);
    } else if (outcome === 'closed') {
      this.exhausted = true;
      this.workers = Math.min(this.maxWorkers, this.workers + 1);
    } else if (this.exhausted && this.timeMs < this.maxMs) {
      this.timeMs = Math.min(this.maxMs, 2 * this.timeMs);
    } else {
      this.exhausted = false;
      this.workers = Math.max(2, this.workers - 1);
    }
  }

  /** A draw fell inside a neighbourhood already closed: everything that small is searched. */
  covered(): void {
    this.exhausted = true;
    this.workers = Math.min(this.maxWorkers, this.workers + 1);
  }
}

/** Sets of workers whose trees closed around one rota: no better plan for them while it stays. */
export class ClosedNeighbourhoods {
  private rota: unknown;
  private sets: ReadonlySet<number>[] = [];

  /** `free` lies inside a set already closed around `rota`. */
  covers(rota: unknown, free: ReadonlySet<number>): boolean {
    if (rota !== this.rota) return false;
    return this.sets.some((closed) => closed.size >= free.size && [...free].every((w) => closed.has(w)));
  }

  close(rota: unknown, free: ReadonlySet<number>): void {
    if (rota !== this.rota) {
      this.rota = rota;
      this.sets = [];
    }
    this.sets.push(new Set(free));
  }
}

type Mode = 'straying' | 'related' | 'any';

/** Column neighbourhoods one at a time, each way of choosing keeping its own size and time between them. */
export class ColumnNeighbourhoods {
  private readonly effort: Record<Mode, NeighbourhoodEffort | undefined>;
  private readonly firstK: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly overlap: number[][];
  private readonly uniform: number[][];
  private readonly closed = new ClosedNeighbourhoods();
  rounds = 0;
  better = 0;
  closedTrees = 0;
  skipped = 0;

  constructor(
    private readonly s: ColumnSearch,
    private readonly reoptimise: Reoptimise = reoptimiseWorkers,
  ) {
    const W = s.ctx.problem.workers.length;
    const limitMs = s.ctx.budget.limitMs ?? 0;
    this.firstK = Math.min(W, Math.max(2, Math.round(W * s.ctx.stages.columnLnsWorkerShare)));
    this.baseMs = Math.max(MIN_NEIGHBOURHOOD_MS, limitMs * 0.02);
    this.maxMs = Math.max(this.baseMs, limitMs * MAX_NEIGHBOURHOOD_SHARE);
    this.effort = { straying: undefined, related: this.newEffort(this.firstK), any: this.newEffort(this.firstK) };
    this.overlap = sharedPlaces(s.cg.models);
    this.uniform = this.overlap.map((row) => row.map(() => 0));
  }

  private newEffort(workers: number): NeighbourhoodEffort {
    const W = this.s.ctx.problem.workers.length;
    return new NeighbourhoodEffort(workers, W, this.baseMs, this.maxMs);
  }

  /** Column neighbourhoods need a rota that breaks no hard rule (the MILP's repair does the rest). */
  applies(): boolean {
    return this.s.ctx.incumbent.score.hard === 0;
  }

  /** One neighbourhood, ending by `untilMs` on the solve's clock; true when it improved the best rota. */
  step(untilMs: number): boolean {
    const { ctx, cg } = this.s;
    const { problem, incumbent, rng } = ctx;
    const clock = ctx.options.clock!;
    const W = problem.workers.length;
    const straying = rng.float() < ctx.stages.columnLnsStrayingShare ? cg.reducedCosts(incumbent.assignments) : undefined;
    const mode: Mode = straying ? 'straying' : rng.float() < 0.5 ? 'related' : 'any';
    // Every straying worker plus a third of the rest: smaller sets rarely hold a better plan.
    if (straying && !this.effort.straying) this.effort.straying = this.newEffort(Math.min(W, Math.max(this.firstK, straying.filter((x) => x > 1e-6).length + Math.ceil(W / 3))));
    const effort = this.effort[mode]!;
    const rota = incumbent.assignments;
    let free: Set<number> | undefined;
    for (let draw = 0; draw < DRAWS_PER_STEP && !free; draw++) {
      const drawn = straying ? pickStrayingWorkers(straying, effort.workers, rng) : pickRelatedWorkers(mode === 'related' ? this.overlap : this.uniform, effort.workers, rng);
      if (!this.closed.covers(rota, drawn)) free = drawn;
      else {
        this.skipped++;
        effort.covered();
      }
    }
    if (!free) return false;
    const r = this.reoptimise(problem, rota, free, ctx.exact!, {
      clock,
      timeLimitMs: Math.min(untilMs - clock(), effort.timeMs),
    });
    const improved = r.improved !== undefined && incumbent.consider(r.improved, `column neighbourhood (${mode})`);
    if (improved) this.better++;
    this.rounds++;
    if (r.complete) {
      this.closedTrees++;
      // Over every worker a closed tree is branch and price over the whole problem: nothing legal beats the best rota.
      if (!improved && free.size === W && incumbent.score.hard === 0) ctx.bound.raiseSoft(0, incumbent.score.soft, 'column neighbourhood (every worker, closed tree)');
      // A closed tree leaves these workers at their best plan around the rota it ends with.
      this.closed.close(incumbent.assignments, free);
    }
    effort.report(improved ? 'improved' : r.complete ? 'closed' : 'cut', r.complete);
    return improved;
  }

  summary(): string {
    const sizes = (['straying', 'related', 'any'] as const)
      .filter((m) => this.effort[m])
      .map((m) => `${m} ${this.effort[m]!.workers} workers/${(this.effort[m]!.timeMs / 1000).toFixed(1)} s`)
      .join(', ');
    return `${this.rounds} neighbourhoods (${this.closedTrees} closed, ${this.skipped} draws inside closed ones skipped), ${this.better} better; last sizes ${sizes}`;
  }
}

/** overlap[a][b]: slot-roles both workers may fill; workers who can stand in for each other. */
function sharedPlaces(models: readonly { readonly worker: number; readonly days: readonly (readonly { readonly slotRole: number }[])[] }[]): number[][] {
  const W = models.length;
  const sets = models.map((m) => new Set(m.days.flatMap((day) => day.map((o) => o.slotRole))));
  const out = Array.from({ length: W }, () => new Array<number>(W).fill(0));
  for (let a = 0; a < W; a++) {
    for (let b = a + 1; b < W; b++) {
      let n = 0;
      for (const k of sets[a]) if (sets[b].has(k)) n++;
      out[a][b] = out[b][a] = n;
    }
  }
  return out;
}

/**
 * The k workers whose rotas stray furthest from the master LP (largest reduced cost at the root's
 * duals), with noise of half a typical positive reduced cost: many workers sit at 0, and which of them
 * stay fixed should vary from one neighbourhood to the next.
 */
function pickStrayingWorkers(reducedCost: Float64Array, k: number, rng: Prng): Set<number> {
  const positive = [...reducedCost].filter((x) => x > 1e-6).sort((a, b) => a - b);
  const spread = positive.length > 0 ? positive[Math.floor(positive.length / 2)] / 2 : 1;
  const key = [...reducedCost].map((x) => Math.max(0, x) + rng.float() * spread);
  const order = [...key.keys()].sort((a, b) => key[b] - key[a] || a - b);
  return new Set(order.slice(0, Math.min(k, order.length)));
}

/**
 * A seed worker at random, then others drawn in proportion to the places they share with the seed:
 * re-planning workers who can swap shifts frees more than re-planning strangers.
 */
function pickRelatedWorkers(overlap: readonly (readonly number[])[], k: number, rng: Prng): Set<number> {
  const W = overlap.length;
  const seed = rng.int(W);
  const free = new Set<number>([seed]);
  while (free.size < Math.min(k, W)) {
    let total = 0;
    for (let w = 0; w < W; w++) if (!free.has(w)) total += overlap[seed][w] + 1;
    let r = rng.float() * total;
    for (let w = 0; w < W; w++) {
      if (free.has(w)) continue;
      r -= overlap[seed][w] + 1;
      if (r < 0) {
        free.add(w);
        break;
      }
    }
  }
  return free;
}
