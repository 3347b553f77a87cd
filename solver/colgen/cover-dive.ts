// The cover first. When the root LP spreads a shortfall fractionally over several shifts, a dive from
// it commits to one placement of the shortfall by accident, and often pays for one more uncovered
// shift. Here the placements are searched best bound first, branching on the most fractional
// shortfall or excess, and each placement where every slack is whole gets dives of its own. A
// placement whose LP bound cannot beat the best rota is never dived into.

import type { Assignment } from '../model.ts';
import { dive } from './dive.ts';
import { generate } from './generate.ts';
import type { MasterLp, SlackBound } from './master-lp.ts';

export interface CoverDiveOptions {
  readonly timeLimitMs?: number;
  readonly incumbent?: number;
  /** Time for each dive inside a placement after the first dive. Default 4,000 ms. */
  readonly leafDiveMs?: number;
  /**
   * The first placement's dive takes at most half of the time left, and one that runs that out with no
   * better rota ends the search, handing the rest back. For a search given most of the budget (the
   * cover dive that goes first); without it that dive may take all of the search's time.
   */
  readonly handBack?: boolean;
  /**
   * Each step of a placement's dive fixes, besides the most used column, the next most used ones
   * while their shares of doubt (1 - use) add up to at most this. Default 0.6: fixing a fixed share of
   * the workers at once can lose a whole shift's cover in one step.
   */
  readonly leafMaxDoubt?: number;
  /**
   * A step of a placement's dive that raises the rounded-up LP by more than this is probed against the
   * next two candidates, and the dive goes on from the one that rose least. Default: a tenth of the
   * cheapest shortfall's weight.
   */
  readonly leafProbeRise?: number;
  /**
   * Placements are gathered, this many at a time (or until half the time left is spent gathering),
   * then dived into nearest a whole rota first: the lowest objective of the placement's LP rounded
   * (each worker's most used column), then the least doubt (the sum over workers of 1 less their most
   * used column's share). Each of these dives holds every shortfall and excess at its whole value.
   * Default 1: each placement is dived into as it is reached, best bound first.
   */
  readonly placementBatch?: number;
  /**
   * With placementBatch: the doubt budgets (leafMaxDoubt) for dives into the first placements of each
   * batch, one dive per budget (in the right placement, one dive is still a draw). Default:
   * leafMaxDoubt alone.
   */
  readonly firstPlacementDoubts?: readonly number[];
  /** How many of each batch's first placements (in that order) get those dives. Default 1. */
  readonly multiDivePlacements?: number;
  /** Called after the dives into each placement, in the order dived: its LP, doubt, and the best rota so far. */
  readonly onPlacement?: (event: {
    readonly lpValue: number;
    /** The objective of the placement's LP rounded (each worker's most used column). */
    readonly rounded: number;
    readonly doubt: number;
    readonly dives: number;
    readonly best: number | undefined;
  }) => void;
  /**
   * Give up when this many nodes have not reached a first placement (a bushy tree), and set aside the
   * columns generated meanwhile. Default: never.
   */
  readonly maxNodesBeforeLeaf?: number;
  readonly onIncumbent: (assignments: Assignment[], objective: number) => void;
}

export interface CoverDiveResult {
  /** Master LPs solved while placing the cover. */
  readonly nodes: number;
  /** Placements (every shortfall and excess whole) dived into. */
  readonly leaves: number;
  readonly best: number | undefined;
}

interface Placement {
  readonly bounds: SlackBound[];
  readonly rounded: number;
  readonly doubt: number;
  readonly lpValue: number;
}

export function coverDive(master: MasterLp, options: CoverDiveOptions): CoverDiveResult {
  const search = new CoverSearch(master, options);
  search.run();
  master.applySlacks([]);
  master.applyRestrictions(() => undefined);
  return { nodes: search.nodes, leaves: search.leaves, best: search.best < (options.incumbent ?? Infinity) ? search.best : undefined };
}

