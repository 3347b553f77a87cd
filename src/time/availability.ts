// Availability as recurring local windows plus dated exceptions, resolved to UTC windows.
import { addDays, localMidnightUtcMin, localToUtcMin } from './local-time.ts';
import { occurrenceDates } from './recurrence.ts';
import { RecurrenceError } from './recurrence-rule.ts';

export interface WindowSpec {
  readonly rrule: string;
  readonly startTime: string;
  /** Not after startTime: ends the next day (00:00-00:00 is the whole day). */
  readonly endTime: string;
  readonly from?: string;
  readonly until?: string;
}

export interface WindowException {
  readonly date: string;
  readonly available: boolean;
  readonly startTime?: string;
  readonly endTime?: string;
}

export interface UtcWindow {
  readonly startMin: number;
  readonly endMin: number;
}

function windowOn(date: string, startTime: string, endTime: string, zone: string): UtcWindow {
  const startMin = localToUtcMin(date, startTime, zone);
  const endMin = endTime <= startTime ? localToUtcMin(addDays(date, 1), endTime, zone) : localToUtcMin(date, endTime, zone);
  return { startMin, endMin };
}

function windowOccurrences(w: WindowSpec, index: number, from: string, to: string): string[] {
  try {
    return occurrenceDates(w.rrule, from, to, w.from ?? undefined);
  } catch (error) {
    if (error instanceof RecurrenceError) throw new (error.constructor as typeof RecurrenceError)(`availability window ${index} rrule: ${error.message}`);
    throw error;
  }
}

/** Joins overlapping or touching windows; input in any order. */
export function mergeWindows(windows: readonly UtcWindow[]): UtcWindow[] {
  const sorted = [...windows].filter((w) => w.endMin > w.startMin).sort((a, b) => a.startMin - b.startMin);
  const out: { startMin: number; endMin: number }[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && w.startMin <= last.endMin) last.endMin = Math.max(last.endMin, w.endMin);
    else out.push({ ...w });
  }
  return out;
}

/**
 * UTC windows for local dates [fromDate, toDateExclusive), plus windows starting the day before that
 * run into the range. An exception with available=false removes every window starting on its date;
 * available=true adds its window (the whole day when no times are given).
 */
export function resolveAvailability(
  windows: readonly WindowSpec[],
  exceptions: readonly WindowException[],
  fromDate: string,
  toDateExclusive: string,
  zone: string,
): UtcWindow[] {
  const start = addDays(fromDate, -1);
  const blocked = new Set(exceptions.filter((x) => !x.available).map((x) => x.date));
  const out: UtcWindow[] = [];
  for (const [i, w] of windows.entries()) {
    const from = w.from && w.from > start ? w.from : start;
    const untilExcl = w.until ? addDays(w.until, 1) : toDateExclusive;
    const to = untilExcl < toDateExclusive ? untilExcl : toDateExclusive;
    for (const date of windowOccurrences(w, i, from, to)) {
      if (!blocked.has(date)) out.push(windowOn(date, w.startTime, w.endTime, zone));
    }
  }
  for (const x of exceptions) {
    if (!x.available || x.date < start || x.date >= toDateExclusive) continue;
    out.push(
      x.startTime !== undefined && x.endTime !== undefined
        ? windowOn(x.date, x.startTime, x.endTime, zone)
        : { startMin: localMidnightUtcMin(x.date, zone), endMin: localMidnightUtcMin(addDays(x.date, 1), zone) },
    );
  }
  const rangeStart = localMidnightUtcMin(fromDate, zone);
  return mergeWindows(out).filter((w) => w.endMin > rangeStart);
}
