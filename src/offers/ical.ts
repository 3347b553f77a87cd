// A worker's accepted sessions as an iCalendar feed (RFC 5545), for phone calendars.
// Times are written as Europe/London wall-clock times with a VTIMEZONE, so the calendar shows
// "17:30" whatever the phone's zone. The one wall-clock hour that happens twice (the October
// change) cannot be told apart with TZID (RFC 5545 3.3.5 takes the first), so an instant in the
// second of them is written in UTC with a Z instead.

import { DateTime } from 'luxon';

export const LONDON = 'Europe/London';

export interface CalendarEvent {
  /** Stable per assignment, so a re-fetched feed updates events instead of duplicating them. */
  readonly uid: string;
  readonly startUtcMs: number;
  readonly endUtcMs: number;
  readonly summary: string;
  /** The venue; null for remote sessions (phone or video). */
  readonly location: string | null;
  readonly description?: string;
  /** When this version of the event was made (e.g. the accept). */
  readonly stampUtcMs: number;
}

export interface CalendarOptions {
  readonly name: string;
  readonly prodId?: string;
}

const VTIMEZONE_LONDON = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

export function buildCalendar(events: readonly CalendarEvent[], options: CalendarOptions): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${options.prodId ?? '-//rota//bank offers//EN'}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    `X-WR-TIMEZONE:${LONDON}`,
    ...VTIMEZONE_LONDON,
  ];
  const sorted = [...events].sort((a, b) => a.startUtcMs - b.startUtcMs || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  for (const [k, e] of sorted.entries()) {
    if (!(e.endUtcMs > e.startUtcMs)) throw new Error(`events[${k}].endUtcMs: must be after startUtcMs (uid ${e.uid})`);
    if (e.uid.length === 0) throw new Error(`events[${k}].uid: must not be empty`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${utcStamp(e.stampUtcMs)}`,
      dateTimeProperty('DTSTART', e.startUtcMs),
      dateTimeProperty('DTEND', e.endUtcMs),
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.location !== null) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description !== undefined) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    lines.push('STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line so no line exceeds 75 octets (RFC 5545 3.1): continuation lines start
 * with one space, and a multi-octet UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

function utcStamp(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
}

function dateTimeProperty(name: string, ms: number): string {
  const local = DateTime.fromMillis(ms, { zone: LONDON });
  const wall = local.toFormat("yyyyMMdd'T'HHmmss");
  // In the repeated hour the instant one hour earlier shows the same wall clock: we are the second.
  const secondOfTwins = local.minus({ hours: 1 }).toFormat("yyyyMMdd'T'HHmmss") === wall;
  return secondOfTwins ? `${name}:${utcStamp(ms)}` : `${name};TZID=${LONDON}:${wall}`;
}
