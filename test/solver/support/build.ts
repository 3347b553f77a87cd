// Small hand-made problems in the model, with named time constants, for the loop's behaviour tests.

import type { Day, Problem, RoleDemand, Slot, Worker } from '../../../solver/model.ts';

export const MIN = 1;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
/** Monday 23 Nov 2026 00:00 UTC in minutes since the epoch. */
export const T0 = Math.floor(Date.UTC(2026, 10, 23) / 60000);
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function days(count: number): Day[] {
  return Array.from({ length: count }, (_, i) => ({
    startMin: T0 + i * DAY,
    endMin: T0 + (i + 1) * DAY,
    weekday: i % 7,
    isBankHoliday: false,
    label: `${WEEKDAYS[i % 7]} ${23 + i} Nov`,
  }));
}

export function role(roleId: string, min: number, preferred = min, max = preferred, skills: string[] = []): RoleDemand {
  return { roleId, min, preferred, max, skills };
}

/** A slot on day `day` from hh:mm `from` for `hours`, e.g. slot('d1', 1, 17.5, 7, [role('lead', 1)]). */
export function slot(id: string, day: number, fromHour: number, hours: number, roles: RoleDemand[], typeId = 'drop-in'): Slot {
  const startMin = T0 + day * DAY + Math.round(fromHour * HOUR);
  const endMin = startMin + Math.round(hours * HOUR);
  const fmt = (m: number) => {
    const t = (m - T0) % DAY;
    return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
  };
  return {
    id,
    startMin,
    endMin,
    dayIndex: day,
    isWeekend: day % 7 >= 5,
    isBankHoliday: false,
    siteId: null,
    typeId,
    tags: [],
    priority: 1,
    workMinutes: endMin - startMin,
    roles,
    label: `${WEEKDAYS[day % 7]} ${23 + day} Nov ${typeId} ${fmt(startMin)}-${fmt(endMin)}`,
  };
}

export function worker(id: string, name: string, roles: string[], extra: Partial<Worker> = {}): Worker {
  return {
    id,
    name,
    kind: 'contracted',
    roles,
    skills: [],
    unavailability: [],
    minRestMinutes: 11 * HOUR,
    refusedSiteIds: [],
    costPencePerHour: 0,
    preferences: [],
    ...extra,
  };
}

export function problem(parts: Partial<Problem> & Pick<Problem, 'slots' | 'workers'>): Problem {
  return { days: days(7), sites: [], pinned: [], ...parts };
}
