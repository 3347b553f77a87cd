// Compiles a validated service file and a planning week into the solver's Problem: every local date
// and time is resolved here (through src/time) to integer UTC minutes, so the solver never sees a zone.
import type {
  Assignment,
  Day,
  Preference,
  Problem,
  RoleDemand,
  Site,
  SkillHolding,
  Slot,
  Unavailability,
  Worker,
  WorkHistory,
} from '../../solver/model.ts';
import { BankHolidayCalendar, englandAndWalesBankHolidays } from '../time/bank-holidays.ts';
import { expandTemplates, type ExpandedSession } from '../time/expand.ts';
import { resolveAvailability } from '../time/availability.ts';
import { COMPILE_EXPANSION_BUDGET, withExpansionBudget } from '../time/recurrence.ts';
import {
  addDays,
  dayLabel,
  isValidDate,
  isoToUtcMin,
  localMidnightUtcMin,
  localToUtcMin,
  utcMinToIso,
  weekdayOf,
} from '../time/local-time.ts';
import { DEFAULT_RULES, DEFAULT_TIME_ZONE, type ServiceFile, type SessionTemplate, type StaffMember, type Weekday } from './types.ts';

export interface CompileOptions {
  /** First local date of the plan, YYYY-MM-DD (weeks run [weekStart + 7k, weekStart + 7k + 7)). */
  readonly weekStart: string;
  /** Days in the horizon; default 7. */
  readonly days?: number;
  /** Places fixed by the caller (accepted offers, manual edits); checked against the compiled slots. */
  readonly pinned?: readonly Assignment[];
  /** Bank holidays; default England and Wales as bundled. */
  readonly bankHolidays?: BankHolidayCalendar;
}

/** What the solver does not need but people and payroll do, per slot id. */
export interface SlotInfo {
  readonly slotId: string;
  readonly templateId: string;
  readonly templateName: string;
  readonly kind: string;
  readonly siteId: string | null;
  readonly siteName: string | null;
  readonly dayIndex: number;
  /** Local date and HH:mm the session starts and ends. */
  readonly date: string;
  readonly endDate: string;
  readonly localStart: string;
  readonly localEnd: string;
  /** ISO 8601 with the local offset. */
  readonly startIso: string;
  readonly endIso: string;
  readonly elapsedMinutes: number;
  readonly paidExtraMinutes: number;
  readonly workMinutes: number;
  readonly cancelledMinPaidMinutes: number | null;
  readonly isBankHoliday: boolean;
  readonly tags: readonly string[];
  readonly seriesId: string | null;
}

export interface CompiledProblem {
  readonly problem: Problem;
  readonly slotInfo: Readonly<Record<string, SlotInfo>>;
  readonly timeZone: string;
  /** Things compiled with an assumption the caller may want to show (e.g. no bank-holiday data). */
  readonly warnings: readonly string[];
}

const WEEKDAY_INDEX: Record<Weekday, number> = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 };

export function slotIdOf(templateId: string, date: string): string {
  return `${templateId}@${date}`;
}

function compileSites(file: ServiceFile): Site[] {
  // Travel given one way only is taken to hold both ways.
  const travel = new Map(file.sites.map((s) => [s.id, { ...(s.travelMinutes ?? {}) } as Record<string, number>]));
  for (const s of file.sites) {
    for (const [other, minutes] of Object.entries(s.travelMinutes ?? {})) {
      const back = travel.get(other);
      if (back && back[s.id] === undefined) back[s.id] = minutes;
    }
  }
  return file.sites.map((s) => ({ id: s.id, name: s.name, travelMinutes: travel.get(s.id) ?? {} }));
}

function slotLabel(session: ExpandedSession, template: SessionTemplate, siteName: string | null, manySites: boolean): string {
  const where = manySites ? (siteName ? ` at ${siteName}` : ' (remote)') : '';
  return `${dayLabel(session.date)} ${template.kind} ${session.localStart}-${session.localEnd}${where}`;
}

/** Every recurrence of the service shares one expansion budget, so no file can make a compile run on. */
export function compileProblem(file: ServiceFile, options: CompileOptions): CompiledProblem {
  return withExpansionBudget(COMPILE_EXPANSION_BUDGET, () => compileWeek(file, options));
}

