// Night time in local clock terms: how many minutes of a UTC interval fall between two local times of
// day (e.g. 23:00-06:00), day by day, so a clock change gives the night its real length.
import { addDays, localToUtcMin, utcMinToLocal } from './local-time.ts';

function clock(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/**
 * Minutes of [startMin, endMin) inside the local window [fromMinuteOfDay, toMinuteOfDay) of each day
 * (a window whose end is not after its start runs past midnight into the next day).
 */
export function minutesInLocalWindow(startMin: number, endMin: number, zone: string, fromMinuteOfDay: number, toMinuteOfDay: number): number {
  if (endMin <= startMin) return 0;
  const wraps = toMinuteOfDay <= fromMinuteOfDay;
  // Windows that can touch the interval start on the day before its start, at the earliest.
  let date = addDays(utcMinToLocal(startMin, zone).date, -1);
  const lastDate = utcMinToLocal(endMin, zone).date;
  let total = 0;
  for (let guard = 0; date <= lastDate && guard < 400; guard++, date = addDays(date, 1)) {
    const from = localToUtcMin(date, clock(fromMinuteOfDay), zone);
    const to = localToUtcMin(wraps ? addDays(date, 1) : date, clock(toMinuteOfDay), zone);
    total += Math.max(0, Math.min(endMin, to) - Math.max(startMin, from));
  }
  return total;
}
