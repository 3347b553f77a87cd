// Column generation over per-worker rotas (Dantzig-Wolfe on the walk models of day-model.ts).
// The master chooses one column (a whole legal rota) per worker; its rows are cover, one per slot-role,
// with paid slack for being under or over the preferred number and a far dearer slack past the hard
// minimum or maximum. Pricing (pricing.ts) finds each worker's cheapest rota under the cover rows' duals.
// Every iteration gives a Lagrangian lower bound (master LP value plus each worker's most negative
// reduced cost), valid for any rota that breaks no hard rule; at convergence it is the LP bound of the
// column formulation, usually far tighter than the compact MILP's. The integer master over the columns
// found then gives rotas that keep every per-worker rule by construction ("price and branch").

import type { Assignment, Problem } from '../model.ts';
import { getConstraint, resolveWeight } from '../constraints/index.ts';
import { indexProblem } from '../constraints/context.ts';
import type { LpSession, LpSessionFactory } from '../milp/backend.ts';
import { buildDayModels, type WorkerDayModel } from './day-model.ts';
import { fitsPricingBudget, keepsRestriction, priceSchedules, scheduleCost, type Restriction } from './pricing.ts';

/** Cost per worker past a hard cover limit: dear enough that no rota pays it when it can avoid it. */
const HARD_COVER_SLACK = 1e6;

export interface ColumnGenerationOptions {
  readonly clock?: () => number;
  /** Stop generating columns after this long (the integer master has its own limit). */
  readonly timeLimitMs?: number;
  /** Rotas whose per-worker parts become columns (and the integer master's start). */
  readonly incumbents?: readonly (readonly Assignment[])[];
  /** Columns added per worker per iteration at most. Default 3. */
  readonly columnsPerWorker?: number;
  /** A known rota's soft score: generation stops once the bound proves it optimal. */
  readonly upperBound?: number;
  /** Wentges smoothing of the duals, 0 (none) to below 1. Default 0.5. */
  readonly smoothing?: number;
  /** Called after every pricing round. */
  readonly onIteration?: (event: { readonly iteration: number; readonly lpValue: number; readonly lowerBound: number; readonly columns: number }) => void;
}

export interface BranchAndPriceOptions {
  readonly timeLimitMs?: number;
  /** Soft score of a known legal rota: only strictly better rotas are reported. */
  readonly incumbent?: number;
  /** With freeWorkers: everyone else keeps their rota in this one (a large neighbourhood). */
  readonly fixed?: readonly Assignment[];
  readonly freeWorkers?: ReadonlySet<number>;
  readonly onIncumbent: (assignments: Assignment[], objective: number) => void;
}

export interface BranchAndPriceResult {
  readonly nodes: number;
  readonly complete: boolean;
  readonly best: number | undefined;
}

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

export interface DayDiveOptions {
  readonly timeLimitMs?: number;
  readonly incumbent?: number;
  /** Decisions the LP takes at least this much are fixed without counting as a choice. Default 0.99. */
  readonly fixAbove?: number;
  /** Each step also fixes this share of the uncertain decisions, most used first. Default 0.2. */
  readonly fixShare?: number;
  /** Pricing rounds per step at most. Default: to convergence (a step is judged by its LP value). */
  readonly roundsPerNode?: number;
  readonly onStep?: (event: { readonly lpValue: number; readonly fixed: number }) => void;
  readonly onIncumbent: (assignments: Assignment[], objective: number) => void;
}

export interface CoverDiveOptions {
  readonly timeLimitMs?: number;
  readonly incumbent?: number;
  /** Time for each dive inside a placement after the first dive. Default 4,000 ms. */
  readonly leafDiveMs?: number;
  /**
   * Each step of a placement's dive fixes, besides the most used column, the next most used ones
   * while their shares of doubt (1 - use) add up to at most this. Default 0.6: on instance 8 of
   * Curtois & Qu a fixed fifth of the free workers per step (doubt 1.9 in one step) cost a whole
   * uncovered night at once (LP 1297 to 1396, rota 1402); at 0.6 the same dive gave 1312.
   */
  readonly leafMaxDoubt?: number;
  /**
   * A step of a placement's dive that raises the rounded-up LP by more than this is probed against the
   * next two candidates, and the dive goes on from the one that rose least. Default: a tenth of the
   * cheapest shortfall's weight (instance 8: 10; at seed 4 its dive gave 1321 with probes, 1506
   * without).
   */
  readonly leafProbeRise?: number;
  /**
   * Placements are gathered, this many at a time (or until half the time left is spent gathering),
   * before any is dived into. They are then dived into in order of their LP rounded (each worker's
   * most used column): the lowest objective first, then the least doubt (the sum over workers of 1
   * less their most used column's share). Both say how near the placement's LP is to a whole rota.
   * Each of these dives holds every shortfall and excess at its whole value. Default 1: each
   * placement is dived into as it is reached, best bound first. On instance 8 of Curtois & Qu, 66
   * placements have an LP below 1300. The one holding the 1300 rota (LP 1298.37) is reached
   * 16th-19th in best-bound order. In eight 60 s runs its rounding ranked first or second of 24
   * (1803-2814 against 2305-4425 for the rest), and by doubt alone it ranked first to eighth.
   */
  readonly placementBatch?: number;
  /**
   * With placementBatch: the doubt budgets (leafMaxDoubt) for dives into the first placement of each
   * batch, one dive per budget (in the right placement, one dive is still a draw: on instance
   * 8 two runs reached 1300 there at budgets 1 and 0.3, after dives at 0.6 that did not). Default:
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

export interface DiveResult {
  readonly nodes: number;
  readonly best: number | undefined;
}

export interface ColumnGenerationState {
  readonly session: LpSession;
  readonly models: readonly WorkerDayModel[];
  /** Best Lagrangian bound found (undefined until every worker was priced once). */
  readonly lowerBound: number | undefined;
  readonly lpValue: number;
  readonly converged: boolean;
  /** The converged root LP leaves some shift short or over by a fraction (cover dives can help). */
  readonly coverFractional: boolean;
  /** How many shortfalls and excesses the converged root LP leaves fractional (0 when none). */
  readonly fractionalSlacks: number;
  readonly iterations: number;
  readonly columnCount: number;
  /** Each worker's most used column in the last master LP: a rota that keeps every per-worker rule. */
  roundLp(): Assignment[];
  /** Adds the per-worker parts of a rota as columns (those that keep the worker's rules). */
  addRota(assignments: readonly Assignment[]): void;
  /**
   * Branch and price, depth first (branching on a worker working an option on a day, the work branch
   * first): rotas found go to onIncumbent. complete means the tree was closed, so `best` (or the
   * incumbent given) is optimal among rotas that keep every hard rule.
   */
  branchAndPrice(options: BranchAndPriceOptions): BranchAndPriceResult;
  /** Diving with limited discrepancy: fast rotas from the master LP (see master.ts). */
  dive(options: DiveOptions): DiveResult;
  /** Diving on (worker, day) decisions, many fixed per step (see master.ts). */
  diveDays(options: DayDiveOptions): DiveResult;
  /**
   * Places the cover first: best bound first over how many are short or over on each shift, and a dive
   * inside each placement where all of those are whole numbers (see master.ts).
   */
  coverDive(options: CoverDiveOptions): CoverDiveResult;
  /**
   * Each worker's reduced cost at the root's optimal duals, for the rota's part of that worker
   * (undefined without a converged root, or when some worker's part breaks their rules).
   */
  reducedCosts(rota: readonly Assignment[]): Float64Array | undefined;
  /** The integer master over all columns so far: the best rota it finds within the limit. */
  solveInteger(timeLimitSeconds: number, start?: readonly Assignment[]): { assignments: Assignment[]; status: string; bound?: number } | undefined;
  dispose(): void;
}

