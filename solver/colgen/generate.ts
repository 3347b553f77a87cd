// Column generation at one node of a search: solve the master LP, price the workers under its duals,
// add the columns with negative reduced cost, repeat; to convergence, until the deadline, or until
// the bound prunes the node. A round that priced every worker gives a valid Lagrangian bound.
//
// Partial pricing (NodeSpec.partialPricing): where pricing every worker takes far longer than the LP
// solve (long horizons), most of a round goes on columns the next LP makes stale. A round may then stop
// once some worker gave a column and its pricing took as long as the LP solve (times the given
// ratio), pricing first the workers never priced, then those whose last column was the most negative
// (the duals are furthest from them), then those priced longest ago; such rounds price at the LP's
// own duals. Where the LP solve is the dearer part, every round still prices everyone. A round stopped
// early says nothing of the bound: only a round that priced every worker gives one (and moves the
// smoothing centre), and only such a round, adding nothing, ends the node as converged. Once the
// rounds stopped early have priced as many workers as there are, the next one prices everyone, so
// the bound keeps up on a root that never converges. And rounds may stop early only once fewer than
// `fewerRounds` full rounds at the last one's pace fit in the time left: a root with time to converge
// by full rounds does so in fewer LP solves. Where the first columns' pricing (every worker with no
// prices: a full round's work) was cut short by its share of the root (master.ts), its pace stands for
// a full round's (`paceMs`) and the first round may stop early too.

import { priceSchedules } from './pricing.ts';
import { scheduleCost, type Restriction } from './schedule-rules.ts';
import type { MasterLp } from './master-lp.ts';

export interface NodeSpec {
  readonly restrictionOf: (w: number) => Restriction | undefined;
  readonly deadline?: number;
  /** A known rota's objective: the node is pruned once its bound rounds up to it. */
  readonly cutoff?: number;
  /** Called after every round; true ends the node there unconverged (partial: the round's LP stands). */
  readonly onRound?: (lpValue: number, bound: number | undefined) => boolean | void;
  /** Read like the deadline, inside rounds too: true ends the node where it is (as out of time). */
  readonly stop?: () => boolean;
  /** Pricing rounds at most (the LP of the last round then stands). Default: to convergence. */
  readonly maxRounds?: number;
  /** Partial pricing (needs the master's clock and a deadline). Default: every worker every round. */
  readonly partialPricing?: PartialPricing;
}

