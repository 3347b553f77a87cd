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
import { priceWorker, scheduleCost } from './pricing.ts';

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
  /** Called after every pricing round. */
  readonly onIteration?: (event: { readonly iteration: number; readonly lpValue: number; readonly lowerBound: number; readonly columns: number }) => void;
}

export interface ColumnGenerationState {
  readonly session: LpSession;
  readonly models: readonly WorkerDayModel[];
  /** Best Lagrangian bound found (undefined until every worker was priced once). */
  readonly lowerBound: number | undefined;
  readonly lpValue: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly columnCount: number;
  /** Adds the per-worker parts of a rota as columns (those that keep the worker's rules). */
  addRota(assignments: readonly Assignment[]): void;
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

  // Every worker needs one legal rota, or no rota of the problem is legal.
  const firstColumns: Column[] = [];
  for (const m of models) {
    const [best] = priceWorker(m, undefined, 1);
    if (!best) return { ok: false, reason: `worker ${problem.workers[m.worker].id} has no rota that keeps their rules` };
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
  // Slack columns: filled + under - over = preferred; past the hard limits the slack is dear.
  for (let k = 0; k < K; k++) {
    const d = demandOf[k];
    const softUnder = Math.max(0, d.preferred - d.min);
    const softOver = Math.max(0, d.max - d.preferred);
    session.addColumn(d.under, 0, softUnder, [k], [1]);
    session.addColumn(HARD_COVER_SLACK, 0, Infinity, [k], [1]);
    session.addColumn(d.over, 0, softOver, [k], [-1]);
    session.addColumn(HARD_COVER_SLACK, 0, Infinity, [k], [-1]);
  }
  const slackCount = 4 * K;

  const columns: Column[] = [];
  const columnIndex: number[] = [];
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

  let lowerBound: number | undefined;
  let lpValue = Number.NaN;
  let converged = false;
  let iterations = 0;
  const price = new Float64Array(K);
  while (!timeUp()) {
    const lp = session.solveLp(options.timeLimitMs === undefined || !clock ? undefined : Math.max(0.05, (options.timeLimitMs - (clock() - t0)) / 1000));
    if (lp.status !== 'optimal') break;
    lpValue = lp.objective;
    iterations++;
    for (let k = 0; k < K; k++) price[k] = lp.rowDuals[k];
    let reduced = 0;
    let added = 0;
    let priced = 0;
    for (let w = 0; w < W; w++) {
      if (timeUp()) break;
      const mu = lp.rowDuals[K + w];
      const found = priceWorker(models[w], price, perWorker);
      priced++;
      if (found.length === 0) continue;
      reduced += Math.min(0, found[0].cost - mu);
      for (const s of found) {
        if (s.cost - mu >= -1e-7) break;
        const cost = scheduleCost(models[w], s.picks);
        if (cost === undefined) throw new Error(`pricing returned an illegal rota for worker ${problem.workers[w].id}`);
        if (addColumn({ worker: w, picks: s.picks, cost })) added++;
      }
    }
    if (priced === W) {
      const bound = lpValue + reduced;
      lowerBound = lowerBound === undefined ? bound : Math.max(lowerBound, bound);
    }
    options.onIteration?.({ iteration: iterations, lpValue, lowerBound: lowerBound ?? Number.NaN, columns: columns.length });
    if (priced === W && added === 0) {
      converged = true;
      lowerBound = Math.max(lowerBound ?? lpValue, lpValue);
      break;
    }
    if (options.upperBound !== undefined && lowerBound !== undefined && Math.ceil(lowerBound - 1e-6) >= options.upperBound) break;
  }

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
      if (r.columnValues[columnIndex[j]] < 0.5) return;
      const m = models[c.worker];
      c.picks.forEach((i, d) => {
        if (i < 0) return;
        const o = m.days[d][i];
        assignments.push({ slotId: problem.slots[o.slot].id, roleId: problem.slots[o.slot].roles[o.role].roleId, workerId: problem.workers[c.worker].id });
      });
    });
    return { assignments, status: r.status, bound: r.bound };
  };

  return {
    ok: true,
    state: {
      session,
      models,
      lowerBound,
      lpValue,
      converged,
      iterations,
      get columnCount() {
        return columns.length;
      },
      addRota,
      solveInteger,
      dispose: () => session.dispose(),
    },
  };
}
