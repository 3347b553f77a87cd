// Maps a Curtois & Qu instance onto the engine's own Problem model, so the benchmark runs the same
// engine that rosters the real services. One slot per (day, shift type), one role, no clock times.

import type { Assignment, Day, Problem, Slot, Worker } from '../../solver/model.ts';
import type { CurtoisInstance } from './parse.ts';

export const CURTOIS_ROLE = 'staff';
const MINUTES_PER_DAY = 1440;

export function slotIdOf(day: number, shiftId: string): string {
  return `d${day}-${shiftId}`;
}

export function curtoisToProblem(instance: CurtoisInstance): Problem {
  const H = instance.horizonDays;
  const days: Day[] = Array.from({ length: H }, (_, d) => ({
    startMin: d * MINUTES_PER_DAY,
    endMin: (d + 1) * MINUTES_PER_DAY,
    weekday: d % 7,
    isBankHoliday: false,
    label: `day ${d}`,
  }));
  const coverOf = new Map(instance.cover.map((c) => [`${c.day}|${c.shiftId}`, c]));
  const staffCount = instance.staff.length;
  const slots: Slot[] = [];
  for (let d = 0; d < H; d++) {
    for (const shift of instance.shifts) {
      const cover = coverOf.get(`${d}|${shift.id}`);
      slots.push({
        id: slotIdOf(d, shift.id),
        startMin: d * MINUTES_PER_DAY,
        endMin: d * MINUTES_PER_DAY + shift.lengthMinutes,
        dayIndex: d,
        isWeekend: d % 7 >= 5,
        isBankHoliday: false,
        siteId: null,
        typeId: shift.id,
        tags: [],
        priority: 1,
        workMinutes: shift.lengthMinutes,
        roles: [
          {
            roleId: CURTOIS_ROLE,
            min: 0,
            preferred: cover?.requirement ?? 0,
            max: staffCount,
            skills: [],
            underWeight: cover?.weightUnder ?? 0,
            overWeight: cover?.weightOver ?? 0,
          },
        ],
        label: `day ${d} shift ${shift.id}`,
      });
    }
  }
  const workers: Worker[] = instance.staff.map((s) => ({
    id: s.id,
    name: s.id,
    kind: 'contracted',
    roles: [CURTOIS_ROLE],
    skills: [],
    unavailability: (instance.daysOff[s.id] ?? []).map((d) => ({
      startMin: d * MINUTES_PER_DAY,
      endMin: (d + 1) * MINUTES_PER_DAY,
      reason: 'other' as const,
    })),
    minutesTotal: { hardMin: s.minTotalMinutes, hardMax: s.maxTotalMinutes },
    // The benchmark has no clock times, so no rest-gap rule.
    minRestMinutes: 0,
    maxConsecutiveDays: s.maxConsecutiveShifts,
    minConsecutiveDays: s.minConsecutiveShifts,
    minConsecutiveDaysOff: s.minConsecutiveDaysOff,
    maxShiftsPerDay: 1,
    maxByType: s.maxShifts,
    maxWeekends: s.maxWeekends,
    refusedSiteIds: [],
    costPencePerHour: 0,
    preferences: [
      ...instance.onRequests
        .filter((r) => r.employeeId === s.id)
        .map((r) => ({ kind: 'desired' as const, dayIndex: r.day, typeId: r.shiftId, weight: r.weight })),
      ...instance.offRequests
        .filter((r) => r.employeeId === s.id)
        .map((r) => ({ kind: 'undesired' as const, dayIndex: r.day, typeId: r.shiftId, weight: r.weight })),
    ],
  }));
  const forbiddenSuccessions = instance.shifts.flatMap((s) =>
    s.forbiddenNext.map((to) => ({ fromTypeId: s.id, toTypeId: to })),
  );
  // The benchmark's objective is cover and requests only: switch off the soft rules it does not have.
  const weights = { 'fairness.weekends': 0, 'fairness.bankHolidays': 0, 'fairness.lates': 0, 'fairness.bankUse': 0, 'cost.pay': 0 };
  return { days, sites: [], slots, workers, forbiddenSuccessions, pinned: [], weights };
}

/** The roster CSV the benchmark expects: `employee,day,shift`, one row per worked day. */
export function rosterCsv(problem: Problem, assignments: readonly Assignment[]): string {
  const slotById = new Map(problem.slots.map((s) => [s.id, s]));
  const rows = assignments
    .map((a) => {
      const slot = slotById.get(a.slotId);
      if (!slot) throw new Error(`roster: unknown slot ${a.slotId}`);
      return { employee: a.workerId, day: slot.dayIndex, shift: slot.typeId };
    })
    .sort((a, b) => (a.employee < b.employee ? -1 : a.employee > b.employee ? 1 : a.day - b.day));
  return ['employee,day,shift', ...rows.map((r) => `${r.employee},${r.day},${r.shift}`)].join('\n') + '\n';
}