function compileWeek(file: ServiceFile, options: CompileOptions): CompiledProblem {
  const zone = file.timeZone ?? DEFAULT_TIME_ZONE;
  const calendar = options.bankHolidays ?? englandAndWalesBankHolidays;
  const dayCount = options.days ?? 7;
  if (!isValidDate(options.weekStart)) throw new Error(`weekStart: "${options.weekStart}" is not a date YYYY-MM-DD`);
  if (!Number.isInteger(dayCount) || dayCount < 1 || dayCount > 366) throw new Error(`days: must be a whole number from 1 to 366 (got ${dayCount})`);
  const rules: ResolvedRules = { ...DEFAULT_RULES, ...(file.rules ?? {}) };
  const warnings: string[] = [];
  const first = options.weekStart;
  const endDate = addDays(first, dayCount);

  const covered = calendar.coveredYears;
  const firstYear = Number(first.slice(0, 4));
  const lastYear = Number(addDays(endDate, -1).slice(0, 4));
  if (!covered || firstYear < covered.first || lastYear > covered.last) {
    warnings.push(`bank-holiday data covers ${covered ? `${covered.first}-${covered.last}` : 'no years'}; the plan runs ${first} to ${addDays(endDate, -1)}`);
  }

  const days: Day[] = [];
  const dayIndexByDate = new Map<string, number>();
  for (let i = 0; i < dayCount; i++) {
    const date = addDays(first, i);
    dayIndexByDate.set(date, i);
    days.push({
      startMin: localMidnightUtcMin(date, zone),
      endMin: localMidnightUtcMin(addDays(date, 1), zone),
      weekday: weekdayOf(date),
      isBankHoliday: calendar.has(date),
      label: dayLabel(date),
    });
  }
  const horizonStart = days[0].startMin;
  const horizonEnd = days[days.length - 1].endMin;

  const sites = compileSites(file);
  const siteName = new Map(file.sites.map((s) => [s.id, s.name]));
  const manySites = file.sites.length > 1;
  const templateById = new Map(file.templates.map((t) => [t.id, t]));

  const sessions = expandTemplates(file.templates, { from: first, to: endDate, zone, bankHolidays: calendar });
  const slots: Slot[] = [];
  const slotInfo: Record<string, SlotInfo> = {};
  for (const session of sessions) {
    const t = templateById.get(session.templateId)!;
    const id = slotIdOf(t.id, session.date);
    const dayIndex = dayIndexByDate.get(session.date)!;
    const paidExtra = t.paidExtraMinutes ?? 0;
    const roles: RoleDemand[] = t.demand.map((d) => ({
      roleId: d.roleId,
      min: d.min,
      preferred: d.preferred,
      max: d.max,
      skills: [...(d.skills ?? [])],
      ...(d.underWeight !== undefined ? { underWeight: d.underWeight } : {}),
      ...(d.overWeight !== undefined ? { overWeight: d.overWeight } : {}),
    }));
    const site = t.siteId === null ? null : (siteName.get(t.siteId) ?? null);
    const slot: Slot = {
      id,
      startMin: session.startMin,
      endMin: session.endMin,
      dayIndex,
      isWeekend: session.weekday >= 5,
      isBankHoliday: session.isBankHoliday,
      siteId: t.siteId,
      typeId: t.kind,
      tags: [...(t.tags ?? [])],
      priority: t.priority ?? 1,
      workMinutes: session.elapsedMinutes + paidExtra,
      roles,
      label: slotLabel(session, t, site, manySites),
    };
    slots.push(slot);
    slotInfo[id] = {
      slotId: id,
      templateId: t.id,
      templateName: t.name,
      kind: t.kind,
      siteId: t.siteId,
      siteName: site,
      dayIndex,
      date: session.date,
      endDate: session.endDate,
      localStart: session.localStart,
      localEnd: session.localEnd,
      startIso: utcMinToIso(session.startMin, zone),
      endIso: utcMinToIso(session.endMin, zone),
      elapsedMinutes: session.elapsedMinutes,
      paidExtraMinutes: paidExtra,
      workMinutes: slot.workMinutes,
      cancelledMinPaidMinutes: t.cancelledMinPaidMinutes ?? null,
      isBankHoliday: session.isBankHoliday,
      tags: slot.tags,
      seriesId: t.seriesId ?? null,
    };
  }

  const intakeKinds = [...new Set(file.templates.filter((t) => t.tags?.includes('intake')).map((t) => t.kind))];
  const workers = file.staff.map((s) =>
    compileWorker(s, { zone, first, endDate, horizonStart, horizonEnd, days, slots, slotInfo, rules, intakeKinds }),
  );

  const pinned = [...(options.pinned ?? [])];
  const slotById = new Map(slots.map((s) => [s.id, s]));
  const workerIds = new Set(workers.map((w) => w.id));
  pinned.forEach((p, i) => {
    const slot = slotById.get(p.slotId);
    if (!slot) throw new Error(`pinned[${i}].slotId: no session "${p.slotId}" in the plan ${first} to ${addDays(endDate, -1)}`);
    if (!slot.roles.some((r) => r.roleId === p.roleId)) throw new Error(`pinned[${i}].roleId: session "${p.slotId}" has no role "${p.roleId}"`);
    if (!workerIds.has(p.workerId)) throw new Error(`pinned[${i}].workerId: no staff member "${p.workerId}"`);
  });

  const problem: Problem = {
    days,
    sites,
    slots,
    workers,
    pinned,
    ...(rules.forbiddenSuccessions?.length
      ? { forbiddenSuccessions: rules.forbiddenSuccessions.map((f) => ({ fromTypeId: f.fromKind, toTypeId: f.toKind })) }
      : {}),
    ...(rules.weights ? { weights: { ...rules.weights } } : {}),
  };
  return { problem, slotInfo, timeZone: zone, warnings };
}

type ResolvedRules = { -readonly [K in keyof typeof DEFAULT_RULES]: number } & NonNullable<ServiceFile['rules']>;

