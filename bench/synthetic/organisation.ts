// Synthetic organisations in the solver's model, for the allocation benchmark. One "unit" of 50 workers
// mirrors the five services of shared/DOMAIN.md:
//   - crisis sanctuary: drop-ins 17:30-00:30 (crossing midnight), lead + support, safeguarding, 28 h posts;
//   - community mental health team: weekday 9-17 duty at two bases, AMHP (approvals that expire or start
//     mid-horizon) and BIA rotas, 30 h posts;
//   - community crisis support: early and late shifts 7 days a week including bank holidays, a
//     coordinator plus healthcare assistants, driving licence, 37.5 h posts;
//   - bank sessions (wellbeing, activity, group, remote individual support) at venues shared across the
//     organisation, co-worked, with refused venues and availability windows;
//   - a rehabilitation hub: two sessions a day at different sites, travel between them.
// Everyone has a 48 h weekly cap, WTR 11 h rest, weekly rest, leave, a 16-week history. Deterministic
// from the seed. The horizon is 4 weeks from Mon 7 Dec 2026 (Christmas, Boxing Day substitute and New
// Year bank holidays; Europe/London is on GMT throughout, so local time is UTC).

import type { Day, Preference, Problem, RoleDemand, Site, SkillHolding, Slot, TimeWindow, Unavailability, Worker } from '../../solver/model.ts';
import { Prng } from '../../solver/search/prng.ts';

const HOUR = 60;
const DAY = 24 * HOUR;
const START_MIN = Date.UTC(2026, 11, 7) / 60000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Day indices of 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan. */
const BANK_HOLIDAYS = new Set([18, 21, 25]);
const CAP_48H = 48 * HOUR;
const FIRST_NAMES = ['Sam', 'Alex', 'Priya', 'Tom', 'Jo', 'Kemi', 'Ravi', 'Ann', 'Dev', 'Mia', 'Femi', 'Lou', 'Ola', 'Cat', 'Raj', 'Eve'];
const SURNAMES = ['Shah', 'Jones', 'Okafor', 'Smith', 'Nowak', 'Evans', 'Khan', 'Brown', 'Ali', 'Reid', 'Patel', 'Hughes'];

export interface SyntheticOptions {
  readonly workers: number;
  readonly weeks?: number;
  readonly seed?: number;
}

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

