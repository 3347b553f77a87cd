// Rest breaks (Working Time Regulations 1998, reg. 12): a worker whose working day is over 6 hours is
// entitled to an uninterrupted break of 20 minutes, not at the start or end of the day.
//
// A break is either provided by a slot (its template's break, Slot.restBreakMinutes, paid or unpaid) or
// is a gap between two of the worker's slots. So the rule is judged on *stretches*: runs of the worker's
// consecutive slots (slot order, as for rest and travel) in which every gap to the next slot is shorter
// than the break (an overlap keeps the run too). A stretch with more than maxWorkMinutes of work (the
// slots' workMinutes: unpaid breaks are not work) and no slot providing a break of minBreakMinutes is
// one breach. Back-to-back sessions of 3 h 30 min each are one stretch of 7 h and need a break between
// or within them; a 30-minute gap between them is the break. One break per stretch is what the law asks
// (a 20-minute break in any working day over 6 hours); where in the slot it falls is the template's
// window, so the break is never at the very start or end (the service file refuses such windows).

import type { Worker } from '../model.ts';
import type { ProblemIndex } from './context.ts';
import { breach, perWorker } from './evaluate.ts';
import { breachPen, formatMinutes, PROTECTION_BASE, type Constraint } from './types.ts';

/** Whether the gap between a slot ending at prevEnd and the next starting at nextStart is a break. */
export function isBreakGap(minBreakMinutes: number, prevEnd: number, nextStart: number): boolean {
  return nextStart - prevEnd >= minBreakMinutes;
}

/** Minutes of work past the limit in one stretch (0 when it has a break or is short enough). */
export function restBreakUnits(workMinutes: number, hasBreak: boolean, maxWorkMinutes: number): number {
  return hasBreak || workMinutes <= maxWorkMinutes ? 0 : workMinutes - maxWorkMinutes;
}

/** Whether slot s provides a break long enough for this worker's rule. */
export function slotHasBreak(ix: ProblemIndex, s: number, minBreakMinutes: number): boolean {
  return (ix.problem.slots[s].restBreakMinutes ?? 0) >= minBreakMinutes;
}

function describeStretch(worker: Worker, first: string, last: string, single: boolean, work: number, rule: NonNullable<Worker['restBreak']>): string {
  const limit = `more than ${formatMinutes(rule.maxWorkMinutes)} of work needs a break of at least ${formatMinutes(rule.minBreakMinutes)}`;
  if (single) return `${worker.name}: ${first} is ${formatMinutes(work)} of work with no rest break; ${limit} (the session provides none)`;
  return `${worker.name}: ${formatMinutes(work)} of work from ${first} to ${last} with no break of ${formatMinutes(rule.minBreakMinutes)} between or within them; ${limit}`;
}

export const restBreak: Constraint = {
  id: 'breaks.restBreak',
  name: 'A rest break in any stretch of work over 6 hours (20 minutes by default rules)',
  family: 'breaks',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute of work past the limit without a break (plus the protection base per stretch)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const rule = worker.restBreak;
      if (!rule || held.length === 0) return;
      let first = 0;
      let work = 0;
      let hasBreak = false;
      const close = (end: number) => {
        const units = restBreakUnits(work, hasBreak, rule.maxWorkMinutes);
        if (units === 0) return;
        const a = problem.slots[held[first]];
        const b = problem.slots[held[end]];
        const message = describeStretch(worker, a.label, b.label, first === end, work, rule);
        out.push(breach(this.id, breachPen(units, weight, PROTECTION_BASE), message, { workerId: worker.id, slotId: b.id }));
      };
      for (let i = 0; i < held.length; i++) {
        const s = held[i];
        if (i > 0 && isBreakGap(rule.minBreakMinutes, ix.slotEnd[held[i - 1]], ix.slotStart[s])) {
          close(i - 1);
          first = i;
          work = 0;
          hasBreak = false;
        }
        work += ix.slotWork[s];
        if (slotHasBreak(ix, s, rule.minBreakMinutes)) hasBreak = true;
      }
      close(held.length - 1);
    });
  },
};

export const breaksConstraints = [restBreak];
