// Who is a night worker (Working Time Regulations 1998, reg. 2 and 6), and the average that protects
// them. A staff member's nightWorker flag decides when given; otherwise the shifts we know they worked
// decide: a night worker works at least 3 hours of their day between 23:00 and 06:00 "as a normal
// course", taken here as on at least a third of the days they worked (the courts read "normally" as a
// regular feature, not a majority: a night every third week was enough in R v AG for Northern Ireland,
// ex p Burns).
import type { TimeWindow, Worker } from '../../solver/model.ts';
import { minutesInLocalWindow } from '../time/night.ts';
import { utcMinToLocal } from '../time/local-time.ts';
import { WORKING_TIME_LAW as LAW } from './types.ts';

/** Whether the shifts show night work as a normal course; undefined when there are none to judge. */
export function showsNightWork(shifts: readonly TimeWindow[], zone: string): boolean | undefined {
  if (shifts.length === 0) return undefined;
  // Night minutes per local day of each shift's start.
  const byDay = new Map<string, number>();
  for (const s of shifts) {
    const day = utcMinToLocal(s.startMin, zone).date;
    const night = minutesInLocalWindow(s.startMin, s.endMin, zone, LAW.nightStartMinuteOfDay, LAW.nightEndMinuteOfDay);
    byDay.set(day, (byDay.get(day) ?? 0) + night);
  }
  let nightDays = 0;
  for (const minutes of byDay.values()) if (minutes >= LAW.nightWorkerNightMinutes) nightDays++;
  return nightDays >= byDay.size * LAW.nightWorkerShareOfDays;
}

/**
 * reg. 6(5): average hours for each 24 = hours worked / (days in the period - weekly rest days), so
 * 8 h a day is 8 x (7 - weekly rest in days) a week: 48 h with 24 h of weekly rest. All three forms of
 * weekly rest give the same rest a week on average.
 */
export function nightAverageFor(weeklyRestMinutes: number, referenceWeeks: number): NonNullable<Worker['nightAverage']> {
  const workingDayMinutes = Math.max(0, 7 * 1440 - weeklyRestMinutes);
  return { maxMinutesPerWeek: Math.floor((LAW.nightWorkerMinutesPer24h * workingDayMinutes) / 1440), referenceWeeks };
}
