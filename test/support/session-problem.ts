// Tiny problems of short sessions at several venues, the shape of community services: two or three
// sessions a day, rest that allows two sessions in one working day but not a late then an early,
// travel between venues, a remote session now and then. Small enough to brute-force every rota.

import fc from 'fast-check';
import type { Day, Problem, Site, Slot, Worker } from '../../solver/model.ts';
import { HOUR, propertyDays } from './random-problem.ts';

const TIMES = [
  { typeId: 'am', startMin: 9 * HOUR, endMin: 12 * HOUR },
  { typeId: 'pm', startMin: 13 * HOUR, endMin: 16 * HOUR },
  { typeId: 'call', startMin: 12 * HOUR, endMin: 12 * HOUR + 45 },
  { typeId: 'eve', startMin: 17 * HOUR, endMin: 21 * HOUR, tags: ['late'] },
  { typeId: 'long', startMin: 8 * HOUR, endMin: 20 * HOUR },
  { typeId: 'night', startMin: 21 * HOUR, endMin: 31 * HOUR, tags: ['night'] },
];

export function sessionProblem(): fc.Arbitrary<Problem> {
  return fc.gen().map((g) => {
    const int = (min: number, max: number): number => g(fc.integer, { min, max });
    const chance = (percent: number): boolean => int(0, 99) < percent;
    const dayCount = int(1, 3);
    const days: Day[] = propertyDays(dayCount);
    const sites: Site[] = [
      { id: 'a', name: 'A', travelMinutes: { b: int(1, 6) * 30 } },
      { id: 'b', name: 'B', travelMinutes: {} },
    ];
    const slots: Slot[] = [];
    for (let d = 0; d < dayCount; d++) {
      for (let k = int(1, 3); k > 0; k--) {
        const t = TIMES[int(0, TIMES.length - 1)];
        const shift = t.typeId === 'call' ? 0 : int(-1, 1) * 60;
        slots.push({
          id: `s${slots.length}`,
          startMin: days[d].startMin + t.startMin + shift,
          endMin: days[d].startMin + t.endMin + shift,
          dayIndex: d,
          isWeekend: days[d].weekday >= 5,
          isBankHoliday: false,
          siteId: t.typeId === 'call' || chance(15) ? null : chance(50) ? 'a' : 'b',
          typeId: t.typeId,
          tags: [...(t.tags ?? [])],
          priority: 1,
          workMinutes: t.endMin - t.startMin,
          roles: [{ roleId: 'staff', min: int(0, 1), preferred: 1, max: int(1, 2), skills: [] }],
          label: `day ${d} ${t.typeId}`,
        });
      }
    }
    const workers: Worker[] = Array.from({ length: int(1, 2) }, (_, w) => ({
      id: `w${w}`,
      name: `W${w}`,
      kind: chance(30) ? 'bank' : 'contracted',
      roles: ['staff'],
      skills: [],
      unavailability: [],
      minRestMinutes: chance(80) ? 11 * HOUR : int(4, 14) * HOUR,
      weeklyRestMinutes: chance(30) ? 24 * HOUR : undefined,
      minutesPerWeek: chance(50) ? { softMin: int(2, 10) * HOUR, softMax: int(10, 20) * HOUR } : undefined,
      refusedSiteIds: [],
      costPencePerHour: int(1000, 2000),
      preferences: chance(30) ? [{ kind: 'undesired', dayIndex: int(0, dayCount - 1), weight: int(1, 20) }] : [],
    }));
    return { days, sites, slots, workers, pinned: [] };
  });
}