class CoverSearch {
  best: number;
  nodes = 0;
  leaves = 0;
  /** Placements reached (dived into, or gathered into a batch). */
  private reached = 0;
  private readonly deadline: number | undefined;
  private readonly late: () => boolean;
  private readonly leafMaxDoubt: number;
  private readonly batchSize: number;
  private batch: Placement[] = [];
  private batchStart: number;
  /** Set when the first placement's dive ran out its time with no better rota: the search ends there. */
  private fruitless = false;

  constructor(
    private readonly master: MasterLp,
    private readonly o: CoverDiveOptions,
  ) {
    this.best = o.incumbent ?? Infinity;
    ({ deadline: this.deadline, late: this.late } = master.timer(o.timeLimitMs));
    this.leafMaxDoubt = o.leafMaxDoubt ?? 0.6;
    this.batchSize = Math.max(1, o.placementBatch ?? 1);
    this.batchStart = this.now();
  }

  private now(): number {
    return this.master.clock ? this.master.clock() : 0;
  }

  /** Best bound first over the placements of the shortfalls and excesses. */
  run(): void {
    const { master, o } = this;
    const open: { bounds: SlackBound[]; bound: number }[] = [{ bounds: [], bound: -Infinity }];
    const firstNew = master.columns.length;
    let gaveUp = false;
    while (open.length > 0 && !this.late() && !this.fruitless) {
      if (this.reached === 0 && this.nodes >= (o.maxNodesBeforeLeaf ?? Infinity)) {
        gaveUp = true;
        break;
      }
      let at = 0;
      for (let i = 1; i < open.length; i++) if (open[i].bound < open[at].bound - 1e-9) at = i;
      const [node] = open.splice(at, 1);
      if (master.roundUp(node.bound) >= this.best) continue;
      master.applySlacks(node.bounds);
      master.applyRestrictions(() => undefined);
      this.nodes++;
      const r = generate(master, { restrictionOf: () => undefined, deadline: this.deadline, cutoff: Number.isFinite(this.best) ? this.best : undefined });
      if (r.status === 'stopped') break;
      if (r.status !== 'optimal' || !r.values) continue;
      if (master.roundUp(r.bound ?? r.lpValue) >= this.best) continue;
      const slack = master.mostFractionalSlack(r.values);
      if (slack >= 0) {
        const v = r.values[slack];
        open.push({ bounds: [...node.bounds, { slack, lo: 0, hi: Math.floor(v) }], bound: r.lpValue });
        open.push({ bounds: [...node.bounds, { slack, lo: Math.ceil(v), hi: Infinity }], bound: r.lpValue });
        continue;
      }
      this.reached++;
      if (this.batchSize === 1) {
        if (this.reached === 1) this.firstDive();
        else this.diveLeaf(o.leafDiveMs ?? 4000);
        this.leaves++;
        o.onPlacement?.({ lpValue: r.lpValue, ...this.nearness(r.values), dives: 1, best: this.bestOrUndefined() });
        this.batchStart = this.now();
        continue;
      }
      this.batch.push({ bounds: this.placementBounds(r.values), ...this.nearness(r.values), lpValue: r.lpValue });
      if (this.gatheredEnough()) this.diveBatch();
    }
    if (this.batch.length > 0) this.diveBatch();
    if (gaveUp) {
      // Its columns are set aside, so the search after it starts from the columns it found.
      for (let j = firstNew; j < master.columns.length; j++) {
        master.columnRetired[j] = 1;
        master.seen.delete(`${master.columns[j].worker}:${master.columns[j].picks.join(',')}`);
      }
    }
  }

  private bestOrUndefined(): number | undefined {
    return Number.isFinite(this.best) ? this.best : undefined;
  }

  /**
   * The first placement's dive, the search's best-placed one, may take what is left (a dive cut short
   * gives nothing, so the others get a fixed slice); with `handBack`, half of it. One that runs out that
   * half with no better rota ends the search, handing the rest back: the placements after it dive with
   * less time from worse LPs, and a share of 80% of the budget lost to one dive left the improvers
   * nothing (small classic shapes whose roots leave few fractional shortfalls).
   */
  private firstDive(maxDoubt = this.leafMaxDoubt): void {
    const { master, deadline } = this;
    if (!this.o.handBack || deadline === undefined || !master.clock) {
      this.diveLeaf(Infinity, maxDoubt);
      return;
    }
    const before = this.best;
    const start = master.clock();
    const limitMs = (deadline - start) / 2;
    this.diveLeaf(limitMs, maxDoubt);
    if (this.best >= before && master.clock() - start >= limitMs) this.fruitless = true;
  }

