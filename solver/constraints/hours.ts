// Hours: weekly and whole-horizon bands (contract as the soft band, legal caps as the hard one), the
// Working Time Regulations 17-week average, and caps per shift type.
// A slot's workMinutes count in the week of the day it starts. Minimum bounds of the weekly band
// apply only to full weeks of the horizon (a partial last week cannot be held to a weekly minimum).

import type { Assignment, Band, Problem, Violation, Worker } from '../model.ts';
import { isFullWeek, type ProblemIndex } from './context.ts';
import { breach, perWorker } from './evaluate.ts';
import { breachPen, formatMinutes, pen, plural, PROTECTION_BASE, type Constraint } from './types.ts';

/** Minutes outside [lower, upper] of the band; the lower limit only when applyMin. */
export function bandUnits(minutes: number, lower: number | undefined, upper: number | undefined, applyMin: boolean): number {
  if (applyMin && lower !== undefined && minutes < lower) return lower - minutes;
  if (upper !== undefined && minutes > upper) return minutes - upper;
  return 0;
}

/**
 * Penalty of one band breach: weighted minutes outside, plus `overBase` when it is the upper limit
 * that is broken (a legal cap protects the person; a hard minimum does not).
 */
export function bandPenalty(
  minutes: number,
  lower: number | undefined,
  upper: number | undefined,
  applyMin: boolean,
  weight: number,
  overBase: number,
): number {
  const units = bandUnits(minutes, lower, upper, applyMin);
  if (units === 0) return 0;
  const under = applyMin && lower !== undefined && minutes < lower;
  return (under ? 0 : overBase) + pen(units, weight);
}

export function weekMinutesOf(ix: ProblemIndex, held: readonly number[]): Float64Array {
  const perWeek = new Float64Array(ix.weekCount);
  for (const s of held) perWeek[ix.slotWeek[s]] += ix.slotWork[s];
  return perWeek;
}

function describeBand(minutes: number, lower: number | undefined, upper: number | undefined, applyMin: boolean): string {
  if (applyMin && lower !== undefined && minutes < lower) return `${formatMinutes(minutes)}, below ${formatMinutes(lower)}`;
  return `${formatMinutes(minutes)}, above ${formatMinutes(upper ?? 0)}`;
}

/**
 * The side of a band a rule judges: the hard one is the legal limit (going over it protects the
 * person, so it carries the protection base), the soft one the contract.
 */
function bandSide(band: Band, hard: boolean) {
  return hard
    ? { lower: band.hardMin, upper: band.hardMax, overBase: PROTECTION_BASE, kind: 'limit' }
    : { lower: band.softMin, upper: band.softMax, overBase: 0, kind: 'contract' };
}

function weekBand(id: string, problem: Problem, assignments: readonly Assignment[], weight: number, hard: boolean): Violation[] {
  return perWorker(problem, assignments, (worker, held, ix, out) => {
    if (!worker.minutesPerWeek) return;
    const { lower, upper, overBase, kind } = bandSide(worker.minutesPerWeek, hard);
    if (lower === undefined && upper === undefined) return;
    weekMinutesOf(ix, held).forEach((minutes, k) => {
      const applyMin = isFullWeek(ix, k);
      if (bandUnits(minutes, lower, upper, applyMin) === 0) return;
      const penalty = bandPenalty(minutes, lower, upper, applyMin, weight, overBase);
      const message = `${worker.name}: week of ${problem.days[k * 7].label} has ${describeBand(minutes, lower, upper, applyMin)} (${kind})`;
      out.push(breach(id, penalty, message, { workerId: worker.id }));
    });
  });
}

function totalBand(id: string, problem: Problem, assignments: readonly Assignment[], weight: number, hard: boolean): Violation[] {
  return perWorker(problem, assignments, (worker, held, ix, out) => {
    if (!worker.minutesTotal) return;
    const { lower, upper, overBase, kind } = bandSide(worker.minutesTotal, hard);
    let minutes = 0;
    for (const s of held) minutes += ix.slotWork[s];
    if (bandUnits(minutes, lower, upper, true) === 0) return;
    const penalty = bandPenalty(minutes, lower, upper, true, weight, overBase);
    const message = `${worker.name}: ${describeBand(minutes, lower, upper, true)} over the rota (${kind})`;
    out.push(breach(id, penalty, message, { workerId: worker.id }));
  });
}

export const hoursWeekHard: Constraint = {
  id: 'hours.weekHard',
  name: 'Weekly hours within the hard limits',
  family: 'hours',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute outside the weekly hard band (plus the protection base per week over the cap)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return weekBand(this.id, problem, assignments, weight, true);
  },
};

export const hoursWeekSoft: Constraint = {
  id: 'hours.weekSoft',
  name: 'Weekly hours within the contracted band',
  family: 'hours',
  level: 'soft',
  defaultWeight: 1,
  unit: 'minute outside the weekly soft band',
  evaluate(problem, assignments, weight) {
    return weekBand(this.id, problem, assignments, weight, false);
  },
};

export const hoursTotalHard: Constraint = {
  id: 'hours.totalHard',
  name: 'Hours over the rota within the hard limits',
  family: 'hours',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute outside the total hard band (plus the protection base when over the cap)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return totalBand(this.id, problem, assignments, weight, true);
  },
};

