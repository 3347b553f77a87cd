// A staff member of a service file as the solver's Worker for the week planned: skills with their
// valid dates, absences, the hours band, working-time law, caps, history and preferences, every local
// date and time resolved to UTC minutes here.
import type {
  Day,
  Preference,
  SkillHolding,
  Slot,
  TimeWindow,
  TypeCapReason,
  Unavailability,
  Worker,
  WorkHistory,
} from '../../solver/model.ts';
import { resolveAvailability } from '../time/availability.ts';
import { addDays, dayLabel, isoToUtcMin, localMidnightUtcMin, localToUtcMin } from '../time/local-time.ts';
import { WEEK_BEFORE_MINUTES } from '../../solver/constraints/weekly-rest.ts';
import { nightAverageFor, showsNightWork } from './night-workers.ts';
import type { SlotInfo } from './compile.ts';
import { DEFAULT_RULES, WORKING_TIME_LAW, type ServiceFile, type StaffMember, type Weekday } from './types.ts';

const WEEKDAY_INDEX: Record<Weekday, number> = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 };

/** "Wed 25 Nov", with the year when it is not the plan's ("Tue 31 Mar 2026"). */
export function dateInWords(date: string, planStart: string): string {
  return date.slice(0, 4) === planStart.slice(0, 4) ? dayLabel(date) : `${dayLabel(date)} ${date.slice(0, 4)}`;
}

export type ResolvedRules = { -readonly [K in keyof typeof DEFAULT_RULES]: number } & NonNullable<ServiceFile['rules']>;

export interface WorkerContext {
  readonly zone: string;
  readonly first: string;
  readonly endDate: string;
  readonly horizonStart: number;
  readonly horizonEnd: number;
  /** A file history whose last shift ends after this is not history of this week (historyAfterWeek). */
  readonly historyLimit: number;
  readonly days: readonly Day[];
  readonly slots: readonly Slot[];
  readonly slotInfo: Readonly<Record<string, SlotInfo>>;
  readonly rules: ResolvedRules;
  /** Session kinds tagged "intake". */
  readonly intakeKinds: readonly string[];
}

export function compileWorker(s: StaffMember, ctx: WorkerContext): Worker {
  const { zone, rules } = ctx;
  const optedOut = s.wtrOptOut === true;
  const absences = compileAbsences(s, ctx);
  const { band, total } = hoursBands(s, rules, absenceCreditByWeek(s, absences, ctx.days, ctx.slots));
  const history = compileHistory(s, ctx);
  const nightWorker = s.nightWorker ?? showsNightWork(history?.recentShifts ?? [], ctx.zone) ?? false;
  const { maxByType, typeCapReasons } = typeCaps(s, ctx.intakeKinds);

  const worker: Worker = {
    id: s.id,
    name: s.name,
    kind: s.kind,
    roles: [...s.roles],
    skills: compileSkills(s, ctx),
    ...(s.availability
      ? {
          availability: resolveAvailability(s.availability.windows, s.availability.exceptions ?? [], ctx.first, addDays(ctx.endDate, 1), zone),
        }
      : {}),
    unavailability: absences,
    ...(Object.keys(band).length > 0 ? { minutesPerWeek: band } : {}),
    ...(total ? { minutesTotal: total } : {}),
    ...(optedOut ? {} : { averageWeekly: { maxMinutesPerWeek: rules.averageMaxMinutesPerWeek, referenceWeeks: rules.averageReferenceWeeks } }),
    minRestMinutes: s.limits?.minRestMinutes ?? rules.minRestMinutes,
    maxConsecutiveDays: s.limits?.maxConsecutiveDays ?? rules.maxConsecutiveDays,
    weeklyRestMinutes: rules.weeklyRestMinutes,
    ...(rules.weeklyRestForm !== undefined && rules.weeklyRestForm !== '24h-in-7' ? { weeklyRestForm: rules.weeklyRestForm } : {}),
    restBreak: { maxWorkMinutes: WORKING_TIME_LAW.restBreakAfterWorkMinutes, minBreakMinutes: WORKING_TIME_LAW.restBreakMinutes },
    ...(nightWorker ? { nightAverage: nightAverageFor(rules.weeklyRestMinutes, rules.averageReferenceWeeks) } : {}),
    ...(s.limits?.maxShiftsPerDay !== undefined ? { maxShiftsPerDay: s.limits.maxShiftsPerDay } : {}),
    ...(maxByType ? { maxByType } : {}),
    ...(typeCapReasons ? { typeCapReasons } : {}),
    ...(s.limits?.maxWeekends !== undefined ? { maxWeekends: s.limits.maxWeekends } : {}),
    refusedSiteIds: [...(s.refusedSiteIds ?? [])],
    costPencePerHour: s.costPencePerHour,
    preferences: compilePreferences(s, ctx),
    ...(history ? { history } : {}),
  };
  return worker;
}

