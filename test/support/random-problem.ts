// fast-check arbitrary for small but rich valid Problems: several sites with travel times, roles with
// skills that expire, leave and availability windows, histories, preferences, forbidden successions,
// hour bands, bank holidays, a clock-change day, work fixed either side of the horizon, pinned
// places and weight overrides.
// Shared by the engine tests and the allocation-loop tests.

import fc from 'fast-check';
import type {
  Assignment,
  Band,
  Day,
  Preference,
  Problem,
  RoleDemand,
  SkillHolding,
  Site,
  Slot,
  TimeWindow,
  Unavailability,
  Worker,
} from '../../solver/model.ts';

/** Monday 23 November 2026, 00:00 UTC, in minutes. */
export const BASE_MIN = Date.UTC(2026, 10, 23) / 60000;
export const HOUR = 60;
export const DAY = 1440;

/** The small property problems' `count` whole days from BASE_MIN. */
export function propertyDays(count: number): Day[] {
  return Array.from({ length: count }, (_, d) => ({
    startMin: BASE_MIN + d * DAY,
    endMin: BASE_MIN + (d + 1) * DAY,
    weekday: (4 + d) % 7,
    isBankHoliday: false,
    label: `day ${d}`,
  }));
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ROLES = ['lead', 'support', 'amhp'] as const;
const SKILLS = ['safeguarding', 'amhp', 'driving'] as const;
const NAMES = ['Sam', 'Alex', 'Priya', 'Tom', 'Jo', 'Kemi', 'Ravi', 'Ann'];

/** Shift types: start and end as minutes after local midnight (end may cross midnight). */
export const SHIFT_TYPES = {
  early: { startMin: 7 * HOUR, endMin: 15 * HOUR, tags: [] as string[] },
  late: { startMin: 14 * HOUR, endMin: 22 * HOUR, tags: ['late'] },
  night: { startMin: 21 * HOUR, endMin: 31 * HOUR + 30, tags: ['night'] },
  'drop-in': { startMin: 17 * HOUR + 30, endMin: 24 * HOUR + 30, tags: ['late'] },
  session: { startMin: 10 * HOUR, endMin: 13 * HOUR, tags: [] as string[] },
  visit: { startMin: 14 * HOUR, endMin: 16 * HOUR, tags: [] as string[] },
} as const;
export type ShiftTypeId = keyof typeof SHIFT_TYPES;
const TYPE_IDS = Object.keys(SHIFT_TYPES) as ShiftTypeId[];

export interface RandomProblemOptions {
  readonly minDays?: number;
  readonly maxDays?: number;
  readonly maxWorkers?: number;
  /** Probability-ish knob: how many slots per day at most. */
  readonly maxSlotsPerDay?: number;
  /** Allow pinned places (default true). */
  readonly pinned?: boolean;
}

function clock(min: number): string {
  const m = ((min % DAY) + DAY) % DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function randomProblem(options: RandomProblemOptions = {}): fc.Arbitrary<Problem> {
  const minDays = options.minDays ?? 7;
  const maxDays = options.maxDays ?? 15;
  const maxWorkers = options.maxWorkers ?? 6;
  const maxSlotsPerDay = options.maxSlotsPerDay ?? 3;
  return fc.gen().map((g) => {
    const int = (min: number, max: number): number => g(fc.integer, { min, max });
    const bool = (): boolean => g(fc.boolean);
    const chance = (percent: number): boolean => int(0, 99) < percent;
    const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
    const subset = <T>(xs: readonly T[]): T[] => xs.filter(() => bool());

    // Days, starting on any weekday; one may be a clock-change day of 23 or 25 hours.
    const dayCount = int(minDays, maxDays);
    const firstWeekday = int(0, 6);
    const changeDay = chance(30) ? int(0, dayCount - 1) : -1;
    const days: Day[] = [];
    let cursor = BASE_MIN + firstWeekday * DAY;
    for (let d = 0; d < dayCount; d++) {
      const length = d === changeDay ? pick([23 * HOUR, 25 * HOUR]) : DAY;
      const weekday = (firstWeekday + d) % 7;
      days.push({
        startMin: cursor,
        endMin: cursor + length,
        weekday,
        isBankHoliday: chance(8),
        label: `${WEEKDAYS[weekday]} ${d + 1}`,
      });
      cursor += length;
    }

    const siteCount = int(1, 3);
    const sites: Site[] = Array.from({ length: siteCount }, (_, i) => ({ id: `site${i}`, name: `Site ${i}`, travelMinutes: {} }));
    for (let i = 0; i < siteCount; i++) {
      const travel: Record<string, number> = {};
      for (let j = 0; j < siteCount; j++) if (i !== j && chance(70)) travel[`site${j}`] = int(0, 20) * 15;
      (sites[i] as { travelMinutes: Record<string, number> }).travelMinutes = travel;
    }

    const slots: Slot[] = [];
    for (let d = 0; d < dayCount; d++) {
      const n = int(0, maxSlotsPerDay);
      for (let k = 0; k < n; k++) {
        const typeId = pick(TYPE_IDS);
        const type = SHIFT_TYPES[typeId];
        const shift = int(-2, 2) * 30;
        const startMin = days[d].startMin + type.startMin + shift;
        const endMin = days[d].startMin + type.endMin + shift + int(0, 1) * 30;
        const roleIds = subset(ROLES);
        if (roleIds.length === 0) roleIds.push('support');
        const roles: RoleDemand[] = roleIds.map((roleId) => {
          const min = int(0, 2);
          const preferred = min + int(0, 1);
          const max = preferred + int(0, 1);
          return {
            roleId,
            min,
            preferred,
            max: Math.max(max, 1),
            skills: roleId === 'amhp' ? ['amhp'] : subset(SKILLS.filter((s) => s !== 'amhp')),
            underWeight: chance(30) ? int(1, 50) : undefined,
            overWeight: chance(30) ? int(0, 10) : undefined,
          };
        });
        const weekday = days[d].weekday;
        slots.push({
          id: `s${slots.length}`,
          startMin,
          endMin,
          dayIndex: d,
          isWeekend: weekday >= 5,
          isBankHoliday: days[d].isBankHoliday,
          siteId: chance(20) ? null : `site${int(0, siteCount - 1)}`,
          typeId,
          tags: [...type.tags],
          priority: int(1, 3),
          workMinutes: endMin - startMin + int(0, 1) * 60 - (chance(20) ? 30 : 0),
          restBreakMinutes: chance(30) ? pick([10, 20, 30, 60]) : undefined,
          roles,
          label: `${days[d].label} ${typeId} ${clock(startMin - days[d].startMin)}-${clock(endMin - days[d].startMin)}`,
        });
      }
    }
    const horizonStart = days[0].startMin;
    const horizonEnd = days[dayCount - 1].endMin;
    const instant = (): number => horizonStart + int(0, Math.ceil((horizonEnd - horizonStart) / 30)) * 30;
    const window = (): TimeWindow => {
      const startMin = instant();
      return { startMin, endMin: startMin + int(1, 96) * 30 };
    };
    const band = (scale: number): Band | undefined => {
      if (!chance(40)) return undefined;
      const b: { hardMin?: number; softMin?: number; softMax?: number; hardMax?: number } = {};
      if (bool()) b.hardMin = int(0, 2) * scale;
      if (bool()) b.softMin = int(1, 3) * scale;
      if (bool()) b.softMax = int(2, 4) * scale;
      if (bool()) b.hardMax = int(3, 6) * scale;
      // solve() refuses a minimum past its maximum; the draws stay as they were, clamped as a service file's are.
      if (b.softMin !== undefined && b.softMax !== undefined && b.softMin > b.softMax) b.softMin = b.softMax;
      return b;
    };

    const workerCount = int(2, maxWorkers);
    const workers: Worker[] = [];
    for (let w = 0; w < workerCount; w++) {
      const skills: SkillHolding[] = subset(SKILLS).map((skillId) => ({
        skillId,
        fromMin: chance(25) ? instant() : undefined,
        untilMin: chance(25) ? instant() : undefined,
      }));
      const unavailability: Unavailability[] = Array.from({ length: int(0, 2) }, () => ({
        ...window(),
        reason: pick(['leave', 'sickness', 'training', 'other'] as const),
      }));
      const preferences: Preference[] = [];
      for (let i = int(0, 3); i > 0; i--) {
        const kind = bool() ? 'desired' : 'undesired';
        const weight = int(1, 5);
        if (slots.length > 0 && chance(40)) preferences.push({ kind, slotId: pick(slots).id, weight });
        else preferences.push({ kind, dayIndex: int(0, dayCount - 1), typeId: chance(60) ? pick(TYPE_IDS) : undefined, weight });
      }
      const maxByType: Record<string, number> = {};
      if (chance(30)) maxByType[pick(TYPE_IDS)] = int(0, 3);
      const roles = subset(ROLES);
      if (roles.length === 0) roles.push(pick(ROLES));
      workers.push({
        id: `w${w}`,
        name: NAMES[w % NAMES.length] + (w >= NAMES.length ? String(w) : ''),
        kind: chance(30) ? 'bank' : 'contracted',
        roles,
        skills,
        availability: chance(20) ? Array.from({ length: int(1, 3) }, window) : undefined,
        unavailability,
        minutesPerWeek: band(10 * HOUR),
        minutesTotal: band(15 * HOUR),
        averageWeekly: chance(30) ? { maxMinutesPerWeek: int(10, 48) * HOUR, referenceWeeks: int(1, 17) } : undefined,
        minRestMinutes: pick([0, 11 * HOUR, int(1, 16) * 60]),
        maxConsecutiveDays: chance(40) ? int(1, 5) : undefined,
        minConsecutiveDays: chance(30) ? int(1, 3) : undefined,
        minConsecutiveDaysOff: chance(30) ? int(1, 3) : undefined,
        weeklyRestMinutes: chance(40) ? pick([24 * HOUR, 48 * HOUR, 60 * HOUR, 72 * HOUR, int(1, 200) * 30]) : undefined,
        weeklyRestForm: chance(50) ? pick(['24h-in-7', '48h-in-14', '2x24h-in-14'] as const) : undefined,
        restBreak: chance(40) ? { maxWorkMinutes: pick([6 * HOUR, 4 * HOUR + 30, int(1, 20) * 30]), minBreakMinutes: pick([20, 30, 60]) } : undefined,
        nightAverage: chance(25) ? { maxMinutesPerWeek: int(8, 48) * HOUR, referenceWeeks: int(1, 17) } : undefined,
        maxShiftsPerDay: chance(40) ? int(1, 2) : undefined,
        maxByType: Object.keys(maxByType).length > 0 ? maxByType : undefined,
        maxWeekends: chance(30) ? int(0, 2) : undefined,
        refusedSiteIds: subset(sites.map((s) => s.id)).slice(0, chance(25) ? 2 : 0),
        costPencePerHour: int(1000, 2500),
        preferences,
        history: chance(60)
          ? {
              minutesByWeek: Array.from({ length: int(0, 17) }, () => int(0, 50) * HOUR),
              lastShiftEndMin: chance(60) ? horizonStart - int(0, 20) * 60 : undefined,
              consecutiveDaysWorked: int(0, 6),
              consecutiveDaysOff: int(0, 3),
              recentShifts: chance(50)
                ? Array.from({ length: int(0, 4) }, () => {
                    const startMin = horizonStart - int(1, 7 * 48) * 30;
                    return { startMin, endMin: Math.min(horizonStart + 120, startMin + int(1, 24) * 30) };
                  })
                : undefined,
            }
          : undefined,
      });
    }

    const forbiddenSuccessions = chance(50)
      ? Array.from({ length: int(1, 3) }, () => ({ fromTypeId: pick(TYPE_IDS), toTypeId: pick(TYPE_IDS) }))
      : undefined;

    // Pinned: now and then one (rarely two, maybe beyond max) per slot-role, mostly role holders.
    const pinned: Assignment[] = [];
    if (options.pinned !== false) {
      for (const slot of slots) {
        for (const role of slot.roles) {
          if (!chance(10)) continue;
          const holders = workers.filter((w) => w.roles.includes(role.roleId));
          const pool = holders.length > 0 && !chance(10) ? holders : workers;
          for (let n = chance(15) ? 2 : 1; n > 0; n--) pinned.push({ slotId: slot.id, roleId: role.roleId, workerId: pick(pool).id });
        }
      }
    }

    const weights: Record<string, number> = {};
    if (chance(40)) weights['rest.minGap'] = pick([1, 2, 3]);
    if (chance(40)) weights['cover.preferredUnder'] = pick([0, 1.5, 7]);
    if (chance(40)) weights['fairness.weekends'] = pick([0, 0.5, 3]);
    if (chance(40)) weights['preferences.desired'] = pick([0.5, 2.25, 10]);
    if (chance(40)) weights['cost.pay'] = pick([0, 0.1, 1]);
    if (chance(40)) weights['days.weeklyRest'] = pick([0.5, 2]);
    if (chance(30)) weights['breaks.restBreak'] = pick([0.5, 3]);
    if (chance(30)) weights['hours.nightAverage'] = pick([0.5, 2]);

    // Drawn last, so the draws above (and the cases other tests were tuned on) stay as they were: now
    // and then the last shift before the horizon runs into day 0, and work is fixed after the horizon.
    for (let w = 0; w < workers.length; w++) {
      const worker = workers[w];
      if (worker.history?.lastShiftEndMin !== undefined && chance(25)) {
        workers[w] = { ...worker, history: { ...worker.history, lastShiftEndMin: horizonStart + int(1, 16) * 30 } };
      }
      if (chance(40)) {
        const nextShiftStartMin = horizonEnd + int(0, 30) * 30;
        workers[w] = {
          ...workers[w],
          following: { nextShiftStartMin, nextShiftEndMin: nextShiftStartMin + int(1, 24) * 30, consecutiveDaysWorked: int(0, 4) },
        };
      }
    }

    // Also drawn last: fairness counts from before the horizon (a ledger), and Christmas slots.
    for (let w = 0; w < workers.length; w++) {
      if (!chance(35)) continue;
      const prior: Record<string, number> = {};
      for (const k of ['weekends', 'bankHolidays', 'lates', 'nights', 'christmas']) if (chance(60)) prior[k] = int(0, 12);
      workers[w] = { ...workers[w], fairnessPrior: prior };
    }
    for (let i = 0; i < slots.length; i++) if (chance(8)) slots[i] = { ...slots[i], tags: [...slots[i].tags, 'christmas'] };

    return {
      days,
      sites,
      slots,
      workers,
      forbiddenSuccessions,
      pinned,
      weights: Object.keys(weights).length > 0 ? weights : undefined,
    };
  });
}

/** A random rota for a problem: any worker in any role of any slot (hard breaches included). */
export function randomAssignments(problem: Problem, maxCount = 30): fc.Arbitrary<Assignment[]> {
  const placesArb =
    problem.slots.length === 0
      ? fc.constant([] as Assignment[])
      : fc.array(
          fc
            .tuple(
              fc.integer({ min: 0, max: problem.slots.length - 1 }),
              fc.nat(),
              fc.integer({ min: 0, max: problem.workers.length - 1 }),
            )
            .map(([s, r, w]) => {
              const slot = problem.slots[s];
              return { slotId: slot.id, roleId: slot.roles[r % slot.roles.length].roleId, workerId: problem.workers[w].id };
            }),
          { maxLength: maxCount },
        );
  return placesArb;
}
