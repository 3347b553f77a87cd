// Plain data for payroll. Instants are UTC minutes since the Unix epoch (as in solver/model.ts);
// calendar dates are local ISO dates ("2026-10-25") in the organisation's zone.

export type WorkerKind = 'contracted' | 'bank';

export interface PayrollWorker {
  readonly id: string;
  readonly name: string;
  readonly kind: WorkerKind;
  /** Basic rate in pence per paid hour; absent means no money columns for this worker (0). */
  readonly ratePencePerHour?: number;
  /** The employer's payroll number, when known: a column of its own in the CSV. */
  readonly payrollNumber?: string;
}

/** What actually happened to a session, as recorded by a manager. */
export type SessionOutcome =
  | {
      readonly status: 'worked';
      /** Actual times, when they differ from the schedule. Both or neither. */
      readonly actualStartMin?: number;
      readonly actualEndMin?: number;
    }
  | {
      readonly status: 'cancelled';
      /** 'no-service-users' triggers the session's cancellation minimum (options: paid as 3 h). */
      readonly reason: 'no-service-users' | 'other';
    }
  | { readonly status: 'no-show' };

/** One worker's place on one session, with its recorded outcome. */
export interface SessionRecord {
  readonly sessionId: string;
  readonly workerId: string;
  /** Session kind or shift type, e.g. "wellbeing", "options", "drop-in". */
  readonly kind: string;
  /** Scheduled interval, half-open [startMin, endMin). */
  readonly startMin: number;
  readonly endMin: number;
  /** Paid set-up, clear-up and debrief time on top of the session (wellbeing: 60). */
  readonly paidPrepMinutes: number;
  /** Unpaid breaks within the session (Tameside's lunch: 30): neither worked nor paid. Absent means 0. */
  readonly unpaidBreakMinutes?: number;
  /** Paid when cancelled because no service user came (options: 180). Absent means 0. */
  readonly cancellationMinimumMinutes?: number;
  /** Absent until a manager records what happened. */
  readonly outcome?: SessionOutcome;
  /** A manager's sign-off; only signed-off sessions with an outcome are paid. */
  readonly signedOff: boolean;
  /**
   * A newer outcome has been recorded but not yet signed off: `outcome` (the signed-off one) is
   * still what is paid, and the place is listed as pending until the change is signed off.
   */
  readonly awaitingSignOff?: boolean;
  /** Rate for this place, fixed when it was worked; overrides the worker's current rate. */
  readonly ratePencePerHour?: number;
}

export interface NightWindow {
  /** Local minute of day the night starts (23:00 = 1380). */
  readonly startMinuteOfDay: number;
  /** Local minute of day the night ends (06:00 = 360). Less than start means it wraps midnight. */
  readonly endMinuteOfDay: number;
}

export const DEFAULT_NIGHT_WINDOW: NightWindow = { startMinuteOfDay: 23 * 60, endMinuteOfDay: 6 * 60 };

/** Holiday for bank (irregular-hours) workers: accrued as time, or paid as rolled-up holiday pay. */
export type HolidayMode = 'accrual' | 'rolled-up';

export interface PayrollSettings {
  readonly zone: string;
  readonly nightWindow: NightWindow;
  readonly holidayMode: HolidayMode;
}

/** Minutes of one session falling on one local calendar date. */
export interface DayMinutes {
  readonly date: string;
  readonly workedMinutes: number;
  readonly weekendMinutes: number;
  readonly nightMinutes: number;
  readonly bankHolidayMinutes: number;
}

/** The money-and-minutes figures of a line: every field adds up across lines. */
export interface LineAmounts {
  readonly workedMinutes: number;
  readonly paidMinutes: number;
  readonly weekendMinutes: number;
  readonly nightMinutes: number;
  readonly bankHolidayMinutes: number;
  readonly payPence: number;
  /** Minutes that count as hours worked for holiday accrual (see holiday.ts). */
  readonly holidayBaseMinutes: number;
  /** Pay for those minutes: the base of rolled-up holiday pay. */
  readonly holidayBasePence: number;
}

export interface PayrollLine extends LineAmounts {
  /** 'session' pays a session in its own period; 'adjustment' corrects one paid in a locked period. */
  readonly lineType: 'session' | 'adjustment';
  readonly workerId: string;
  readonly sessionId: string;
  readonly sessionKind: string;
  /** 'withdrawn': an adjustment reversing a payment whose sign-off or record has gone. */
  readonly outcome: SessionOutcome['status'] | 'withdrawn';
  /** Local date the session starts on (scheduled), and its local start and end "YYYY-MM-DD HH:mm". */
  readonly localDate: string;
  readonly startLocal: string;
  readonly endLocal: string;
  /** Per local calendar date; for an adjustment, the differences per date. */
  readonly days: readonly DayMinutes[];
  /** For an adjustment: the id of the locked period the session belongs to. */
  readonly adjustsPeriodId?: string;
}

export interface WorkerTotals extends LineAmounts {
  readonly workerId: string;
  readonly workerName: string;
  readonly workerKind: WorkerKind;
  /** Absent when unknown (and in snapshots locked before payroll numbers existed). */
  readonly payrollNumber?: string;
  /** Bank workers in 'accrual' mode: holiday earned this period in minutes; otherwise 0. */
  readonly holidayAccrualMinutes: number;
  /** Bank workers in 'rolled-up' mode: holiday pay this period in pence; otherwise 0. */
  readonly holidayPayPence: number;
}

export interface PayPeriod {
  /** The start date, which names the period. */
  readonly id: string;
  /** Local dates, half-open: [startDate, endDate). */
  readonly startDate: string;
  readonly endDate: string;
}

/**
 * Why a place is listed as pending: nothing recorded yet, recorded but never signed off (unpaid), or
 * a change to a signed-off outcome not yet signed off (the signed-off version is what is paid).
 */
export type PendingState = 'not-recorded' | 'not-signed-off' | 'change-not-signed-off';

/**
 * A place not (or not finally) signed off. Everything but the two ids describes it for the clerk;
 * snapshots locked before these fields existed hold only the ids.
 */
export interface PendingPlace {
  readonly sessionId: string;
  readonly workerId: string;
  readonly workerName?: string;
  readonly workerKind?: WorkerKind;
  readonly payrollNumber?: string;
  readonly sessionKind?: string;
  readonly state?: PendingState;
  readonly localDate?: string;
  readonly startLocal?: string;
  readonly endLocal?: string;
}

export interface PeriodExport {
  readonly period: PayPeriod;
  readonly locked: boolean;
  readonly lines: readonly PayrollLine[];
  readonly totals: readonly WorkerTotals[];
  /** Places in this period with no outcome or no sign-off yet: not paid until signed off. */
  readonly pending: readonly PendingPlace[];
}