function compileSkills(s: StaffMember, ctx: WorkerContext): SkillHolding[] {
  const zone = ctx.zone;
  return (s.skills ?? []).map((h) => ({
    skillId: h.skillId,
    ...(h.validFrom ? { fromMin: localMidnightUtcMin(h.validFrom, zone), fromLabel: dateInWords(h.validFrom, ctx.first) } : {}),
    ...(h.validUntil
      ? { untilMin: localMidnightUtcMin(addDays(h.validUntil, 1), zone), untilLabel: dateInWords(h.validUntil, ctx.first) }
      : {}),
  }));
}

/** Absences that reach within a day of the horizon (a day either side: shifts across midnight, rest gaps). */
function compileAbsences(s: StaffMember, ctx: WorkerContext): Unavailability[] {
  const zone = ctx.zone;
  return (s.absences ?? [])
    .map((a) => ({
      startMin: a.startTime ? localToUtcMin(a.from, a.startTime, zone) : localMidnightUtcMin(a.from, zone),
      endMin: a.endTime ? localToUtcMin(a.to, a.endTime, zone) : localMidnightUtcMin(addDays(a.to, 1), zone),
      reason: a.kind,
    }))
    .filter((u) => u.endMin > ctx.horizonStart - 1440 && u.startMin < ctx.horizonEnd + 1440);
}

type HoursBand = { hardMin?: number; softMin?: number; softMax?: number; hardMax?: number };

/**
 * A full-time contract is worked over five days of the week, or over every day the service has work
 * for the worker when that is fewer (a drop-in open four nights a week).
 */
const CONTRACT_DAYS_PER_WEEK = 5;

/** Days of the plan (indices) with a session the worker has a role for, by week. */
function workDaysByWeek(s: StaffMember, slots: readonly Slot[], weeks: number): number[][] {
  const roles = new Set(s.roles);
  const days = new Set<number>();
  for (const slot of slots) if (slot.roles.some((r) => roles.has(r.roleId))) days.add(slot.dayIndex);
  const byWeek: number[][] = Array.from({ length: weeks }, () => []);
  for (const i of days) byWeek[Math.floor(i / 7)]?.push(i);
  return byWeek;
}

/**
 * Contract minutes each planned week's absences cover, so a worker on two days' approved leave is not
 * asked for the full week in the days around it. A day of absence on which the service has work for
 * the worker covers a day's share of the contract (the contract over its days, above), its absent
 * minutes when fewer; a day with no such work covers nothing (leave on a day the drop-in is closed
 * leaves the week's drop-ins to work). Every kind of absence counts: leave, sickness, training and
 * other absences are all time the contract does not ask to be worked elsewhere. Never above the
 * contract.
 */
function absenceCreditByWeek(s: StaffMember, absences: readonly Unavailability[], days: readonly Day[], slots: readonly Slot[]): number[] {
  const contract = s.kind === 'contracted' ? s.contractMinutesPerWeek ?? 0 : 0;
  const weeks = Math.ceil(days.length / 7);
  const credit = new Array<number>(weeks).fill(0);
  if (contract <= 0 || absences.length === 0) return credit;
  workDaysByWeek(s, slots, weeks).forEach((open, w) => {
    if (open.length === 0) return;
    const dayShare = contract / Math.min(CONTRACT_DAYS_PER_WEEK, open.length);
    let weekCredit = 0;
    for (const i of open) {
      const d = days[i];
      let minutes = 0;
      for (const a of absences) minutes += Math.max(0, Math.min(d.endMin, a.endMin) - Math.max(d.startMin, a.startMin));
      weekCredit += Math.min(minutes, dayShare);
    }
    credit[w] = Math.min(contract, Math.round(weekCredit));
  });
  return credit;
}

/**
 * Weekly minutes: the law's 48 hours is an average (averageWeekly), so a weekly hard cap is the
 * service's own rule, for everyone, and only when it sets one; a contract is a soft band around its
 * hours; a personal limit caps the band. The soft band never lies outside the hard one. Absences lower
 * what a week asks (its band's floor), never what it allows: a worker back from two days' leave may
 * still work up to the contract where the rota needs them, rather than a bank worker. The band is one
 * for every week planned, so when absences cover weeks unequally its floor is the least any week asks,
 * and a floor over the whole plan asks for the sum.
 */
function hoursBands(s: StaffMember, rules: WorkerContext['rules'], creditByWeek: readonly number[]): { band: HoursBand; total?: HoursBand } {
  const band: HoursBand = {};
  let total: HoursBand | undefined;
  if (rules.maxMinutesPerWeek !== undefined) band.hardMax = rules.maxMinutesPerWeek;
  if (s.kind === 'contracted' && s.contractMinutesPerWeek !== undefined) {
    const contract = s.contractMinutesPerWeek;
    const tolerance = rules.contractToleranceMinutes;
    const most = Math.max(0, ...creditByWeek);
    const least = Math.min(...creditByWeek, most);
    band.softMin = Math.max(0, contract - most - tolerance);
    band.softMax = contract + tolerance;
    if (most > least) {
      const asked = creditByWeek.reduce((sum, c) => sum + contract - c, 0);
      total = { softMin: Math.max(0, asked - tolerance * creditByWeek.length) };
    }
  }
  if (s.limits?.maxMinutesPerWeek !== undefined) {
    band.softMax = band.softMax === undefined ? s.limits.maxMinutesPerWeek : Math.min(band.softMax, s.limits.maxMinutesPerWeek);
  }
  if (band.hardMax !== undefined && band.softMax !== undefined && band.softMax > band.hardMax) band.softMax = band.hardMax;
  if (band.softMin !== undefined && band.softMax !== undefined && band.softMin > band.softMax) band.softMin = band.softMax;
  return total ? { band, total } : { band };
}

