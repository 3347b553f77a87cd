// Days and sessions of the plan: each template's sessions expanded over the dates (src/time) and turned
// into the solver's slots, with what the API and payroll need to know about each (SlotInfo).
import type { Day, RoleDemand, Site, Slot } from '../../solver/model.ts';
import { formatMinutes } from '../../solver/constraints/types.ts';
import type { BankHolidayCalendar } from '../time/bank-holidays.ts';
import { expandTemplates, type ExpandedSession } from '../time/expand.ts';
import { fairnessTags } from '../time/fairness-days.ts';
import { addDays, dayLabel, localMidnightUtcMin, utcMinToIso, weekdayOf } from '../time/local-time.ts';
import type { SlotInfo } from './compile.ts';
import { WORKING_TIME_LAW, type ServiceFile, type SessionTemplate } from './types.ts';

export function slotIdOf(templateId: string, date: string): string {
  return `${templateId}@${date}`;
}

export function compileSites(file: ServiceFile): Site[] {
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

/** The plan's days, [local midnight, next local midnight) in UTC minutes, and each date's index. */
export function compileDays(first: string, dayCount: number, zone: string, calendar: BankHolidayCalendar): { days: Day[]; dayIndexByDate: Map<string, number> } {
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
  return { days, dayIndexByDate };
}

interface SessionsContext {
  readonly first: string;
  readonly endDate: string;
  readonly zone: string;
  readonly calendar: BankHolidayCalendar;
  readonly dayIndexByDate: ReadonlyMap<string, number>;
  /** Said to the manager with the rota: sessions the clocks skip, templates that can never be staffed. */
  readonly warnings: string[];
}

/** Every session of the plan as a slot, in the order the templates expand. */
export function compileSessions(file: ServiceFile, ctx: SessionsContext): { slots: Slot[]; slotInfo: Record<string, SlotInfo> } {
  const templateById = new Map(file.templates.map((t) => [t.id, t]));
  const siteName = new Map(file.sites.map((s) => [s.id, s.name]));
  const manySites = file.sites.length > 1;
  const sessions = expandTemplates(file.templates, {
    from: ctx.first,
    to: ctx.endDate,
    zone: ctx.zone,
    bankHolidays: ctx.calendar,
    onVanished: (v) => {
      const t = templateById.get(v.templateId)!;
      ctx.warnings.push(
        `template "${t.id}" (${t.name}): the session on ${dayLabel(v.date)} ${v.date.slice(0, 4)} (${v.startTime}-${v.endTime}) ` +
          'lies wholly in the time the clocks skip when they go forward, so it does not run that day',
      );
    },
  });
  const slots: Slot[] = [];
  const slotInfo: Record<string, SlotInfo> = {};
  for (const session of sessions) {
    const t = templateById.get(session.templateId)!;
    const site = t.siteId === null ? null : (siteName.get(t.siteId) ?? null);
    const { slot, info } = compileSession(session, t, site, manySites, ctx);
    slots.push(slot);
    slotInfo[slot.id] = info;
  }
  ctx.warnings.push(...breaklessWarnings(slots, slotInfo));
  return { slots, slotInfo };
}

function compileSession(
  session: ExpandedSession,
  t: SessionTemplate,
  site: string | null,
  manySites: boolean,
  { zone, dayIndexByDate }: SessionsContext,
): { slot: Slot; info: SlotInfo } {
  const id = slotIdOf(t.id, session.date);
  const dayIndex = dayIndexByDate.get(session.date)!;
  const paidExtra = t.paidExtraMinutes ?? 0;
  const breaks = t.breaks ?? [];
  // A clock change can make a session shorter than its breaks were planned for: work is never negative.
  const unpaidBreak = Math.min(session.elapsedMinutes, breaks.reduce((sum, b) => sum + (b.paid ? 0 : b.minutes), 0));
  const restBreak = breaks.reduce((longest, b) => Math.max(longest, b.minutes), 0);
  const roles: RoleDemand[] = t.demand.map((d) => ({
    roleId: d.roleId,
    min: d.min,
    preferred: d.preferred,
    max: d.max,
    skills: [...(d.skills ?? [])],
    ...(d.underWeight !== undefined ? { underWeight: d.underWeight } : {}),
    ...(d.overWeight !== undefined ? { overWeight: d.overWeight } : {}),
  }));
  const slot: Slot = {
    id,
    startMin: session.startMin,
    endMin: session.endMin,
    dayIndex,
    isWeekend: session.weekday >= 5,
    isBankHoliday: session.isBankHoliday,
    siteId: t.siteId,
    typeId: t.kind,
    // Nights and Christmas/New Year are counted by fairness from local times, tagged or not.
    tags: [...new Set([...(t.tags ?? []), ...fairnessTags(session.startMin, session.endMin, zone)])],
    priority: t.priority ?? 1,
    workMinutes: session.elapsedMinutes - unpaidBreak + paidExtra,
    ...(restBreak > 0 ? { restBreakMinutes: restBreak } : {}),
    roles,
    label: slotLabel(session, t, site, manySites),
  };
  const info: SlotInfo = {
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
    unpaidBreakMinutes: unpaidBreak,
    workMinutes: slot.workMinutes,
    cancelledMinPaidMinutes: t.cancelledMinPaidMinutes ?? null,
    isBankHoliday: session.isBankHoliday,
    tags: slot.tags,
    seriesId: t.seriesId ?? null,
  };
  return { slot, info };
}

function slotLabel(session: ExpandedSession, template: SessionTemplate, siteName: string | null, manySites: boolean): string {
  const where = manySites ? (siteName ? ` at ${siteName}` : ' (remote)') : '';
  return `${dayLabel(session.date)} ${template.kind} ${session.localStart}-${session.localEnd}${where}`;
}

/** A session too long to work without a break, that gives none, can never be staffed: say so up front. */
function breaklessWarnings(slots: readonly Slot[], slotInfo: Readonly<Record<string, SlotInfo>>): string[] {
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const slot of slots) {
    const info = slotInfo[slot.id];
    if (slot.workMinutes <= WORKING_TIME_LAW.restBreakAfterWorkMinutes || (slot.restBreakMinutes ?? 0) >= WORKING_TIME_LAW.restBreakMinutes) continue;
    if (seen.has(info.templateId)) continue;
    seen.add(info.templateId);
    warnings.push(
      `template ${info.templateId} (${info.templateName}) has ${formatMinutes(slot.workMinutes)} of work and no break of ${WORKING_TIME_LAW.restBreakMinutes} min: the Working Time Regulations (reg. 12) leave its places empty; give it a break`,
    );
  }
  return warnings;
}
