// Every worker's rule numbers as the incremental scorer reads them: one typed array per rule (per
// week or type: w * K + k, w * T + t), absent numbers NaN (no bound) or NONE. Built once per problem,
// one step per family of rules.

import type { Problem, Worker } from '../model.ts';
import type { ProblemIndex } from '../constraints/context.ts';
import { historyInWindow, historyMinutesInWindow } from '../constraints/hours.ts';
import { busyBefore, isFortnightForm } from '../constraints/weekly-rest.ts';
import { NONE } from './scorer-tables.ts';

/** The rule arrays with every worker's entry absent. */
function emptyWorkerRules(W: number, K: number, T: number) {
  return {
    minRest: new Float64Array(W),
    lastEnd: new Float64Array(W).fill(NaN),
    nextStart: new Float64Array(W).fill(NaN),
    nextEnd: new Float64Array(W).fill(NaN),
    runAfter: new Int32Array(W),
    maxPerDay: new Int32Array(W).fill(NONE),
    weekHardMin: new Float64Array(W).fill(NaN),
    weekHardMax: new Float64Array(W).fill(NaN),
    weekSoftMin: new Float64Array(W).fill(NaN),
    weekSoftMax: new Float64Array(W).fill(NaN),
    hasWeekBand: new Uint8Array(W),
    totalHardMin: new Float64Array(W).fill(NaN),
    totalHardMax: new Float64Array(W).fill(NaN),
    totalSoftMin: new Float64Array(W).fill(NaN),
    totalSoftMax: new Float64Array(W).fill(NaN),
    hasTotalBand: new Uint8Array(W),
    averageCap: new Float64Array(W).fill(NaN),
    averageWeeks: new Int32Array(W),
    /** History minutes inside each 17-week (or reference-period) window ending at week k. */
    averageWindow: new Float64Array(W * K),
    capByType: new Int32Array(W * T).fill(NONE),
    maxRun: new Int32Array(W).fill(NONE),
    runBefore: new Int32Array(W),
    minRun: new Int32Array(W).fill(NONE),
    minOff: new Int32Array(W).fill(NONE),
    weeklyRest: new Float64Array(W),
    maxWeekends: new Int32Array(W).fill(NONE),
    breakMaxWork: new Float64Array(W).fill(NaN),
    breakMin: new Float64Array(W),
    nightCap: new Float64Array(W).fill(NaN),
    nightWeeks: new Int32Array(W),
    nightWindow: new Float64Array(W * K),
    fortNeed: new Float64Array(W),
    fortForm: new Uint8Array(W),
    beforeStart: [] as (readonly number[])[],
    beforeEnd: [] as (readonly number[])[],
  };
}

type Rules = ReturnType<typeof emptyWorkerRules>;

/** Every worker's rule numbers, one array per rule (per week or type: w * K + k, w * T + t). */
export function workerRules(problem: Problem, ix: ProblemIndex, typeIndex: ReadonlyMap<string, number>) {
  const K = ix.weekCount;
  const T = ix.typeIds.length;
  const r = emptyWorkerRules(ix.workerCount, K, T);
  const startMin = problem.days[0].startMin;
  problem.workers.forEach((worker, w) => {
    setShiftsAround(r, worker, w, startMin);
    setMinuteBands(r, worker, w);
    setAverages(r, worker, w, K);
    setDayRules(r, worker, w, T, typeIndex);
  });
  return r;
}

/** Rest, the shifts either side of the horizon, shifts per day and rest breaks. */
function setShiftsAround(r: Rules, worker: Worker, w: number, startMin: number): void {
  r.minRest[w] = worker.minRestMinutes;
  if (worker.history?.lastShiftEndMin !== undefined) r.lastEnd[w] = worker.history.lastShiftEndMin;
  if (worker.following) {
    r.nextStart[w] = worker.following.nextShiftStartMin;
    r.nextEnd[w] = worker.following.nextShiftEndMin;
    r.runAfter[w] = worker.following.consecutiveDaysWorked;
  }
  if (worker.maxShiftsPerDay !== undefined) r.maxPerDay[w] = worker.maxShiftsPerDay;
  const before = busyBefore(worker, startMin);
  r.beforeStart.push(before.starts);
  r.beforeEnd.push(before.ends);
  if (worker.restBreak) {
    r.breakMaxWork[w] = worker.restBreak.maxWorkMinutes;
    r.breakMin[w] = worker.restBreak.minBreakMinutes;
  }
}

/** The weekly and whole-horizon minutes bands. */
function setMinuteBands(r: Rules, worker: Worker, w: number): void {
  const wb = worker.minutesPerWeek;
  if (wb) {
    r.hasWeekBand[w] = 1;
    r.weekHardMin[w] = wb.hardMin ?? NaN;
    r.weekHardMax[w] = wb.hardMax ?? NaN;
    r.weekSoftMin[w] = wb.softMin ?? NaN;
    r.weekSoftMax[w] = wb.softMax ?? NaN;
  }
  const tb = worker.minutesTotal;
  if (tb) {
    r.hasTotalBand[w] = 1;
    r.totalHardMin[w] = tb.hardMin ?? NaN;
    r.totalHardMax[w] = tb.hardMax ?? NaN;
    r.totalSoftMin[w] = tb.softMin ?? NaN;
    r.totalSoftMax[w] = tb.softMax ?? NaN;
  }
}

/** The Working Time average and the night workers' average, with the history inside each window. */
function setAverages(r: Rules, worker: Worker, w: number, K: number): void {
  if (worker.averageWeekly) {
    r.averageCap[w] = worker.averageWeekly.maxMinutesPerWeek * worker.averageWeekly.referenceWeeks;
    r.averageWeeks[w] = worker.averageWeekly.referenceWeeks;
    for (let k = 0; k < K; k++) r.averageWindow[w * K + k] = historyInWindow(worker, k);
  }
  if (worker.nightAverage) {
    r.nightCap[w] = worker.nightAverage.maxMinutesPerWeek * worker.nightAverage.referenceWeeks;
    r.nightWeeks[w] = worker.nightAverage.referenceWeeks;
    for (let k = 0; k < K; k++) r.nightWindow[w * K + k] = historyMinutesInWindow(worker, worker.nightAverage.referenceWeeks, k);
  }
}

/** Caps by type, runs of work and rest, weekly rest and weekends. */
function setDayRules(r: Rules, worker: Worker, w: number, T: number, typeIndex: ReadonlyMap<string, number>): void {
  for (const [typeId, cap] of Object.entries(worker.maxByType ?? {})) {
    const t = typeIndex.get(typeId);
    if (t !== undefined) r.capByType[w * T + t] = cap;
  }
  if (worker.maxConsecutiveDays !== undefined) r.maxRun[w] = worker.maxConsecutiveDays;
  r.runBefore[w] = worker.history?.consecutiveDaysWorked ?? 0;
  if (worker.minConsecutiveDays !== undefined) r.minRun[w] = worker.minConsecutiveDays;
  if (worker.minConsecutiveDaysOff !== undefined) r.minOff[w] = worker.minConsecutiveDaysOff;
  if (worker.weeklyRestMinutes !== undefined && worker.weeklyRestMinutes > 0) {
    if (isFortnightForm(worker.weeklyRestForm)) {
      r.fortNeed[w] = worker.weeklyRestMinutes;
      r.fortForm[w] = worker.weeklyRestForm === '48h-in-14' ? 1 : 2;
    } else r.weeklyRest[w] = worker.weeklyRestMinutes;
  }
  if (worker.maxWeekends !== undefined) r.maxWeekends[w] = worker.maxWeekends;
}
