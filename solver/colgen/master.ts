// Column generation over per-worker rotas (Dantzig-Wolfe on the walk models of day-model.ts).
// The master chooses one column (a whole legal rota) per worker; its rows are cover, one per slot-role,
// with paid slack for being under or over the preferred number and a far dearer slack past the hard
// minimum or maximum. Pricing (pricing.ts) finds each worker's cheapest rota under the cover rows' duals.
// Every round gives a Lagrangian lower bound (master LP value plus each worker's most negative reduced
// cost), valid for any rota that breaks no hard rule; at convergence it is the LP bound of the column
// formulation, usually far tighter than the compact MILP's. runColumnGeneration solves the root and
// returns the searches over the master (dives, the cover dive, branch and price, the integer master).

import type { Assignment, Problem } from '../model.ts';
import type { LpSession, LpSessionFactory } from '../milp/backend.ts';
import { branchAndPrice, type BranchAndPriceOptions, type BranchAndPriceResult } from './branch-and-price.ts';
import { coverDive, type CoverDiveOptions, type CoverDiveResult } from './cover-dive.ts';
import { buildDayModels, type DayModels, type WorkerDayModel } from './day-model.ts';
import { DayDiver, diveDays, type DayDiveOptions } from './day-dive.ts';
import { dive, type DiveOptions, type DiveResult } from './dive.ts';
import { generate, type NodeLp, type PartialPricing } from './generate.ts';
import { solveInteger, type IntegerMasterResult } from './integer-master.ts';
import { HARD_COVER_SLACK } from './master-cover.ts';
import { MasterLp } from './master-lp.ts';
import { priceSchedules } from './pricing.ts';
import { fitsPricingBudget } from './pricing-layout.ts';
import { scheduleCost } from './schedule-rules.ts';

export type { BranchAndPriceOptions, BranchAndPriceResult } from './branch-and-price.ts';
export type { CoverDiveOptions, CoverDiveResult } from './cover-dive.ts';
export type { DayDiveOptions } from './day-dive.ts';
export type { DiveOptions, DiveResult } from './dive.ts';

export interface ColumnGenerationOptions {
  readonly clock?: () => number;
  /** Stop generating columns after this long (the integer master has its own limit). */
  readonly timeLimitMs?: number;
  /** Rotas whose per-worker parts become columns (and the integer master's start). */
  readonly incumbents?: readonly (readonly Assignment[])[];
  /** Columns added per worker per round at most. Default 3. */
  readonly columnsPerWorker?: number;
  /** A known rota's soft score: generation stops once the bound proves it optimal. */
  readonly upperBound?: number;
  /** Wentges smoothing of the duals, 0 (none) to below 1. Default 0.5. */
  readonly smoothing?: number;
  /** Partial pricing at the root (generate.ts). Undefined: every worker every round. */
  readonly partialPricing?: PartialPricing;
  /**
   * The first columns (every worker priced with no prices, one full round's work) may take at most
   * this share of timeLimitMs; past it, a worker the incumbents cover takes their column alone, and
   * the pace of that pricing stands for a full round's, so with partial pricing even the first round
   * may stop early. Undefined: every worker is priced whatever it costs.
   */
  readonly firstPricingShare?: number;
  /** Called after every pricing round; true ends the root there (unconverged, the round's LP stands). */
  readonly onIteration?: (event: RootRound) => boolean | void;
  /** Told once the first columns are in, whether their pricing was cut by its share (firstPricingShare). */
  readonly onFirstColumns?: (cut: boolean) => void;
  /** Read as the root runs, inside its rounds too: true ends it where it is (unconverged, the last LP stands). */
  readonly stop?: () => boolean;
  /** The problem's day models when the caller built them already (buildDayModels): not built again. */
  readonly dayModels?: DayModels;
}

/** What a round of the root says to its caller. */
export interface RootRound {
  readonly iteration: number;
  readonly lpValue: number;
  readonly lowerBound: number;
  readonly columns: number;
  /** The first columns' pricing was cut by its share: one full round costs more than the root can
   *  repeat the 30-50 times that roots converging take: this root is not expected to converge. */
  readonly firstCut: boolean;
  /** Each worker's most used column in this round's LP (as `ColumnGenerationState.roundLp`). */
  roundLp(): Assignment[];
}

