// Staff self-service: swaps and give-aways of published places, requests for open sessions, leave
// and availability requests, the service's approval settings, and the fairness ledger's manual
// adjustments (the ledger itself is counted from published places). Staff ids carry no foreign key,
// so the history survives a staff member's removal. Times of events are epoch milliseconds, session
// times UTC minutes (as in assignments).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { AvailabilityDef } from '../../service-file/types.ts';
import { services } from './organisation.ts';
import { rotas } from './rotas.ts';

export const selfServiceSettings = sqliteTable('self_service_settings', {
  serviceId: text('service_id')
    .primaryKey()
    .references(() => services.id, { onDelete: 'cascade' }),
  /** A swap or give-away the colleague accepted is approved at once when no hard rule breaks... */
  swapAutoApprove: integer('swap_auto_approve', { mode: 'boolean' }).notNull().default(false),
  /** ...and the rota's soft cost rises by at most this much (score points). */
  swapMaxSoftRise: integer('swap_max_soft_rise').notNull().default(0),
  /** The first eligible request for an open session is approved at once. */
  openAutoApprove: integer('open_auto_approve', { mode: 'boolean' }).notNull().default(false),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export type SwapKind = 'giveaway' | 'swap';
export type SwapStatus = 'offered' | 'accepted' | 'approved' | 'declined' | 'rejected' | 'withdrawn' | 'refused';
export const SWAP_STATUSES = ['offered', 'accepted', 'approved', 'declined', 'rejected', 'withdrawn', 'refused'] as const;

/** One published place offered by its holder: to a named colleague, to anyone eligible, or as a swap. */
export const swapRequests = sqliteTable(
  'swap_requests',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['giveaway', 'swap'] }).notNull(),
    fromStaffId: text('from_staff_id').notNull(),
    /** The place offered, and what it was when offered (the assignment may change or go). */
    rotaId: text('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    assignmentId: integer('assignment_id').notNull(),
    slotId: text('slot_id').notNull(),
    roleId: text('role_id').notNull(),
    label: text('label').notNull(),
    startMin: integer('start_min').notNull(),
    endMin: integer('end_min').notNull(),
    /** The colleague named; null: anyone eligible (those in `invited`). */
    toStaffId: text('to_staff_id'),
    /** A swap: the colleague's place taken in return. */
    counterRotaId: text('counter_rota_id'),
    counterAssignmentId: integer('counter_assignment_id'),
    counterSlotId: text('counter_slot_id'),
    counterRoleId: text('counter_role_id'),
    counterLabel: text('counter_label'),
    counterStartMin: integer('counter_start_min'),
    counterEndMin: integer('counter_end_min'),
    /** Who may accept: the named colleague, or everyone eligible when it was offered. */
    invited: text('invited', { mode: 'json' }).notNull().$type<string[]>(),
    status: text('status', { enum: SWAP_STATUSES }).notNull(),
    /** The offerer's words to the colleague. */
    note: text('note'),
    takerStaffId: text('taker_staff_id'),
    acceptedAtMs: integer('accepted_at_ms'),
    decidedBy: text('decided_by'),
    decidedAtMs: integer('decided_at_ms'),
    /** Why it was rejected, refused, declined or withdrawn (or the manager's words on approval). */
    decisionReason: text('decision_reason'),
    autoApproved: integer('auto_approved', { mode: 'boolean' }).notNull().default(false),
    /** The soft cost change of the last check (score points; negative is better). */
    softDelta: integer('soft_delta'),
    createdAtMs: integer('created_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
  },
  (t) => [index('swap_requests_service').on(t.serviceId, t.status), index('swap_requests_place').on(t.assignmentId)],
);

/**
 * One row per swap a colleague took. The primary key refuses a second taker inside the accept
 * transaction even if every check before it were wrong: exactly one winner, as with offer fills.
 */
export const swapTakes = sqliteTable('swap_takes', {
  swapId: text('swap_id')
    .primaryKey()
    .references(() => swapRequests.id, { onDelete: 'cascade' }),
  staffId: text('staff_id').notNull(),
  atMs: integer('at_ms').notNull(),
});

/** A colleague invited to a give-away who said no (it stays open for the others). */
export const swapDeclines = sqliteTable(
  'swap_declines',
  {
    swapId: text('swap_id')
      .notNull()
      .references(() => swapRequests.id, { onDelete: 'cascade' }),
    staffId: text('staff_id').notNull(),
    reason: text('reason'),
    atMs: integer('at_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.swapId, t.staffId] })],
);

export type OpenRequestStatus = 'requested' | 'approved' | 'declined' | 'withdrawn' | 'closed';

/** A worker asking for an open place of a published rota. */
export const openSessionRequests = sqliteTable(
  'open_session_requests',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    rotaId: text('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    slotId: text('slot_id').notNull(),
    roleId: text('role_id').notNull(),
    label: text('label').notNull(),
    startMin: integer('start_min').notNull(),
    endMin: integer('end_min').notNull(),
    staffId: text('staff_id').notNull(),
    status: text('status', { enum: ['requested', 'approved', 'declined', 'withdrawn', 'closed'] }).notNull(),
    note: text('note'),
    requestedAtMs: integer('requested_at_ms').notNull(),
    decidedBy: text('decided_by'),
    decidedAtMs: integer('decided_at_ms'),
    decisionReason: text('decision_reason'),
    autoApproved: integer('auto_approved', { mode: 'boolean' }).notNull().default(false),
    assignmentId: integer('assignment_id'),
  },
  (t) => [index('open_requests_place').on(t.rotaId, t.slotId, t.roleId), index('open_requests_staff').on(t.serviceId, t.staffId)],
);

/**
 * One row per open place given through the board: (rota, session, role, seat) where seat counts the
 * places of that role already held when it was given. Two approvals that both saw the same number
 * held collide on the primary key: exactly one winner per place.
 */
export const openPlaceClaims = sqliteTable(
  'open_place_claims',
  {
    rotaId: text('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    slotId: text('slot_id').notNull(),
    roleId: text('role_id').notNull(),
    seat: integer('seat').notNull(),
    requestId: text('request_id').notNull(),
    staffId: text('staff_id').notNull(),
    atMs: integer('at_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.rotaId, t.slotId, t.roleId, t.seat] })],
);

export type StaffRequestKind = 'leave' | 'unavailable' | 'availability';
export type LeaveKind = 'annual' | 'training' | 'other';

/** A staff member's request for leave, a one-off unavailability, or new recurring availability. */
export const staffRequests = sqliteTable(
  'staff_requests',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    staffId: text('staff_id').notNull(),
    kind: text('kind', { enum: ['leave', 'unavailable', 'availability'] }).notNull(),
    leaveKind: text('leave_kind', { enum: ['annual', 'training', 'other'] }),
    fromDate: text('from_date'),
    toDate: text('to_date'),
    startTime: text('start_time'),
    endTime: text('end_time'),
    availability: text('availability', { mode: 'json' }).$type<AvailabilityDef>(),
    /** The worker's words (seen by them and managers only). */
    note: text('note'),
    status: text('status', { enum: ['pending', 'approved', 'declined', 'withdrawn'] }).notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
    decidedBy: text('decided_by'),
    decidedAtMs: integer('decided_at_ms'),
    decisionReason: text('decision_reason'),
    /** The absence an approved leave or unavailability became. */
    absenceId: text('absence_id'),
    /** Published places that clashed when it was approved, each with the cheapest cover found. */
    clashes: text('clashes', { mode: 'json' }).$type<unknown[]>(),
  },
  (t) => [index('staff_requests_service').on(t.serviceId, t.status), index('staff_requests_staff').on(t.serviceId, t.staffId)],
);

export type FairnessLedgerCategory = 'weekends' | 'bankHolidays' | 'lates' | 'nights' | 'christmas';

/**
 * A manager's change to a worker's fairness ledger, with the reason: an adjustment adds `delta` to
 * one category's count; a reset sets the count to zero from that moment (places before it stop
 * counting). Both fall out of the rolling twelve months like the places do.
 */
export const fairnessAdjustments = sqliteTable(
  'fairness_adjustments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    staffId: text('staff_id').notNull(),
    category: text('category', { enum: ['weekends', 'bankHolidays', 'lates', 'nights', 'christmas'] }).notNull(),
    kind: text('kind', { enum: ['adjust', 'reset'] }).notNull(),
    delta: integer('delta').notNull().default(0),
    reason: text('reason').notNull(),
    /** UTC minute the change takes effect (when it was made). */
    atMin: integer('at_min').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('fairness_adjustments_staff').on(t.serviceId, t.staffId)],
);
