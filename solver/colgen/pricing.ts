// The cheapest legal rota of one worker, by dynamic programming over days (the pricing problem of
// column generation). The state after each day is: last shift type or off, length of the current run
// (of work or of days off), whether that run started on day 0 (edge runs are exempt from the minimum
// run rules), whether the current weekend is already counted, minutes worked so far, weekends worked,
// and counts of the shift types whose cap can bind (pricing-layout.ts). Only reachable states are
// visited; every state keeps its cheapest path, and a state is dropped when one with fewer weekends or
// capped shifts counted costs no more (it can finish every way this one can), so the result is exact
// for the rules of WorkerDayModel (day-programme.ts runs the programme).
//
// Caps enter the state only once a cheapest schedule breaks them; past the state budget they stay out
// and the answer is a relaxation's (a lower cost: still a bound). Past the label budget the answer is
// the day-by-day relaxation's. Either way pricing never throws on a valid model: it narrows itself.

import type { WorkerDayModel } from './day-model.ts';
import { DayProgramme } from './day-programme.ts';
import { admitBrokenCaps, layoutOf } from './pricing-layout.ts';
import { brokenCaps, dayByDayBound, optionTables, type Restriction, type Schedule } from './schedule-rules.ts';

/** Most labels one call keeps over all days (16 bytes each); past it the call stops. */
export const MAX_PRICING_LABELS = 1 << 23;
/** Labels between two looks at the deadline within one call (a few milliseconds of work). */
const LATE_CHECK_LABELS = 200_000;

/**
 * The cheapest legal schedules of a worker when working the option with slot-role index k earns
 * -price[k] on top of the option's own cost. Returns up to `count` schedules, cheapest first, each
 * ending in a different final state; an empty list when the worker has no legal schedule.
 *
 * With a ceiling (the priced cost of a schedule known to be legal, such as a column already in the
 * master) only schedules strictly cheaper are sought, and an empty list means there is none: partial
 * schedules that cannot finish below the ceiling are dropped early, which near convergence is most.
 */
export function priceWorker(m: WorkerDayModel, price: Float64Array | undefined, count = 1, restriction?: Restriction, ceiling?: number): Schedule[] {
  return priceSchedules(m, { price, count, restriction, ceiling }).schedules;
}

export interface PricingQuery {
  readonly price?: Float64Array;
  /** Schedules wanted at most (each ending in a different final state). Default 1. */
  readonly count?: number;
  readonly restriction?: Restriction;
  readonly ceiling?: number;
  /** Checked every LATE_CHECK_LABELS labels: true stops the call (answer `stopped`). */
  readonly late?: () => boolean;
}

export interface PricingAnswer {
  /** Legal schedules, cheapest first. */
  readonly schedules: Schedule[];
  /**
   * The least priced cost the programme found (below the ceiling, when one was given), or undefined
   * when it found none. When `exact` it is the cheapest legal schedule's; otherwise some cap could not
   * enter the state budget and it is the cheapest of a relaxation: a lower value, still a valid bound.
   */
  readonly least: number | undefined;
  readonly exact: boolean;
  /** The call stopped early (late, or past the label budget): it says nothing. */
  readonly stopped: boolean;
}

/** The cheapest legal schedules of a worker under the prices, the caps they break entering the state. */
export function priceSchedules(m: WorkerDayModel, q: PricingQuery): PricingAnswer {
  for (;;) {
    const found = runProgramme(m, q);
    if (found === 'late') return { schedules: [], least: undefined, exact: false, stopped: true };
    // Too many labels to keep: the answer is the day-by-day relaxation's, which still bounds.
    if (found === 'labels') return { schedules: [], least: dayByDayBound(m, q.price, q.restriction), exact: false, stopped: false };
    if (found.length === 0) return { schedules: [], least: undefined, exact: true, stopped: false };
    // The cheapest schedule decides: legal means it is the true optimum (the relaxation's is no dearer).
    const broken = brokenCaps(m, found[0].picks);
    const legal = found.filter((s, i) => (i === 0 && !broken) || !brokenCaps(m, s.picks));
    if (!broken) return { schedules: legal, least: found[0].cost, exact: true, stopped: false };
    // None of the broken caps fits the state budget: the answer is for a relaxation that keeps them out.
    if (!admitBrokenCaps(m, broken)) return { schedules: legal, least: found[0].cost, exact: false, stopped: false };
  }
}

/** One run of the programme with the caps now in the state. */
function runProgramme(m: WorkerDayModel, q: PricingQuery): Schedule[] | 'late' | 'labels' {
  const days = optionTables(m, layoutOf(m).unit, q.price, q.restriction);
  if (!days) return [];
  const dp = new DayProgramme(m, days, q.ceiling);
  // The clock is read rarely: every LATE_CHECK_LABELS labels (a long call), never in a short one.
  let nextLateCheck = LATE_CHECK_LABELS;
  for (let d = 0; d < m.days.length; d++) {
    if (dp.labels > MAX_PRICING_LABELS) return 'labels';
    if (dp.labels >= nextLateCheck) {
      nextLateCheck = dp.labels + LATE_CHECK_LABELS;
      if (q.late?.()) return 'late';
    }
    if (dp.step(d) === 0) {
      dp.recordWork();
      return [];
    }
  }
  dp.recordWork();
  return dp.cheapest(q.count ?? 1);
}
