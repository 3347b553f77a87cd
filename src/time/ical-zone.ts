// Time zones in iCalendar (RFC 5545): a VTIMEZONE for any IANA zone, and date-times written as that
// zone's wall clock. Calendars show "17:30" for a 17:30 session whatever zone the phone is in.
//
// The VTIMEZONE lists the zone's actual offset changes over the years the events span (found from
// the tz database through luxon), not yearly rules: rules would have to be guessed per zone, and a
// zone whose rules changed (or that has none) would be written wrong.
import { DateTime, IANAZone } from 'luxon';
import { localToUtcMin, MS_PER_MINUTE, utcMinToLocal } from './local-time.ts';

const DAY_MS = 86_400_000;
/** No VTIMEZONE covers more than this many years (a feed is bounded whatever its events say). */
const MAX_YEARS = 40;

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function offsetAt(zone: IANAZone, ms: number): number {
  return zone.offset(ms);
}

/** The first millisecond (to the minute) in (fromMs, toMs] whose offset differs from the offset at fromMs. */
function changeBetween(zone: IANAZone, fromMs: number, toMs: number): number {
  const before = offsetAt(zone, fromMs);
  let lo = fromMs;
  let hi = toMs;
  while (hi - lo > MS_PER_MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE;
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Every instant in [fromMs, toMs) at which the zone's UTC offset changes (tz data has at most one a day). */
export function offsetChanges(zoneName: string, fromMs: number, toMs: number): { atMs: number; fromMinutes: number; toMinutes: number }[] {
  const zone = IANAZone.create(zoneName);
  if (!zone.isValid) throw new Error(`"${zoneName}" is not a known time zone`);
  const out: { atMs: number; fromMinutes: number; toMinutes: number }[] = [];
  for (let day = fromMs; day < toMs; day += DAY_MS) {
    const next = Math.min(day + DAY_MS, toMs);
    const a = offsetAt(zone, day);
    if (offsetAt(zone, next) === a) continue;
    const at = changeBetween(zone, day, next);
    out.push({ atMs: at, fromMinutes: a, toMinutes: offsetAt(zone, at) });
  }
  return out;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** An abbreviation such as GMT, BST, EST; none when the platform only knows "GMT+1" for the zone. */
function zoneAbbreviation(zone: string, ms: number): string | null {
  for (const locale of ['en-GB', 'en-US']) {
    const name = DateTime.fromMillis(ms, { zone }).setLocale(locale).offsetNameShort;
    if (name && /^[A-Z]{2,5}$/.test(name)) return name;
  }
  return null;
}

function wallClock(ms: number, offsetMinutes: number): string {
  return DateTime.fromMillis(ms + offsetMinutes * MS_PER_MINUTE, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss");
}

/**
 * A VTIMEZONE (as content lines, unfolded) for `zone` that covers every instant from the start of the
 * year before `fromMs` to the end of the year after `toMs` (at most 40 years): one STANDARD component
 * for the offset in force at the start, then one STANDARD or DAYLIGHT component per offset change.
 */
export function vtimezoneLines(zone: string, fromMs: number, toMs: number): string[] {
  if (!isTimeZone(zone)) throw new Error(`"${zone}" is not a known time zone`);
  const firstYear = DateTime.fromMillis(Math.min(fromMs, toMs), { zone: 'utc' }).year - 1;
  const lastYear = Math.min(DateTime.fromMillis(Math.max(fromMs, toMs), { zone: 'utc' }).year + 1, firstYear + MAX_YEARS - 1);
  const startMs = Date.UTC(firstYear, 0, 1);
  const endMs = Date.UTC(lastYear + 1, 0, 1);
  const iana = IANAZone.create(zone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const component = (kind: 'STANDARD' | 'DAYLIGHT', atMs: number, from: number, to: number) => {
    const name = zoneAbbreviation(zone, atMs);
    lines.push(
      `BEGIN:${kind}`,
      // The onset is written in the local time in force before it (RFC 5545 3.6.5).
      `DTSTART:${wallClock(atMs, from)}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      ...(name ? [`TZNAME:${name}`] : []),
      `END:${kind}`,
    );
  };
  const initial = offsetAt(iana, startMs);
  component('STANDARD', startMs, initial, initial);
  for (const change of offsetChanges(zone, startMs, endMs)) {
    const daylight = DateTime.fromMillis(change.atMs, { zone }).isInDST;
    component(daylight ? 'DAYLIGHT' : 'STANDARD', change.atMs, change.fromMinutes, change.toMinutes);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/**
 * A DATE-TIME property (DTSTART, DTEND) as the zone's wall clock with its TZID. The wall-clock hour
 * that happens twice when clocks go back cannot be told apart with a TZID (RFC 5545 3.3.5 takes the
 * first), so an instant in the second of them is written in UTC instead.
 */
export function icalDateTimeProperty(name: string, ms: number, zone: string): string {
  const minute = Math.floor(ms / MS_PER_MINUTE);
  const local = DateTime.fromMillis(ms, { zone });
  const { date, time } = utcMinToLocal(minute, zone);
  if (localToUtcMin(date, time, zone) !== minute) {
    return `${name}:${DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
  }
  return `${name};TZID=${zone}:${local.toFormat("yyyyMMdd'T'HHmmss")}`;
}

/** A UTC DATE-TIME value (DTSTAMP). */
export function icalUtcStamp(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
}
