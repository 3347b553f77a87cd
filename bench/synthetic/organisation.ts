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

import type { Problem, SkillHolding, TimeWindow } from '../../solver/model.ts';
import { always, BANK_HOLIDAYS, DAY, HOUR, OrganisationBuilder, role } from './org-builder.ts';

export interface SyntheticOptions {
  readonly workers: number;
  readonly weeks?: number;
  readonly seed?: number;
}

/** One unit's sites, and its role names (`u3/lead`). */
interface Unit {
  readonly u: number;
  readonly r: (name: string) => string;
  readonly sanctuary: string;
  readonly dukinfield: string;
  readonly ashton: string;
  readonly crisisBase: string;
  readonly hub: readonly string[];
}

export function syntheticProblem(options: SyntheticOptions): Problem {
  const b = new OrganisationBuilder(options.seed ?? 1, options.weeks ?? 4);
  const units = Math.max(1, Math.round(options.workers / 50));
  // Organisation-wide venues for the bank sessions; per unit its own sites (see addUnit).
  const venueCount = Math.max(4, Math.round(units * 1.5));
  const venues = Array.from({ length: venueCount }, (_, v) => b.addSite(`venue-${v}`, `Community venue ${v}`));
  b.link(venues, 10, 60);
  for (let u = 0; u < units; u++) {
    const unit = addUnitSites(b, u, venues);
    addSanctuary(b, unit);
    addCmht(b, unit);
    addCrisis(b, unit);
    addBank(b, unit, venues);
    addHub(b, unit);
  }
  const slots = b.slots;
  slots.sort((a, c) => a.startMin - c.startMin || (a.id < c.id ? -1 : 1));
  const forbiddenSuccessions = [{ fromTypeId: 'late', toTypeId: 'early' }];
  return { days: b.days, sites: b.sitesAsModel(), slots, workers: b.workers, forbiddenSuccessions, pinned: [] };
}

/** A sanctuary, two CMHT bases, a crisis base and three hub sites, linked to each other and two venues. */
function addUnitSites(b: OrganisationBuilder, u: number, venues: readonly string[]): Unit {
  const sanctuary = b.addSite(`u${u}-sanctuary`, `Sanctuary ${u}`);
  const dukinfield = b.addSite(`u${u}-dukinfield`, `CMHT Dukinfield ${u}`);
  const ashton = b.addSite(`u${u}-ashton`, `CMHT Ashton ${u}`);
  const crisisBase = b.addSite(`u${u}-crisis`, `Crisis base ${u}`);
  const hub = [0, 1, 2].map((h) => b.addSite(`u${u}-hub-${h}`, `Hub site ${u}.${h}`));
  b.link([sanctuary, dukinfield, ashton, crisisBase, ...hub, ...venues.slice(0, 2)], 10, 45);
  return { u, r: (name) => `u${u}/${name}`, sanctuary, dukinfield, ashton, crisisBase, hub };
}

/** 1. Sanctuary drop-ins Mon, Wed, Fri, Sat; three leads, five support workers. */
function addSanctuary(b: OrganisationBuilder, { u, r, sanctuary }: Unit): void {
  for (let d = 0; d < b.dayCount; d++) {
    if (![0, 2, 4, 5].includes(d % 7)) continue;
    b.addSlot(`u${u}-dropin-${d}`, d, 17 * HOUR + 30, 7 * HOUR, 'drop-in', [role(r('lead'), 1, 1, 1, ['safeguarding']), role(r('support'), 1, 2, 3, ['safeguarding'])], {
      siteId: sanctuary,
      priority: 2,
      tags: ['late'],
      service: 'drop-in',
    });
  }
  for (let i = 0; i < 8; i++) {
    const lead = i < 3;
    const safeguarding: SkillHolding = i === 7 ? { skillId: 'safeguarding', untilMin: b.horizonStart + b.int(7, 20) * DAY } : always('safeguarding');
    b.person(u, 'sanctuary', 'contracted', lead ? [r('lead'), r('support')] : [r('support')], [safeguarding], 28 * HOUR, ['drop-in']);
  }
}

/** 2. CMHT: duty at both bases, AMHP and BIA, weekdays 9-17 except bank holidays. */
function addCmht(b: OrganisationBuilder, { u, r, dukinfield, ashton }: Unit): void {
  for (let d = 0; d < b.dayCount; d++) {
    if (d % 7 >= 5 || BANK_HOLIDAYS.has(d)) continue;
    b.addSlot(`u${u}-duty-d-${d}`, d, 9 * HOUR, 8 * HOUR, 'duty', [role(r('duty'), 1, 1, 2)], { siteId: dukinfield, priority: 2, service: 'duty Dukinfield' });
    b.addSlot(`u${u}-duty-a-${d}`, d, 9 * HOUR, 8 * HOUR, 'duty', [role(r('duty'), 1, 1, 2)], { siteId: ashton, priority: 2, service: 'duty Ashton' });
    b.addSlot(`u${u}-amhp-${d}`, d, 9 * HOUR, 8 * HOUR, 'amhp', [role(r('amhp'), 1, 1, 1, ['amhp-approval'])], { siteId: ashton, service: 'AMHP' });
    b.addSlot(`u${u}-bia-${d}`, d, 9 * HOUR, 8 * HOUR, 'bia', [role(r('bia'), 0, 1, 1, ['bia'])], { siteId: null, service: 'BIA' });
  }
  for (let i = 0; i < 10; i++) {
    const roles = [r('duty')];
    const skills: SkillHolding[] = [];
    if (i < 4) {
      roles.push(r('amhp'));
      // One approval expires mid-horizon, one starts mid-horizon (renewal), two are current throughout.
      if (i === 0) skills.push({ skillId: 'amhp-approval', untilMin: b.horizonStart + b.int(5, 20) * DAY });
      else if (i === 1) skills.push({ skillId: 'amhp-approval', fromMin: b.horizonStart + b.int(3, 12) * DAY });
      else skills.push(always('amhp-approval'));
    }
    if (i >= 4 && i < 7) {
      roles.push(r('bia'));
      skills.push(always('bia'));
    }
    b.person(u, 'cmht', 'contracted', roles, skills, 30 * HOUR, ['duty', 'amhp', 'bia'], {
      maxByType: i < 4 ? { amhp: 8 } : undefined,
    });
  }
}

