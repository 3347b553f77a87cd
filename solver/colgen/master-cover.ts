// The master LP's rows: one cover row per slot-role (its demand, with four slack columns that price a
// shortfall or an excess) and one row per worker (exactly one rota each).

import type { Problem } from '../model.ts';
import { getConstraint, resolveWeight } from '../constraints/index.ts';
import type { LpSession } from '../milp/backend.ts';

/** Cost per worker past a hard cover limit: dear enough that no rota pays it when it can avoid it. */
export const HARD_COVER_SLACK = 1e6;

/** Demand of one slot-role, with the soft slacks' costs (weight x priority). */
export interface Demand {
  readonly preferred: number;
  readonly min: number;
  readonly max: number;
  readonly under: number;
  readonly over: number;
}

export interface CoverRows {
  readonly demand: Demand[];
  /** Four slack columns per cover row: soft short, hard short, soft over, hard over. */
  readonly slackCost: number[];
  readonly slackSign: number[];
  readonly slackUpper: number[];
  /** The weight of one shift's shortfall at its cheapest. */
  readonly cheapestShortfall: number;
  /** Cover rows whose slack costs are not whole numbers. */
  readonly fractionalRows: number;
}

/** Each slot-role's demand and soft slack costs (a role's own weights win over the problem's). */
export function demandOf(problem: Problem): Demand[] {
  const underDefault = resolveWeight(problem, getConstraint('cover.preferredUnder'));
  const overDefault = resolveWeight(problem, getConstraint('cover.preferredOver'));
  const demand: Demand[] = [];
  for (const slot of problem.slots) {
    for (const d of slot.roles) {
      demand.push({
        preferred: d.preferred,
        min: d.min,
        max: d.max,
        under: (d.underWeight ?? underDefault) * slot.priority,
        over: (d.overWeight ?? overDefault) * slot.priority,
      });
    }
  }
  return demand;
}

/**
 * Each cover row's four slacks (soft short, hard short, soft over, hard over): their costs, their
 * signs in the row (filled + under - over = preferred) and their upper bounds. Pure: the master's
 * session and the walk bound (walk-bound.ts) both read it.
 */
export function coverSlacks(problem: Problem): CoverRows {
  const demand = demandOf(problem);
  const slackCost: number[] = [];
  const slackSign: number[] = [];
  const slackUpper: number[] = [];
  let cheapest = Infinity;
  let fractional = 0;
  for (const d of demand) {
    const softUnder = Math.max(0, d.preferred - d.min);
    const softOver = Math.max(0, d.max - d.preferred);
    slackCost.push(d.under, HARD_COVER_SLACK, d.over, HARD_COVER_SLACK);
    slackSign.push(1, 1, -1, -1);
    slackUpper.push(softUnder, Infinity, softOver, Infinity);
    if (softUnder > 0 && d.under > 0) cheapest = Math.min(cheapest, d.under);
    if (!Number.isInteger(d.under) || !Number.isInteger(d.over)) fractional++;
  }
  return { demand, slackCost, slackSign, slackUpper, cheapestShortfall: cheapest, fractionalRows: fractional };
}

/**
 * The Lagrangian function's cover terms at cover duals pi: pi x preferred, plus each slack at its upper
 * bound when its reduced cost is negative (an unbounded one makes the bound useless), otherwise at its
 * lower bound (which a cover dive may raise). With `slope`, adds each row's supergradient there
 * (preferred less the slacks' part of the row; the caller takes off what the workers fill).
 */
export function coverLagrangian(rows: CoverRows, pi: Float64Array, lower: ArrayLike<number> | undefined, high: ArrayLike<number>, slope?: Float64Array, start = 0): number {
  let total = start;
  for (let k = 0; k < rows.demand.length; k++) {
    total += pi[k] * rows.demand[k].preferred;
    let g = rows.demand[k].preferred;
    for (let j = 4 * k; j < 4 * k + 4; j++) {
      const reduced = rows.slackCost[j] - rows.slackSign[j] * pi[k];
      const at = reduced < 0 ? high[j] : (lower?.[j] ?? 0);
      if (at > 0) total += reduced * at;
      g -= rows.slackSign[j] * at;
    }
    if (slope) slope[k] = g;
  }
  return total;
}

/**
 * Adds the cover rows, then W worker rows, then the cover rows' slack columns (session columns
 * 0 .. 4K - 1, before any rota column).
 */
export function addCoverRows(problem: Problem, W: number, session: LpSession): CoverRows {
  const rows = coverSlacks(problem);
  const { demand } = rows;
  const K = demand.length;
  const lower: number[] = demand.map((d) => d.preferred);
  const upper: number[] = demand.map((d) => d.preferred);
  for (let w = 0; w < W; w++) {
    lower.push(1);
    upper.push(1);
  }
  session.addRows(lower, upper);
  // Slack columns: filled + under - over = preferred; past the hard limits the slack is dear.
  for (let k = 0; k < K; k++) {
    for (let j = 4 * k; j < 4 * k + 4; j++) session.addColumn(rows.slackCost[j], 0, rows.slackUpper[j], [k], [rows.slackSign[j]]);
  }
  return rows;
}
