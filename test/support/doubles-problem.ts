// Tiny problems where a worker may hold two roles of one session (a double place): sessions asking
// two roles, workers holding one or both, minimums that cannot all be met (a role needing a training
// nobody holds, more workers than there are), hour floors and caps, and a double place that is
// sometimes cheaper than a missing worker. Small enough to brute-force every rota; the hard optimum
// is often past a double place's cost.

import fc from 'fast-check';
import type { Day, Problem, Slot, Worker } from '../../solver/model.ts';
import { HOUR, propertyDays } from './random-problem.ts';

const TIMES = [
  { typeId: 'am', startMin: 9 * HOUR, endMin: 13 * HOUR },
  { typeId: 'pm', startMin: 14 * HOUR, endMin: 18 * HOUR },
  { typeId: 'long', startMin: 8 * HOUR, endMin: 20 * HOUR },
  { typeId: 'night', startMin: 21 * HOUR, endMin: 31 * HOUR },
];
const ROLES = ['lead', 'worker'];

/** A hard band over the rota: a floor, and a cap at or above it when given. */
function band(hardMin: number, above: number | undefined) {
  return { hardMin, hardMax: above === undefined ? undefined : hardMin + above };
}

export function doublesProblem(): fc.Arbitrary<Problem> {
  return fc.gen().map((g) => {
    const int = (min: number, max: number): number => g(fc.integer, { min, max });
    const chance = (percent: number): boolean => int(0, 99) < percent;
    const workerCount = int(1, 2);
    // 2^places rotas: at most 8 places with two workers, 10 with one.
    const slotCount = workerCount === 2 ? int(1, 2) : int(1, 5);
    const dayCount = Math.min(3, slotCount);
    const days: Day[] = propertyDays(dayCount);
    const slots: Slot[] = Array.from({ length: slotCount }, (_, i) => {
      const d = int(0, dayCount - 1);
      const t = TIMES[int(0, TIMES.length - 1)];
      return {
        id: `s${i}`,
        startMin: days[d].startMin + t.startMin,
        endMin: days[d].startMin + t.endMin,
        dayIndex: d,
        isWeekend: days[d].weekday >= 5,
        isBankHoliday: false,
        siteId: null,
        typeId: t.typeId,
        tags: [],
        priority: int(1, 3),
        workMinutes: t.endMin - t.startMin,
        roles: ROLES.map((roleId) => {
          // solve() refuses a min past its max; the draws stay as they were, the max raised to the min.
          const min = int(0, 2);
          const max = Math.max(min, int(1, 2));
          return { roleId, min, preferred: Math.max(1, min), max, skills: chance(25) ? ['lapsed'] : [] };
        }),
        label: `s${i} day ${d} ${t.typeId}`,
      };
    });
    const workers: Worker[] = Array.from({ length: workerCount }, (_, w) => ({
      id: `w${w}`,
      name: `W${w}`,
      kind: 'contracted',
      roles: chance(60) ? [...ROLES] : [ROLES[int(0, 1)]],
      skills: [],
      unavailability: [],
      minRestMinutes: chance(70) ? 11 * HOUR : int(4, 14) * HOUR,
      minutesTotal: chance(40) ? band(int(4, 16) * HOUR, chance(50) ? int(0, 12) * HOUR : undefined) : undefined,
      refusedSiteIds: [],
      costPencePerHour: int(1000, 2000),
      preferences: [],
    }));
    const weights: Record<string, number> = {};
    if (chance(50)) weights['cover.doublePlace'] = [3, 40, 150][int(0, 2)];
    if (chance(50)) weights['cover.min'] = [300, 700][int(0, 1)];
    return { days, sites: [], slots, workers, pinned: [], weights: Object.keys(weights).length > 0 ? weights : undefined };
  });
}
