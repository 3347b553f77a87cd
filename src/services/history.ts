// Working-time history from the database: what each worker actually worked (published assignments)
// in the weeks before a horizon, so rest, the 17-week 48-hour average and the fortnightly weekly rest
// hold across rota weeks; and what is already published after it (a later week published first), so
// rest, overlap and runs of days hold across its end too.
import type { FollowingWork, WorkHistory } from '../../solver/model.ts';

const DAY_MIN = 1440;
const WEEK_MIN = 7 * DAY_MIN;

export interface WorkedShift {
  readonly staffId: string;
  readonly startMin: number;
  readonly endMin: number;
  readonly workMinutes: number;
}

/**
 * Builds WorkHistory per staff id from shifts starting before `horizonStartMin`.
 * Weeks are 7 x 24 h back from the horizon start (a clock change moves a boundary by an hour).
 * Only weeks from `firstKnownWeekStartMin` on are reported: before it the database knows nothing,
 * which is not the same as "worked nothing".
 */
export function historyFromShifts(
  shifts: readonly WorkedShift[],
  horizonStartMin: number,
  weeksBack: number,
  firstKnownWeekStartMin: number,
): Map<string, WorkHistory> {
  const knownWeeks = Math.max(0, Math.min(weeksBack, Math.ceil((horizonStartMin - firstKnownWeekStartMin) / WEEK_MIN)));
  const byStaff = new Map<string, WorkedShift[]>();
  for (const s of shifts) {
    if (s.startMin >= horizonStartMin || s.startMin < horizonStartMin - knownWeeks * WEEK_MIN) continue;
    const list = byStaff.get(s.staffId) ?? [];
    list.push(s);
    byStaff.set(s.staffId, list);
  }
  const out = new Map<string, WorkHistory>();
  for (const [staffId, list] of byStaff) {
    // minutesByWeek is oldest first, most recent last.
    const minutesByWeek = new Array<number>(knownWeeks).fill(0);
    const workedDaysBack = new Set<number>();
    const recentShifts: { startMin: number; endMin: number }[] = [];
    let lastShiftEndMin: number | undefined;
    for (const s of list) {
      if (s.endMin > horizonStartMin - WEEK_MIN) recentShifts.push({ startMin: s.startMin, endMin: s.endMin });
      const weeksAgo = Math.floor((horizonStartMin - 1 - s.startMin) / WEEK_MIN); // 0 = the week just before
      minutesByWeek[knownWeeks - 1 - weeksAgo] += s.workMinutes;
      workedDaysBack.add(Math.floor((horizonStartMin - 1 - s.startMin) / DAY_MIN) + 1);
      lastShiftEndMin = Math.max(lastShiftEndMin ?? -Infinity, s.endMin);
    }
    const knownDays = knownWeeks * 7;
    let consecutiveDaysWorked = 0;
    while (consecutiveDaysWorked < knownDays && workedDaysBack.has(consecutiveDaysWorked + 1)) consecutiveDaysWorked++;
    let consecutiveDaysOff = 0;
    if (consecutiveDaysWorked === 0) {
      while (consecutiveDaysOff < knownDays && !workedDaysBack.has(consecutiveDaysOff + 1)) consecutiveDaysOff++;
    }
    out.set(staffId, {
      minutesByWeek,
      ...(lastShiftEndMin !== undefined ? { lastShiftEndMin } : {}),
      consecutiveDaysWorked,
      consecutiveDaysOff,
      ...(recentShifts.length > 0 ? { recentShifts: recentShifts.sort((a, b) => a.startMin - b.startMin || a.endMin - b.endMin) } : {}),
    });
  }
  return out;
}

/**
 * What each worker already has fixed after a horizon ending at `horizonEndMin`, from shifts starting
 * at or after it: the first such shift, and the days worked in a row from the day after the horizon's
 * last (24-hour days forward from its end, as history counts them back from its start).
 */
export function followingFromShifts(shifts: readonly WorkedShift[], horizonEndMin: number): Map<string, FollowingWork> {
  const byStaff = new Map<string, WorkedShift[]>();
  for (const s of shifts) {
    if (s.startMin < horizonEndMin) continue;
    const list = byStaff.get(s.staffId) ?? [];
    list.push(s);
    byStaff.set(s.staffId, list);
  }
  const out = new Map<string, FollowingWork>();
  for (const [staffId, list] of byStaff) {
    const first = list.reduce((a, b) => (b.startMin < a.startMin || (b.startMin === a.startMin && b.endMin > a.endMin) ? b : a));
    const workedDays = new Set(list.map((s) => Math.floor((s.startMin - horizonEndMin) / DAY_MIN)));
    let consecutiveDaysWorked = 0;
    while (workedDays.has(consecutiveDaysWorked)) consecutiveDaysWorked++;
    out.set(staffId, { nextShiftStartMin: first.startMin, nextShiftEndMin: first.endMin, consecutiveDaysWorked });
  }
  return out;
}

export { WEEK_MIN, DAY_MIN };