export function syntheticProblem(options: SyntheticOptions): Problem {
  const rng = new Prng(options.seed ?? 1);
  const int = (min: number, max: number): number => min + rng.int(max - min + 1);
  const chance = (percent: number): boolean => rng.int(100) < percent;
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const weeks = options.weeks ?? 4;
  const dayCount = weeks * 7;
  const units = Math.max(1, Math.round(options.workers / 50));

  const days: Day[] = Array.from({ length: dayCount }, (_, d) => ({
    startMin: START_MIN + d * DAY,
    endMin: START_MIN + (d + 1) * DAY,
    weekday: d % 7,
    isBankHoliday: BANK_HOLIDAYS.has(d),
    label: dayLabel(d),
  }));
  const horizonStart = days[0].startMin;
  const horizonEnd = days[dayCount - 1].endMin;

  // Sites: per unit a sanctuary, two CMHT bases, a crisis base, three hub sites; organisation-wide venues.
  const sites: { id: string; name: string; travelMinutes: Record<string, number> }[] = [];
  const addSite = (id: string, name: string) => {
    sites.push({ id, name, travelMinutes: {} });
    return id;
  };
  const link = (ids: readonly string[], min: number, max: number) => {
    for (const a of ids) for (const b of ids) if (a < b) {
      const t = int(min, max);
      sites.find((s) => s.id === a)!.travelMinutes[b] = t;
      sites.find((s) => s.id === b)!.travelMinutes[a] = t;
    }
  };
  const venueCount = Math.max(4, Math.round(units * 1.5));
  const venues = Array.from({ length: venueCount }, (_, v) => addSite(`venue-${v}`, `Community venue ${v}`));
  link(venues, 10, 60);

  const slots: Slot[] = [];
  const workers: Worker[] = [];
  const forbiddenSuccessions = [{ fromTypeId: 'late', toTypeId: 'early' }];

  const makeSlot = (
    id: string,
    d: number,
    fromMin: number,
    lengthMin: number,
    typeId: string,
    roles: RoleDemand[],
    extra: { siteId: string | null; priority?: number; tags?: string[]; paidExtraMin?: number; service: string },
  ): Slot => {
    const startMin = days[d].startMin + fromMin;
    const endMin = startMin + lengthMin;
    return {
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
    };
  };
  const role = (roleId: string, min: number, preferred: number, max: number, skills: string[] = []): RoleDemand => ({
    roleId,
    min,
    preferred,
    max,
    skills,
  });

  const always = (skillId: string): SkillHolding => ({ skillId });
  const leave = (): Unavailability[] => {
    const out: Unavailability[] = [];
    if (chance(35)) {
      const d = int(0, dayCount - 3);
      out.push({ startMin: days[d].startMin, endMin: days[Math.min(dayCount - 1, d + int(1, 7))].endMin, reason: 'leave' });
    }
    if (chance(8)) {
      const d = int(0, dayCount - 1);
      out.push({ startMin: days[d].startMin, endMin: days[Math.min(dayCount - 1, d + int(0, 2))].endMin, reason: 'sickness' });
    }
    if (chance(10)) {
      const d = int(0, dayCount - 1);
      out.push({ startMin: days[d].startMin + 9 * HOUR, endMin: days[d].startMin + 17 * HOUR, reason: 'training' });
    }
    return out;
  };
  const history = (weeklyMin: number) => ({
    minutesByWeek: Array.from({ length: 16 }, () => Math.max(0, weeklyMin + int(-8, 8) * 60)),
    lastShiftEndMin: chance(50) ? horizonStart - int(2, 30) * 60 : undefined,
    consecutiveDaysWorked: int(0, 5),
    consecutiveDaysOff: int(0, 2),
  });
  const preferences = (typeIds: readonly string[]): Preference[] =>
    Array.from({ length: int(0, 3) }, () => ({
      kind: chance(50) ? 'desired' : 'undesired',
      dayIndex: int(0, dayCount - 1),
      typeId: chance(50) ? pick(typeIds) : undefined,
      weight: int(1, 5),
    }));
  let personCount = 0;
  const person = (
    unit: number,
    team: string,
    kind: 'contracted' | 'bank',
    roles: string[],
    skills: SkillHolding[],
    weeklyMin: number | null,
    typeIds: readonly string[],
    extra: Partial<Worker> = {},
  ): Worker => {
    const n = personCount++;
    const w: Worker = {
      id: `u${unit}-${team}-${n}`,
      name: `${FIRST_NAMES[n % FIRST_NAMES.length]} ${SURNAMES[Math.floor(n / FIRST_NAMES.length) % SURNAMES.length]}${n >= FIRST_NAMES.length * SURNAMES.length ? ` ${n}` : ''}`,
      kind,
      roles,
      skills,
      unavailability: leave(),
      minutesPerWeek:
        weeklyMin === null ? { hardMax: CAP_48H } : { softMin: weeklyMin, softMax: weeklyMin + 4 * HOUR, hardMax: CAP_48H },
      averageWeekly: chance(85) ? { maxMinutesPerWeek: CAP_48H, referenceWeeks: 17 } : undefined,
      minRestMinutes: 11 * HOUR,
      maxConsecutiveDays: 6,
      weeklyRestMinutes: 24 * HOUR,
      maxShiftsPerDay: 1,
      maxWeekends: chance(40) ? 2 : undefined,
      refusedSiteIds: [],
      costPencePerHour: kind === 'bank' ? int(1300, 1600) : int(1400, 2400),
      preferences: preferences(typeIds),
      history: history(weeklyMin ?? int(0, 20) * 60),
      ...extra,
    };
    workers.push(w);
    return w;
  };

  for (let u = 0; u < units; u++) {
    const sanctuary = addSite(`u${u}-sanctuary`, `Sanctuary ${u}`);
    const dukinfield = addSite(`u${u}-dukinfield`, `CMHT Dukinfield ${u}`);
    const ashton = addSite(`u${u}-ashton`, `CMHT Ashton ${u}`);
    const crisisBase = addSite(`u${u}-crisis`, `Crisis base ${u}`);
    const hub = [0, 1, 2].map((h) => addSite(`u${u}-hub-${h}`, `Hub site ${u}.${h}`));
    link([sanctuary, dukinfield, ashton, crisisBase, ...hub, ...venues.slice(0, 2)], 10, 45);
    const r = (name: string) => `u${u}/${name}`;

    // 1. Sanctuary drop-ins Mon, Wed, Fri, Sat.
    for (let d = 0; d < dayCount; d++) {
      if (![0, 2, 4, 5].includes(d % 7)) continue;
      slots.push(
        makeSlot(`u${u}-dropin-${d}`, d, 17 * HOUR + 30, 7 * HOUR, 'drop-in', [role(r('lead'), 1, 1, 1, ['safeguarding']), role(r('support'), 1, 2, 3, ['safeguarding'])], {
          siteId: sanctuary,
          priority: 2,
          tags: ['late'],
          service: 'drop-in',
        }),
      );
    }
    for (let i = 0; i < 8; i++) {
      const lead = i < 3;
      const safeguarding: SkillHolding = i === 7 ? { skillId: 'safeguarding', untilMin: horizonStart + int(7, 20) * DAY } : always('safeguarding');
      person(u, 'sanctuary', 'contracted', lead ? [r('lead'), r('support')] : [r('support')], [safeguarding], 28 * HOUR, ['drop-in']);
    }

    // 2. CMHT: duty at both bases, AMHP and BIA, weekdays 9-17 except bank holidays.
    for (let d = 0; d < dayCount; d++) {
      if (d % 7 >= 5 || BANK_HOLIDAYS.has(d)) continue;
      slots.push(makeSlot(`u${u}-duty-d-${d}`, d, 9 * HOUR, 8 * HOUR, 'duty', [role(r('duty'), 1, 1, 2)], { siteId: dukinfield, priority: 2, service: 'duty Dukinfield' }));
      slots.push(makeSlot(`u${u}-duty-a-${d}`, d, 9 * HOUR, 8 * HOUR, 'duty', [role(r('duty'), 1, 1, 2)], { siteId: ashton, priority: 2, service: 'duty Ashton' }));
      slots.push(makeSlot(`u${u}-amhp-${d}`, d, 9 * HOUR, 8 * HOUR, 'amhp', [role(r('amhp'), 1, 1, 1, ['amhp-approval'])], { siteId: ashton, service: 'AMHP' }));
      slots.push(makeSlot(`u${u}-bia-${d}`, d, 9 * HOUR, 8 * HOUR, 'bia', [role(r('bia'), 0, 1, 1, ['bia'])], { siteId: null, service: 'BIA' }));
    }
    for (let i = 0; i < 10; i++) {
      const roles = [r('duty')];
      const skills: SkillHolding[] = [];
      if (i < 4) {
        roles.push(r('amhp'));
        // One approval expires mid-horizon, one starts mid-horizon (renewal), two are current throughout.
        if (i === 0) skills.push({ skillId: 'amhp-approval', untilMin: horizonStart + int(5, 20) * DAY });
        else if (i === 1) skills.push({ skillId: 'amhp-approval', fromMin: horizonStart + int(3, 12) * DAY });
        else skills.push(always('amhp-approval'));
      }
      if (i >= 4 && i < 7) {
        roles.push(r('bia'));
        skills.push(always('bia'));
      }
      person(u, 'cmht', 'contracted', roles, skills, 30 * HOUR, ['duty', 'amhp', 'bia'], {
        maxByType: i < 4 ? { amhp: 8 } : undefined,
      });
    }

    // 3. Crisis support: early 07:00-15:00 and late 14:00-22:00 every day.
    for (let d = 0; d < dayCount; d++) {
      for (const [typeId, from] of [['early', 7 * HOUR], ['late', 14 * HOUR]] as const) {
        const winter = d >= 14 ? 1 : 0;
        slots.push(
          makeSlot(`u${u}-${typeId}-${d}`, d, from, 8 * HOUR, typeId, [role(r('coordinator'), 1, 1, 1, ['driving']), role(r('hca'), 2, 2 + winter, 3 + winter, ['driving'])], {
            siteId: crisisBase,
            priority: 2,
            tags: typeId === 'late' ? ['late'] : [],
            service: `crisis ${typeId}`,
          }),
        );
      }
    }
    for (let i = 0; i < 16; i++) {
      const coordinator = i < 4;
      const driving: SkillHolding = i === 15 ? { skillId: 'driving', fromMin: horizonStart + int(2, 10) * DAY } : always('driving');
      person(u, 'crisis', 'contracted', coordinator ? [r('coordinator'), r('hca')] : [r('hca')], [driving], (coordinator ? 37.5 : int(30, 37)) * HOUR, ['early', 'late']);
    }

    // 4. Bank sessions at the shared venues (co-worked), plus remote individual support in the evening.
    for (let d = 0; d < dayCount; d++) {
      const kinds = d % 7 >= 5 ? ['activity'] : ['wellbeing', 'activity', 'group'];
      for (const kind of kinds) {
        if (!chance(60)) continue;
        const from = pick([10 * HOUR, 13 * HOUR + 30, 18 * HOUR]);
        const length = kind === 'group' ? 2 * HOUR : 3 * HOUR;
        slots.push(
          makeSlot(`u${u}-${kind}-${d}`, d, from, length, kind, [role('bank-support', 1, 2, 2, kind === 'group' ? ['group-work'] : [])], {
            siteId: pick(venues),
            paidExtraMin: kind === 'group' ? 0 : HOUR,
            service: kind,
          }),
        );
      }
      if (chance(50)) {
        slots.push(makeSlot(`u${u}-individual-${d}`, d, 18 * HOUR, 2 * HOUR, 'individual', [role('bank-support', 1, 1, 1)], { siteId: null, service: 'individual support (phone)' }));
      }
    }
    for (let i = 0; i < 12; i++) {
      const availableDays = new Set(Array.from({ length: int(2, 5) }, () => int(0, 6)));
      const availability: TimeWindow[] = [];
      for (let d = 0; d < dayCount; d++) if (availableDays.has(d % 7)) availability.push({ startMin: days[d].startMin, endMin: days[d].endMin });
      const extraRoles = chance(40) ? [r('hca')] : [];
      person(u, 'bank', 'bank', ['bank-support', ...extraRoles], [...(chance(50) ? [always('group-work')] : []), always('driving'), always('safeguarding')], null, ['wellbeing', 'activity', 'group', 'individual'], {
        availability,
        refusedSiteIds: Array.from(new Set(Array.from({ length: int(0, 2) }, () => pick(venues)))),
        maxShiftsPerDay: 2,
      });
    }

    // 5. Rehab hub: morning and afternoon sessions at different sites, weekdays.
    for (let d = 0; d < dayCount; d++) {
      if (d % 7 >= 5 || BANK_HOLIDAYS.has(d)) continue;
      slots.push(makeSlot(`u${u}-rehab-am-${d}`, d, 10 * HOUR, 3 * HOUR, 'rehab', [role(r('rehab'), 1, 1, 1)], { siteId: pick(hub), service: 'rehab am' }));
      slots.push(makeSlot(`u${u}-rehab-pm-${d}`, d, 13 * HOUR + 30, 3 * HOUR, 'rehab', [role(r('rehab'), 1, 1, 1)], { siteId: pick(hub), service: 'rehab pm' }));
    }
    for (let i = 0; i < 4; i++) {
      person(u, 'hub', 'contracted', [r('rehab')], [], 30 * HOUR, ['rehab'], { maxShiftsPerDay: 2, minRestMinutes: 11 * HOUR });
    }
  }

  slots.sort((a, b) => a.startMin - b.startMin || (a.id < b.id ? -1 : 1));
  void horizonEnd;
  return { days, sites: sites as Site[], slots, workers, forbiddenSuccessions, pinned: [] };
}
