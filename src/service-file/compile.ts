// Compiles a validated service file and a planning week into the solver's Problem: every local date
// and time is resolved here (through src/time) to integer UTC minutes, so the solver never sees a zone.
import type { Assignment, Problem, Slot, Worker } from '../../solver/model.ts';
import { BankHolidayCalendar, englandAndWalesBankHolidays } from '../time/bank-holidays.ts';
import { COMPILE_EXPANSION_BUDGET, withExpansionBudget } from '../time/recurrence.ts';
import { addDays, dayLabel, isValidDate, isoToUtcMin, localMidnightUtcMin } from '../time/local-time.ts';
import { compileDays, compileSessions, compileSites } from './compile-sessions.ts';
import { describeGap, templateGaps } from './template-gaps.ts';
import { compileWorker, type ResolvedRules } from './compile-staff.ts';
import { DEFAULT_RULES, DEFAULT_TIME_ZONE, type ServiceFile } from './types.ts';

export { slotIdOf } from './compile-sessions.ts';

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
  /** Minutes of unpaid breaks within the session: not worked, not paid. */
  readonly unpaidBreakMinutes: number;
  /** elapsed - unpaid breaks + paid extra: what counts towards hours and pay. */
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


/** A field of the file that cannot be used for the week planned, by its JSON path. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Latest instant a file's history may end at and still be history of a plan starting on weekStart:
 * the end of the plan's first local day, since the last shift before the plan may have begun before
 * it and run on past midnight (a night, a drop-in to 00:30).
 */
function historyLimitMin(weekStart: string, zone: string): number {
  return localMidnightUtcMin(addDays(weekStart, 1), zone);
}

/**
 * What a file's `history` means for the week planned. It is what happened before the week the file
 * was written for; planning another week, it still holds only if it lies before that week: a
 * `lastShiftEnd` after the end of the planned week's first day belongs to a later week (planning
 * 7 Dec with a history ending 20 Dec would put the worker's last shift after their first). Such a
 * history is not applied to the week (compileProblem leaves it out with a warning; `rota plan` refuses
 * the file). Returns one problem per staff member whose history lies after the week planned.
 */
export function historyAfterWeek(file: ServiceFile, weekStart: string): FieldProblem[] {
  if (!isValidDate(weekStart)) return [];
  const zone = file.timeZone ?? DEFAULT_TIME_ZONE;
  const limit = historyLimitMin(weekStart, zone);
  const out: FieldProblem[] = [];
  file.staff.forEach((s, i) => {
    const end = s.history?.lastShiftEnd;
    if (end === undefined || isoToUtcMin(end) <= limit) return;
    out.push({
      path: `staff[${i}].history.lastShiftEnd`,
      message: `${end} is after the week planned starts (${dayLabel(weekStart)} ${weekStart.slice(0, 4)})`,
    });
  });
  return out;
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

  for (const gap of templateGaps(file, calendar)) {
    if (gap.from < endDate && gap.to >= first) warnings.push(`the plan falls in a gap between date-ranged templates: ${describeGap(file, gap)}`);
  }

  const { days, dayIndexByDate } = compileDays(first, dayCount, zone, calendar);
  const horizonStart = days[0].startMin;
  const horizonEnd = days[days.length - 1].endMin;

  const sites = compileSites(file);
  const { slots, slotInfo } = compileSessions(file, { first, endDate, zone, calendar, dayIndexByDate, warnings });

  const intakeKinds = [...new Set(file.templates.filter((t) => t.tags?.includes('intake')).map((t) => t.kind))];
  const late = lateHistoryWarning(file, first);
  if (late) warnings.push(late);
  const historyLimit = historyLimitMin(first, zone);
  const workers = file.staff.map((s) =>
    compileWorker(s, { zone, first, endDate, horizonStart, horizonEnd, historyLimit, days, slots, slotInfo, rules, intakeKinds }),
  );

  const pinned = checkedPins(options.pinned ?? [], slots, workers, first, endDate);

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
    skillNames: Object.fromEntries(file.skills.map((k) => [k.id, k.name])),
    roleNames: Object.fromEntries(file.roles.map((r) => [r.id, r.name])),
  };
  return { problem, slotInfo, timeZone: zone, warnings };
}

/** One warning for every staff member whose file history is dated after the plan starts, if any. */
function lateHistoryWarning(file: ServiceFile, first: string): string | undefined {
  const lateHistory = historyAfterWeek(file, first);
  if (lateHistory.length === 0) return undefined;
  const shown = lateHistory.slice(0, 3).map((p) => `${p.path} ${p.message.split(' ')[0]}`);
  const more = lateHistory.length > shown.length ? ` and ${lateHistory.length - shown.length} more` : '';
  return (
    `the history of ${lateHistory.length} staff is dated after this week starts and is not applied to it (${shown.join(', ')}${more}): ` +
    "a file's history is what happened before the week it plans"
  );
}

/** The caller's pins, each naming a session, role and worker of this plan (an error names the pin). */
function checkedPins(given: readonly Assignment[], slots: readonly Slot[], workers: readonly Worker[], first: string, endDate: string): Assignment[] {
  const pinned = [...given];
  const slotById = new Map(slots.map((s) => [s.id, s]));
  const workerIds = new Set(workers.map((w) => w.id));
  pinned.forEach((p, i) => {
    const slot = slotById.get(p.slotId);
    if (!slot) throw new Error(`pinned[${i}].slotId: no session "${p.slotId}" in the plan ${first} to ${addDays(endDate, -1)}`);
    if (!slot.roles.some((r) => r.roleId === p.roleId)) throw new Error(`pinned[${i}].roleId: session "${p.slotId}" has no role "${p.roleId}"`);
    if (!workerIds.has(p.workerId)) throw new Error(`pinned[${i}].workerId: no staff member "${p.workerId}"`);
  });
  return pinned;
}