  /** A dive inside the current placement (its slack bounds applied). */
  private diveLeaf(leafMs: number, maxDoubt = this.leafMaxDoubt): void {
    const { master, o, deadline } = this;
    const cheapest = master.cheapestShortfall;
    dive(master, {
      timeLimitMs: deadline === undefined || !master.clock ? (Number.isFinite(leafMs) ? leafMs : undefined) : Math.min(leafMs, deadline - master.clock()),
      incumbent: this.bestOrUndefined(),
      maxDiscrepancy: 0,
      maxDoubt,
      probeRise: o.leafProbeRise ?? (Number.isFinite(cheapest) ? cheapest / 10 : undefined),
      onIncumbent: (assignments, objective) => {
        this.best = objective;
        o.onIncumbent(assignments, objective);
      },
    });
  }

  /** Gathering stops at half the time left when the batch began, so its dives get the other half. */
  private gatheredEnough(): boolean {
    const { deadline } = this;
    return this.batch.length >= this.batchSize || (deadline !== undefined && this.master.clock !== undefined && this.now() - this.batchStart >= (deadline - this.batchStart) / 2);
  }

  /**
   * The batch's placements, nearest a whole rota first (the LP of a placement that holds a rota near
   * its bound tends to be nearly whole already). The first ones are dived into once per doubt budget:
   * each budget steps through the LP's near-ties differently.
   */
  private diveBatch(): void {
    const { master, o } = this;
    this.batch.sort((a, b) => a.rounded - b.rounded || a.doubt - b.doubt || a.lpValue - b.lpValue);
    for (let rank = 0; rank < this.batch.length; rank++) {
      const leaf = this.batch[rank];
      if (this.late() || this.fruitless) break;
      const budgets = rank < (o.multiDivePlacements ?? 1) ? (o.firstPlacementDoubts ?? [this.leafMaxDoubt]) : [this.leafMaxDoubt];
      let dives = 0;
      for (const maxDoubt of budgets) {
        if (this.late() || this.fruitless || master.roundUp(leaf.lpValue) >= this.best) break;
        master.applySlacks(leaf.bounds);
        master.applyRestrictions(() => undefined);
        if (this.leaves === 0 && dives === 0) this.firstDive(maxDoubt);
        else this.diveLeaf(o.leafDiveMs ?? 4000, maxDoubt);
        dives++;
      }
      if (dives === 0) continue;
      this.leaves++;
      o.onPlacement?.({ lpValue: leaf.lpValue, rounded: leaf.rounded, doubt: leaf.doubt, dives, best: this.bestOrUndefined() });
    }
    this.batch = [];
    this.batchStart = this.now();
  }

  /** Every soft shortfall and excess held at its whole value in this LP (the hard ones stay free). */
  private placementBounds(values: Float64Array): SlackBound[] {
    const out: SlackBound[] = [];
    for (let j = 0; j < this.master.slackCount; j++) {
      // Slacks come four per shift: soft short, hard short, soft over, hard over.
      if (j % 2 === 1) continue;
      const v = Math.round(values[j]);
      out.push({ slack: j, lo: v, hi: v });
    }
    return out;
  }

  /**
   * How near a placement's LP is to a whole rota: the objective of its rounding (each worker's most
   * used column), and its doubt (each worker's 1 less that column's share, summed).
   */
  private nearness(values: Float64Array): { readonly rounded: number; readonly doubt: number } {
    const { master } = this;
    const { column, share } = master.mostUsedColumns(values);
    let doubt = 0;
    for (let w = 0; w < master.W; w++) doubt += 1 - Math.max(0, share[w]);
    return { rounded: master.objectiveOf(master.roundedValues(column)), doubt };
  }
}
