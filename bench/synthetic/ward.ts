// A generated inpatient ward in the solver's model, for the engine's quality target: 60 staff, 10
// shift types, 4 weeks from Mon 7 Dec 2026 (GMT throughout, so local time is UTC). Registered nurses
// and healthcare assistants (some bank), a medicines skill for the nurse in charge, shifts of 4 to 12.5
// hours (earlies, days, lates, twilights, long days and nights), cover with a minimum, a preferred
// number and a maximum per role; contracts as soft weekly bands under the 48 h cap and the 17-week
// average, 11 h rest, 24 h weekly rest, at most 6 days in a row, weekends, leave, requests, pay and
// fairness. Deterministic from the seed.

import type { Day, Preference, Problem, RoleDemand, Slot, Unavailability, Worker } from '../../solver/model.ts';
import { Prng } from '../../solver/search/prng.ts';

const HOUR = 60;
const DAY = 24 * HOUR;
const START_MIN = Date.UTC(2026, 11, 7) / 60000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** Day indices of 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan. */
const BANK_HOLIDAYS = new Set([18, 21, 25]);

/** Ten shift types: start hour, length in hours, and tags. */
const SHIFTS: readonly { id: string; start: number; hours: number; tags: string[]; nurses: number; hcas: number }[] = [
  { id: 'early', start: 7, hours: 7.5, tags: [], nurses: 2, hcas: 2 },
  { id: 'early-short', start: 7, hours: 4, tags: [], nurses: 0, hcas: 1 },
  { id: 'day', start: 9, hours: 7.5, tags: [], nurses: 1, hcas: 1 },
  { id: 'mid', start: 11, hours: 6, tags: [], nurses: 0, hcas: 1 },
  { id: 'late', start: 13.5, hours: 7.5, tags: ['late'], nurses: 2, hcas: 2 },
  { id: 'twilight', start: 17, hours: 6, tags: ['late'], nurses: 0, hcas: 1 },
  { id: 'long-day', start: 7.5, hours: 12.5, tags: ['late'], nurses: 1, hcas: 1 },
  { id: 'long-late', start: 12, hours: 10, tags: ['late'], nurses: 0, hcas: 1 },
  { id: 'night', start: 21, hours: 10, tags: ['night', 'late'], nurses: 2, hcas: 2 },
  { id: 'night-short', start: 23, hours: 8, tags: ['night'], nurses: 0, hcas: 1 },
];

export interface WardOptions {
  readonly staff?: number;
  readonly weeks?: number;
  readonly seed?: number;
}

/** The generator's random draws: integers in [min, max] and percentage chances. */
interface Draw {
  readonly int: (min: number, max: number) => number;
  readonly chance: (percent: number) => boolean;
}

export function wardProblem(options: WardOptions = {}): Problem {
  const rng = new Prng(options.seed ?? 1);
  const draw: Draw = { int: (min, max) => min + rng.int(max - min + 1), chance: (percent) => rng.int(100) < percent };
  const staff = options.staff ?? 60;
  const days = wardDays(7 * (options.weeks ?? 4));
  const slots = wardSlots(days);
  const workers = Array.from({ length: staff }, (_, i) => wardWorker(i, staff, days, draw));
  return {
    days,
    sites: [{ id: 'ward', name: 'Ward', travelMinutes: {} }],
    slots,
    workers,
    forbiddenSuccessions: [
      { fromTypeId: 'night', toTypeId: 'early' },
      { fromTypeId: 'night', toTypeId: 'day' },
    ],
    pinned: [],
  };
}

function wardDays(dayCount: number): Day[] {
  return Array.from({ length: dayCount }, (_, d) => {
    const date = new Date((START_MIN + d * DAY) * 60000);
    return {
      startMin: START_MIN + d * DAY,
      endMin: START_MIN + (d + 1) * DAY,
      weekday: d % 7,
      isBankHoliday: BANK_HOLIDAYS.has(d),
      label: `${WEEKDAYS[d % 7]} ${date.getUTCDate()} ${date.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })}`,
    };
  });
}

