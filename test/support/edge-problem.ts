// fast-check arbitrary for small Problems crowded against the horizon's edges: slots near its start
// and end, workers whose last shift before the horizon may run on into day 0 and who have work fixed
// after it (with days worked in a row), minimum rests and maximum runs. Shared by the engine and
// constraint tests of the rules that cross the edges.

import fc from 'fast-check';
import type { Problem, Slot, Worker } from '../../solver/model.ts';
import { BASE_MIN, DAY, HOUR, makeDays } from '../constraints/support.ts';

export const edgeProblem: fc.Arbitrary<Problem> = fc.gen().map((g) => {
  const int = (min: number, max: number): number => g(fc.integer, { min, max });
  const dayCount = int(1, 3);
  const days = makeDays(dayCount);
  const end = BASE_MIN + dayCount * DAY;
  const slots: Slot[] = [];
  for (let i = 0, n = int(3, 10); i < n; i++) {
    // Half the slots within 10 h of an edge.
    const near = int(0, 3);
    const startMin =
      near === 0 ? BASE_MIN + int(0, 20) * 30 : near === 1 ? end - int(1, 20) * 30 : BASE_MIN + int(0, (dayCount * DAY) / 30 - 1) * 30;
    const endMin = startMin + int(1, 20) * 30;
    slots.push({
      id: `s${i}`,
      startMin,
      endMin,
      dayIndex: Math.min(dayCount - 1, Math.floor((startMin - BASE_MIN) / DAY)),
      isWeekend: false,
      isBankHoliday: false,
      siteId: null,
      typeId: 'session',
      tags: [],
      priority: 1,
      workMinutes: endMin - startMin,
      roles: [{ roleId: 'support', min: int(0, 1), preferred: 1, max: 2, skills: [] }],
      label: `session ${i}`,
    });
  }
  const workers: Worker[] = Array.from({ length: int(1, 3) }, (_, w) => {
    const nextShiftStartMin = end + int(0, 24) * 30;
    return {
      id: `w${w}`,
      name: `Worker ${w}`,
      kind: 'contracted' as const,
      roles: ['support'],
      skills: [],
      unavailability: [],
      minRestMinutes: [0, 8 * HOUR, 11 * HOUR, 11 * HOUR, 13 * HOUR][int(0, 4)],
      maxConsecutiveDays: int(0, 2) === 0 ? undefined : int(1, 3),
      refusedSiteIds: [],
      costPencePerHour: 1500,
      preferences: [],
      // The last shift before may end up to 8 h into day 0 (a night that started the day before).
      history: int(0, 3) > 0 ? { minutesByWeek: [], consecutiveDaysWorked: int(0, 3), lastShiftEndMin: BASE_MIN + int(-12, 16) * 30 } : undefined,
      following: int(0, 3) > 0 ? { nextShiftStartMin, nextShiftEndMin: nextShiftStartMin + int(1, 20) * 30, consecutiveDaysWorked: int(0, 3) } : undefined,
    };
  });
  return { days, sites: [], slots, workers, pinned: [] };
});
