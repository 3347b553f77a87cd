// Re-plans every worker on a window of consecutive days while the rest of the rota stays as it is:
// the large neighbourhood that long horizons need, where freeing a few workers over the whole horizon
// leaves pricing as costly as the root's. Each worker's days outside the window are forced to their
// current picks (a branching restriction, so pricing still runs the worker's whole horizon): runs and
// rests across the window's edges, successions, weekends, caps and the minutes band over the horizon
// are all judged with the fixed days counted, exactly as the scorer does. Outside the window every
// choice is forced, so a worker's programme has one label there before the window and, after it, only
// the states the window ends in: pricing costs about what a window-long horizon would.
// The window is then solved by column generation and branch and price on a master of its own, from
// the current rota's columns. Every column it can hold fills the cover rows outside the window as the
// rota does, so those rows are constants: the master's LP holds the window's cover rows alone
// (projected-session.ts) and adds what the others cost, which on a long horizon makes each of its
// solves, and each column's entries, about a window's size rather than the horizon's.

import type { Assignment, Problem } from '../model.ts';
import { evaluateAll } from '../constraints/index.ts';
import type { LpSessionFactory } from '../milp/backend.ts';
import { branchAndPrice } from './branch-and-price.ts';
import type { WorkerDayModel } from './day-model.ts';
import { MasterLp } from './master-lp.ts';
import type { NeighbourhoodOptions, NeighbourhoodResult } from './neighbourhood.ts';
import { projectedSession } from './projected-session.ts';
import { scheduleCost } from './schedule-rules.ts';

/** Days [firstDay, lastDay] (inclusive, day indices of the problem), or only some of them. */
export interface DayWindow {
  readonly firstDay: number;
  readonly lastDay: number;
  /** Only these days of [firstDay, lastDay] are free (undefined: all of them): a window of scattered days. */
  readonly only?: ReadonlySet<number>;
}

/** Whether day d is free in the window. */
export function inDayWindow(window: DayWindow, d: number): boolean {
  return d >= window.firstDay && d <= window.lastDay && (window.only === undefined || window.only.has(d));
}

/** How many days the window frees. */
export function dayWindowSize(window: DayWindow): number {
  return window.only?.size ?? window.lastDay - window.firstDay + 1;
}

/** Per worker, the days outside the window forced to the rota's picks (-2 off); undefined when some worker's part is not one of their legal walks. */
export function windowRestrictions(master: MasterLp, rota: readonly Assignment[], window: DayWindow): Map<number, Int32Array> | undefined {
  const out = new Map<number, Int32Array>();
  const picks = master.picksOf(rota);
  for (let w = 0; w < master.W; w++) {
    const p = picks[w];
    if (!p || scheduleCost(master.models[w], p) === undefined) return undefined;
    out.set(
      w,
      Int32Array.from(p, (o, d) => (inDayWindow(window, d) ? -1 : o < 0 ? -2 : o)),
    );
  }
  return out;
}

/**
 * The window's master over its cover rows and the workers' rows, with the rota's columns; `forced`
 * holds every worker's days outside the window. Undefined when some worker's part of the rota is not
 * one of their legal walks.
 */
export function windowMaster(
  problem: Problem,
  models: readonly WorkerDayModel[],
  rota: readonly Assignment[],
  window: DayWindow,
  factory: LpSessionFactory,
  clock?: () => number,
): { master: MasterLp; forced: Map<number, Int32Array> } | undefined {
  const rowDay = slotRoleDays(problem);
  const inWindow = (row: number): boolean => row >= rowDay.length || inDayWindow(window, rowDay[row]);
  const master = new MasterLp(problem, models, projectedSession(factory.createLpSession(), inWindow), clock, 3, 0.5);
  const forced = windowRestrictions(master, rota, window);
  if (!forced) {
    master.dispose();
    return undefined;
  }
  master.fixedCost = coverCostOutside(master, forced, inWindow);
  master.addRota(rota);
  return { master, forced };
}

/**
 * Branch and price over every worker's days in the window, the rest of `rota` fixed. `improved` is
 * the whole rota when the window holds a strictly better one (by the column model's cost, which the
 * caller rescores); `complete` when the tree closed (no better plan of the window exists).
 */
export function reoptimiseWindow(
  problem: Problem,
  models: readonly WorkerDayModel[],
  rota: readonly Assignment[],
  window: DayWindow,
  factory: LpSessionFactory,
  options: NeighbourhoodOptions = {},
): NeighbourhoodResult {
  const now = evaluateAll(problem, rota).score;
  if (now.hard > 0) return { complete: false };
  const built = windowMaster(problem, models, rota, window, factory, options.clock);
  if (!built) return { complete: false };
  const { master, forced } = built;
  try {
    let found: Assignment[] | undefined;
    const r = branchAndPrice(master, {
      timeLimitMs: options.timeLimitMs,
      incumbent: now.soft,
      forced,
      onIncumbent: (assignments) => {
        found = assignments;
      },
    });
    return { improved: found, complete: r.complete };
  } finally {
    master.dispose();
  }
}

/** Per cover row of the master (slot-roles, slots in order), its slot's day. */
function slotRoleDays(problem: Problem): number[] {
  const out: number[] = [];
  for (const slot of problem.slots) for (let r = 0; r < slot.roles.length; r++) out.push(slot.dayIndex);
  return out;
}

/** What the cover rows outside the window cost with every worker's days there as forced. */
function coverCostOutside(master: MasterLp, forced: ReadonlyMap<number, Int32Array>, inWindow: (row: number) => boolean): number {
  const filled = new Float64Array(master.K);
  for (const [w, days] of forced) master.countFills(filled, w, days);
  let total = 0;
  for (let k = 0; k < master.K; k++) if (!inWindow(k)) total += master.coverCost(k, filled[k]);
  return total;
}