export interface PartialPricing {
  /** A round may stop once some worker gave a column and its pricing took this many times the
   *  round's LP solve (0: after the first worker with a column). */
  readonly lpRatio: number;
  /** ...but only once fewer than this many full rounds at the last one's pace fit in the time left
   *  (Infinity: from the first round). */
  readonly fewerRounds: number;
  /** A full round's pricing time known before any full round (from the first columns' pricing);
   *  undefined: the first round prices everyone to learn it. */
  readonly paceMs?: number;
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

/** What one pricing pass over the workers (or the first of them, in priority order) found. */
interface Pass {
  readonly added: number;
  /** Every worker was priced: `lagrangian` is a valid bound. */
  readonly full: boolean;
  /** Some pricing answered for a relaxation (nothing to add is then not convergence). */
  readonly exact: boolean;
  /** Stopped by the deadline or a label budget: the pass says nothing. */
  readonly stopped: boolean;
  readonly infeasible: boolean;
  readonly lagrangian: number;
  /** How many workers it priced, in how long (on the master's clock). */
  readonly priced: number;
  readonly ms: number;
}

export function generate(master: MasterLp, node: NodeSpec): NodeLp {
  const { session, clock, K } = master;
  const { deadline, cutoff, onRound } = node;
  const maxRounds = node.maxRounds ?? Infinity;
  const late = (): boolean => (deadline !== undefined && clock !== undefined && clock() >= deadline) || node.stop?.() === true;
  const price = new Float64Array(K);
  let bound: number | undefined;
  let lpValue = Number.NaN;
  // Workers priced by rounds stopped early since the last full round: once that is everyone, the next
  // round prices everyone again, so the bound and the smoothing centre keep up.
  let sinceFull = 0;
  // How long the last full round's pricing took (unknown until the first, which is then full).
  let fullPricingMs = node.partialPricing?.paceMs ?? Infinity;
  const fewerRounds = node.partialPricing?.fewerRounds ?? 0;
  const hurried = (): boolean =>
    fewerRounds === Infinity || (deadline !== undefined && clock !== undefined && Number.isFinite(fullPricingMs) && fullPricingMs * fewerRounds > deadline - clock());
  for (let round = 0; !late(); round++) {
    const lpStart = clock?.() ?? 0;
    const lp = session.solveLp(deadline === undefined || !clock ? undefined : Math.max(0.05, (deadline - clock()) / 1000));
    if (lp.status !== 'optimal') return { status: 'stopped', lpValue, bound };
    lpValue = lp.objective + master.fixedCost;
    master.lastValues = lp.columnValues;
    master.iterations++;
    const duals = lp.rowDuals;
    const lpMs = (clock?.() ?? 0) - lpStart;
    // Wentges smoothing: price at a point between the best-bound duals so far and the LP's, which
    // damps the oscillation of the duals; when that finds nothing the LP's own duals decide.
    // A round that may stop early prices at the LP's own duals: its centre could not be kept up.
    const mayStop = node.partialPricing !== undefined && sinceFull < master.W && hurried();
    let weight = master.center && !mayStop ? master.smoothing : 0;
    let pass: Pass;
    for (;;) {
      const center = master.center;
      for (let k = 0; k < K; k++) price[k] = weight * (center ? center[k] : 0) + (1 - weight) * duals[k];
      pass = pricePass(master, mayStop ? node.partialPricing!.lpRatio : undefined, node.restrictionOf, price, duals, late, lpMs);
      if (pass.stopped || pass.infeasible) break;
      if (pass.full) {
        // Any duals give a valid Lagrangian bound; the best one becomes the smoothing centre.
        if (pass.lagrangian > master.centerBound) {
          master.centerBound = pass.lagrangian;
          master.center = price.slice();
        }
        bound = Math.max(bound ?? -Infinity, pass.lagrangian);
      }
      if (pass.added > 0 || weight === 0) break;
      weight = 0;
    }
    if (pass.infeasible) return { status: 'infeasible', lpValue, bound };
    if (pass.stopped) break;
    sinceFull = pass.full ? 0 : sinceFull + pass.priced;
    if (pass.full) fullPricingMs = pass.ms;
    const stop = onRound?.(lpValue, bound) === true;
    // Nothing added means every worker was priced (a partial pass stops only on finding columns).
    if (pass.added === 0 && pass.exact) return { status: 'optimal', lpValue, bound: Math.max(bound ?? lpValue, lpValue), values: lp.columnValues, duals };
    if (pass.added === 0) return { status: 'partial', lpValue, bound, values: lp.columnValues };
    if (bound !== undefined && cutoff !== undefined && master.roundUp(bound) >= cutoff) return { status: 'pruned', lpValue, bound };
    // The LP solution of this round stands (columns added since are unused in it).
    if (round + 1 >= maxRounds || stop) return { status: 'partial', lpValue, bound, values: lp.columnValues };
  }
  return { status: 'stopped', lpValue, bound };
}

/**
 * Prices the workers and adds the columns that help: all of them in order, or with partial pricing in
 * priority order until a worker gave a column and the pricing took its share of the LP's time.
 */
function pricePass(
  master: MasterLp,
  partialPricing: number | undefined,
  restrictionOf: (w: number) => Restriction | undefined,
  price: Float64Array,
  duals: Float64Array,
  late: () => boolean,
  lpMs: number,
): Pass {
  const { W, models, problem, pricing, clock } = master;
  const partial = partialPricing !== undefined && clock !== undefined;
  const order = partial ? pricing.order() : undefined;
  const ceiling = master.ceilingsAt(price);
  let lagrangian = master.lagrangianBase(price);
  let added = 0;
  let gave = 0;
  let exact = true;
  let priced = 0;
  const start = clock?.() ?? 0;
  const ended = (stopped: boolean, infeasible: boolean): Pass => ({ added, full: !stopped && !infeasible && priced === W, exact, stopped, infeasible, lagrangian, priced, ms: (clock?.() ?? 0) - start });
  const enough = (): boolean => partial && gave > 0 && clock!() - start >= partialPricing! * lpMs;
  for (; priced < W && !enough(); priced++) {
    const w = order ? order[priced] : priced;
    if (late()) return ended(true, false);
    const open = Number.isFinite(ceiling[w]);
    const answer = priceSchedules(models[w], { price, count: master.columnsPerWorker, restriction: restrictionOf(w), ceiling: open ? ceiling[w] : undefined, late });
    if (answer.stopped) return ended(true, false);
    if (!answer.exact) exact = false;
    if (answer.least === undefined && !open) return ended(false, true);
    // Nothing below the ceiling: the open column that sets it is the cheapest rota.
    lagrangian += answer.least ?? ceiling[w];
    let most = 0;
    for (const sch of answer.schedules) {
      const cost = scheduleCost(models[w], sch.picks);
      if (cost === undefined) throw new Error(`pricing returned an illegal rota for worker ${problem.workers[w].id}`);
      // Reduced cost against the LP's duals decides whether the column helps the master.
      const reduced = master.reducedCost(w, sch.picks, cost, duals);
      if (reduced < -1e-7 && master.addColumn({ worker: w, picks: sch.picks, cost })) {
        added++;
        most = Math.min(most, reduced);
      }
    }
    if (most < 0) gave++;
    pricing.priced(w, most);
  }
  return ended(false, false);
}
