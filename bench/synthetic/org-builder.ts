// The pieces a synthetic organisation is built from (organisation.ts): one seeded generator, the
// days of the horizon, sites with travel times, slots, and workers with leave, history and
// preferences drawn at random. Every draw goes through `rng` in the order the calls are made, so
// the same seed gives the same organisation.

import type { Day, Preference, RoleDemand, Site, SkillHolding, Slot, Unavailability, Worker } from '../../solver/model.ts';
import { Prng } from '../../solver/search/prng.ts';

export const HOUR = 60;
export const DAY = 24 * HOUR;
const START_MIN = Date.UTC(2026, 11, 7) / 60000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Day indices of 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan. */
export const BANK_HOLIDAYS = new Set([18, 21, 25]);
const CAP_48H = 48 * HOUR;
const FIRST_NAMES = ['Sam', 'Alex', 'Priya', 'Tom', 'Jo', 'Kemi', 'Ravi', 'Ann', 'Dev', 'Mia', 'Femi', 'Lou', 'Ola', 'Cat', 'Raj', 'Eve'];
const SURNAMES = ['Shah', 'Jones', 'Okafor', 'Smith', 'Nowak', 'Evans', 'Khan', 'Brown', 'Ali', 'Reid', 'Patel', 'Hughes'];

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function dayLabel(d: number): string {
  const date = new Date((START_MIN + d * DAY) * 60000);
  return `${WEEKDAYS[d % 7]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

function hhmm(minutesAfterMidnight: number): string {
  const m = minutesAfterMidnight % DAY;
  return `${two(Math.floor(m / 60))}:${two(m % 60)}`;
}

export function role(roleId: string, min: number, preferred: number, max: number, skills: string[] = []): RoleDemand {
  return { roleId, min, preferred, max, skills };
}

export function always(skillId: string): SkillHolding {
  return { skillId };
}

export interface SlotExtra {
  siteId: string | null;
  priority?: number;
  tags?: string[];
  paidExtraMin?: number;
  service: string;
}

export class OrganisationBuilder {
  private readonly rng: Prng;
  readonly dayCount: number;
  readonly days: Day[];
  readonly horizonStart: number;
  readonly sites: { id: string; name: string; travelMinutes: Record<string, number> }[] = [];
  readonly slots: Slot[] = [];
  readonly workers: Worker[] = [];
  private personCount = 0;

  constructor(seed: number, weeks: number) {
    this.rng = new Prng(seed);
    this.dayCount = weeks * 7;
    this.days = Array.from({ length: this.dayCount }, (_, d) => ({
      startMin: START_MIN + d * DAY,
      endMin: START_MIN + (d + 1) * DAY,
      weekday: d % 7,
      isBankHoliday: BANK_HOLIDAYS.has(d),
      label: dayLabel(d),
    }));
    this.horizonStart = this.days[0].startMin;
  }

  int(min: number, max: number): number {
    return min + this.rng.int(max - min + 1);
  }

  chance(percent: number): boolean {
    return this.rng.int(100) < percent;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)];
  }

  addSite(id: string, name: string): string {
    this.sites.push({ id, name, travelMinutes: {} });
    return id;
  }

  /** Travel times between every two of the sites, drawn from [min, max] minutes. */
  link(ids: readonly string[], min: number, max: number): void {
    for (const a of ids) for (const b of ids) if (a < b) {
      const t = this.int(min, max);
      this.sites.find((s) => s.id === a)!.travelMinutes[b] = t;
      this.sites.find((s) => s.id === b)!.travelMinutes[a] = t;
    }
  }

  addSlot(id: string, d: number, fromMin: number, lengthMin: number, typeId: string, roles: RoleDemand[], extra: SlotExtra): void {
    const days = this.days;
    const startMin = days[d].startMin + fromMin;
    const endMin = startMin + lengthMin;
    this.slots.push({
      id,
      startMin,
      endMin,
      dayIndex: d,
      isWeekend: d % 7 >= 5,
      isBankHoliday: days[d].isBankHoliday,
      siteId: extra.siteId,
      typeId,
      tags: extra.tags ?? [],
      priority: extra.priority ?? 1,
      workMinutes: lengthMin + (extra.paidExtraMin ?? 0),
      roles,
      label: `${days[d].label} ${extra.service} ${hhmm(fromMin)}-${hhmm(fromMin + lengthMin)}`,
    });
  }

  /** A worker with the usual caps and rest rules, and leave, history and preferences drawn at random. */
  person(
    unit: number,
    team: string,
    kind: 'contracted' | 'bank',
    roles: string[],
    skills: SkillHolding[],
    weeklyMin: number | null,
    typeIds: readonly string[],
    extra: Partial<Worker> = {},
  ): Worker {
    const n = this.personCount++;
    const w: Worker = {
      id: `u${unit}-${team}-${n}`,
      name: `${FIRST_NAMES[n % FIRST_NAMES.length]} ${SURNAMES[Math.floor(n / FIRST_NAMES.length) % SURNAMES.length]}${n >= FIRST_NAMES.length * SURNAMES.length ? ` ${n}` : ''}`,
      kind,
      roles,
      skills,
      unavailability: this.leave(),
      minutesPerWeek:
        weeklyMin === null ? { hardMax: CAP_48H } : { softMin: weeklyMin, softMax: weeklyMin + 4 * HOUR, hardMax: CAP_48H },
      averageWeekly: this.chance(85) ? { maxMinutesPerWeek: CAP_48H, referenceWeeks: 17 } : undefined,
      minRestMinutes: 11 * HOUR,
      maxConsecutiveDays: 6,
      weeklyRestMinutes: 24 * HOUR,
      maxShiftsPerDay: 1,
      maxWeekends: this.chance(40) ? 2 : undefined,
      refusedSiteIds: [],
      costPencePerHour: kind === 'bank' ? this.int(1300, 1600) : this.int(1400, 2400),
      preferences: this.preferences(typeIds),
      history: this.history(weeklyMin ?? this.int(0, 20) * 60),
      ...extra,
    };
    this.workers.push(w);
    return w;
  }

  private leave(): Unavailability[] {
    const { days, dayCount } = this;
    const out: Unavailability[] = [];
    if (this.chance(35)) {
      const d = this.int(0, dayCount - 3);
      out.push({ startMin: days[d].startMin, endMin: days[Math.min(dayCount - 1, d + this.int(1, 7))].endMin, reason: 'leave' });
    }
    if (this.chance(8)) {
      const d = this.int(0, dayCount - 1);
      out.push({ startMin: days[d].startMin, endMin: days[Math.min(dayCount - 1, d + this.int(0, 2))].endMin, reason: 'sickness' });
    }
    if (this.chance(10)) {
      const d = this.int(0, dayCount - 1);
      out.push({ startMin: days[d].startMin + 9 * HOUR, endMin: days[d].startMin + 17 * HOUR, reason: 'training' });
    }
    return out;
  }

  private history(weeklyMin: number): Worker['history'] {
    return {
      minutesByWeek: Array.from({ length: 16 }, () => Math.max(0, weeklyMin + this.int(-8, 8) * 60)),
      lastShiftEndMin: this.chance(50) ? this.horizonStart - this.int(2, 30) * 60 : undefined,
      consecutiveDaysWorked: this.int(0, 5),
      consecutiveDaysOff: this.int(0, 2),
    };
  }

  private preferences(typeIds: readonly string[]): Preference[] {
    return Array.from({ length: this.int(0, 3) }, () => ({
      kind: this.chance(50) ? 'desired' : 'undesired',
      dayIndex: this.int(0, this.dayCount - 1),
      typeId: this.chance(50) ? this.pick(typeIds) : undefined,
      weight: this.int(1, 5),
    }));
  }

  sitesAsModel(): Site[] {
    return this.sites as Site[];
  }
}
