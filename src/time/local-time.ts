// The one place that turns local dates and wall-clock times into UTC minutes and back (luxon).
// Everything downstream speaks integer UTC minutes since the Unix epoch.
import { DateTime } from 'luxon';

export const MS_PER_MINUTE = 60_000;
const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

function parseDate(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`"${date}" is not a date YYYY-MM-DD`);
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (!DateTime.fromObject(parts, { zone: 'UTC' }).isValid) throw new Error(`"${date}" is not a real date`);
  return parts;
}

function parseTime(time: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new Error(`"${time}" is not a time HH:mm`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

export function isValidDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

/**
 * UTC minute of a local wall-clock time. A time inside the spring-forward gap (e.g. 01:30 on
 * 29 Mar 2026 in London) moves forward by the gap; an ambiguous autumn time takes the first (BST) one.
 */
export function localToUtcMin(date: string, time: string, zone: string): number {
  const dt = DateTime.fromObject({ ...parseDate(date), ...parseTime(time) }, { zone });
  if (!dt.isValid) throw new Error(`cannot place ${date} ${time} in ${zone}: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return Math.round(dt.toMillis() / MS_PER_MINUTE);
}

/** UTC minute of the local midnight that starts `date`. */
export function localMidnightUtcMin(date: string, zone: string): number {
  return localToUtcMin(date, '00:00', zone);
}

export function utcMinToLocal(min: number, zone: string): { date: string; time: string } {
  const dt = DateTime.fromMillis(min * MS_PER_MINUTE, { zone });
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm') };
}

export function addDays(date: string, days: number): string {
  return DateTime.fromObject(parseDate(date), { zone: 'UTC' }).plus({ days }).toFormat('yyyy-MM-dd');
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  const da = DateTime.fromObject(parseDate(a), { zone: 'UTC' });
  const db = DateTime.fromObject(parseDate(b), { zone: 'UTC' });
  return Math.round(db.diff(da, 'days').days);
}

/** 0 = Monday ... 6 = Sunday. */
export function weekdayOf(date: string): number {
  return DateTime.fromObject(parseDate(date), { zone: 'UTC' }).weekday - 1;
}

export function weekdayName(weekday: number): string {
  return WEEKDAY_NAMES[weekday];
}

/** "Tue 24 Nov". */
export function dayLabel(date: string): string {
  const dt = DateTime.fromObject(parseDate(date), { zone: 'UTC' });
  return `${WEEKDAY_NAMES[dt.weekday - 1]} ${dt.day} ${dt.toFormat('LLL')}`;
}

/** Parses an ISO 8601 instant with offset to UTC minutes (seconds are dropped). */
export function isoToUtcMin(iso: string): number {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new Error(`"${iso}" is not an ISO 8601 date-time`);
  return Math.floor(dt.toMillis() / MS_PER_MINUTE);
}

export function utcMinToIso(min: number, zone: string): string {
  return DateTime.fromMillis(min * MS_PER_MINUTE, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: false }) ?? '';
}
