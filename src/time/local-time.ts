// The one place that turns local dates and wall-clock times into UTC minutes and back (luxon).
// Everything downstream speaks integer UTC minutes since the Unix epoch.
import { DateTime, Info, type Zone } from 'luxon';

export const MS_PER_MINUTE = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

function parseDate(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`"${date}" is not a date YYYY-MM-DD`);
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  // A real date comes back as itself from the calendar (31 Feb comes back as 3 March).
  const back = utcDate(parts.year, parts.month, parts.day);
  if (back.getUTCFullYear() !== parts.year || back.getUTCMonth() + 1 !== parts.month || back.getUTCDate() !== parts.day) throw new Error(`"${date}" is not a real date`);
  return parts;
}

/** The UTC midnight of a calendar date (the day may run past its month: it carries on). */
function utcDate(year: number, month: number, day: number): Date {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year, month - 1, day); // Date.UTC reads years below 100 as 19xx
  return d;
}

/** YYYY-MM-DD of a UTC date. */
function isoDate(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
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

const zones = new Map<string, Zone>();

function zoneNamed(name: string): Zone {
  let zone = zones.get(name);
  if (!zone) {
    const z = Info.normalizeZone(name);
    if (!z || !z.isValid) throw new Error(`"${name}" is not a known time zone`);
    zones.set(name, (zone = z));
  }
  return zone;
}

/**
 * UTC minute of a local wall-clock time, resolved as RFC 5545 (3.3.5) says rather than as luxon
 * guesses:
 * - a time the clocks skip (01:30 on 29 Mar 2026 in London, inside the spring-forward gap) is read
 *   with the offset before the gap, so it moves forward by the gap (01:30 becomes 02:30 BST);
 * - a time the clocks pass twice (01:30 on 25 Oct 2026) is the first of the two instants (01:30 BST,
 *   00:30 UTC). luxon on its own takes the second, which makes 01:00-03:00 that night 2 hours long
 *   instead of 3.
 * Only the offsets a day either side are tried: every zone changes its offset at most once a day.
 */
export function localToUtcMin(date: string, time: string, zone: string): number {
  const key = `${zone}\u0000${date}\u0000${time}`;
  const known = localToUtcCache.get(key);
  if (known !== undefined) return known;
  const min = resolveLocal(date, time, zone);
  remember(localToUtcCache, key, min);
  return min;
}

// Compiling a week asks for the same few local times (each day's session and availability edges)
// thousands of times, and each answer costs luxon a zone lookup: worked out once per process. The
// answers depend on their arguments only (zone rules are fixed while the process runs).
const localToUtcCache = new Map<string, number>();
const utcToLocalCache = new Map<string, { date: string; time: string }>();
const CACHE_ENTRIES = 100_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_ENTRIES) cache.clear();
  cache.set(key, value);
}

function resolveLocal(date: string, time: string, zone: string): number {
  const { year, month, day } = parseDate(date);
  const { hour, minute } = parseTime(time);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const z = zoneNamed(zone);
  // Offsets in minutes east of UTC (London: 0 in winter, 60 in summer).
  const before = z.offset(wall - DAY_MS);
  const after = z.offset(wall + DAY_MS);
  const exists = (offset: number) => z.offset(wall - offset * MS_PER_MINUTE) === offset;
  const candidates = [...new Set([before, after])].filter(exists).map((offset) => wall - offset * MS_PER_MINUTE);
  // None exists: the time is in a gap; the offset before the gap carries it forward past it.
  const ms = candidates.length === 0 ? wall - before * MS_PER_MINUTE : Math.min(...candidates);
  return Math.round(ms / MS_PER_MINUTE);
}

/** UTC minute of the local midnight that starts `date`. */
export function localMidnightUtcMin(date: string, zone: string): number {
  return localToUtcMin(date, '00:00', zone);
}

export function utcMinToLocal(min: number, zone: string): { date: string; time: string } {
  const key = `${zone}\u0000${min}`;
  const known = utcToLocalCache.get(key);
  if (known) return { ...known };
  const dt = DateTime.fromMillis(min * MS_PER_MINUTE, { zone });
  const local = { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm') };
  remember(utcToLocalCache, key, local);
  return { ...local };
}

export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return isoDate(utcDate(year, month, day + days));
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

/**
 * Parses an ISO 8601 instant with offset to UTC minutes (seconds are dropped). The offset is required:
 * without it the time would be read in this machine's zone, and a local time the autumn change repeats
 * would not say which of the two it is.
 */
export function isoToUtcMin(iso: string): number {
  if (!/T.*(Z|[+-]\d{2}(:?\d{2})?)$/i.test(iso)) throw new Error(`"${iso}" needs a date, a time and a UTC offset, e.g. 2026-10-25T01:30:00+01:00`);
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new Error(`"${iso}" is not an ISO 8601 date-time`);
  return Math.floor(dt.toMillis() / MS_PER_MINUTE);
}

export function utcMinToIso(min: number, zone: string): string {
  return DateTime.fromMillis(min * MS_PER_MINUTE, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: false }) ?? '';
}
