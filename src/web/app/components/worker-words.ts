// Words for a worker's sessions and offers: dates, times, hours and pay as a person says them. Times
// come from the server already in the service's own zone (an ISO string with that zone's offset, or a
// local date and wall-clock times), so the phone needs no time-zone data and shows "17:30" for a
// 17:30 session wherever it is.
import { formatDate } from './ui.tsx';

/** The date and wall clock an ISO 8601 string shows, as written (no conversion to the reader's zone). */
export function wallClock(iso: string): { date: string; time: string } {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  if (!m) return { date: iso.slice(0, 10), time: '' };
  return { date: m[1], time: m[2] };
}

/** "10:00 to 13:00", or "17:30 to 00:30 the next day" for a session that crosses midnight. */
export function timeRange(start: string, end: string, crossesMidnight: boolean): string {
  return `${start} to ${end}${crossesMidnight ? ' the next day' : ''}`;
}

/** "Thu 17 Dec 2026, 10:00 to 13:00" from ISO strings in the service's zone. */
export function whenText(startIso: string, endIso: string): { date: string; times: string } {
  const s = wallClock(startIso);
  const e = wallClock(endIso);
  return { date: formatDate(s.date), times: timeRange(s.time, e.time, e.date !== s.date) };
}

/** "4 hours", "1 hour", "2 hours 30 minutes". */
export function hoursText(hours: number): string {
  const totalMinutes = Math.round(hours * 60);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  const parts = [h > 0 ? `${h} hour${h === 1 ? '' : 's'}` : '', m > 0 ? `${m} minute${m === 1 ? '' : 's'}` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 hours';
}

/** "£52.60". */
export function poundsText(pounds: number): string {
  return `£${pounds.toFixed(2)}`;
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A server sentence as a sentence: capital letter, full stop. */
export function sentence(text: string): string {
  const t = capitalised(text.trim());
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