/**
 * Caps per session kind: the staff member's own, and for sessions tagged "intake" (each takes on a new
 * service user) the room their caseload cap leaves (Greenwich rehabilitation workers carry a capped
 * caseload). Explanations speak of the caseload when it is the caseload that binds.
 */
function typeCaps(
  s: StaffMember,
  intakeKinds: readonly string[],
): { maxByType?: Record<string, number>; typeCapReasons?: Record<string, TypeCapReason> } {
  let maxByType: Record<string, number> | undefined = s.limits?.maxSessionsByKind ? { ...s.limits.maxSessionsByKind } : undefined;
  let typeCapReasons: Record<string, TypeCapReason> | undefined;
  if (s.caseload) {
    const room = Math.max(0, s.caseload.cap - s.caseload.allocated);
    for (const kind of intakeKinds) {
      maxByType ??= {};
      const limit = maxByType[kind];
      maxByType[kind] = Math.min(limit ?? room, room);
      if (limit === undefined || room <= limit) (typeCapReasons ??= {})[kind] = { kind: 'caseload', allocated: s.caseload.allocated, cap: s.caseload.cap };
    }
  }
  return { maxByType, typeCapReasons };
}

/**
 * The file's history as of the week planned: none when it lies after the week (historyAfterWeek). The
 * weeks of minutesByWeek are taken as the weeks just before the week planned, whichever it is. A run of
 * days worked ends on the day before the week: when lastShiftEnd says the worker's last shift ended
 * before that day began, they did not work it, and the run is 0 (a file written for an earlier week
 * planned later).
 */
function compileHistory(s: StaffMember, ctx: WorkerContext): WorkHistory | undefined {
  if (!s.history) return undefined;
  const lastShiftEndMin = s.history.lastShiftEnd !== undefined ? isoToUtcMin(s.history.lastShiftEnd) : undefined;
  if (lastShiftEndMin !== undefined && lastShiftEndMin > ctx.historyLimit) return undefined;
  const dayBefore = localMidnightUtcMin(addDays(ctx.first, -1), ctx.zone);
  const ranUntilDayBefore = lastShiftEndMin === undefined || lastShiftEndMin > dayBefore;
  return {
    minutesByWeek: s.history.minutesByWeek.slice(-(ctx.rules.averageReferenceWeeks - 1 || 1)),
    ...(lastShiftEndMin !== undefined ? { lastShiftEndMin } : {}),
    consecutiveDaysWorked: ranUntilDayBefore ? s.history.consecutiveDaysWorked : 0,
    ...(s.history.consecutiveDaysOff !== undefined ? { consecutiveDaysOff: s.history.consecutiveDaysOff } : {}),
    ...recentShiftsOf(s, ctx),
  };
}

/** The shifts of the 7 days before the plan (the fortnightly weekly rest, night work), in order. */
function recentShiftsOf(s: StaffMember, ctx: WorkerContext): { recentShifts?: TimeWindow[] } {
  const recentShifts = (s.history?.recentShifts ?? [])
    .map((r) => ({ startMin: isoToUtcMin(r.start), endMin: isoToUtcMin(r.end) }))
    .filter((r) => r.startMin < ctx.horizonStart && r.endMin > ctx.horizonStart - WEEK_BEFORE_MINUTES)
    .sort((a, b) => a.startMin - b.startMin || a.endMin - b.endMin);
  return recentShifts.length > 0 ? { recentShifts } : {};
}

function compilePreferences(s: StaffMember, ctx: WorkerContext): Preference[] {
  const out: Preference[] = [];
  for (const p of s.preferences ?? []) {
    const weekdays = p.weekdays ? new Set(p.weekdays.map((w) => WEEKDAY_INDEX[w])) : null;
    const dayMatches = (dayIndex: number) => {
      const day = ctx.days[dayIndex];
      if (weekdays && !weekdays.has(day.weekday)) return false;
      if (p.date && addDays(ctx.first, dayIndex) !== p.date) return false;
      return true;
    };
    if (p.templateId !== undefined) {
      for (const slot of ctx.slots) {
        if (ctx.slotInfo[slot.id].templateId === p.templateId && dayMatches(slot.dayIndex)) {
          out.push({ kind: p.kind, slotId: slot.id, weight: p.weight });
        }
      }
      continue;
    }
    if (!weekdays && !p.date && p.sessionKind === undefined) continue; // matches nothing in particular
    for (let d = 0; d < ctx.days.length; d++) {
      if (!dayMatches(d)) continue;
      out.push({ kind: p.kind, dayIndex: d, ...(p.sessionKind !== undefined ? { typeId: p.sessionKind } : {}), weight: p.weight });
    }
  }
  return out;
}