export interface ColumnGenerationState {
  readonly session: LpSession;
  readonly models: readonly WorkerDayModel[];
  /**
   * Best Lagrangian bound of the root on the soft score of any rota that breaks no hard rule
   * (undefined until every worker was priced once). Less half a point per cover row whose weight is
   * not a whole number, since the catalogue rounds each breach.
   */
  readonly lowerBound: number | undefined;
  readonly lpValue: number;
  readonly converged: boolean;
  /** The converged root LP leaves some shift short or over by a fraction (cover dives can help). */
  readonly coverFractional: boolean;
  /** How many shortfalls and excesses the converged root LP leaves fractional (0 when none). */
  readonly fractionalSlacks: number;
  readonly iterations: number;
  readonly columnCount: number;
  /** Workers priced for the first columns (the others took the incumbents' only). */
  readonly firstPriced: number;
  /** Each worker's most used column in the last master LP: a rota that keeps every per-worker rule. */
  roundLp(): Assignment[];
  /** Adds the per-worker parts of a rota as columns (those that keep the worker's rules). */
  addRota(assignments: readonly Assignment[]): void;
  /** Branch and price (branch-and-price.ts). */
  branchAndPrice(options: BranchAndPriceOptions): BranchAndPriceResult;
  /** Diving on whole rotas (dive.ts). */
  dive(options: DiveOptions): DiveResult;
  /** Diving on (worker, day) decisions (day-dive.ts). */
  diveDays(options: DayDiveOptions): DiveResult;
  /** A day dive to run in slices (day-dive.ts). */
  dayDiver(options: DayDiveOptions): DayDiver;
  /** The cover first, then dives inside each placement (cover-dive.ts). */
  coverDive(options: CoverDiveOptions): CoverDiveResult;
  /**
   * Each worker's reduced cost at the root's optimal duals, for the rota's part of that worker
   * (undefined without a converged root, or when some worker's part breaks their rules).
   */
  reducedCosts(rota: readonly Assignment[]): Float64Array | undefined;
  /** The integer master over all columns so far: the best rota it finds within the limit. */
  solveInteger(timeLimitSeconds: number, start?: readonly Assignment[]): IntegerMasterResult | undefined;
  dispose(): void;
}

export type ColumnGenerationOutcome =
  | { readonly ok: true; readonly state: ColumnGenerationState }
  | { readonly ok: false; readonly reason: string };

export function runColumnGeneration(problem: Problem, factory: LpSessionFactory, options: ColumnGenerationOptions = {}): ColumnGenerationOutcome {
  // Building them takes about a second on a year of 150 workers and 32 types.
  const built = options.dayModels ?? buildDayModels(problem);
  if (!built.ok) return built;
  const models = built.models;
  const clock = options.clock;
  const t0 = clock ? clock() : 0;
  const timeUp = (): boolean => options.timeLimitMs !== undefined && clock !== undefined && clock() - t0 >= options.timeLimitMs;
  const tooBig = models.find((m) => !fitsPricingBudget(m));
  if (tooBig) return { ok: false, reason: `worker ${problem.workers[tooBig.worker].id}: pricing would pass its state budget` };
  const master = new MasterLp(problem, models, factory.createLpSession(), clock, options.columnsPerWorker ?? 3, options.smoothing ?? 0.5);
  const firstBudgetMs = options.firstPricingShare === undefined || options.timeLimitMs === undefined ? Infinity : options.firstPricingShare * options.timeLimitMs;
  const first = addFirstColumns(master, options.incumbents ?? [], timeUp, firstBudgetMs);
  if (!first.ok) {
    master.dispose();
    return first;
  }
  options.onFirstColumns?.(first.paceMs !== undefined);
  // A first pricing cut short by its budget says what a full round costs before any round ran.
  const partialPricing = options.partialPricing && first.paceMs !== undefined ? { ...options.partialPricing, paceMs: first.paceMs } : options.partialPricing;

  const roundLp = (): Assignment[] => master.rotaOfValues(master.roundedValues(master.mostUsedColumns(master.lastValues ?? new Float64Array(master.slackCount + master.columns.length)).column));
  // A first pricing whose pace says one full round takes the root's whole time or more: no round can
  // price every worker even once, so the root cannot bound, and its first LP (a year of cover rows
  // under many types) is a solve of seconds that nothing stops. It ends at its first columns.
  const noRound = first.paceMs !== undefined && options.timeLimitMs !== undefined && first.paceMs >= options.timeLimitMs;
  const root: NodeLp = noRound ? { status: 'stopped', lpValue: Number.NaN, bound: undefined } : generate(master, {
    restrictionOf: () => undefined,
    deadline: options.timeLimitMs === undefined || !clock ? undefined : t0 + options.timeLimitMs,
    cutoff: options.upperBound,
    partialPricing,
    stop: options.stop,
    onRound: (lp, b) =>
      options.onIteration?.({ iteration: master.iterations, lpValue: lp, lowerBound: b ?? Number.NaN, columns: master.columns.length, firstCut: first.paceMs !== undefined, roundLp }),
  });
  const rootDuals = root.duals && Float64Array.from(root.duals);
  const converged = root.status === 'optimal';
  const fractionalSlacks = converged && root.values ? master.fractionalSoftSlacks(root.values).length : 0;
  const iterations = master.iterations;
  return {
    ok: true,
    state: {
      session: master.session,
      models,
      lowerBound: root.bound === undefined ? undefined : root.bound - 0.5 * master.fractionalRows,
      lpValue: root.lpValue,
      converged,
      coverFractional: fractionalSlacks > 0,
      fractionalSlacks,
      iterations,
      firstPriced: first.priced,
      get columnCount() {
        return master.columns.length;
      },
      addRota: (a) => master.addRota(a),
      roundLp,
      solveInteger: (seconds, start) => solveInteger(master, seconds, start),
      reducedCosts: (rota) => reducedCosts(master, rootDuals, rota),
      coverDive: (o) => coverDive(master, o),
      branchAndPrice: (o) => branchAndPrice(master, o),
      dive: (o) => dive(master, o),
      diveDays: (o) => diveDays(master, o),
      dayDiver: (o) => new DayDiver(master, o),
      dispose: () => master.dispose(),
    },
  };
}

