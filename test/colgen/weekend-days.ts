// Weekends as the catalogue counts them, for the walk tests: the `weekends.max` rule itself, asked
// about one worker's walk with a maximum of 0 (its penalty is then the protection base plus its weight
// per weekend worked); and a one-worker problem on a horizon starting on a given weekday.

import type { WorkerDayModel } from '../../solver/colgen/day-model.ts';
import { getConstraint, resolveWeight } from '../../solver/constraints/index.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';
import type { Day, Problem, Slot } from '../../solver/model.ts';
import { NO_FAIRNESS, ROLE } from './day-problem.ts';

const DAY = 1440;

/** Weekends the walk works, as the catalogue's `weekends.max` counts them. */
export function catalogueWeekends(problem: Problem, m: WorkerDayModel, picks: Int32Array): number {
  const worker = { ...problem.workers[m.worker], maxWeekends: 0 };
  const alone: Problem = { ...problem, workers: [worker] };
  const assignments = [];
  for (let d = 0; d < picks.length; d++) {
    if (picks[d] < 0) continue;
    const o = m.days[d][picks[d]];
    const slot = problem.slots[o.slot];
    assignments.push({ slotId: slot.id, workerId: worker.id, roleId: slot.roles[o.role].roleId });
  }
  const rule = getConstraint('weekends.max');
  const weight = resolveWeight(alone, rule);
  const penalty = rule.evaluate(alone, assignments, weight).reduce((s, v) => s + v.penalty, 0);
  return penalty === 0 ? 0 : Math.round((penalty - PROTECTION_BASE) / weight);
}

/**
 * One worker, one 8-hour shift type a day, `days` days from weekday `first` (0 = Monday ... 6 =
 * Sunday), at most `maxWeekends` weekends and no other rule (the tests give each day's shift its cost
 * as walk extras).
 */
export function oneWorkerFrom(first: number, days: number, maxWeekends: number): Problem {
  const dayList: Day[] = Array.from({ length: days }, (_, d) => ({ startMin: d * DAY, endMin: (d + 1) * DAY, weekday: (first + d) % 7, isBankHoliday: false, label: `day ${d}` }));
  const slots: Slot[] = dayList.map((day, d) => ({
    id: `d${d}`,
    startMin: d * DAY + 480,
    endMin: d * DAY + 960,
    dayIndex: d,
    isWeekend: day.weekday >= 5,
    isBankHoliday: false,
    siteId: null,
    typeId: 'day',
    tags: [],
    priority: 1,
    workMinutes: 480,
    roles: [{ roleId: ROLE, min: 0, preferred: 0, max: 1, skills: [] }],
    label: `day ${d}`,
  }));
  return {
    days: dayList,
    sites: [],
    slots,
    workers: [{ id: 'jo', name: 'Jo', kind: 'contracted', roles: [ROLE], skills: [], unavailability: [], minRestMinutes: 0, maxWeekends, refusedSiteIds: [], costPencePerHour: 0, preferences: [] }],
    pinned: [],
    weights: NO_FAIRNESS,
  };
}
