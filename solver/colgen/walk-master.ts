// The walk bound by column generation: Dantzig-Wolfe on the walk relaxation (walk-bound.ts). The
// columns are walks that keep the walk programme's state rules (runs, days off, successions, pins) but
// not necessarily the rules over the whole walk; those become rows of the master, per worker: the
// minutes band, each cap that can bind, the weekends. Pricing is the walk programme, exact for that
// relaxation and linear in the days, at the cover rows' duals and the worker rows' duals as its
// multipliers. Every round's Lagrangian value (the cover terms plus each worker's walk term at those
// duals) bounds every rota that breaks no hard rule; at convergence it is the best the walk relaxation
// gives (the LP of the master), usually reached in far fewer rounds than a subgradient ascent needs.

import type { Assignment, Problem } from '../model.ts';
import type { LpSession, LpSessionFactory } from '../milp/backend.ts';
import type { WorkerDayModel } from './day-model.ts';
import { addCoverRows, coverLagrangian, HARD_COVER_SLACK, type CoverRows } from './master-cover.ts';
import { lagrangianBound } from './walk.ts';
import { extrasAt, noPrices } from './walk-bound.ts';
import { walkUnderPrices, type Prices } from './walk-programme.ts';
import { indexProblem } from '../constraints/context.ts';

/** Below this reduced cost a walk joins the master. */
const NEW_COLUMN = -1e-6;

/** A worker's rows past the convexity row: the minutes band, binding caps, weekends (-1: none). */
interface SideRows {
  readonly minutes: number;
  /** The minutes row counts in units of the worker's longest shift (a well-scaled LP). */
  readonly unit: number;
  readonly types: Int32Array;
  readonly weekends: number;
}

export interface WalkMasterResult {
  /** Best Lagrangian value (less half a point per cover row with weights not whole), or undefined. */
  readonly bound: number | undefined;
  readonly rounds: number;
  readonly columns: number;
  readonly converged: boolean;
}

export interface WalkMasterOptions {
  readonly late: () => boolean;
  /** Rotas whose per-worker parts are the first columns (with one walk per worker at no prices). */
  readonly incumbents?: readonly (readonly Assignment[])[];
  /** A known rota's score: the master stops once its bound reaches it. */
  readonly upper?: number;
  readonly maxRounds?: number;
  /** Wentges smoothing towards the best-bound duals (0: the LP's own duals). */
  readonly smoothing?: number;
  readonly trace?: (round: number, bound: number, lpValue: number, columns: number, lpMs: number) => void;
}

/** The walk relaxation's column generation, to convergence or `late()`. */
export function walkMasterBound(problem: Problem, models: readonly WorkerDayModel[], factory: LpSessionFactory, options: WalkMasterOptions): WalkMasterResult {
  const session = factory.createLpSession();
  try {
    return run(problem, models, session, options);
  } finally {
    session.dispose();
  }
}