interface WorkerContext {
  readonly zone: string;
  readonly first: string;
  readonly endDate: string;
  readonly horizonStart: number;
  readonly horizonEnd: number;
  readonly days: readonly Day[];
  readonly slots: readonly Slot[];
  readonly slotInfo: Readonly<Record<string, SlotInfo>>;
  readonly rules: ResolvedRules;
  /** Session kinds tagged "intake". */
  readonly intakeKinds: readonly string[];
}

function compileWorker(s: StaffMember, ctx: WorkerContext): Worker {
  const { zone, rules } = ctx;
  const skills: SkillHolding[] = (s.skills ?? []).map((h) => ({
    skillId: h.skillId,
    ...(h.validFrom ? { fromMin: localMidnightUtcMin(h.validFrom, zone) } : {}),
    ...(h.validUntil ? { untilMin: localMidnightUtcMin(addDays(h.validUntil, 1), zone) } : {}),
  }));

  const unavailability: Unavailability[] = (s.absences ?? [])
    .map((a) => ({
      startMin: a.startTime ? localToUtcMin(a.from, a.startTime, zone) : localMidnightUtcMin(a.from, zone),
      endMin: a.endTime ? localToUtcMin(a.to, a.endTime, zone) : localMidnightUtcMin(addDays(a.to, 1), zone),
      reason: a.kind,
    }))
    .filter((u) => u.endMin > ctx.horizonStart - 1440 && u.startMin < ctx.horizonEnd + 1440);

  const optedOut = s.wtrOptOut === true;
  const band: { hardMin?: number; softMin?: number; softMax?: number; hardMax?: number } = {};
  if (!optedOut) band.hardMax = rules.maxMinutesPerWeek;
  if (s.kind === 'contracted' && s.contractMinutesPerWeek !== undefined) {
    band.softMin = Math.max(0, s.contractMinutesPerWeek - rules.contractToleranceMinutes);
    band.softMax = s.contractMinutesPerWeek + rules.contractToleranceMinutes;
  }
  if (s.limits?.maxMinutesPerWeek !== undefined) {
    band.softMax = band.softMax === undefined ? s.limits.maxMinutesPerWeek : Math.min(band.softMax, s.limits.maxMinutesPerWeek);
  }
  if (band.hardMax !== undefined && band.softMax !== undefined && band.softMax > band.hardMax) band.softMax = band.hardMax;
  if (band.softMin !== undefined && band.softMax !== undefined && band.softMin > band.softMax) band.softMin = band.softMax;

  let history: WorkHistory | undefined;
  if (s.history) {
    history = {
      minutesByWeek: s.history.minutesByWeek.slice(-(rules.averageReferenceWeeks - 1 || 1)),
      ...(s.history.lastShiftEnd ? { lastShiftEndMin: isoToUtcMin(s.history.lastShiftEnd) } : {}),
      consecutiveDaysWorked: s.history.consecutiveDaysWorked,
      ...(s.history.consecutiveDaysOff !== undefined ? { consecutiveDaysOff: s.history.consecutiveDaysOff } : {}),
    };
  }

  // Sessions tagged "intake" each take on a new service user: a worker may take only as many as
  // their caseload cap leaves room for (Greenwich rehabilitation workers carry a capped caseload).
  let maxByType: Record<string, number> | undefined = s.limits?.maxSessionsByKind ? { ...s.limits.maxSessionsByKind } : undefined;
  if (s.caseload) {
    const room = Math.max(0, s.caseload.cap - s.caseload.allocated);
    for (const kind of ctx.intakeKinds) {
      maxByType ??= {};
      maxByType[kind] = Math.min(maxByType[kind] ?? room, room);
    }
  }

  const worker: Worker = {
    id: s.id,
    name: s.name,
    kind: s.kind,
    roles: [...s.roles],
    skills,
    ...(s.availability
      ? {
          availability: resolveAvailability(s.availability.windows, s.availability.exceptions ?? [], ctx.first, addDays(ctx.endDate, 1), zone),
        }
      : {}),
    unavailability,
    ...(Object.keys(band).length > 0 ? { minutesPerWeek: band } : {}),
    ...(optedOut ? {} : { averageWeekly: { maxMinutesPerWeek: rules.averageMaxMinutesPerWeek, referenceWeeks: rules.averageReferenceWeeks } }),
    minRestMinutes: s.limits?.minRestMinutes ?? rules.minRestMinutes,
    maxConsecutiveDays: s.limits?.maxConsecutiveDays ?? rules.maxConsecutiveDays,
    weeklyRestMinutes: rules.weeklyRestMinutes,
    ...(s.limits?.maxShiftsPerDay !== undefined ? { maxShiftsPerDay: s.limits.maxShiftsPerDay } : {}),
    ...(maxByType ? { maxByType } : {}),
    ...(s.limits?.maxWeekends !== undefined ? { maxWeekends: s.limits.maxWeekends } : {}),
    refusedSiteIds: [...(s.refusedSiteIds ?? [])],
    costPencePerHour: s.costPencePerHour,
    preferences: compilePreferences(s, ctx),
    ...(history ? { history } : {}),
  };
  return worker;
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
