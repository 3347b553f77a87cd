// A worker's sessions as an iCalendar feed (RFC 5545), for phone calendars. Times are written as
// the service's own wall clock with its VTIMEZONE (src/time/ical-zone.ts), so the calendar shows
// "17:30" whatever the phone's zone.

import { icalDateTimeProperty, icalUtcStamp, vtimezoneLines } from '../time/ical-zone.ts';

/** The zone a service without one of its own is in. */
export const DEFAULT_CALENDAR_ZONE = 'Europe/London';

export interface CalendarEvent {
  /** Stable per session and worker, so a re-fetched feed updates events instead of duplicating them. */
  readonly uid: string;
  readonly startUtcMs: number;
  readonly endUtcMs: number;
  readonly summary: string;
  /** The venue; null for remote sessions (phone or video). */
  readonly location: string | null;
  readonly description?: string;
  /** When this version of the event was made (e.g. the accept or the publish). */
  readonly stampUtcMs: number;
}

export interface CalendarOptions {
  readonly name: string;
  /** The IANA zone whose wall clock the times are written in (the service's); Europe/London if absent. */
  readonly timeZone?: string;
  readonly prodId?: string;
}

export function buildCalendar(events: readonly CalendarEvent[], options: CalendarOptions): string {
  const zone = options.timeZone ?? DEFAULT_CALENDAR_ZONE;
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${options.prodId ?? '-//rota//bank offers//EN'}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    `X-WR-TIMEZONE:${zone}`,
  ];
  const sorted = [...events].sort((a, b) => a.startUtcMs - b.startUtcMs || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  // The zone's offsets over the years the events span (no events, no times to explain).
  if (sorted.length > 0) lines.push(...vtimezoneLines(zone, sorted[0].startUtcMs, Math.max(...sorted.map((e) => e.endUtcMs))));
  for (const [k, e] of sorted.entries()) {
    if (!(e.endUtcMs > e.startUtcMs)) throw new Error(`events[${k}].endUtcMs: must be after startUtcMs (uid ${e.uid})`);
    if (e.uid.length === 0) throw new Error(`events[${k}].uid: must not be empty`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${icalUtcStamp(e.stampUtcMs)}`,
      icalDateTimeProperty('DTSTART', e.startUtcMs, zone),
      icalDateTimeProperty('DTEND', e.endUtcMs, zone),
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
