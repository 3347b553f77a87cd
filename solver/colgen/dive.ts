// Diving on whole rotas (Sadykov et al., "Primal heuristics for branch and price", 2019): fix the
// worker whose column the master LP uses most to that whole rota, re-generate columns, repeat until
// the LP is integral. Limited discrepancy search also tries the next few candidates near the top; with
// a probe rise, a fix that raises the LP by much is compared with the next candidates first.

import type { Assignment } from '../model.ts';
import { generate } from './generate.ts';
import type { MasterLp } from './master-lp.ts';
import type { Restriction } from './schedule-rules.ts';

export interface DiveOptions {
  readonly timeLimitMs?: number;
  readonly incumbent?: number;
  readonly maxDiscrepancy?: number;
  readonly maxDiscrepancyDepth?: number;
  /** Columns the LP uses at least this much are fixed along with the chosen one. Default 0.9. */
  readonly fixAbove?: number;
  /** Each step fixes at least this share of the workers still free (most used columns). Default 0.1. */
  readonly fixShare?: number;
  /** Pricing rounds per dive node at most (the LP then guides the next fix). Default: to convergence,
   *  since an unconverged LP steers the dive astray. */
  readonly roundsPerNode?: number;
  /**
   * Besides the chosen column, fix the next most used ones only while their shares of doubt (1 - use)
   * add up to at most this (instead of fixShare). Default: off.
   */
  readonly maxDoubt?: number;
  /**
   * Without discrepancy left, a fix that raises the rounded-up LP by more than this is probed against
   * the next candidates (probeTries in all), and the dive goes on from the one that rose least.
   * Default: off.
   */
  readonly probeRise?: number;
  readonly probeTries?: number;
  readonly onIncumbent: (assignments: Assignment[], objective: number) => void;
}

export interface DiveResult {
  readonly nodes: number;
  readonly best: number | undefined;
}

type Fixed = Map<number, Restriction>;
/** A free worker's column the LP uses (index j into the master's columns) and how much. */
type Candidate = { readonly j: number; readonly v: number };

export function dive(master: MasterLp, options: DiveOptions): DiveResult {
  const diver = new RotaDiver(master, options);
  diver.visit(new Map(), options.maxDiscrepancy ?? 2, 0);
  master.applyRestrictions(() => undefined);
  return { nodes: diver.nodes, best: Number.isFinite(diver.best) ? diver.best : undefined };
}

class RotaDiver {
  best: number;
  nodes = 0;
  private readonly deadline: number | undefined;
  readonly late: () => boolean;

  constructor(
    private readonly master: MasterLp,
    private readonly o: DiveOptions,
  ) {
    this.best = o.incumbent ?? Infinity;
    ({ deadline: this.deadline, late: this.late } = master.timer(o.timeLimitMs));
  }

  /**
   * Dives from the node with these workers fixed. Returns 'entered' once the node was dived through
   * (or time ran out), otherwise the LP value that kept a probed child out: above `limit`, or Infinity
   * when the child failed or was cut by the bound.
   */
  visit(fixed: Fixed, discrepancyLeft: number, depth: number, limit?: number): number | 'entered' {
    const { master, o } = this;
    if (this.late()) return 'entered';
    const restrictionOf = (w: number): Restriction | undefined => fixed.get(w);
    master.applyRestrictions(restrictionOf);
    if (!master.ensureColumns(restrictionOf)) return Infinity;
    this.nodes++;
    const r = generate(master, { restrictionOf, deadline: this.deadline, cutoff: Number.isFinite(this.best) ? this.best : undefined, maxRounds: o.roundsPerNode });
    if ((r.status !== 'optimal' && r.status !== 'partial') || !r.values) return r.status === 'stopped' ? 'entered' : Infinity;
    if (r.bound !== undefined && master.roundUp(r.bound) >= this.best) return Infinity;
    if (limit !== undefined && master.roundUp(r.lpValue) > limit + 1e-6) return r.lpValue;
    const { next, open } = this.candidates(fixed, r.values);
    if (open.length === 0) {
      const value = master.objectiveOf(r.values);
      if (value < this.best - 1e-9) {
        this.best = value;
        o.onIncumbent(master.rotaOfValues(r.values), value);
      }
      return 'entered';
    }
    const tries = depth < (o.maxDiscrepancyDepth ?? 3) ? Math.min(open.length, 1 + discrepancyLeft) : 1;
    const distinct = this.distinctFilter(open);
    if (o.probeRise !== undefined && tries === 1) return this.probe(next, open, distinct, depth, master.roundUp(r.lpValue) + o.probeRise);
    for (let i = 0, used = 0; i < open.length && used < tries; i++) {
      if (!distinct(i)) continue;
      this.visit(this.childOf(next, open, i), discrepancyLeft - used, depth + 1);
      used++;
      if (this.late()) return 'entered';
    }
    return 'entered';
  }

