// Small hand-made problems for the offer tests (a North Kent style bank: wellbeing sessions at
// community venues, 3 hours plus 1 paid hour).

import type { Day, Problem, Slot, Worker } from '../../../solver/model.ts';

export const MIN = 1;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
/** Monday 23 Nov 2026 00:00 UTC (GMT, so local midnight), in minutes. */
export const MONDAY = Date.UTC(2026, 10, 23) / 60_000;

export function days(n: number): Day[] {
  return Array.from({ length: n }, (_, d) => ({
    startMin: MONDAY + d * DAY,
    endMin: MONDAY + (d + 1) * DAY,
    weekday: d % 7,
    isBankHoliday: false,
    label: `day ${d}`,
  }));
}

export function session(id: string, dayIndex: number, startHour: number, opts: Partial<Slot> & { skills?: string[]; min?: number } = {}): Slot {
  const startMin = MONDAY + dayIndex * DAY + startHour * HOUR;
  const { skills = [], min = 1, ...rest } = opts;
  return {
    id,
    startMin,
    endMin: startMin + 3 * HOUR,
    dayIndex,
    isWeekend: dayIndex % 7 >= 5,
    isBankHoliday: false,
    siteId: 'gravesend',
    typeId: 'wellbeing',
    tags: [],
    priority: 1,
    workMinutes: 4 * HOUR,
    roles: [{ roleId: 'support', min, preferred: 1, max: 1, skills }],
    label: `${id} day ${dayIndex} ${startHour}:00`,
    ...rest,
  };
}

export function bank(id: string, opts: Partial<Worker> = {}): Worker {
  return {
    id,
    name: `Worker ${id}`,
    kind: 'bank',
    roles: ['support'],
    skills: [],
    unavailability: [],
    minRestMinutes: 11 * HOUR,
    refusedSiteIds: [],
    costPencePerHour: 1200,
    preferences: [],
    ...opts,
  };
}

export function problem(slots: Slot[], workers: Worker[], extra: Partial<Problem> = {}): Problem {
  return {
    days: days(14),
    sites: [
      { id: 'gravesend', name: 'Gravesend Community Hub', travelMinutes: {} },
      { id: 'dartford', name: 'Dartford Library', travelMinutes: {} },
    ],
    slots,
    workers,
    pinned: [],
    ...extra,
  };
}
