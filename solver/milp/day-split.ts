// One day of a problem on its own, as a relaxation: the day's slots, every worker, and only the rules
// a rota keeping every hard rule keeps within that day too. Whatever spans days is left out (hour
// bands and averages, runs of days, weekly rest, weekends, successions, type caps above 0, requests
// that do not name the day). So for any rota with no hard breach:
// - its places on day d keep every hard rule of day d's problem (each rule left is implied by the
//   catalogue's own: cover per slot, overlap, rest and travel between slots of the day, shifts per
//   day, place rules, a type never worked);
// - its soft score is at least the sum of the days' soft scores: cover, pay and bank use are counted
//   per place and each place is in one day; a request names one day; and a spread counts the square
//   of a worker's count (with their prior), which is at least the sum over the days of each day's.
// Penalties are never negative, so the days' optima, summed over any subset of the days, bound the
// soft score of every rota with no hard breach.

import type { Problem, Worker } from '../model.ts';

/** Day d's problem: its slots on day 0 of a one-day horizon, every worker with the rules of one day. */
export function daySubProblem(problem: Problem, d: number): Problem {
  const slots = problem.slots.filter((s) => s.dayIndex === d).map((s) => ({ ...s, dayIndex: 0 }));
  const slotIds = new Set(slots.map((s) => s.id));
  return {
    days: [problem.days[d]],
    sites: problem.sites,
    slots,
    workers: problem.workers.map((w) => dayWorker(w, d, slotIds)),
    pinned: problem.pinned.filter((a) => slotIds.has(a.slotId)),
    ...(problem.weights ? { weights: problem.weights } : {}),
  };
}

function dayWorker(worker: Worker, d: number, slotIds: ReadonlySet<string>): Worker {
  const zeroTypes = Object.entries(worker.maxByType ?? {}).filter(([, cap]) => cap === 0);
  const preferences = worker.preferences
    .filter((p) => (p.slotId !== undefined ? slotIds.has(p.slotId) : p.dayIndex === d))
    .map((p) => (p.dayIndex === undefined ? p : { ...p, dayIndex: 0 }));
  const last = worker.history?.lastShiftEndMin;
  return {
    id: worker.id,
    name: worker.name,
    kind: worker.kind,
    roles: worker.roles,
    skills: worker.skills,
    ...(worker.availability ? { availability: worker.availability } : {}),
    unavailability: worker.unavailability,
    minRestMinutes: worker.minRestMinutes,
    ...(worker.maxShiftsPerDay !== undefined ? { maxShiftsPerDay: worker.maxShiftsPerDay } : {}),
    ...(zeroTypes.length > 0 ? { maxByType: Object.fromEntries(zeroTypes) } : {}),
    refusedSiteIds: worker.refusedSiteIds,
    costPencePerHour: worker.costPencePerHour,
    preferences,
    // With its prior a day's spread is (prior + c)^2 - prior^2; summed over the days that is at most the
    // rota's, since the cross terms of the days' counts are left out.
    ...(worker.fairnessPrior ? { fairnessPrior: worker.fairnessPrior } : {}),
    // The last shift before the horizon and the first after it are facts in time: rest and overlap
    // with them hold whichever day is planned. Day counts and hours before and after are left out.
    ...(last !== undefined ? { history: { minutesByWeek: [], consecutiveDaysWorked: 0, lastShiftEndMin: last } } : {}),
    ...(worker.following ? { following: { ...worker.following, consecutiveDaysWorked: 0 } } : {}),
  };
}