  /** Workers whose column the LP uses whole are fixed at once; the others used are the candidates, most used first. */
  private candidates(fixed: Fixed, values: Float64Array): { next: Fixed; open: Candidate[] } {
    const { master } = this;
    const next = new Map(fixed);
    const found: Candidate[] = [];
    master.columns.forEach((c, j) => {
      const v = values[master.columnIndex[j]];
      if (!(v > 1e-6) || next.has(c.worker)) return;
      if (v > 1 - 1e-6) next.set(c.worker, master.fixedRestriction(c.picks));
      else found.push({ j, v });
    });
    const open = found.filter((c) => !next.has(master.columns[c.j].worker));
    open.sort((a, b) => b.v - a.v || a.j - b.j);
    return { next, open };
  }

  /**
   * Candidate i fixed, with the columns the LP nearly settles on and, with many workers, the next
   * strongest few, so a dive takes a handful of steps rather than one per worker. With a doubt budget
   * the few are those whose shares of doubt (1 - use) fit in it: many when the LP is nearly whole,
   * one at a time when it wavers.
   */
  private childOf(next: Fixed, open: readonly Candidate[], i: number): Fixed {
    const { master, o } = this;
    const columns = master.columns;
    const child = new Map(next);
    child.set(columns[open[i].j].worker, master.fixedRestriction(columns[open[i].j].picks));
    let extra = Math.max(0, Math.ceil((master.W - next.size) * (o.fixShare ?? 0.1)) - 1);
    let doubt = 1 - open[i].v;
    for (const other of open) {
      const oc = columns[other.j];
      if (child.has(oc.worker)) continue;
      if (other.v >= (o.fixAbove ?? 0.9)) child.set(oc.worker, master.fixedRestriction(oc.picks));
      else if (o.maxDoubt !== undefined ? doubt + (1 - other.v) <= o.maxDoubt + 1e-9 : extra > 0) {
        child.set(oc.worker, master.fixedRestriction(oc.picks));
        doubt += 1 - other.v;
        extra--;
      }
    }
    return child;
  }

  /** Skips candidates whose rota was tried already at this node. */
  private distinctFilter(open: readonly Candidate[]): (i: number) => boolean {
    const seen = new Set<string>();
    return (i) => {
      const c = this.master.columns[open[i].j];
      const key = `${c.worker}:${c.picks.join(',')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
  }

  /**
   * A fix that raises the LP by much (a shift's cover lost) is probed against the next few candidates,
   * and the dive goes on from the child whose LP rose least.
   */
  private probe(next: Fixed, open: readonly Candidate[], distinct: (i: number) => boolean, depth: number, parentLimit: number): 'entered' {
    let bestChild: Fixed | undefined;
    let bestLp = Infinity;
    for (let i = 0, probes = 0; i < open.length && probes < (this.o.probeTries ?? 3); i++) {
      if (!distinct(i)) continue;
      const child = this.childOf(next, open, i);
      const out = this.visit(child, 0, depth + 1, parentLimit);
      if (out === 'entered') return 'entered';
      probes++;
      if (out < bestLp) {
        bestLp = out;
        bestChild = child;
      }
      if (this.late()) return 'entered';
    }
    if (bestChild) this.visit(bestChild, 0, depth + 1);
    return 'entered';
  }
}