/** 3. Crisis support: early 07:00-15:00 and late 14:00-22:00 every day. */
function addCrisis(b: OrganisationBuilder, { u, r, crisisBase }: Unit): void {
  for (let d = 0; d < b.dayCount; d++) {
    for (const [typeId, from] of [['early', 7 * HOUR], ['late', 14 * HOUR]] as const) {
      const winter = d >= 14 ? 1 : 0;
      b.addSlot(`u${u}-${typeId}-${d}`, d, from, 8 * HOUR, typeId, [role(r('coordinator'), 1, 1, 1, ['driving']), role(r('hca'), 2, 2 + winter, 3 + winter, ['driving'])], {
        siteId: crisisBase,
        priority: 2,
        tags: typeId === 'late' ? ['late'] : [],
        service: `crisis ${typeId}`,
      });
    }
  }
  for (let i = 0; i < 16; i++) {
    const coordinator = i < 4;
    const driving: SkillHolding = i === 15 ? { skillId: 'driving', fromMin: b.horizonStart + b.int(2, 10) * DAY } : always('driving');
    b.person(u, 'crisis', 'contracted', coordinator ? [r('coordinator'), r('hca')] : [r('hca')], [driving], (coordinator ? 37.5 : b.int(30, 37)) * HOUR, ['early', 'late']);
  }
}

/** 4. Bank sessions at the shared venues (co-worked), plus remote individual support in the evening. */
function addBank(b: OrganisationBuilder, { u, r }: Unit, venues: readonly string[]): void {
  for (let d = 0; d < b.dayCount; d++) {
    const kinds = d % 7 >= 5 ? ['activity'] : ['wellbeing', 'activity', 'group'];
    for (const kind of kinds) {
      if (!b.chance(60)) continue;
      const from = b.pick([10 * HOUR, 13 * HOUR + 30, 18 * HOUR]);
      const length = kind === 'group' ? 2 * HOUR : 3 * HOUR;
      b.addSlot(`u${u}-${kind}-${d}`, d, from, length, kind, [role('bank-support', 1, 2, 2, kind === 'group' ? ['group-work'] : [])], {
        siteId: b.pick(venues),
        paidExtraMin: kind === 'group' ? 0 : HOUR,
        service: kind,
      });
    }
    if (b.chance(50)) {
      b.addSlot(`u${u}-individual-${d}`, d, 18 * HOUR, 2 * HOUR, 'individual', [role('bank-support', 1, 1, 1)], { siteId: null, service: 'individual support (phone)' });
    }
  }
  for (let i = 0; i < 12; i++) {
    const availableDays = new Set(Array.from({ length: b.int(2, 5) }, () => b.int(0, 6)));
    const availability: TimeWindow[] = [];
    for (let d = 0; d < b.dayCount; d++) if (availableDays.has(d % 7)) availability.push({ startMin: b.days[d].startMin, endMin: b.days[d].endMin });
    const extraRoles = b.chance(40) ? [r('hca')] : [];
    b.person(u, 'bank', 'bank', ['bank-support', ...extraRoles], [...(b.chance(50) ? [always('group-work')] : []), always('driving'), always('safeguarding')], null, ['wellbeing', 'activity', 'group', 'individual'], {
      availability,
      refusedSiteIds: Array.from(new Set(Array.from({ length: b.int(0, 2) }, () => b.pick(venues)))),
      maxShiftsPerDay: 2,
    });
  }
}

/** 5. Rehab hub: morning and afternoon sessions at different sites, weekdays. */
function addHub(b: OrganisationBuilder, { u, r, hub }: Unit): void {
  for (let d = 0; d < b.dayCount; d++) {
    if (d % 7 >= 5 || BANK_HOLIDAYS.has(d)) continue;
    b.addSlot(`u${u}-rehab-am-${d}`, d, 10 * HOUR, 3 * HOUR, 'rehab', [role(r('rehab'), 1, 1, 1)], { siteId: b.pick(hub), service: 'rehab am' });
    b.addSlot(`u${u}-rehab-pm-${d}`, d, 13 * HOUR + 30, 3 * HOUR, 'rehab', [role(r('rehab'), 1, 1, 1)], { siteId: b.pick(hub), service: 'rehab pm' });
  }
  for (let i = 0; i < 4; i++) {
    b.person(u, 'hub', 'contracted', [r('rehab')], [], 30 * HOUR, ['rehab'], { maxShiftsPerDay: 2, minRestMinutes: 11 * HOUR });
  }
}
