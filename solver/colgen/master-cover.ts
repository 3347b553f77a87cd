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
 * Adds the cover rows, then W worker rows, then the cover rows' slack columns (session columns
 * 0 .. 4K - 1, before any rota column).
 */
export function addCoverRows(problem: Problem, W: number, session: LpSession): CoverRows {
  const demand = demandOf(problem);
  const K = demand.length;
  const lower: number[] = demand.map((d) => d.preferred);
  const upper: number[] = demand.map((d) => d.preferred);
  for (let w = 0; w < W; w++) {
    lower.push(1);
    upper.push(1);
  }
  session.addRows(lower, upper);
  // Slack columns: filled + under - over = preferred; past the hard limits the slack is dear.
  const slackCost: number[] = [];
  const slackSign: number[] = [];
  const slackUpper: number[] = [];
  let cheapest = Infinity;
  let fractional = 0;
  for (let k = 0; k < K; k++) {
    const d = demand[k];
    const softUnder = Math.max(0, d.preferred - d.min);
    const softOver = Math.max(0, d.max - d.preferred);
    session.addColumn(d.under, 0, softUnder, [k], [1]);
    session.addColumn(HARD_COVER_SLACK, 0, Infinity, [k], [1]);
    session.addColumn(d.over, 0, softOver, [k], [-1]);
    session.addColumn(HARD_COVER_SLACK, 0, Infinity, [k], [-1]);
    slackCost.push(d.under, HARD_COVER_SLACK, d.over, HARD_COVER_SLACK);
    slackSign.push(1, 1, -1, -1);
    slackUpper.push(softUnder, Infinity, softOver, Infinity);
    if (softUnder > 0 && d.under > 0) cheapest = Math.min(cheapest, d.under);
    if (!Number.isInteger(d.under) || !Number.isInteger(d.over)) fractional++;
  }
  return { demand, slackCost, slackSign, slackUpper, cheapestShortfall: cheapest, fractionalRows: fractional };
}