function run(problem: Problem, models: readonly WorkerDayModel[], session: LpSession, options: WalkMasterOptions): WalkMasterResult {
  const W = models.length;
  const rows = addCoverRows(problem, W, session);
  const K = rows.demand.length;
  const side = addSideRows(models, session, K + W);
  const seen = new Set<string>();
  let columns = 0;
  const addWalk = (w: number, picks: Int32Array): boolean => {
    const key = `${w}:${picks.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const m = models[w];
    const entries = new Map<number, number>();
    let cost = m.constantCost;
    let minutes = 0;
    const weekends = new Set<number>();
    picks.forEach((i, d) => {
      if (i < 0) return;
      const o = m.days[d][i];
      cost += o.cost;
      minutes += o.minutes;
      entries.set(o.slotRole, (entries.get(o.slotRole) ?? 0) + 1);
      const t = side[w].types[o.type];
      if (t >= 0) entries.set(t, (entries.get(t) ?? 0) + 1);
      if (m.weekendOfDay[d] >= 0) weekends.add(m.weekendOfDay[d]);
    });
    entries.set(K + w, 1);
    if (side[w].minutes >= 0 && minutes > 0) entries.set(side[w].minutes, minutes / side[w].unit);
    if (side[w].weekends >= 0 && weekends.size > 0) entries.set(side[w].weekends, weekends.size);
    session.addColumn(cost, 0, Infinity, [...entries.keys()], [...entries.values()]);
    columns++;
    return true;
  };
  const prices = models.map(noPrices);
  const extras = models.map((m) => extrasAt(m, new Float64Array(K)));
  for (let w = 0; w < W; w++) {
    const walk = walkUnderPrices(models[w], extras[w], prices[w]);
    if (!walk) return { bound: undefined, rounds: 0, columns, converged: false };
    addWalk(w, walk.picks);
  }
  for (const rota of options.incumbents ?? []) picksOf(problem, models, rota).forEach((p, w) => p && addWalk(w, p));

  const smoothing = options.smoothing ?? 0;
  let best = -Infinity;
  let center: Float64Array | undefined;
  let rounds = 0;
  let converged = false;
  let lpMs = 0;
  const price = new Float64Array(K + W + sideCount(side));
  while (rounds < (options.maxRounds ?? Infinity) && !options.late()) {
    const lpStart = performance.now();
    const lp = session.solveLp();
    lpMs += performance.now() - lpStart;
    if (lp.status !== 'optimal') break;
    rounds++;
    const duals = lp.rowDuals;
    let weight = center ? smoothing : 0;
    let added = 0;
    for (;;) {
      for (let r = 0; r < price.length; r++) price[r] = weight * (center ? center[r] : 0) + (1 - weight) * duals[r];
      let value = coverLagrangian(rows, price, undefined, rows.slackUpper);
      for (let w = 0; w < W && Number.isFinite(value); w++) {
        const m = models[w];
        pricesOf(side[w], price, prices[w]);
        extrasAt(m, price, extras[w]);
        const walk = walkUnderPrices(m, extras[w], prices[w]);
        if (!walk) return { bound: undefined, rounds, columns, converged: false };
        value += lagrangianBound(m, walk.value, prices[w]);
        // Reduced cost: the walk's priced value and the constant cost, less the convexity row's dual.
        if (walk.value + m.constantCost - price[K + w] < NEW_COLUMN && addWalk(w, walk.picks)) added++;
      }
      if (value > best) {
        best = value;
        center = price.slice();
      }
      if (added > 0 || weight === 0) break;
      weight = 0;
    }
    options.trace?.(rounds, best, lp.objective, columns, lpMs);
    if (added === 0) {
      converged = true;
      break;
    }
    if (options.upper !== undefined && best >= options.upper - 1e-6) break;
  }
  const bound = Number.isFinite(best) ? best - 0.5 * rows.fractionalRows : undefined;
  return { bound, rounds, columns, converged };
}

/** Each worker's minutes band, binding caps and weekends as rows, with a dear slack so the LP is always feasible. */
function addSideRows(models: readonly WorkerDayModel[], session: LpSession, first: number): SideRows[] {
  let next = first;
  const lower: number[] = [];
  const upper: number[] = [];
  const out = models.map((m): SideRows => {
    const row = (lo: number, hi: number): number => {
      lower.push(lo);
      upper.push(hi);
      return next++;
    };
    let unit = 1;
    for (const day of m.days) for (const o of day) unit = Math.max(unit, o.minutes);
    const minutes = m.minutesHardMin > 0 || Number.isFinite(m.minutesHardMax) ? row(m.minutesHardMin / unit, m.minutesHardMax / unit) : -1;
    const types = new Int32Array(m.typeCount).fill(-1);
    for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0) types[t] = row(-Infinity, m.typeCap[t]);
    const weekends = Number.isFinite(m.maxWeekends) ? row(-Infinity, m.maxWeekends) : -1;
    return { minutes, unit, types, weekends };
  });
  if (lower.length > 0) session.addRows(lower, upper);
  for (let r = first; r < next; r++) {
    session.addColumn(HARD_COVER_SLACK, 0, Infinity, [r], [1]);
    session.addColumn(HARD_COVER_SLACK, 0, Infinity, [r], [-1]);
  }
  return out;
}

function sideCount(side: readonly SideRows[]): number {
  let n = 0;
  for (const s of side) n += (s.minutes >= 0 ? 1 : 0) + (s.weekends >= 0 ? 1 : 0) + s.types.filter((t) => t >= 0).length;
  return n;
}

/** The walk programme's multipliers from the side rows' duals (reduced cost = cost - entry x dual). */
function pricesOf(s: SideRows, duals: Float64Array, out: Prices): void {
  out.perMinute = s.minutes >= 0 ? -duals[s.minutes] / s.unit : 0;
  for (let t = 0; t < out.perType.length; t++) out.perType[t] = s.types[t] >= 0 ? Math.max(0, -duals[s.types[t]]) : 0;
  out.perWeekend = s.weekends >= 0 ? Math.max(0, -duals[s.weekends]) : 0;
}

/** Each worker's part of a rota as picks (undefined when it is not one of the worker's walks). */
function picksOf(problem: Problem, models: readonly WorkerDayModel[], assignments: readonly Assignment[]): (Int32Array | undefined)[] {
  const ix = indexProblem(problem);
  const out: (Int32Array | undefined)[] = models.map((m) => new Int32Array(m.days.length).fill(-1));
  for (const a of assignments) {
    const w = ix.workerIndexById.get(a.workerId);
    const s = ix.slotIndexById.get(a.slotId);
    if (w === undefined || s === undefined || !out[w]) continue;
    const d = problem.slots[s].dayIndex;
    const i = models[w].days[d].findIndex((o) => o.slot === s && problem.slots[s].roles[o.role].roleId === a.roleId);
    if (i < 0 || out[w]![d] >= 0) out[w] = undefined;
    else out[w]![d] = i;
  }
  return out;
}