interface Column {
  readonly worker: number;
  readonly picks: Int32Array;
  readonly cost: number;
}

export type ColumnGenerationOutcome =
  | { readonly ok: true; readonly state: ColumnGenerationState }
  | { readonly ok: false; readonly reason: string };

export function runColumnGeneration(
  problem: Problem,
  factory: LpSessionFactory,
  options: ColumnGenerationOptions = {},
): ColumnGenerationOutcome {
  const built = buildDayModels(problem);
  if (!built.ok) return built;
  const models = built.models;
  const ix = indexProblem(problem);
  const clock = options.clock;
  const t0 = clock ? clock() : 0;
  const timeUp = (): boolean => options.timeLimitMs !== undefined && clock !== undefined && clock() - t0 >= options.timeLimitMs;
  const perWorker = options.columnsPerWorker ?? 3;
  const underDefault = resolveWeight(problem, getConstraint('cover.preferredUnder'));
  const overDefault = resolveWeight(problem, getConstraint('cover.preferredOver'));

  // A worker whose pricing states pass the memory budget even without caps: the method steps aside.
  const tooBig = models.find((m) => !fitsPricingBudget(m));
  if (tooBig) return { ok: false, reason: `worker ${problem.workers[tooBig.worker].id}: pricing would pass its state budget` };
  // Every worker needs one legal rota, or no rota of the problem is legal.
  const firstColumns: Column[] = [];
  for (const m of models) {
    const first = priceSchedules(m, { late: timeUp });
    if (first.stopped) return { ok: false, reason: 'out of time (or past the label budget) pricing a first rota' };
    const [best] = first.schedules;
    if (!best) {
      return { ok: false, reason: first.exact ? `worker ${problem.workers[m.worker].id} has no rota that keeps their rules` : `worker ${problem.workers[m.worker].id}: no legal first rota within the pricing budget` };
    }
    firstColumns.push({ worker: m.worker, picks: best.picks, cost: best.cost });
  }

  const session = factory.createLpSession();
  // Rows: cover per slot-role, then one per worker (choose exactly one column).
  const K = ix.slotRoleCount;
  const W = models.length;
  const lower: number[] = [];
  const upper: number[] = [];
  const demandOf: { preferred: number; min: number; max: number; under: number; over: number }[] = [];
  for (let s = 0; s < problem.slots.length; s++) {
    const slot = problem.slots[s];
    for (const demand of slot.roles) {
      demandOf.push({
        preferred: demand.preferred,
        min: demand.min,
        max: demand.max,
        under: (demand.underWeight ?? underDefault) * slot.priority,
        over: (demand.overWeight ?? overDefault) * slot.priority,
      });
      lower.push(demand.preferred);
      upper.push(demand.preferred);
    }
  }
  for (let w = 0; w < W; w++) {
    lower.push(1);
    upper.push(1);
  }
  session.addRows(lower, upper);
  const slackCost: number[] = [];
  const slackSign: number[] = [];
  const slackUpper: number[] = [];
  // Slack columns: filled + under - over = preferred; past the hard limits the slack is dear.
  for (let k = 0; k < K; k++) {
    const d = demandOf[k];
    const softUnder = Math.max(0, d.preferred - d.min);
    const softOver = Math.max(0, d.max - d.preferred);
    session.addColumn(d.under, 0, softUnder, [k], [1]);
    session.addColumn(HARD_COVER_SLACK, 0, Infinity, [k], [1]);
    session.addColumn(d.over, 0, softOver, [k], [-1]);
    session.addColumn(HARD_COVER_SLACK, 0, Infinity, [k], [-1]);
    slackCost.push(d.under, HARD_COVER_SLACK, d.over, HARD_COVER_SLACK);
    slackSign.push(1, 1, -1, -1);
    slackUpper.push(softUnder, Infinity, softOver, Infinity);
  }
  const slackCount = 4 * K;
  // The weight of one shift's shortfall at its cheapest: the scale of a costly step in a dive.
  let cheapestShortfall = Infinity;
  for (let k = 0; k < K; k++) if (slackUpper[4 * k] > 0 && slackCost[4 * k] > 0) cheapestShortfall = Math.min(cheapestShortfall, slackCost[4 * k]);
  // The cover dives bound how many are short or over on a shift: a slack's bounds may move.
  const slackLower = new Float64Array(slackCount);
  const slackHigh = Float64Array.from(slackUpper);

  const columns: Column[] = [];
  const columnIndex: number[] = [];
  /** Per column: 1 while it may be chosen, 0 while a branching decision rules it out. */
  const columnOpen: number[] = [];
  /** Per column: 1 once set aside for good (generated by a cover dive that gave up). */
  const columnRetired: number[] = [];
  let integral = true;
  const seen = new Set<string>();
  const addColumn = (c: Column): boolean => {
    const key = `${c.worker}:${c.picks.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const m = models[c.worker];
    const rows: number[] = [];
    const values: number[] = [];
    c.picks.forEach((i, d) => {
      if (i < 0) return;
      rows.push(m.days[d][i].slotRole);
      values.push(1);
    });
    rows.push(K + c.worker);
    values.push(1);
    columnIndex.push(session.addColumn(c.cost, 0, Infinity, rows, values));
    columns.push(c);
    columnOpen.push(1);
    columnRetired.push(0);
    if (!Number.isInteger(c.cost)) integral = false;
    return true;
  };
  const picksOf = (assignments: readonly Assignment[]): (Int32Array | undefined)[] => {
    const out: (Int32Array | undefined)[] = models.map((m) => new Int32Array(m.days.length).fill(-1));
    for (const a of assignments) {
      const w = ix.workerIndexById.get(a.workerId);
      const s = ix.slotIndexById.get(a.slotId);
      if (w === undefined || s === undefined) continue;
      const picks = out[w];
      if (!picks) continue;
      const d = problem.slots[s].dayIndex;
      const i = models[w].days[d].findIndex((o) => o.slot === s && problem.slots[s].roles[o.role].roleId === a.roleId);
      if (i < 0 || picks[d] >= 0) out[w] = undefined;
      else picks[d] = i;
    }
    return out;
  };
  const addRota = (assignments: readonly Assignment[]): void => {
    picksOf(assignments).forEach((picks, w) => {
      if (!picks) return;
      const cost = scheduleCost(models[w], picks);
      if (cost !== undefined) addColumn({ worker: w, picks, cost });
    });
  };
  for (const c of firstColumns) addColumn(c);
  for (const rota of options.incumbents ?? []) addRota(rota);

  const price = new Float64Array(K);
  let lastValues: Float64Array | undefined;
  const smoothing = options.smoothing ?? 0.5;
  let center: Float64Array | undefined;
  let centerBound = -Infinity;
  /**
   * The Lagrangian function's terms outside the workers at cover duals pi: pi x preferred, plus each
   * slack at its upper bound when its reduced cost is negative (an unbounded one makes the bound
   * useless), otherwise at its lower bound (which a cover dive may raise).
   */
  const lagrangianBase = (pi: Float64Array): number => {
    let total = 0;
    for (let k = 0; k < K; k++) {
      total += pi[k] * demandOf[k].preferred;
      for (let j = 4 * k; j < 4 * k + 4; j++) {
        const reduced = slackCost[j] - slackSign[j] * pi[k];
        if (reduced < 0) {
          if (slackHigh[j] > 0) total += reduced * slackHigh[j];
        } else total += reduced * slackLower[j];
      }
    }
    return total;
  };
  /** A column's cost less the prices of the cover rows it fills. */
  const pricedCost = (w: number, picks: Int32Array, cost: number, prices: Float64Array): number => {
    let priced = cost;
    const days = models[w].days;
    for (let d = 0; d < picks.length; d++) if (picks[d] >= 0) priced -= prices[days[d][picks[d]].slotRole];
    return priced;
  };
  /** A column's cost less the duals of its cover rows and of its worker's row. */
  const reducedCost = (w: number, picks: Int32Array, cost: number, duals: Float64Array): number =>
    pricedCost(w, picks, cost, duals) - duals[K + w];
  /** Each worker's cheapest open column at these prices: pricing need only look below it. */
  const ceilingsAt = (prices: Float64Array): Float64Array => {
    const ceiling = new Float64Array(W).fill(Infinity);
    columns.forEach((c, j) => {
      if (!columnOpen[j]) return;
      const priced = pricedCost(c.worker, c.picks, c.cost, prices);
      if (priced < ceiling[c.worker]) ceiling[c.worker] = priced;
    });
    return ceiling;
  };
  /** Column generation at one node: to convergence, until the deadline, or until the bound prunes. */
  const generate = (
    restrictionOf: (w: number) => Restriction | undefined,
    deadline: number | undefined,
    cutoff: number | undefined,
    onRound?: (lpValue: number, bound: number | undefined) => void,
    maxRounds = Infinity,
  ): {
    status: 'infeasible' | 'optimal' | 'partial' | 'stopped' | 'pruned';
    lpValue: number;
    bound: number | undefined;
    values?: Float64Array;
    /** With 'optimal': the LP's duals, under which pricing found no column with negative reduced cost. */
    duals?: Float64Array;
  } => {
    const late = (): boolean => deadline !== undefined && clock !== undefined && clock() >= deadline;
    let bound: number | undefined;
    let lpValue = Number.NaN;
    for (let round = 0; !late(); round++) {
      const lp = session.solveLp(deadline === undefined || !clock ? undefined : Math.max(0.05, (deadline - clock()) / 1000));
      if (lp.status !== 'optimal') {
        return { status: 'stopped', lpValue, bound };
      }
      lpValue = lp.objective;
      lastValues = lp.columnValues;
      iterations++;
      const duals = lp.rowDuals;
      // Wentges smoothing: price at a point between the best-bound duals so far and the LP's, which
      // damps the oscillation of the duals; when that finds nothing the LP's own duals decide.
      let weight = center ? smoothing : 0;
      let added = 0;
      let complete = true;
      // Pricing that answered for a relaxation (a cap past its state budget) still bounds, but an LP
      // with no column to add is then not proven optimal.
      let exact = true;
      for (;;) {
        exact = true;
        for (let k = 0; k < K; k++) price[k] = weight * (center ? center[k] : 0) + (1 - weight) * duals[k];
        const ceiling = ceilingsAt(price);
        let lagrangian = lagrangianBase(price);
        added = 0;
        for (let w = 0; w < W; w++) {
          if (late()) {
            complete = false;
            break;
          }
          const open = Number.isFinite(ceiling[w]);
          const answer = priceSchedules(models[w], { price, count: perWorker, restriction: restrictionOf(w), ceiling: open ? ceiling[w] : undefined, late });
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
            if (reducedCost(w, sch.picks, cost, duals) < -1e-7 && addColumn({ worker: w, picks: sch.picks, cost })) added++;
          }
        }
        if (!complete) break;
        // Any duals give a valid Lagrangian bound; the best one becomes the smoothing centre.
        if (lagrangian > centerBound) {
          centerBound = lagrangian;
          center = price.slice();
        }
        bound = Math.max(bound ?? -Infinity, lagrangian);
        if (added > 0 || weight === 0) break;
        weight = 0;
      }
      if (!complete) break;
      onRound?.(lpValue, bound);
      if (added === 0 && exact) return { status: 'optimal', lpValue, bound: Math.max(bound ?? lpValue, lpValue), values: lp.columnValues, duals };
      // Nothing to add but some pricing relaxed: the LP stands, the Lagrangian bound alone is proven.
      if (added === 0) return { status: 'partial', lpValue, bound, values: lp.columnValues };
      if (bound === undefined) continue;
      if (cutoff !== undefined && roundUp(bound) >= cutoff) return { status: 'pruned', lpValue, bound };
      // The LP solution of this round stands (columns added since are unused in it).
      if (round + 1 >= maxRounds) return { status: 'partial', lpValue, bound, values: lp.columnValues };
    }
    return { status: 'stopped', lpValue, bound };
  };
  // Objectives are whole numbers when every cost is: a bound then rounds up.
  const roundUp = (x: number): number => (integral ? Math.ceil(x - 1e-6) : x);
  integral &&= demandOf.every((d) => Number.isInteger(d.under) && Number.isInteger(d.over));

  let iterations = 0;
  const root = generate(() => undefined, options.timeLimitMs === undefined || !clock ? undefined : t0 + options.timeLimitMs, options.upperBound, (lp, b) =>
    options.onIteration?.({ iteration: iterations, lpValue: lp, lowerBound: b ?? Number.NaN, columns: columns.length }),
  );
  const rootDuals = root.duals && Float64Array.from(root.duals);
  const lowerBound = root.bound;
  const lpValue = root.lpValue;
  const converged = root.status === 'optimal';
  /** The soft shortfall and excess slacks whose LP values are fractional, and how far from whole. */
  const fractionalSoftSlacks = (values: Float64Array): { slack: number; score: number }[] => {
    const out: { slack: number; score: number }[] = [];
    for (let k = 0; k < K; k++) {
      for (const j of [4 * k, 4 * k + 2]) {
        const frac = values[j] - Math.floor(values[j]);
        if (frac < 1e-6 || frac > 1 - 1e-6) continue;
        out.push({ slack: j, score: Math.min(frac, 1 - frac) });
      }
    }
    return out;
  };
  /** The soft slack whose LP value is furthest from a whole number (the first of ties), or -1. */
  const mostFractionalSlack = (values: Float64Array): number => {
    let slack = -1;
    let slackScore = -1;
    for (const f of fractionalSoftSlacks(values)) {
      if (f.score > slackScore + 1e-9) {
        slackScore = f.score;
        slack = f.slack;
      }
    }
    return slack;
  };
  const fractionalSlacks = converged && root.values ? fractionalSoftSlacks(root.values).length : 0;
  const coverFractional = fractionalSlacks > 0;

  const solveInteger = (timeLimitSeconds: number, start?: readonly Assignment[]) => {
    const integer = columnIndex.slice();
    let startValues: Float64Array | undefined;
    if (start) {
      addRota(start);
      const picks = picksOf(start);
      const chosen = new Set<string>();
      picks.forEach((p, w) => p && chosen.add(`${w}:${p.join(',')}`));
      if (chosen.size === W) {
        startValues = new Float64Array(slackCount + columns.length);
        const filled = new Float64Array(K);
        columns.forEach((c, j) => {
          if (!chosen.has(`${c.worker}:${c.picks.join(',')}`)) return;
          startValues![columnIndex[j]] = 1;
          c.picks.forEach((i, d) => i >= 0 && filled[models[c.worker].days[d][i].slotRole]++);
        });
        for (let k = 0; k < K; k++) {
          const d = demandOf[k];
          const under = Math.max(0, d.preferred - filled[k]);
          const over = Math.max(0, filled[k] - d.preferred);
          const softUnder = Math.min(under, Math.max(0, d.preferred - d.min));
          const softOver = Math.min(over, Math.max(0, d.max - d.preferred));
          startValues[4 * k] = softUnder;
          startValues[4 * k + 1] = under - softUnder;
          startValues[4 * k + 2] = softOver;
          startValues[4 * k + 3] = over - softOver;
        }
      }
    }
    const all = columnIndex.slice();
    const r = session.solveMip(all.length === integer.length ? integer : all, { timeLimitSeconds, start: startValues });
    if (r.status !== 'optimal' && r.status !== 'feasible') return undefined;
    const assignments: Assignment[] = [];
    columns.forEach((c, j) => {
      if (!(r.columnValues[columnIndex[j]] >= 0.5)) return;
      const m = models[c.worker];
      c.picks.forEach((i, d) => {
        if (i < 0) return;
        const o = m.days[d][i];
        assignments.push({ slotId: problem.slots[o.slot].id, roleId: problem.slots[o.slot].roles[o.role].roleId, workerId: problem.workers[c.worker].id });
      });
    });
    return { assignments, status: r.status, bound: r.bound };
  };

  const H = problem.days.length;
  let stride = 1;
  for (const m of models) for (const day of m.days) stride = Math.max(stride, day.length);
  /**
   * The objective of an integral master solution: its columns' costs plus each shift's true shortfall
   * or excess. The LP's own value can overstate it when slack bounds hold a shortfall the rota does
   * not have (a cover dive's placement), since the slacks must then cancel out at a price.
   */
  const objectiveOf = (values: Float64Array): number => {
    const filled = new Float64Array(K);
    let total = 0;
    columns.forEach((c, j) => {
      if (!(values[columnIndex[j]] >= 0.5)) return;
      total += c.cost;
      const days = models[c.worker].days;
      c.picks.forEach((i, d) => {
        if (i >= 0) filled[days[d][i].slotRole]++;
      });
    });
    for (let k = 0; k < K; k++) {
      const gap = filled[k] - demandOf[k].preferred;
      const j = gap < 0 ? 4 * k : 4 * k + 2;
      const size = Math.abs(gap);
      const soft = Math.min(size, slackUpper[j]);
      total += soft * slackCost[j] + (size - soft) * HARD_COVER_SLACK;
    }
    return integral ? Math.round(total) : total;
  };
  /** Each worker's most used open column in these LP values (-1 when none) and its share. */
  const mostUsedColumns = (values: Float64Array): { readonly column: Int32Array; readonly share: Float64Array } => {
    const column = new Int32Array(W).fill(-1);
    const share = new Float64Array(W).fill(-1);
    columns.forEach((c, j) => {
      const v = values[columnIndex[j]] ?? 0;
      if (columnOpen[j] && v > share[c.worker]) {
        share[c.worker] = v;
        column[c.worker] = j;
      }
    });
    return { column, share };
  };
  /** Those columns at 1, everything else at 0: the LP rounded. */
  const roundedValues = (column: Int32Array): Float64Array => {
    const out = new Float64Array(slackCount + columns.length);
    for (const j of column) if (j >= 0) out[columnIndex[j]] = 1;
    return out;
  };
  const rotaOfValues = (values: Float64Array): Assignment[] => {
    const assignments: Assignment[] = [];
    columns.forEach((c, j) => {
      if (!(values[columnIndex[j]] >= 0.5)) return;
      const m = models[c.worker];
      c.picks.forEach((i, d) => {
        if (i < 0) return;
        const o = m.days[d][i];
        assignments.push({ slotId: problem.slots[o.slot].id, roleId: problem.slots[o.slot].roles[o.role].roleId, workerId: problem.workers[c.worker].id });
      });
    });
    return assignments;
  };
  /**
   * use[(w * H + d) * (stride + 1) + o]: the LP's share of worker w working option o on day d, with
   * o = stride for the day off. Returns whether any column is used fractionally.
   */
  const use = new Float64Array(W * H * (stride + 1));
  const lpUse = (values: Float64Array): boolean => {
    use.fill(0);
    let fractional = false;
    columns.forEach((c, j) => {
      const v = values[columnIndex[j]];
      if (!(v > 1e-9)) return;
      if (v < 1 - 1e-6) fractional = true;
      c.picks.forEach((o, d) => {
        use[(c.worker * H + d) * (stride + 1) + (o < 0 ? stride : o)] += v;
      });
    });
    return fractional;
  };
  /** A deadline this far from now on the injected clock (none without a limit or a clock). */
  const timer = (limitMs: number | undefined): { deadline: number | undefined; late: () => boolean } => {
    const deadline = limitMs === undefined || !clock ? undefined : clock() + limitMs;
    return { deadline, late: () => deadline !== undefined && clock!() >= deadline };
  };
  /** Opens the columns that keep the decisions and closes the rest. */
  const applyRestrictions = (restrictionOf: (w: number) => Restriction | undefined): void => {
    columns.forEach((c, j) => {
      const r = restrictionOf(c.worker);
      const open = !columnRetired[j] && (!r || keepsRestriction(c.picks, r)) ? 1 : 0;
      if (columnOpen[j] === open) return;
      session.setColumnBounds(columnIndex[j], 0, open ? Infinity : 0);
      columnOpen[j] = open;
    });
  };
  /** Every worker needs an open column; false when some worker has no rota under the decisions. */
  const ensureColumns = (restrictionOf: (w: number) => Restriction | undefined): boolean => {
    const hasOpen = new Uint8Array(W);
    columns.forEach((c, j) => {
      if (columnOpen[j]) hasOpen[c.worker] = 1;
    });
    for (let w = 0; w < W; w++) {
      if (hasOpen[w]) continue;
      const [s] = priceSchedules(models[w], { restriction: restrictionOf(w) }).schedules;
      if (!s) return false;
      addColumn({ worker: w, picks: s.picks, cost: scheduleCost(models[w], s.picks)! });
    }
    return true;
  };
  interface Decision {
    readonly w: number;
    readonly d: number;
    readonly o: number;
    readonly up: boolean;
  }
  /** Bounds on one slack column: how many may be short (or over) on one shift. */
  interface SlackBound {
    readonly slack: number;
    readonly lo: number;
    readonly hi: number;
  }
  const applySlacks = (bounds: readonly SlackBound[]): void => {
    const lo = new Float64Array(slackCount);
    const hi = Float64Array.from(slackUpper);
    for (const b of bounds) {
      lo[b.slack] = Math.max(lo[b.slack], b.lo);
      hi[b.slack] = Math.min(hi[b.slack], b.hi);
    }
    for (let j = 0; j < slackCount; j++) {
      const high = Math.max(lo[j], hi[j]);
      if (slackLower[j] === lo[j] && slackHigh[j] === high) continue;
      slackLower[j] = lo[j];
      slackHigh[j] = high;
      session.setColumnBounds(j, lo[j], high);
    }
  };
  const restrictionsOf = (decisions: readonly Decision[], base?: ReadonlyMap<number, Int32Array>): Map<number, Restriction> => {
    const out = new Map<number, { forced: Int32Array; banned: number[][] }>();
    for (const [w, picks] of base ?? []) {
      out.set(w, { forced: Int32Array.from(picks, (p) => (p < 0 ? -2 : p)), banned: Array.from({ length: H }, () => []) });
    }
    for (const x of decisions) {
      let r = out.get(x.w);
      if (!r) {
        r = { forced: new Int32Array(H).fill(-1), banned: Array.from({ length: H }, () => []) };
        out.set(x.w, r);
      }
      if (x.up) r.forced[x.d] = x.o;
      else r.banned[x.d].push(x.o);
    }
    return out;
  };

  const branchAndPrice = (bp: BranchAndPriceOptions): BranchAndPriceResult => {
    // Large-neighbourhood mode: every worker outside freeWorkers keeps their rota in `fixed`.
    let base: Map<number, Int32Array> | undefined;
    if (bp.fixed && bp.freeWorkers) {
      base = new Map();
      const picks = picksOf(bp.fixed);
      for (let w = 0; w < W; w++) {
        if (bp.freeWorkers.has(w)) continue;
        const p = picks[w];
        if (!p || scheduleCost(models[w], p) === undefined) return { nodes: 0, complete: false, best: undefined };
        base.set(w, p);
      }
    }
    const { deadline, late } = timer(bp.timeLimitMs);
    let best = bp.incumbent ?? Infinity;
    const stack: Decision[][] = [[]];
    let nodes = 0;
    let aborted = false;
    while (stack.length > 0) {
      if (late()) {
        aborted = true;
        break;
      }
      const decisions = stack.pop()!;
      const restrictions = restrictionsOf(decisions, base);
      const restrictionOf = (w: number): Restriction | undefined => restrictions.get(w);
      applyRestrictions(restrictionOf);
      if (!ensureColumns(restrictionOf)) continue;
      nodes++;
      const r = generate(restrictionOf, deadline, Number.isFinite(best) ? best : undefined);
      if (r.status === 'infeasible' || r.status === 'pruned') continue;
      if (r.status === 'stopped' || !r.values) {
        aborted = true;
        break;
      }
      if (r.bound !== undefined && roundUp(r.bound) >= best) continue;
      lpUse(r.values);
      let branchKey = -1;
      let branchValue = -Infinity;
      for (let key = 0; key < use.length; key++) {
        const v = use[key];
        if (key % (stride + 1) === stride || v < 1e-6 || v > 1 - 1e-6) continue;
        // The most fractional decision moves the bound most on both sides.
        const score = -Math.abs(v - 0.5);
        if (score > branchValue + 1e-9 || (Math.abs(score - branchValue) <= 1e-9 && key < branchKey)) {
          branchValue = score;
          branchKey = key;
        }
      }
      if (branchKey < 0) {
        // Integral: a rota keeping every per-worker rule.
        const value = objectiveOf(r.values!);
        if (value < best - 1e-9) {
          best = value;
          bp.onIncumbent(rotaOfValues(r.values), value);
        }
        continue;
      }
      const o = branchKey % (stride + 1);
      const wd = (branchKey - o) / (stride + 1);
      const d = wd % H;
      const w = (wd - d) / H;
      // Depth first, the likelier branch (work it) on top.
      stack.push([...decisions, { w, d, o, up: false }]);
      stack.push([...decisions, { w, d, o, up: true }]);
    }
    applyRestrictions(() => undefined);
    return { nodes, complete: !aborted && stack.length === 0, best: Number.isFinite(best) ? best : undefined };
  };

  /**
   * Diving heuristic (Sadykov et al., "Primal heuristics for branch and price", 2019): fix the worker
   * whose column the master LP uses most to that whole rota, re-generate columns, repeat until the
   * LP is integral. Limited discrepancy search also tries the next few candidates near the top.
   */
  const dive = (dv: DiveOptions): DiveResult => {
    const { deadline, late } = timer(dv.timeLimitMs);
    let best = dv.incumbent ?? Infinity;
    let nodes = 0;
    const maxDiscrepancy = dv.maxDiscrepancy ?? 2;
    const maxDepth = dv.maxDiscrepancyDepth ?? 3;
    const nearlyWhole = dv.fixAbove ?? 0.9;
    const stepShare = dv.fixShare ?? 0.1;
    const roundsPerNode = dv.roundsPerNode ?? Infinity;
    const fixedRestriction = (picks: Int32Array): Restriction => ({
      forced: Int32Array.from(picks, (p) => (p < 0 ? -2 : p)),
      banned: Array.from({ length: H }, () => []),
    });
    const probeRise = dv.probeRise;
    const probeTries = dv.probeTries ?? 3;
    // Returns 'entered' once the node was dived through (or time ran out), otherwise the LP value that
    // kept a probed child out: above `limit`, or Infinity when the child failed or was cut by the bound.
    const visit = (fixed: Map<number, Restriction>, discrepancyLeft: number, depth: number, limit?: number): number | 'entered' => {
      if (late()) return 'entered';
      const restrictionOf = (w: number): Restriction | undefined => fixed.get(w);
      applyRestrictions(restrictionOf);
      if (!ensureColumns(restrictionOf)) return Infinity;
      nodes++;
      const r = generate(restrictionOf, deadline, Number.isFinite(best) ? best : undefined, undefined, roundsPerNode);
      if ((r.status !== 'optimal' && r.status !== 'partial') || !r.values) return r.status === 'stopped' ? 'entered' : Infinity;
      if (r.bound !== undefined && roundUp(r.bound) >= best) return Infinity;
      if (limit !== undefined && roundUp(r.lpValue) > limit + 1e-6) return r.lpValue;
      const next = new Map(fixed);
      const candidates: { j: number; v: number }[] = [];
      columns.forEach((c, j) => {
        const v = r.values![columnIndex[j]];
        if (!(v > 1e-6) || next.has(c.worker)) return;
        // A column used whole is fixed without a choice being made.
        if (v > 1 - 1e-6) next.set(c.worker, fixedRestriction(c.picks));
        else candidates.push({ j, v });
      });
      const open = candidates.filter((c) => !next.has(columns[c.j].worker));
      if (open.length === 0) {
        const value = objectiveOf(r.values!);
        if (value < best - 1e-9) {
          best = value;
          dv.onIncumbent(rotaOfValues(r.values), value);
        }
        return 'entered';
      }
      open.sort((a, b) => b.v - a.v || a.j - b.j);
      const tries = depth < maxDepth ? Math.min(open.length, 1 + discrepancyLeft) : 1;
      const probing = probeRise !== undefined && tries === 1;
      const childOf = (i: number): Map<number, Restriction> => {
        const child = new Map(next);
        child.set(columns[open[i].j].worker, fixedRestriction(columns[open[i].j].picks));
        // Columns the LP nearly settles on go with it, and with many workers the next strongest few as
        // well, so a dive takes a handful of steps rather than one per worker. With a doubt budget the
        // few are those whose shares of doubt (1 - use) fit in it: many when the LP is nearly whole,
        // one at a time when it wavers.
        let extra = Math.max(0, Math.ceil((W - next.size) * stepShare) - 1);
        let doubt = 1 - open[i].v;
        for (const other of open) {
          const oc = columns[other.j];
          if (child.has(oc.worker)) continue;
          if (other.v >= nearlyWhole) child.set(oc.worker, fixedRestriction(oc.picks));
          else if (dv.maxDoubt !== undefined ? doubt + (1 - other.v) <= dv.maxDoubt + 1e-9 : extra > 0) {
            child.set(oc.worker, fixedRestriction(oc.picks));
            doubt += 1 - other.v;
            extra--;
          }
        }
        return child;
      };
      const seenWorkers = new Set<string>();
      const distinct = (i: number): boolean => {
        const c = columns[open[i].j];
        const key = `${c.worker}:${c.picks.join(',')}`;
        if (seenWorkers.has(key)) return false;
        seenWorkers.add(key);
        return true;
      };
      if (probing) {
        // A fix that raises the LP by much (a shift's cover lost) is probed against the next few
        // candidates, and the dive goes on from the child whose LP rose least.
        const parentLimit = roundUp(r.lpValue) + probeRise;
        let bestChild: Map<number, Restriction> | undefined;
        let bestLp = Infinity;
        for (let i = 0, probes = 0; i < open.length && probes < probeTries; i++) {
          if (!distinct(i)) continue;
          const child = childOf(i);
          const out = visit(child, 0, depth + 1, parentLimit);
          if (out === 'entered') return 'entered';
          probes++;
          if (out < bestLp) {
            bestLp = out;
            bestChild = child;
          }
          if (late()) return 'entered';
        }
        if (bestChild) visit(bestChild, 0, depth + 1);
        return 'entered';
      }
      for (let i = 0, used = 0; i < open.length && used < tries; i++) {
        if (!distinct(i)) continue;
        visit(childOf(i), discrepancyLeft - used, depth + 1);
        used++;
        if (late()) return 'entered';
      }
      return 'entered';
    };
    visit(new Map(), maxDiscrepancy, 0);
    applyRestrictions(() => undefined);
    return { nodes, best: Number.isFinite(best) ? best : undefined };
  };

  /**
   * Diving on day decisions: fix (worker, day) to the option (or day off) the master LP uses most,
   * many at a time, re-generate columns, repeat until the LP is integral. Far gentler than fixing whole
   * rotas: a worker keeps every other day free for pricing to re-plan around the fixes. A step that
   * raises the LP value is taken back and retried with half as many uncertain fixes.
   */
  const diveDays = (dv: DayDiveOptions): DiveResult => {
    const { deadline, late } = timer(dv.timeLimitMs);
    let best = dv.incumbent ?? Infinity;
    let nodes = 0;
    const fixAbove = dv.fixAbove ?? 0.99;
    const share = dv.fixShare ?? 0.2;
    const roundsPerNode = dv.roundsPerNode ?? Infinity;
    let forced: Int32Array[] = Array.from({ length: W }, () => new Int32Array(H).fill(-1));
    const noBans: number[][] = Array.from({ length: H }, () => []);
    const restrictionOf = (w: number): Restriction => ({ forced: forced[w], banned: noBans });
    type Candidate = { readonly w: number; readonly d: number; readonly o: number; readonly v: number };
    // The last step, kept so that a step which raises the LP can be undone and retried smaller.
    let undo: { forced: Int32Array[]; lpValue: number; candidates: Candidate[]; uncertainFixed: number } | undefined;
    const fix = (candidates: readonly Candidate[], uncertainLimit: number): number => {
      // A worker's new fixes stay jointly inside some column the LP uses while their shares of doubt add
      // up to less than one, so the LP after fixing is feasible with the columns it has.
      const doubt = new Float64Array(W);
      let uncertain = 0;
      for (const c of candidates) {
        const certain = c.v >= fixAbove;
        if (!certain && uncertain >= uncertainLimit) break;
        if (doubt[c.w] + (1 - c.v) >= 1 - 1e-9) continue;
        doubt[c.w] += 1 - c.v;
        forced[c.w][c.d] = c.o;
        if (!certain) uncertain++;
      }
      return uncertain;
    };
    while (!late()) {
      applyRestrictions(restrictionOf);
      if (!ensureColumns(restrictionOf)) break;
      nodes++;
      const r = generate(restrictionOf, deadline, Number.isFinite(best) ? best : undefined, undefined, roundsPerNode);
      const failed = (r.status !== 'optimal' && r.status !== 'partial') || !r.values || (r.bound !== undefined && roundUp(r.bound) >= best);
      // With whole-number costs only the rounded-up value counts: the dive's rota costs at least that.
      const rose = failed || roundUp(r.lpValue) > roundUp(undo?.lpValue ?? Infinity) + 1e-6;
      if (undo && rose && undo.uncertainFixed > 1 && !late()) {
        // Too bold a step: take it back and fix half as many uncertain decisions.
        forced = undo.forced.map((f) => f.slice());
        undo.uncertainFixed = fix(undo.candidates, Math.floor(undo.uncertainFixed / 2));
        continue;
      }
      if (failed) break;
      dv.onStep?.({ lpValue: r.lpValue, fixed: forced.reduce((n, f) => n + f.filter((x) => x !== -1).length, 0) });
      if (!lpUse(r.values!)) {
        const value = objectiveOf(r.values!);
        if (value < best - 1e-9) {
          best = value;
          dv.onIncumbent(rotaOfValues(r.values!), value);
        }
        break;
      }
      // Candidates: each free (worker, day) at its most used option (-2: the day off).
      const candidates: Candidate[] = [];
      for (let w = 0; w < W; w++) {
        for (let d = 0; d < H; d++) {
          if (forced[w][d] !== -1 || models[w].forced[d] >= 0) continue;
          const at = (w * H + d) * (stride + 1);
          let o = -1;
          let v = -1;
          for (let i = 0; i <= stride; i++) {
            if (use[at + i] > v + 1e-9) {
              v = use[at + i];
              o = i;
            }
          }
          candidates.push({ w, d, o: o === stride ? -2 : o, v });
        }
      }
      if (candidates.length === 0) break;
      candidates.sort((a, b) => b.v - a.v || a.w - b.w || a.d - b.d);
      const uncertain = candidates.filter((c) => c.v < fixAbove).length;
      const before = forced.map((f) => f.slice());
      const fixed = fix(candidates, Math.max(1, Math.ceil(uncertain * share)));
      undo = { forced: before, lpValue: r.lpValue, candidates, uncertainFixed: fixed };
    }
    applyRestrictions(() => undefined);
    return { nodes, best: Number.isFinite(best) ? best : undefined };
  };

  /** Every soft shortfall and excess held at its whole value in this LP (the hard ones stay free). */
  const placementBounds = (values: Float64Array): SlackBound[] => {
    const out: SlackBound[] = [];
    for (let j = 0; j < slackCount; j++) {
      // Slacks come four per shift: soft short, hard short, soft over, hard over.
      if (j % 2 === 1) continue;
      const v = Math.round(values[j]);
      out.push({ slack: j, lo: v, hi: v });
    }
    return out;
  };
  /**
   * How near a placement's LP is to a whole rota: the objective of its rounding (each worker's most
   * used column), and its doubt (each worker's 1 less that column's share, summed).
   */
  const nearness = (values: Float64Array): { readonly rounded: number; readonly doubt: number } => {
    const { column, share } = mostUsedColumns(values);
    let doubt = 0;
    for (let w = 0; w < W; w++) doubt += 1 - Math.max(0, share[w]);
    return { rounded: objectiveOf(roundedValues(column)), doubt };
  };
  /**
   * The master LP spreads the shortfall over several shifts (on instance 8 of Curtois & Qu, twelve
   * nights short, shared fractionally between six); a dive from there commits to one placement by
   * accident. Here the placements are searched best bound first, by branching on the most fractional
   * shortfall or excess, and each placement with every slack whole gets its own dive. A placement
   * whose LP bound cannot beat the best rota is never dived into.
   */
  const coverDive = (cv: CoverDiveOptions): CoverDiveResult => {
    const { deadline, late } = timer(cv.timeLimitMs);
    let best = cv.incumbent ?? Infinity;
    const open: { bounds: SlackBound[]; bound: number }[] = [{ bounds: [], bound: -Infinity }];
    let nodes = 0;
    let reached = 0;
    let leaves = 0;
    const firstNew = columns.length;
    let gaveUp = false;
    const leafMaxDoubt = cv.leafMaxDoubt ?? 0.6;
    const diveLeaf = (leafMs: number, maxDoubt = leafMaxDoubt): void => {
      dive({
        timeLimitMs: deadline === undefined || !clock ? (Number.isFinite(leafMs) ? leafMs : undefined) : Math.min(leafMs, deadline - clock()),
        incumbent: Number.isFinite(best) ? best : undefined,
        maxDiscrepancy: 0,
        maxDoubt,
        probeRise: cv.leafProbeRise ?? (Number.isFinite(cheapestShortfall) ? cheapestShortfall / 10 : undefined),
        onIncumbent: (assignments, objective) => {
          best = objective;
          cv.onIncumbent(assignments, objective);
        },
      });
    };
    // Placements are gathered in batches and dived into nearest a whole rota first: the LP of a
    // placement that holds a rota near its bound tends to be nearly whole already (see CoverDiveOptions).
    const batchSize = Math.max(1, cv.placementBatch ?? 1);
    let batch: { bounds: SlackBound[]; rounded: number; doubt: number; lpValue: number }[] = [];
    let batchStart = clock ? clock() : 0;
    const diveBatch = (): void => {
      batch.sort((a, b) => a.rounded - b.rounded || a.doubt - b.doubt || a.lpValue - b.lpValue);
      for (let rank = 0; rank < batch.length; rank++) {
        const leaf = batch[rank];
        if (late()) break;
        // The first placements are dived into once per doubt budget: each budget steps through the
        // LP's near-ties differently, and one dive in the right placement is still a draw.
        const budgets = rank < (cv.multiDivePlacements ?? 1) ? (cv.firstPlacementDoubts ?? [leafMaxDoubt]) : [leafMaxDoubt];
        let dives = 0;
        for (const maxDoubt of budgets) {
          if (late() || roundUp(leaf.lpValue) >= best) break;
          applySlacks(leaf.bounds);
          applyRestrictions(() => undefined);
          // The first dive may take what is left, as in the unbatched search.
          diveLeaf(leaves === 0 && dives === 0 ? Infinity : (cv.leafDiveMs ?? 4000), maxDoubt);
          dives++;
        }
        if (dives === 0) continue;
        leaves++;
        cv.onPlacement?.({ lpValue: leaf.lpValue, rounded: leaf.rounded, doubt: leaf.doubt, dives, best: Number.isFinite(best) ? best : undefined });
      }
      batch = [];
      batchStart = clock ? clock() : 0;
    };
    // Gathering stops at half the time left when the batch began, so its dives get the other half.
    const gatheredEnough = (): boolean =>
      batch.length >= batchSize || (deadline !== undefined && clock !== undefined && clock() - batchStart >= (deadline - batchStart) / 2);
    while (open.length > 0 && !late()) {
      if (reached === 0 && nodes >= (cv.maxNodesBeforeLeaf ?? Infinity)) {
        gaveUp = true;
        break;
      }
      let at = 0;
      for (let i = 1; i < open.length; i++) if (open[i].bound < open[at].bound - 1e-9) at = i;
      const [node] = open.splice(at, 1);
      if (roundUp(node.bound) >= best) continue;
      applySlacks(node.bounds);
      applyRestrictions(() => undefined);
      nodes++;
      const r = generate(() => undefined, deadline, Number.isFinite(best) ? best : undefined);
      if (r.status === 'stopped') break;
      if (r.status !== 'optimal' || !r.values) continue;
      if (roundUp(r.bound ?? r.lpValue) >= best) continue;
      const slack = mostFractionalSlack(r.values);
      if (slack >= 0) {
        const v = r.values[slack];
        open.push({ bounds: [...node.bounds, { slack, lo: 0, hi: Math.floor(v) }], bound: r.lpValue });
        open.push({ bounds: [...node.bounds, { slack, lo: Math.ceil(v), hi: Infinity }], bound: r.lpValue });
        continue;
      }
      reached++;
      if (batchSize === 1) {
        // The first placement's dive may take what is left: a dive cut short gives nothing, and on a
        // busy machine 4 s was too little for instance 8's first (the rota then came from elsewhere, 1508).
        diveLeaf(reached === 1 ? Infinity : (cv.leafDiveMs ?? 4000));
        leaves++;
        cv.onPlacement?.({ lpValue: r.lpValue, ...nearness(r.values), dives: 1, best: Number.isFinite(best) ? best : undefined });
        batchStart = clock ? clock() : 0;
        continue;
      }
      batch.push({ bounds: placementBounds(r.values), ...nearness(r.values), lpValue: r.lpValue });
      if (gatheredEnough()) diveBatch();
    }
    if (batch.length > 0) diveBatch();
    if (gaveUp) {
      // Its columns are set aside, so the search after it starts from the columns it found (on
      // instance 7 the rota dive after a cover dive that gave up found 1060-1066 instead of 1057).
      for (let j = firstNew; j < columns.length; j++) {
        columnRetired[j] = 1;
        seen.delete(`${columns[j].worker}:${columns[j].picks.join(',')}`);
      }
    }
    applySlacks([]);
    applyRestrictions(() => undefined);
    return { nodes, leaves, best: best < (cv.incumbent ?? Infinity) ? best : undefined };
  };

  /**
   * At the root's optimal duals no column and no slack has a negative reduced cost (a slack at its
   * upper bound counts from that bound), and a rota costs the root LP value plus the reduced costs of
   * what it uses. So a worker's reduced cost says how far their rota strays from what the LP would
   * pay, and the sum over workers is at most the rota's distance from the bound.
   */
  const reducedCosts = (rota: readonly Assignment[]): Float64Array | undefined => {
    if (!rootDuals) return undefined;
    const out = new Float64Array(W);
    const picks = picksOf(rota);
    for (let w = 0; w < W; w++) {
      const p = picks[w];
      const cost = p ? scheduleCost(models[w], p) : undefined;
      if (!p || cost === undefined) return undefined;
      out[w] = reducedCost(w, p, cost, rootDuals);
    }
    return out;
  };

  /** Each worker's most used column in the last master LP: a legal rota at once (cover aside). */
  const roundLp = (): Assignment[] =>
    rotaOfValues(roundedValues(mostUsedColumns(lastValues ?? new Float64Array(slackCount + columns.length)).column));

  return {
    ok: true,
    state: {
      session,
      models,
      lowerBound,
      lpValue,
      converged,
      coverFractional,
      fractionalSlacks,
      iterations,
      get columnCount() {
        return columns.length;
      },
      addRota,
      roundLp,
      solveInteger,
      reducedCosts,
      coverDive,
      branchAndPrice,
      dive,
      diveDays,
      dispose: () => session.dispose(),
    },
  };
}