export const hoursTotalSoft: Constraint = {
  id: 'hours.totalSoft',
  name: 'Hours over the rota within the contracted band',
  family: 'hours',
  level: 'soft',
  defaultWeight: 1,
  unit: 'minute outside the total soft band',
  evaluate(problem, assignments, weight) {
    return totalBand(this.id, problem, assignments, weight, false);
  },
};

/** Minutes of history that fall in a window of `referenceWeeks` weeks ending at horizon week k. */
export function historyMinutesInWindow(worker: Worker, referenceWeeks: number, week: number): number {
  const hist = worker.history?.minutesByWeek ?? [];
  const h = hist.length + week;
  let sum = 0;
  for (let i = Math.max(0, h - referenceWeeks + 1); i < hist.length; i++) sum += hist[i];
  return sum;
}

/** Minutes of history that fall in the averaging window ending at horizon week k. */
export function historyInWindow(worker: Worker, week: number): number {
  const avg = worker.averageWeekly;
  return avg ? historyMinutesInWindow(worker, avg.referenceWeeks, week) : 0;
}

/** Each horizon week's window of `referenceWeeks` (history first) over `maxMinutesPerWeek x weeks`. */
function averageBreaches(
  worker: Worker,
  ix: ProblemIndex,
  held: readonly number[],
  avg: { readonly maxMinutesPerWeek: number; readonly referenceWeeks: number },
  report: (week: number, sum: number, cap: number) => void,
): void {
  const perWeek = weekMinutesOf(ix, held);
  const cap = avg.maxMinutesPerWeek * avg.referenceWeeks;
  for (let k = 0; k < ix.weekCount; k++) {
    let sum = historyMinutesInWindow(worker, avg.referenceWeeks, k);
    for (let j = Math.max(0, k - avg.referenceWeeks + 1); j <= k; j++) sum += perWeek[j];
    if (sum > cap) report(k, sum, cap);
  }
}

export const hoursAverageWeekly: Constraint = {
  id: 'hours.averageWeekly',
  name: 'Average weekly hours within the Working Time Regulations cap (48 h over 17 weeks unless opted out)',
  family: 'hours',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute over the cap in a reference period (plus the protection base per period)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const avg = worker.averageWeekly;
      if (!avg) return;
      averageBreaches(worker, ix, held, avg, (k, sum, cap) => {
        const message = `${worker.name}: ${formatMinutes(sum)} in the ${avg.referenceWeeks} weeks to the week of ${problem.days[k * 7].label}, ${formatMinutes(sum - cap)} over an average of ${formatMinutes(avg.maxMinutesPerWeek)} a week`;
        out.push(breach(this.id, breachPen(sum - cap, weight, PROTECTION_BASE), message, { workerId: worker.id }));
      });
    });
  },
};

/**
 * Night workers (reg. 6): on average at most 8 hours for each 24 over the reference period, counting
 * the days of weekly rest out (reg. 6(5)); the compiler turns that into minutes a week. No opt-out.
 */
export const hoursNightAverage: Constraint = {
  id: 'hours.nightAverage',
  name: 'Night workers average at most 8 hours a day over the reference period (no opt-out)',
  family: 'hours',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute over the night workers\' cap in a reference period (plus the protection base per period)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const avg = worker.nightAverage;
      if (!avg) return;
      averageBreaches(worker, ix, held, avg, (k, sum, cap) => {
        const message = `${worker.name} (a night worker): ${formatMinutes(sum)} in the ${avg.referenceWeeks} weeks to the week of ${problem.days[k * 7].label}, ${formatMinutes(sum - cap)} over the night workers' average of 8 h a day (${formatMinutes(avg.maxMinutesPerWeek)} a week after weekly rest)`;
        out.push(breach(this.id, breachPen(sum - cap, weight, PROTECTION_BASE), message, { workerId: worker.id }));
      });
    });
  },
};

/** A type cap in words; a caseload cap says caseload, with the service users allocated and the room left. */
function describeTypeCap(worker: Worker, typeId: string, count: number, cap: number): string {
  const reason = worker.typeCapReasons?.[typeId];
  if (reason?.kind === 'caseload') {
    const load = `caseload ${reason.allocated} of ${reason.cap} service users`;
    const takes = `${plural(count, `${typeId} session`)} would take on ${count} new`;
    return cap <= 0
      ? `${worker.name}: ${load}, so no room for a new one (${takes})`
      : `${worker.name}: ${load}, room for ${cap} new; ${takes}`;
  }
  return `${worker.name}: ${plural(count, `${typeId} shift`)}; at most ${cap}`;
}

export const hoursMaxByType: Constraint = {
  id: 'hours.maxByType',
  name: 'At most the worker\'s cap of each shift type',
  family: 'hours',
  level: 'hard',
  defaultWeight: 60,
  unit: 'shift over the type cap (plus the protection base per type)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      if (!worker.maxByType) return;
      const counts = new Map<string, number>();
      for (const s of held) {
        const t = ix.typeIds[ix.slotType[s]];
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      for (const [typeId, count] of counts) {
        const cap = worker.maxByType[typeId];
        if (cap === undefined || count <= cap) continue;
        const message = describeTypeCap(worker, typeId, count, cap);
        out.push(breach(this.id, breachPen(count - cap, weight, PROTECTION_BASE), message, { workerId: worker.id }));
      }
    });
  },
};

export const hoursConstraints = [hoursWeekHard, hoursWeekSoft, hoursTotalHard, hoursTotalSoft, hoursAverageWeekly, hoursNightAverage, hoursMaxByType];
