// Payroll: what actually happened on each session place (outcome and sign-off), pay period settings,
// locked periods with their export snapshot, and the ledger of every line paid in a locked period.
// Times of sessions are UTC minutes since the epoch, as in assignments.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { PeriodExport, SessionOutcome } from '../../payroll/types.ts';
import { services } from './organisation.ts';

export const payrollSettings = sqliteTable('payroll_settings', {
  serviceId: text('service_id')
    .primaryKey()
    .references(() => services.id, { onDelete: 'cascade' }),
  frequency: text('frequency', { enum: ['weekly', 'fortnightly', 'monthly'] }).notNull(),
  /** Start date of any pay period (local YYYY-MM-DD). */
  anchorDate: text('anchor_date').notNull(),
  nightStartMinute: integer('night_start_minute').notNull(),
  nightEndMinute: integer('night_end_minute').notNull(),
  holidayMode: text('holiday_mode', { enum: ['accrual', 'rolled-up'] }).notNull(),
  /** Start date of the first period paid through rota; periods lock in order from it. Null: not chosen yet. */
  firstPeriodStart: text('first_period_start'),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/**
 * One worker's place on one session and what happened. The schedule (times, kind, paid preparation,
 * cancellation minimum) and the worker's rate are copied from the assignment when the outcome is
 * first recorded, so payroll does not change if the rota is re-planned or the rate changes later.
 * Recording again replaces the draft (status ... actual times) and clears the sign-off; what is paid
 * is `signedOutcome`, the version last signed off, until the new draft is signed off.
 */
export const sessionOutcomes = sqliteTable(
  'session_outcomes',
  {
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    rotaId: text('rota_id').notNull(),
    slotId: text('slot_id').notNull(),
    staffId: text('staff_id').notNull(),
    kind: text('kind').notNull(),
    startMin: integer('start_min').notNull(),
    endMin: integer('end_min').notNull(),
    paidPrepMinutes: integer('paid_prep_minutes').notNull(),
    /** Unpaid breaks within the session (not worked, not paid); fixed with the schedule. */
    unpaidBreakMinutes: integer('unpaid_break_minutes').notNull().default(0),
    cancellationMinimumMinutes: integer('cancellation_minimum_minutes'),
    status: text('status', { enum: ['worked', 'cancelled', 'no-show'] }).notNull(),
    cancelReason: text('cancel_reason', { enum: ['no-service-users', 'other'] }),
    actualStartMin: integer('actual_start_min'),
    actualEndMin: integer('actual_end_min'),
    note: text('note'),
    ratePencePerHour: integer('rate_pence_per_hour'),
    signedOutcome: text('signed_outcome', { mode: 'json' }).$type<SessionOutcome>(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    signedOffAt: text('signed_off_at'),
    signedOffBy: text('signed_off_by'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.rotaId, t.slotId, t.staffId] }),
    index('session_outcomes_time').on(t.serviceId, t.startMin),
  ],
);

/** A locked pay period: its export, frozen. Periods lock in order. */
export const payPeriodLocks = sqliteTable(
  'pay_period_locks',
  {
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    /** The period's start date, which names it. */
    periodId: text('period_id').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    /** The period's export as computed at lock time; every later export of the period renders this. */
    snapshot: text('snapshot', { mode: 'json' }).notNull().$type<PeriodExport>(),
    lockedAt: text('locked_at').notNull(),
    lockedBy: text('locked_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.periodId] })],
);

/**
 * Every line paid in a locked period (session lines and adjustments), one row per place per period.
 * The partial unique index lets a place have one 'session' line ever: later corrections are adjustments.
 */
export const payrollLedger = sqliteTable(
  'payroll_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    periodId: text('period_id').notNull(),
    sessionId: text('session_id').notNull(),
    staffId: text('staff_id').notNull(),
    lineType: text('line_type', { enum: ['session', 'adjustment'] }).notNull(),
    workedMinutes: integer('worked_minutes').notNull(),
    paidMinutes: integer('paid_minutes').notNull(),
    payPence: integer('pay_pence').notNull(),
  },
  (t) => [
    uniqueIndex('payroll_ledger_place_period').on(t.serviceId, t.sessionId, t.staffId, t.periodId),
    uniqueIndex('payroll_ledger_paid_once').on(t.serviceId, t.sessionId, t.staffId).where(sql`line_type = 'session'`),
  ],
);
