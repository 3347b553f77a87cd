// Large neighbourhoods in the column formulation: a few workers re-planned exactly by branch and price
// while everyone else keeps their rota (colgen/neighbourhood.ts). Three ways of choosing whom to free,
// each with its own size: the workers whose rotas stray furthest from the root LP (largest
// reduced costs), workers who share places, or any workers.
//
// Sizes follow what the trees do: a closed tree grows the next neighbourhood, a cut one shrinks it. A
// closed tree over every worker is branch and price over the whole problem: it proves the rota
// optimal, and the solve stops there.

import { reoptimiseWorkers, type NeighbourhoodOptions, type NeighbourhoodResult } from '../colgen/neighbourhood.ts';
import type { LpSessionFactory } from '../milp/backend.ts';
import type { Assignment, Problem } from '../model.ts';
import type { Prng } from '../search/prng.ts';
import type { ColumnSearch } from './columns.ts';

/** A neighbourhood's own time: at least this, or a fiftieth of the whole budget. */
const MIN_NEIGHBOURHOOD_MS = 4000;

/** The time one exact neighbourhood (of workers here, of days in window-lns.ts) may take. */
export function neighbourhoodTimeMs(limitMs: number | undefined): number {
  return Math.max(MIN_NEIGHBOURHOOD_MS, (limitMs ?? 0) * 0.02);
}

export type Reoptimise = (
  problem: Problem,
  rota: readonly Assignment[],
  free: ReadonlySet<number>,
  factory: LpSessionFactory,
  options: NeighbourhoodOptions,
) => NeighbourhoodResult;

type Mode = 'straying' | 'related' | 'any';

/** Column neighbourhoods one at a time, each way of choosing keeping its own size between them. */
export class ColumnNeighbourhoods {
  private readonly kOf: Record<Mode, number>;
  private readonly firstK: number;
  private readonly timeMs: number;
  private readonly overlap: number[][];
  private readonly uniform: number[][];
  rounds = 0;
  better = 0;
  closedTrees = 0;

  constructor(
    private readonly s: ColumnSearch,
    private readonly reoptimise: Reoptimise = reoptimiseWorkers,
  ) {
    const W = s.ctx.problem.workers.length;
    this.firstK = Math.min(W, Math.max(2, Math.round(W * s.ctx.stages.columnLnsWorkerShare)));
    this.timeMs = neighbourhoodTimeMs(s.ctx.budget.limitMs);
    this.kOf = { straying: 0, related: this.firstK, any: this.firstK };
    this.overlap = sharedPlaces(s.cg.models);
    this.uniform = this.overlap.map((row) => row.map(() => 0));
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
    const kOf = this.kOf;
    if (straying && kOf.straying === 0) kOf.straying = Math.min(W, Math.max(this.firstK, straying.filter((x) => x > 1e-6).length + Math.ceil(W / 3)));
    const rota = incumbent.assignments;
    const free = straying ? pickStrayingWorkers(straying, kOf[mode], rng) : pickRelatedWorkers(mode === 'related' ? this.overlap : this.uniform, kOf[mode], rng);
    const r = this.reoptimise(problem, rota, free, ctx.exact!, {
      clock,
      timeLimitMs: Math.min(untilMs - clock(), this.timeMs),
    });
    const improved = r.improved !== undefined && incumbent.consider(r.improved, `column neighbourhood (${mode})`);
    if (improved) this.better++;
    this.rounds++;
    if (r.complete) {
      this.closedTrees++;
      // Over every worker a closed tree is branch and price over the whole problem: nothing legal beats the best rota.
      if (!improved && free.size === W && incumbent.score.hard === 0) ctx.bound.raiseSoft(0, incumbent.score.soft, 'column neighbourhood (every worker, closed tree)');
    }
    kOf[mode] = r.complete ? Math.min(W, kOf[mode] + 1) : Math.max(2, kOf[mode] - 1);
    return improved;
  }

  summary(): string {
    const { straying, related, any } = this.kOf;
    return `${this.rounds} neighbourhoods (${this.closedTrees} closed), ${this.better} better; last sizes straying ${straying}, related ${related}, any ${any}`;
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