/**
 * Every worker's cheapest legal rota, the master's first columns: a worker with none means no rota of
 * the problem keeps every hard rule. When a worker's pricing answers for a relaxation (past its state
 * or label budget) and finds no legal rota, a column from the incumbents will do; without one the
 * worker gets a placeholder (every day off) priced like a broken hard rule, so the master has a
 * column for everyone and its Lagrangian bound still holds; a rota that uses it is rescored (and
 * refused) by the catalogue like any other.
 *
 * Once this pricing has taken `budgetMs`, a worker the incumbents cover is no longer priced: the
 * incumbents' column is theirs alone. Pricing everyone with no prices is the work of one full round,
 * and a root whose one round costs a large share of its time has no room for the 30-50 full rounds
 * that roots converging take; its time goes further on rounds that may stop early. `paceMs` (then
 * set) is a full round's pricing at the pace this one had; where the budget is never reached the
 * columns, their order and so the whole root are what they were without one.
 */
function addFirstColumns(
  master: MasterLp,
  incumbents: readonly (readonly Assignment[])[],
  late: () => boolean,
  budgetMs: number,
): { ok: true; priced: number; paceMs?: number } | { ok: false; reason: string } {
  const { clock } = master;
  const covered = coveredWorkers(master, incumbents);
  // With no budget the clock is not read here at all (a clock that counts its readings sees none).
  const budgeted = Number.isFinite(budgetMs) && clock !== undefined;
  const start = budgeted ? clock() : 0;
  const spent = (): number => (budgeted ? clock() - start : 0);
  const relaxed: number[] = [];
  let priced = 0;
  let stoppedAtBudget = 0;
  let cut = false;
  for (const m of master.models) {
    if (budgeted && covered[m.worker] && spent() >= budgetMs) {
      cut = true;
      continue;
    }
    // One worker the incumbent covers may not take the whole budget alone either: over a long horizon
    // with many types one worker's pricing can take many times it (seconds), and a round of such
    // pricing cannot fit the root's time. Stopped there, the incumbent's column stands for them.
    const from = spent();
    const ownBudget = budgeted && covered[m.worker];
    const answer = priceSchedules(m, { late: ownBudget ? () => late() || spent() - from >= budgetMs : late });
    if (answer.stopped && ownBudget && !late()) {
      stoppedAtBudget++;
      cut = true;
      continue;
    }
    priced++;
    if (answer.stopped) return { ok: false, reason: 'out of time (or past the label budget) pricing a first rota' };
    const [best] = answer.schedules;
    if (best) master.addColumn({ worker: m.worker, picks: best.picks, cost: best.cost });
    else if (answer.exact) return { ok: false, reason: `worker ${master.problem.workers[m.worker].id} has no rota that keeps their rules` };
    else relaxed.push(m.worker);
  }
  // A worker stopped at the budget took at least that long: the pace of a full round is at least this.
  const paceMs = cut && priced + stoppedAtBudget > 0 ? (spent() / (priced + stoppedAtBudget)) * master.W : undefined;
  for (const rota of incumbents) master.addRota(rota);
  const hasColumn = new Set(master.columns.map((c) => c.worker));
  for (const w of relaxed) {
    if (!hasColumn.has(w)) master.addColumn({ worker: w, picks: new Int32Array(master.H).fill(-1), cost: HARD_COVER_SLACK });
  }
  return { ok: true, priced, paceMs };
}

/** Whether some incumbent's part of each worker keeps the worker's rules (is a column). */
function coveredWorkers(master: MasterLp, incumbents: readonly (readonly Assignment[])[]): boolean[] {
  const out = new Array<boolean>(master.W).fill(false);
  for (const rota of incumbents) {
    master.picksOf(rota).forEach((picks, w) => {
      if (picks && scheduleCost(master.models[w], picks) !== undefined) out[w] = true;
    });
  }
  return out;
}

/**
 * At the root's optimal duals no column and no slack has a negative reduced cost (a slack at its
 * upper bound counts from that bound), and a rota costs the root LP value plus the reduced costs of
 * what it uses. So a worker's reduced cost says how far their rota strays from what the LP would
 * pay, and the sum over workers is at most the rota's distance from the bound.
 */
function reducedCosts(master: MasterLp, rootDuals: Float64Array | undefined, rota: readonly Assignment[]): Float64Array | undefined {
  if (!rootDuals) return undefined;
  const out = new Float64Array(master.W);
  const picks = master.picksOf(rota);
  for (let w = 0; w < master.W; w++) {
    const p = picks[w];
    const cost = p ? scheduleCost(master.models[w], p) : undefined;
    if (!p || cost === undefined) return undefined;
    out[w] = master.reducedCost(w, p, cost, rootDuals);
  }
  return out;
}
