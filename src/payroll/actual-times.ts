// Actual start and end times recorded for a worked session are checked against the session itself:
// an instant far from it is almost always the wrong date or the wrong UTC offset (01:30 on the night
// the clocks go back happens twice; "+00:00" typed for "+01:00" moves a time by an hour), and it would
// be paid as given.
import type { PayrollCalendar } from './calendar.ts';

/** How far before the scheduled start or after the scheduled end an actual time may lie. */
export const ACTUAL_TIME_WINDOW_MINUTES = 12 * 60;

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/**
 * Errors (path and message) for actual times outside [start - 12 h, end + 12 h] of the scheduled
 * session, each naming the session's local date and times.
 */
export function checkActualTimes(
  cal: PayrollCalendar,
  session: { readonly startMin: number; readonly endMin: number },
  actual: { readonly startMin: number; readonly endMin: number },
): FieldError[] {
  const from = session.startMin - ACTUAL_TIME_WINDOW_MINUTES;
  const to = session.endMin + ACTUAL_TIME_WINDOW_MINUTES;
  const scheduled = `${cal.formatLocal(session.startMin)} to ${cal.formatLocal(session.endMin)} (${cal.zone})`;
  const errors: FieldError[] = [];
  for (const [path, min] of [['body.actualStart', actual.startMin], ['body.actualEnd', actual.endMin]] as const) {
    if (min >= from && min <= to) continue;
    errors.push({
      path,
      message: `${cal.formatLocal(min)} (${cal.zone}) is not within 12 hours of the session, scheduled ${scheduled}: check its date and UTC offset`,
    });
  }
  return errors;
}
