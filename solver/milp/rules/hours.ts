// Hours (solver/constraints/hours.ts): weekly and whole-horizon bands, the Working Time average, the
// night workers' average and caps per shift type. All linear, so exact: a band's ceiling breaks a protection rule (a row), its
// hard floor costs its weight per minute short (a hard penalty), its soft band its weight per minute.

import { isFullWeek } from '../../constraints/context.ts';
import { historyMinutesInWindow } from '../../constraints/hours.ts';
import type { Band } from '../../model.ts';
import { LinExpr } from '../lp-writer.ts';
import type { EncodeContext } from '../encode-context.ts';

function band(ctx: EncodeContext, tag: string, expr: LinExpr, b: Band, applyMin: boolean, hardId: string, softId: string): void {
  if (b.hardMax !== undefined) ctx.hardRow(hardId, `${tag}hmax`, expr, '<=', b.hardMax);
  if (applyMin && b.hardMin !== undefined) ctx.hardPenalty(hardId, `${tag}hmin`, expr, '>=', b.hardMin, ctx.weight(hardId));
  const soft = ctx.weight(softId);
  if (applyMin && b.softMin !== undefined) ctx.softPenalty(softId, expr, '>=', b.softMin, soft);
  if (b.softMax !== undefined) ctx.softPenalty(softId, expr, '<=', b.softMax, soft);
}

export function encodeHours(ctx: EncodeContext): void {
  const { ix } = ctx;
  for (const id of ['hours.weekHard', 'hours.weekSoft', 'hours.totalHard', 'hours.totalSoft', 'hours.averageWeekly', 'hours.nightAverage', 'hours.maxByType']) ctx.encoded.add(id);
  for (let w = 0; w < ctx.W; w++) {
    const worker = ctx.problem.workers[w];
    if (worker.minutesTotal) band(ctx, `mt_${w}_`, ctx.minutes(w, 0, ctx.H), worker.minutesTotal, true, 'hours.totalHard', 'hours.totalSoft');
    const weeks: LinExpr[] = [];
    for (let k = 0; k < ix.weekCount; k++) weeks.push(ctx.minutes(w, 7 * k, 7 * k + 7));
    if (worker.minutesPerWeek) {
      // A partial last week is held to the maxima only, as in the catalogue.
      weeks.forEach((e, k) => band(ctx, `mw_${w}_${k}_`, e, worker.minutesPerWeek!, isFullWeek(ix, k), 'hours.weekHard', 'hours.weekSoft'));
    }
    // The Working Time average and the night workers' average: history and the weeks in each window.
    for (const [id, avg, tag] of [
      ['hours.averageWeekly', worker.averageWeekly, 'avg'],
      ['hours.nightAverage', worker.nightAverage, 'navg'],
    ] as const) {
      if (!avg) continue;
      const cap = avg.maxMinutesPerWeek * avg.referenceWeeks;
      for (let k = 0; k < ix.weekCount; k++) {
        const e = new LinExpr().addConstant(historyMinutesInWindow(worker, avg.referenceWeeks, k));
        for (let j = Math.max(0, k - avg.referenceWeeks + 1); j <= k; j++) e.addExpr(weeks[j]);
        ctx.hardRow(id, `${tag}_${w}_${k}`, e, '<=', cap);
      }
    }
    if (worker.maxByType) {
      for (const [typeId, cap] of Object.entries(worker.maxByType)) {
        // A cap of 0 is a static block (no variable).
        if (cap === 0) {
          ctx.noteRow('hours.maxByType');
          continue;
        }
        const e = new LinExpr();
        for (const s of ctx.mySlots[w]) if (ctx.problem.slots[s].typeId === typeId) e.addExpr(ctx.slotWork(w, s));
        if (e.vars.length + e.constant > cap) ctx.hardRow('hours.maxByType', `mbt_${w}_${typeId.replace(/[^A-Za-z0-9_]/g, '_')}`, e, '<=', cap);
      }
    }
  }
}
