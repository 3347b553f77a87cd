// Column generation at one node of a search: solve the master LP, price every worker under its duals,
// add the columns with negative reduced cost, repeat; to convergence, until the deadline, or until
// the bound prunes the node. Every round gives a valid Lagrangian bound.

import { priceSchedules } from './pricing.ts';
import { scheduleCost, type Restriction } from './schedule-rules.ts';
import type { MasterLp } from './master-lp.ts';

export interface NodeSpec {
  readonly restrictionOf: (w: number) => Restriction | undefined;
  readonly deadline?: number;
  /** A known rota's objective: the node is pruned once its bound rounds up to it. */
  readonly cutoff?: number;
  readonly onRound?: (lpValue: number, bound: number | undefined) => void;
  /** Pricing rounds at most (the LP of the last round then stands). Default: to convergence. */
  readonly maxRounds?: number;
}

export interface NodeLp {
  /**
   * optimal: converged (pricing exact, nothing to add); partial: stopped by maxRounds, or nothing to
   * add while some pricing answered for a relaxation (the LP stands, only the Lagrangian bound is
   * proven); stopped: out of time; pruned: the bound reached the cutoff; infeasible: some worker has
   * no rota under the decisions.
   */
  readonly status: 'infeasible' | 'optimal' | 'partial' | 'stopped' | 'pruned';
  readonly lpValue: number;
  readonly bound: number | undefined;
  readonly values?: Float64Array;
  /** With 'optimal': the LP's duals, under which pricing found no column with negative reduced cost. */
  readonly duals?: Float64Array;
}

export function generate(master: MasterLp, node: NodeSpec): NodeLp {
  const { session, clock, K, W, models, problem } = master;
  const { restrictionOf, deadline, cutoff, onRound } = node;
  const maxRounds = node.maxRounds ?? Infinity;
  const late = (): boolean => deadline !== undefined && clock !== undefined && clock() >= deadline;
  const price = new Float64Array(K);
  let bound: number | undefined;
  let lpValue = Number.NaN;
  for (let round = 0; !late(); round++) {
    const lp = session.solveLp(deadline === undefined || !clock ? undefined : Math.max(0.05, (deadline - clock()) / 1000));
    if (lp.status !== 'optimal') return { status: 'stopped', lpValue, bound };
    lpValue = lp.objective;
    master.lastValues = lp.columnValues;
    master.iterations++;
    const duals = lp.rowDuals;
    // Wentges smoothing: price at a point between the best-bound duals so far and the LP's, which
    // damps the oscillation of the duals; when that finds nothing the LP's own duals decide.
    let weight = master.center ? master.smoothing : 0;
    let added = 0;
    let complete = true;
    // Pricing that answered for a relaxation (a cap past its state budget) still bounds, but an LP
    // with no column to add is then not proven optimal.
    let exact = true;
    for (;;) {
      exact = true;
      const center = master.center;
      for (let k = 0; k < K; k++) price[k] = weight * (center ? center[k] : 0) + (1 - weight) * duals[k];
      const ceiling = master.ceilingsAt(price);
      let lagrangian = master.lagrangianBase(price);
      added = 0;
      for (let w = 0; w < W; w++) {
        if (late()) {
          complete = false;
          break;
        }
        const open = Number.isFinite(ceiling[w]);
        const answer = priceSchedules(models[w], { price, count: master.columnsPerWorker, restriction: restrictionOf(w), ceiling: open ? ceiling[w] : undefined, late });
        if (answer.stopped) {
          complete = false;
          break;
        }
        if (!answer.exact) exact = false;
        if (answer.least === undefined && !open) return { status: 'infeasible', lpValue, bound };
        // Nothing below the ceiling: the open column that sets it is the cheapest rota.
        lagrangian += answer.least ?? ceiling[w];
        for (const sch of answer.schedules) {
          const cost = scheduleCost(models[w], sch.picks);
          if (cost === undefined) throw new Error(`pricing returned an illegal rota for worker ${problem.workers[w].id}`);
          // Reduced cost against the LP's duals decides whether the column helps the master.
          if (master.reducedCost(w, sch.picks, cost, duals) < -1e-7 && master.addColumn({ worker: w, picks: sch.picks, cost })) added++;
        }
      }
      if (!complete) break;
      // Any duals give a valid Lagrangian bound; the best one becomes the smoothing centre.
      if (lagrangian > master.centerBound) {
        master.centerBound = lagrangian;
        master.center = price.slice();
      }
      bound = Math.max(bound ?? -Infinity, lagrangian);
      if (added > 0 || weight === 0) break;
      weight = 0;
    }
    if (!complete) break;
    onRound?.(lpValue, bound);
    if (added === 0 && exact) return { status: 'optimal', lpValue, bound: Math.max(bound ?? lpValue, lpValue), values: lp.columnValues, duals };
    if (added === 0) return { status: 'partial', lpValue, bound, values: lp.columnValues };
    if (bound === undefined) continue;
    if (cutoff !== undefined && master.roundUp(bound) >= cutoff) return { status: 'pruned', lpValue, bound };
    // The LP solution of this round stands (columns added since are unused in it).
    if (round + 1 >= maxRounds) return { status: 'partial', lpValue, bound, values: lp.columnValues };
  }
  return { status: 'stopped', lpValue, bound };
}