/** Cover: every type every day; weekends and nights a little lighter at the minimum. */
function wardSlots(days: readonly Day[]): Slot[] {
  const slots: Slot[] = [];
  for (let d = 0; d < days.length; d++) {
    const weekend = d % 7 >= 5;
    for (const s of SHIFTS) {
      const roles: RoleDemand[] = [];
      const demand = (roleId: string, n: number, skills: string[] = []): void => {
        if (n <= 0) return;
        const min = weekend ? Math.max(0, n - 1) : n;
        roles.push({ roleId, min, preferred: n, max: n + 1, skills });
      };
      if (s.nurses > 0) {
        demand('nurse-in-charge', 1, ['medicines']);
        demand('nurse', s.nurses - 1);
      }
      demand('hca', s.hcas);
      if (roles.length === 0) continue;
      const startMin = days[d].startMin + Math.round(s.start * HOUR);
      const lengthMin = Math.round(s.hours * HOUR);
      slots.push({
        id: `${s.id}@${d}`,
        startMin,
        endMin: startMin + lengthMin,
        dayIndex: d,
        isWeekend: weekend,
        isBankHoliday: days[d].isBankHoliday,
        siteId: 'ward',
        typeId: s.id,
        tags: s.tags,
        priority: s.tags.includes('night') ? 2 : 1,
        workMinutes: lengthMin,
        roles,
        label: `${days[d].label} ${s.id}`,
      });
    }
  }
  return slots;
}

/** Staff member i of `staff`: the first 45% nurses (a third in charge), the last 15% bank HCAs. */
function wardWorker(i: number, staff: number, days: readonly Day[], draw: Draw): Worker {
  const { int, chance } = draw;
  const dayCount = days.length;
  const nurse = i < Math.round(staff * 0.45);
  const bank = !nurse && i >= Math.round(staff * 0.85);
  const contract = bank ? 0 : [37.5, 37.5, 30, 22.5][int(0, 3)] * HOUR;
  const leave: Unavailability[] = [];
  if (chance(30)) {
    const d = int(0, dayCount - 5);
    // A block of leave of 3 to 7 days, cut at the roster's end.
    leave.push({ startMin: days[d].startMin, endMin: days[Math.min(dayCount - 1, d + int(2, 6))].endMin, reason: 'leave' });
  }
  if (chance(8)) {
    const d = int(0, dayCount - 1);
    leave.push({ startMin: days[d].startMin, endMin: days[d].endMin, reason: 'sickness' });
  }
  const preferences: Preference[] = Array.from({ length: int(0, 4) }, () => ({
    kind: chance(50) ? 'desired' : 'undesired',
    dayIndex: int(0, dayCount - 1),
    typeId: chance(50) ? SHIFTS[int(0, SHIFTS.length - 1)].id : undefined,
    weight: int(1, 5),
  }));
  return {
    id: `staff-${i}`,
    name: `${nurse ? 'Nurse' : 'HCA'} ${i}`,
    kind: bank ? 'bank' : 'contracted',
    roles: nurse ? ['nurse', ...(i % 3 === 0 ? ['nurse-in-charge'] : [])] : ['hca'],
    skills: nurse && i % 3 === 0 ? [{ skillId: 'medicines' }] : [],
    unavailability: leave,
    minutesPerWeek: bank ? { hardMax: 48 * HOUR } : { softMin: contract - 4 * HOUR, softMax: contract + 4 * HOUR, hardMax: 48 * HOUR },
    averageWeekly: chance(90) ? { maxMinutesPerWeek: 48 * HOUR, referenceWeeks: 17 } : undefined,
    minRestMinutes: 11 * HOUR,
    maxConsecutiveDays: 6,
    weeklyRestMinutes: 24 * HOUR,
    maxShiftsPerDay: 1,
    maxWeekends: chance(50) ? 2 : 3,
    // Some staff never work nights.
    maxByType: chance(25) ? { night: 0, 'night-short': 0 } : undefined,
    refusedSiteIds: [],
    costPencePerHour: bank ? int(1500, 1900) : nurse ? int(1900, 2600) : int(1200, 1500),
    preferences,
    history: {
      minutesByWeek: Array.from({ length: 16 }, () => Math.max(0, contract + int(-6, 6) * HOUR)),
      lastShiftEndMin: chance(40) ? START_MIN - int(2, 20) * HOUR : undefined,
      consecutiveDaysWorked: int(0, 4),
    },
  };
}
